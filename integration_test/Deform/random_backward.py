#!/usr/bin/env python3
"""Differential test of the deformation of the backward operators.

    random_backward.py --opt zara-opt --interp zara-interp --tmp DIR
                       --dims D --count N [--seed S] [--chunk C]

Draws N random layers of D spatial dimensions and, for each, one of the
four backward operators of training (equally often):

- conv_backward_data(dy, w) and conv_backward_weight(x, dy) of a random
  convolution (kernel 1..5, stride 1..4, dilation 1..2, groups 1..2, input
  1..9, begin and end pads 0..dil*(K-1)+1, batch 1..2);
- conv_transpose_backward_data(dy, w) and conv_transpose_backward_weight(x,
  dy) of a random transposed convolution (drawn as in random_tconv.py,
  output_padding included);

puts C of them side by side into one function and rewrites the module with
reram-deform-tconv in the auto, phase, pixel and fused forms. zara-interp
then runs the original and the rewritten modules on the same dyadic inputs
(so every sum is exact): every gradient must match the original operator's
within 1e-9 of its largest magnitude. The original operators' results come
from zara-interp's own backward kernels, which
integration_test/Interpreter/torch-backward-*.test check against PyTorch
autograd.

The rewritten IR must hold no operator that inserts zeros: no
conv_transpose, conv_backward_data, zero_insert, and no weight gradient
with a stride above 1. From the layer tables: the phase-wise form issues
at most the naive form's MACs and exactly its useful ones (each product of
two original elements once) for every layer whose data gradient is not a
1x1 matrix product.

Prints one summary line and exits 0, or the first failure and exits 1.
"""

import argparse
import math
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from random_tconv import (TOLERANCE, attr, draw_config, out_sizes,  # noqa
                          random_values, read_npy, run, table_rows, type_of,
                          write_npy)

FORMS = {
    "auto": ["--reram-deform-tconv"],
    "phase": ["--reram-deform-tconv=form=phase"],
    "pixel": ["--reram-deform-tconv=form=pixel"],
    "fused": ["--reram-deform-tconv=fuse-phases=true"],
}
OPS = ["conv_backward_data", "conv_backward_weight",
       "conv_transpose_backward_data", "conv_transpose_backward_weight"]


