#!/usr/bin/env python3
"""Differential test of the transposed-convolution deformations.

    random_tconv.py --opt zara-opt --interp zara-interp --tmp DIR
                    --dims D --count N [--seed S] [--chunk C]

Draws N random valid `reram.conv_transpose` configurations of D spatial
dimensions (kernel 1..5, stride 1..4, dilation 1..2, groups 1..2, input
size 1..9, random begin/end pads, output_padding < max(stride, dilation),
batch 1..2, 1..2 channels per group, with or without bias; every spatial
dimension drawn independently, so strides and kernels are non-square), and
puts C of them side by side into one function whose weights and biases are
arguments. Each module is rewritten by

    --reram-deform-tconv                      (form=auto)
    --reram-deform-tconv=form=phase
    --reram-deform-tconv=form=pixel
    --reram-deform-tconv=fuse-phases=true
    --reram-lower-zero-insert                 (the baseline)

and zara-interp runs the original and every rewritten module on the same
inputs. Inputs, weights and biases are multiples of 1/8 in [-2, 2], so every
product and sum is exact in double and in the float32 results: the outputs
must agree to 1e-9 of the largest magnitude (in practice, exactly), however
each form orders its sums.

Besides the values, for every form the script checks the IR (no
conv_transpose left; after the deformation no zero_insert and only stride-1
convolutions) and the multiply-accumulates the layer table reports
(`--reram-print-layer-table`) against counts computed here by brute force
from the configurations:

- phase-wise: for each phase r of each dimension, |outputs of r| * |taps k
  with dil*k = r (mod s)| when some such pair reads an input element;
- pixel-wise and 1x1 inputs: H * K per dimension;
- fused: s * K/s * (number of distinct floor((o + p)/s)) per dimension,
  when dilation is 1, K % s == 0 and some stride exceeds 1 (else phase-wise);
- auto: the smaller of phase-wise and pixel-wise (phase-wise on a tie);
- zero-insert: O * K per dimension (the naive issued count);

each times batch * Cin * Cout/groups. The phase-wise form's useful MACs must
equal the original layer's (it issues every useful product once and no
other product that reads an input element).

Prints one summary line and exits 0, or prints the first failing
configuration with the commands to reproduce it and exits 1. Uses only the
Python standard library.
"""

import argparse
import array
import math
import os
import random
import re
import struct
import subprocess
import sys

FORMS = {
    "auto": ["--reram-deform-tconv"],
    "phase": ["--reram-deform-tconv=form=phase"],
    "pixel": ["--reram-deform-tconv=form=pixel"],
    "fused": ["--reram-deform-tconv=fuse-phases=true"],
    "zero-insert": ["--reram-lower-zero-insert"],
}
TOLERANCE = 1e-9


#===------------------------------------------------------------------------===#
# Configurations
#===------------------------------------------------------------------------===#


