#!/usr/bin/env python3
"""zara-interp's convolutions against PyTorch on random configurations.

    torch_window_ops.py --interp PATH/zara-interp --tmp DIR
                        [--op conv|conv_transpose] [--count N] [--seed S]

Draws N random geometries (1-D to 3-D, batch 1-2, groups 1-3, kernel 1-5,
stride 1-4, dilation 1-2, asymmetric pads, output_padding below the stride
or dilation, with or without bias), writes each as a one-op function of
reram IR with the input, weight and bias as arguments, runs zara-interp on
seeded random data and compares with PyTorch computed in float64:

* conv: the input padded with torch.nn.functional.pad (begin and end pads
  may differ), then torch.nn.functional.conv{1,2,3}d without padding;
* conv_transpose: torch.nn.functional.conv_transpose{1,2,3}d without
  padding gives the full output s*(H-1) + dil*(K-1) + 1; it is extended by
  output_padding zeros at the end and cropped to [pad_begin, end - pad_end),
  as the ONNX definition states.

The result must match within 1e-6 of the largest reference magnitude (the
interpreter computes in double and rounds once to float32).
"""

import argparse
import os
import random
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

TOLERANCE = 1e-6


def tensor_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def random_geometry(rng, op):
    """A random valid geometry of `op`, as a dict."""
    while True:
        d = rng.randint(1, 3)
        groups = rng.randint(1, 3)
        cin = groups * rng.randint(1, 3)
        cout = groups * rng.randint(1, 3)
        size_max = 9 if d < 3 else 5
        g = {
            "d": d,
            "batch": rng.randint(1, 2),
            "groups": groups,
            "cin": cin,
            "cout": cout,
            "input": [rng.randint(1, size_max) for _ in range(d)],
            "kernel": [rng.randint(1, 5 if d < 3 else 3) for _ in range(d)],
            "stride": [rng.randint(1, 4) for _ in range(d)],
            "dilation": [rng.randint(1, 2) for _ in range(d)],
            "bias": rng.random() < 0.5,
        }
        g["pads"] = [rng.randint(0, 3) for _ in range(2 * d)]
        if op == "conv_transpose":
            g["output_padding"] = [
                rng.randint(0, max(s, dil) - 1)
                for s, dil in zip(g["stride"], g["dilation"])]
        out = output_size(g, op)
        if all(o >= 1 for o in out):
            g["output"] = out
            return g