def draw_conv(rng, d):
    """A random valid convolution (channels as in draw_config)."""
    while True:
        groups = rng.randint(1, 2)
        cfg = {"batch": rng.randint(1, 2), "groups": groups,
               "cin": groups * rng.randint(1, 2),
               "cout": groups * rng.randint(1, 2),
               "H": [], "K": [], "s": [], "dil": [], "p": [], "q": [],
               "a": [0] * d, "O": []}
        ok = True
        for _ in range(d):
            H, K = rng.randint(1, 9), rng.randint(1, 5)
            s, dil = rng.randint(1, 4), rng.randint(1, 2)
            span = dil * (K - 1)
            p, q = rng.randint(0, span + 1), rng.randint(0, span + 1)
            if H + p + q - span - 1 < 0:
                ok = False
                break
            for key, v in zip("H K s dil p q".split(), (H, K, s, dil, p, q)):
                cfg[key].append(v)
            cfg["O"].append((H + p + q - span - 1) // s + 1)
        if ok:
            return cfg


def draw(rng, d, op):
    if op.startswith("conv_transpose"):
        c = draw_config(rng, d)
        c["O"] = out_sizes(c)
    else:
        c = draw_conv(rng, d)
    c["op"] = op
    return c


def describe(c):
    return ("%s batch %d cin %d cout %d groups %d H %s K %s strides %s "
            "dilations %s pads %s/%s output_padding %s O %s" % (
                c["op"], c["batch"], c["cin"], c["cout"], c["groups"], c["H"],
                c["K"], c["s"], c["dil"], c["p"], c["q"], c["a"], c["O"]))


def shapes(c):
    """The operands (name -> shape) and the results (name, shape)."""
    x = [c["batch"], c["cin"]] + c["H"]
    dy = [c["batch"], c["cout"]] + c["O"]
    if c["op"].startswith("conv_transpose"):
        w = [c["cin"], c["cout"] // c["groups"]] + c["K"]
    else:
        w = [c["cout"], c["cin"] // c["groups"]] + c["K"]
    if c["op"].endswith("data"):
        return [("dy", dy), ("w", w)], [("dx", x)]
    return [("x", x), ("dy", dy)], [("dw", w), ("db", [c["cout"]])]


def build_module(configs):
    args, body, results = [], [], []
    for i, c in enumerate(configs):
        operands, outs = shapes(c)
        for name, shape in operands:
            args.append('%%%s%d: %s {reram.onnx_name = "%s%d"}' % (
                name, i, type_of(shape), name, i))
        attrs = "strides %s pads %s dilations %s" % (
            attr(c["s"]), attr(c["p"] + c["q"]), attr(c["dil"]))
        if c["op"].startswith("conv_transpose"):
            attrs += " output_padding %s" % attr(c["a"])
        lhs = ", ".join("%%%s%d" % (n, i) for n, _ in outs)
        body.append(
            "  %s = reram.%s %s %s groups %d : (%s) -> (%s) loc(\"layer%d\")" % (
                lhs, c["op"], ", ".join("%%%s%d" % (n, i) for n, _ in operands),
                attrs, c["groups"],
                ", ".join(type_of(s) for _, s in operands),
                ", ".join(type_of(s) for _, s in outs), i))
        for n, s in outs:
            results.append(("%%%s%d" % (n, i), type_of(s), "%s%d" % (n, i)))
    return ("func.func @layers(%s)\n    -> (%s) {\n%s\n  return %s : %s\n}\n" % (
        ",\n    ".join(args),
        ", ".join('%s {reram.onnx_name = "%s"}' % (t, n) for _, t, n in results),
        "\n".join(body),
        ", ".join(v for v, _, _ in results),
        ", ".join(t for _, t, _ in results)))


def check_ir(text):
    for op in ("reram.conv_transpose ", "reram.conv_backward_data",
               "reram.conv_transpose_backward_data", "reram.zero_insert"):
        if op in text:
            return "a %s is left" % op.strip()
    for strides in re.findall(
            r"reram\.conv(?:_transpose)?_backward_weight [^:]*?strides "
            r"\[([^\]]*)\]", text):
        if any(s.strip() != "1" for s in strides.split(",")):
            return "a strided weight gradient is left: strides [%s]" % strides
    return None


def check_chunk(index, configs, rng, args):
    work = os.path.join(args.tmp, "chunk%d" % index)
    os.makedirs(work, exist_ok=True)
    original = os.path.join(work, "original.mlir")
    with open(original, "w") as f:
        f.write(build_module(configs))
    inputs = []
    for i, c in enumerate(configs):
        for name, shape in shapes(c)[0]:
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
            problem = check_ir(f.read())
        if problem:
            return "%s: %s (see %s)" % (form, problem, rewritten)
        if form == "phase":
            macs = table_rows(table)
            for i, c in enumerate(configs):
                layer = "layer%d" % i
                issued, useful = macs.get(layer, [0, 0])
                naive_issued, naive_useful = original_macs[layer]
                unit = c["op"] == "conv_backward_data" and \
                    all(o == 1 for o in c["O"])
                if issued > naive_issued or (not unit and
                                             useful != naive_useful):
                    return ("phase: %s issues %d (useful %d) MACs, the naive "
                            "form %d (useful %d)\n  %s\n  (table: %s)" % (
                                layer, issued, useful, naive_issued,
                                naive_useful, describe(c), table))
        try:
            out = interpret(rewritten, form)
        except RuntimeError as e:
            return "zara-interp failed on the %s form\n%s" % (form, e)
        for i, c in enumerate(configs):
            for name, _ in shapes(c)[1]:
                file = "%s%d.npy" % (name, i)
                ref_shape, ref = read_npy(os.path.join(reference_dir, file))
                shape, values = read_npy(os.path.join(out, file))
                if shape != ref_shape:
                    return "%s: %s has shape %s, expected %s\n  %s" % (
                        form, file, shape, ref_shape, describe(c))
                scale = max([1.0] + [abs(v) for v in ref])
                for k, (u, v) in enumerate(zip(values, ref)):
                    if not abs(u - v) <= TOLERANCE * scale:
                        return ("%s: %s element %d is %r, the original gives "
                                "%r\n  %s\n  (IR: %s)" % (
                                    form, file, k, u, v, describe(c),
                                    rewritten))
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--opt", required=True, help="zara-opt")
    parser.add_argument("--interp", required=True, help="zara-interp")
    parser.add_argument("--tmp", required=True, help="scratch directory")
    parser.add_argument("--dims", type=int, required=True, choices=[1, 2, 3])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed * 10 + args.dims)
    configs = [draw(rng, args.dims, OPS[i % len(OPS)])
               for i in range(args.count)]
    for start in range(0, len(configs), args.chunk):
        problem = check_chunk(start // args.chunk,
                              configs[start:start + args.chunk], rng, args)
        if problem:
            print("FAIL (chunk %d, configurations %d..): %s" % (
                start // args.chunk, start, problem))
            return 1
    counts = {op: sum(c["op"] == op for c in configs) for op in OPS}
    strided = sum(any(s > 1 for s in c["s"]) for c in configs)
    print("%d random %d-D backward operators (%s; %d strided): auto, phase, "
          "pixel and fused forms match the original" % (
              len(configs), args.dims,
              ", ".join("%s %d" % kv for kv in counts.items()), strided))
    return 0


if __name__ == "__main__":
    sys.exit(main())