def draw_config(rng, d):
    """A random valid transposed convolution of `d` spatial dimensions."""
    # Every tenth layer has a 1x1 input (a matrix product), every fifth
    # stride-divisible kernels without dilation (a fused form), which
    # uniform draws in 2-D and 3-D would rarely give.
    unit, fusable = rng.random() < 0.1, rng.random() < 0.2
    while True:
        groups = rng.randint(1, 2)
        cfg = {
            "batch": rng.randint(1, 2),
            "groups": groups,
            "cin": groups * rng.randint(1, 2),
            "cout": groups * rng.randint(1, 2),
            "bias": rng.random() < 0.6,
            "H": [], "K": [], "s": [], "dil": [], "p": [], "q": [], "a": [],
        }
        ok = True
        for _ in range(d):
            H, K = rng.randint(1, 9), rng.randint(1, 5)
            s, dil = rng.randint(1, 4), rng.randint(1, 2)
            if unit:
                H = 1
            if fusable:
                s, dil = rng.randint(1, 2), 1
                K = s * rng.randint(1, 5 // s)
            a = rng.randint(0, max(s, dil) - 1)
            span = dil * (K - 1)
            p, q = rng.randint(0, span + s), rng.randint(0, span + s)
            if s * (H - 1) + span + 1 + a - p - q < 1:
                ok = False
                break
            for key, v in zip("H K s dil p q a".split(),
                              (H, K, s, dil, p, q, a)):
                cfg[key].append(v)
        if ok:
            return cfg


def out_sizes(c):
    return [s * (H - 1) + dil * (K - 1) + 1 + a - p - q
            for H, K, s, dil, p, q, a in zip(c["H"], c["K"], c["s"], c["dil"],
                                             c["p"], c["q"], c["a"])]


def describe(c):
    return ("batch %d cin %d cout %d groups %d bias %s H %s K %s strides %s "
            "dilations %s pads %s/%s output_padding %s -> O %s" % (
                c["batch"], c["cin"], c["cout"], c["groups"], c["bias"],
                c["H"], c["K"], c["s"], c["dil"], c["p"], c["q"], c["a"],
                out_sizes(c)))


#===------------------------------------------------------------------------===#
# Brute-force MAC counts
#===------------------------------------------------------------------------===#


def phase_taps_1d(H, K, s, dil, p, O):
    """Products of the phase-wise form in one dimension."""
    total = 0
    for r in range(s):
        outputs = [o for o in range(O) if (o + p) % s == r]
        taps = [k for k in range(K) if (dil * k) % s == r]
        reads_input = any(0 <= (o + p - dil * k) // s < H
                          for o in outputs for k in taps)
        if reads_input:
            total += len(outputs) * len(taps)
    return total


def fused_taps_1d(H, K, s, dil, p, O):
    windows = len({(o + p) // s for o in range(O)})
    return s * (K // s) * windows


def fused_applies(c):
    """Whether the layer has a fused form: dilation 1, K % s == 0 and a
    stride above 1, and in every dimension the shared window (outputs t from
    floor(p/s) to floor((O-1+p)/s), each reading t-K/s+1 .. t) reads an
    input element."""
    if all(s == 1 for s in c["s"]):
        return False
    for H, K, s, dil, p, O in zip(c["H"], c["K"], c["s"], c["dil"], c["p"],
                                  out_sizes(c)):
        if dil != 1 or K % s:
            return False
        t_low, t_high = p // s, (O - 1 + p) // s
        if t_high < 0 or t_low - (K // s - 1) > H - 1:
            return False
    return True


def expected_macs(c, form):
    """Issued MACs of the rewritten layer, from the definition."""
    dims = list(zip(c["H"], c["K"], c["s"], c["dil"], c["p"], out_sizes(c)))
    pairs = c["batch"] * c["cin"] * (c["cout"] // c["groups"])
    phase = math.prod(phase_taps_1d(*dim) for dim in dims)
    pixel = math.prod(H * K for H, K, *_ in dims)
    unit = all(H == 1 for H in c["H"])
    if form == "zero-insert":
        return pairs * math.prod(O * K for H, K, s, dil, p, O in dims)
    if unit or form == "pixel":
        return pairs * pixel
    if form in ("auto", "fused") and pixel < phase:
        return pairs * pixel
    if form == "fused" and fused_applies(c):
        return pairs * math.prod(fused_taps_1d(*dim) for dim in dims)
    return pairs * phase


#===------------------------------------------------------------------------===#
# Files
#===------------------------------------------------------------------------===#


def write_npy(path, shape, values):
    """Writes float64 `values` (row-major) as a version-1.0 .npy file."""
    dims = ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }" % dims
    # The magic, version and length take 10 bytes; the header ends in a
    # newline and pads the data to a multiple of 64 bytes.
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(array.array("d", values).tobytes())


def read_npy(path):
    """Reads a float32 .npy file that zara-interp wrote: (shape, values)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError("%s is not a .npy file" % path)
    major = data[6]
    if major == 1:
        hlen, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        hlen, start = struct.unpack("<I", data[8:12])[0], 12
    header = data[start:start + hlen].decode("latin1")
    if "'<f4'" not in header or "'fortran_order': False" not in header:
        raise ValueError("%s: unexpected header %s" % (path, header))
    shape = tuple(int(n) for n in
                  re.search(r"\((.*?)\)", header).group(1).split(",") if
                  n.strip())
    values = array.array("f")
    values.frombytes(data[start + hlen:])
    return shape, values


def type_of(shape):
    return "tensor<%sxf32>" % "x".join(str(n) for n in shape)


def attr(values):
    return "[%s]" % ", ".join(str(v) for v in values)


def build_module(configs):
    """One function with every configuration side by side."""
    args, body, results = [], [], []
    for i, c in enumerate(configs):
        x = [c["batch"], c["cin"]] + c["H"]
        w = [c["cin"], c["cout"] // c["groups"]] + c["K"]
        y = [c["batch"], c["cout"]] + out_sizes(c)
        args.append('%%x%d: %s {reram.onnx_name = "x%d"}' % (i, type_of(x), i))
        args.append('%%w%d: %s {reram.onnx_name = "w%d"}' % (i, type_of(w), i))
        operands = "%%x%d, %%w%d" % (i, i)
        types = [type_of(x), type_of(w)]
        if c["bias"]:
            args.append('%%b%d: %s {reram.onnx_name = "b%d"}' % (
                i, type_of([c["cout"]]), i))
            operands += ", %%b%d" % i
            types.append(type_of([c["cout"]]))
        body.append(
            "  %%y%d = reram.conv_transpose %s strides %s pads %s "
            "dilations %s output_padding %s groups %d : (%s) -> %s "
            'loc("layer%d")' % (
                i, operands, attr(c["s"]), attr(c["p"] + c["q"]),
                attr(c["dil"]), attr(c["a"]), c["groups"], ", ".join(types),
                type_of(y), i))
        results.append(("%%y%d" % i, type_of(y), "y%d" % i))
    return ("func.func @layers(%s)\n    -> (%s) {\n%s\n  return %s : %s\n}\n" % (
        ",\n    ".join(args),
        ", ".join('%s {reram.onnx_name = "%s"}' % (t, n)
                  for _, t, n in results),
        "\n".join(body),
        ", ".join(v for v, _, _ in results),
        ", ".join(t for _, t, _ in results)))


def random_values(rng, count):
    return [rng.randint(-16, 16) / 8 for _ in range(count)]


#===------------------------------------------------------------------------===#
# Driver
#===------------------------------------------------------------------------===#


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def table_rows(path):
    """{node: [issued, useful]} summed over the MAC-counting rows of a layer
    table."""
    rows = {}
    with open(path) as f:
        for line in f:
            cells = [x.strip() for x in line.split("|")]
            if len(cells) == 6 and cells[0].startswith("layer") and \
                    cells[4] and cells[4][0].isdigit():
                row = rows.setdefault(cells[0], [0, 0])
                row[0] += int(cells[4].replace(",", ""))
                row[1] += int(cells[5].replace(",", ""))
    return rows


def check_ir(text, form):
    """What is wrong with the rewritten IR, or None."""
    if "reram.conv_transpose" in text:
        return "a reram.conv_transpose is left"
    if form == "zero-insert":
        return None
    if "reram.zero_insert" in text:
        return "a reram.zero_insert is left after the deformation"
    for strides in re.findall(r"reram\.conv [^:]*?strides \[([^\]]*)\]", text):
        if any(s.strip() != "1" for s in strides.split(",")):
            return "a strided convolution is left: strides [%s]" % strides
    return None


def check_chunk(index, configs, rng, args):
    """Returns None if every form of every configuration agrees."""
    work = os.path.join(args.tmp, "chunk%d" % index)
    os.makedirs(work, exist_ok=True)
    original = os.path.join(work, "original.mlir")
    with open(original, "w") as f:
        f.write(build_module(configs))

    inputs = []
    for i, c in enumerate(configs):
        shapes = [("x", [c["batch"], c["cin"]] + c["H"]),
                  ("w", [c["cin"], c["cout"] // c["groups"]] + c["K"])]
        if c["bias"]:
            shapes.append(("b", [c["cout"]]))
        for name, shape in shapes:
            path = os.path.join(work, "%s%d.npy" % (name, i))
            write_npy(path, shape, random_values(rng, math.prod(shape)))
            inputs += ["--input", "%s%d=%s" % (name, i, path)]

    def interpret(mlir, label):
        out = os.path.join(work, "out-" + label)
        cmd = [args.interp, mlir, "--output-dir", out] + inputs
        code, text = run(cmd)
        if code != 0:
            raise RuntimeError("$ %s\n%s" % (" ".join(cmd), text))
        return out

    try:
        reference_dir = interpret(original, "original")
    except RuntimeError as e:
        return "zara-interp failed on the original module\n%s" % e
    reference = [read_npy(os.path.join(reference_dir, "y%d.npy" % i))
                 for i in range(len(configs))]
    original_table = os.path.join(work, "original.table")
    code, text = run([args.opt, original,
                      "--reram-print-layer-table=output=" + original_table,
                      "-o", os.devnull])
    if code != 0:
        return "zara-opt failed on the original module\n%s" % text
    original_macs = table_rows(original_table)

    for form, flags in FORMS.items():
        rewritten = os.path.join(work, form + ".mlir")
        table = os.path.join(work, form + ".table")
        cmd = [args.opt, original] + flags + [
            "--reram-print-layer-table=output=" + table, "-o", rewritten]
        code, text = run(cmd)
        if code != 0:
            return "$ %s\n%s" % (" ".join(cmd), text)
        with open(rewritten) as f:
            problem = check_ir(f.read(), form)
        if problem:
            return "%s: %s (see %s)" % (form, problem, rewritten)

        macs = table_rows(table)
        for i, c in enumerate(configs):
            layer = "layer%d" % i
            expected = expected_macs(c, form)
            issued, useful = macs.get(layer, [0, 0])
            if issued != expected:
                return ("%s: %s issues %d MACs, expected %d\n  %s\n"
                        "  (IR: %s, table: %s)" % (
                            form, layer, issued, expected, describe(c),
                            rewritten, table))
            # A 1x1 input is a matrix product, whose cropped products count
            # as useful (their operands are original elements).
            if form == "phase" and not all(H == 1 for H in c["H"]) and \
                    useful != original_macs[layer][1]:
                return ("phase: %s has %d useful MACs, the original %d\n"
                        "  %s\n  (table: %s)" % (
                            layer, useful, original_macs[layer][1],
                            describe(c), table))

        try:
            out = interpret(rewritten, form)
        except RuntimeError as e:
            return "zara-interp failed on the %s form\n%s" % (form, e)
        for i, c in enumerate(configs):
            ref_shape, ref = reference[i]
            shape, values = read_npy(os.path.join(out, "y%d.npy" % i))
            if shape != ref_shape:
                return "%s: layer%d has shape %s, expected %s\n  %s" % (
                    form, i, shape, ref_shape, describe(c))
            scale = max([1.0] + [abs(v) for v in ref])
            for k, (u, v) in enumerate(zip(values, ref)):
                if not abs(u - v) <= TOLERANCE * scale:
                    return ("%s: layer%d element %d is %r, the original "
                            "gives %r\n  %s\n  (IR: %s)" % (
                                form, i, k, u, v, describe(c), rewritten))
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--opt", required=True, help="zara-opt")
    parser.add_argument("--interp", required=True, help="zara-interp")
    parser.add_argument("--tmp", required=True, help="scratch directory")
    parser.add_argument("--dims", type=int, required=True, choices=[1, 2, 3])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=200,
                        help="configurations per module")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed * 10 + args.dims)
    configs = [draw_config(rng, args.dims) for _ in range(args.count)]
    stats = {
        "strided": sum(any(s > 1 for s in c["s"]) for c in configs),
        "uneven": sum(any(K % s for K, s in zip(c["K"], c["s"]))
                      for c in configs),
        "empty phases": sum(any(K < s for K, s in zip(c["K"], c["s"]))
                            for c in configs),
        "dilated+strided": sum(any(dil > 1 and s > 1 for dil, s in
                                   zip(c["dil"], c["s"])) for c in configs),
        "grouped": sum(c["groups"] > 1 for c in configs),
        "output_padding": sum(any(c["a"]) for c in configs),
        "1x1 input": sum(all(H == 1 for H in c["H"]) for c in configs),
        "fused": sum(fused_applies(c) and not all(H == 1 for H in c["H"])
                     for c in configs),
    }
    for start in range(0, len(configs), args.chunk):
        problem = check_chunk(start // args.chunk,
                              configs[start:start + args.chunk], rng, args)
        if problem:
            print("FAIL (chunk %d, configurations %d..): %s" % (
                start // args.chunk, start, problem))
            return 1
    print("%d random %d-D transposed convolutions: auto, phase, pixel, fused "
          "and zero-insert forms match the original and the brute-force MAC "
          "counts" % (len(configs), args.dims))
    print("covered: " + ", ".join("%s %d" % kv for kv in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