def output_size(g, op):
    d = g["d"]
    out = []
    for i in range(d):
        h, k, s, dil = (g["input"][i], g["kernel"][i], g["stride"][i],
                        g["dilation"][i])
        pb, pe = g["pads"][i], g["pads"][d + i]
        if op == "conv":
            span = h + pb + pe - dil * (k - 1) - 1
            out.append(span // s + 1 if span >= 0 else 0)
        else:
            out.append(s * (h - 1) + dil * (k - 1) + 1
                       + g["output_padding"][i] - pb - pe)
    return out


def shapes(g, op):
    x = [g["batch"], g["cin"]] + g["input"]
    if op == "conv":
        w = [g["cout"], g["cin"] // g["groups"]] + g["kernel"]
    else:
        w = [g["cin"], g["cout"] // g["groups"]] + g["kernel"]
    y = [g["batch"], g["cout"]] + g["output"]
    return x, w, y


def mlir_text(g, op):
    """One function computing `op` on arguments x, w (and b)."""
    x, w, y = shapes(g, op)
    ints = lambda v: "[" + ", ".join(str(i) for i in v) + "]"
    args = [f'%x: {tensor_type(x)} {{reram.onnx_name = "x"}}',
            f'%w: {tensor_type(w)} {{reram.onnx_name = "w"}}']
    operands, types = "%x, %w", [tensor_type(x), tensor_type(w)]
    if g["bias"]:
        args.append(f'%b: {tensor_type([g["cout"]])} '
                    '{reram.onnx_name = "b"}')
        operands += ", %b"
        types.append(tensor_type([g["cout"]]))
    attrs = (f"strides {ints(g['stride'])} pads {ints(g['pads'])} "
             f"dilations {ints(g['dilation'])}")
    if op == "conv_transpose":
        attrs += f" output_padding {ints(g['output_padding'])}"
    attrs += f" groups {g['groups']}"
    return (f"func.func @main({', '.join(args)})\n"
            f'    -> ({tensor_type(y)} {{reram.onnx_name = "y"}}) {{\n'
            f"  %y = reram.{op} {operands} {attrs}\n"
            f"       : ({', '.join(types)}) -> {tensor_type(y)}\n"
            f"  return %y : {tensor_type(y)}\n"
            "}\n")


def window_op(g, transposed, x, w):
    """The window op of geometry `g` on torch tensors, without bias.

    Maps zara's (ONNX's) semantics onto PyTorch's: explicit begin/end pads of
    a convolution become F.pad; a transposed convolution is computed in full,
    extended at the end by output_padding and cropped by its pads. The result
    is differentiable, so torch_backward_ops.py takes its gradients.
    """
    d = g["d"]
    pb, pe = g["pads"][:d], g["pads"][d:]
    if not transposed:
        # F.pad lists (begin, end) pairs from the last dimension backwards.
        torch_pads = []
        for i in reversed(range(d)):
            torch_pads += [pb[i], pe[i]]
        conv = (F.conv1d, F.conv2d, F.conv3d)[d - 1]
        return conv(F.pad(x, torch_pads), w, stride=g["stride"],
                    dilation=g["dilation"], groups=g["groups"])
    conv_t = (F.conv_transpose1d, F.conv_transpose2d,
              F.conv_transpose3d)[d - 1]
    full = conv_t(x, w, stride=g["stride"], dilation=g["dilation"],
                  groups=g["groups"])
    # Output padding extends the end with positions no input reaches.
    ext = []
    for i in reversed(range(d)):
        ext += [0, g["output_padding"][i]]
    full = F.pad(full, ext)
    index = [slice(None), slice(None)]
    for i in range(d):
        index.append(slice(pb[i], full.shape[2 + i] - pe[i]))
    return full[tuple(index)]


def torch_reference(g, op, x, w, b):
    """The expected output in float64, from PyTorch."""
    d = g["d"]
    x, w = torch.from_numpy(x).double(), torch.from_numpy(w).double()
    y = window_op(g, op != "conv", x, w)
    if b is not None:
        y = y + torch.from_numpy(b).double().reshape([1, -1] + [1] * d)
    return y.numpy()


def check(g, op, index, interp, tmp, rng):
    work = os.path.join(tmp, f"{op}_{index}")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "op.mlir"), "w") as f:
        f.write(mlir_text(g, op))
    xs, ws, _ = shapes(g, op)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    x = nrng.standard_normal(xs).astype(np.float32)
    w = nrng.standard_normal(ws).astype(np.float32)
    b = nrng.standard_normal(g["cout"]).astype(np.float32) \
        if g["bias"] else None
    cmd = [interp, os.path.join(work, "op.mlir"),
           "--output-dir", work]
    for name, value in (("x", x), ("w", w), ("b", b)):
        if value is not None:
            np.save(os.path.join(work, name + ".npy"), value)
            cmd += ["--input", f"{name}={os.path.join(work, name + '.npy')}"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return f"zara-interp failed:\n{p.stdout.decode()}"
    actual = np.load(os.path.join(work, "y.npy")).astype(np.float64)
    expected = torch_reference(g, op, x, w, b)
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    error = float(np.max(np.abs(actual - expected)))
    bound = TOLERANCE * max(1.0, float(np.max(np.abs(expected))))
    if not error <= bound:
        return f"max |actual - expected| = {error:.3g} > {bound:.3g}"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interp", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--op", choices=["conv", "conv_transpose"],
                        required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    failures = 0
    covered = set()
    for i in range(args.count):
        g = random_geometry(rng, args.op)
        covered.add(g["d"])
        problem = check(g, args.op, i, args.interp, args.tmp, rng)
        if problem:
            failures += 1
            print(f"FAIL: {args.op} #{i} {g}\n  {problem}")
    print(f"{args.count - failures} of {args.count} random {args.op} "
          f"configurations match PyTorch (spatial ranks "
          f"{sorted(covered)})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
