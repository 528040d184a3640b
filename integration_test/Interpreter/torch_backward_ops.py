#!/usr/bin/env python3
"""zara-interp's backward (training) ops against PyTorch autograd.

    torch_backward_ops.py --interp PATH/zara-interp --tmp DIR --op OP
                          [--count N] [--seed S] [--chunk C]

OP is one of conv_backward_data, conv_backward_weight,
conv_transpose_backward_data, conv_transpose_backward_weight. Draws N
random forward geometries (spatial rank 1-3, batch 1-2, groups 1-2, input
size 1-9, kernel 1-5, stride 1-4, dilation 1-2, independent begin and end
pads 0-3, output_padding below max(stride, dilation)), writes the backward
op of each as reram IR (C cases per function, so that one zara-interp run
checks many), runs zara-interp, and compares every gradient with
torch.autograd.grad of the forward op in float64:

* conv: y = torch.nn.functional.conv{1,2,3}d(F.pad(x, pads), w, b) (begin
  and end pads may differ);
* conv_transpose: torch.nn.functional.conv_transpose{1,2,3}d without
  padding gives the full output s*(H-1) + dil*(K-1) + 1; it is extended by
  output_padding zeros at the end and cropped to [pad_begin, end - pad_end)
  as ONNX defines it, then the bias is added.

The gradient of y is a random dy; conv*_backward_data is checked against
dL/dx, conv*_backward_weight against dL/dw and dL/db.

zara-interp writes float32, so the comparison is made exact rather than
loose: every input is a multiple of 1/4 in [-2, 2], so every product is a
multiple of 1/16 and every sum of them is exact in float64 and in float32
(the sums stay far below 2^20). The results must agree within 1e-9 of the
largest reference magnitude.
"""

import argparse
import os
import random
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_window_ops import window_op  # noqa: E402  (the shared mapping)

TOLERANCE = 1e-9
OPS = ["conv_backward_data", "conv_backward_weight",
       "conv_transpose_backward_data", "conv_transpose_backward_weight"]


def tensor_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def ints(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def forward_output_size(g):
    """The forward op's output size per spatial dimension (may be < 1)."""
    d = g["d"]
    out = []
    for i in range(d):
        h, k, s, dil = (g["input"][i], g["kernel"][i], g["stride"][i],
                        g["dilation"][i])
        pb, pe = g["pads"][i], g["pads"][d + i]
        if g["transposed"]:
            out.append(s * (h - 1) + dil * (k - 1) + 1
                       + g["output_padding"][i] - pb - pe)
        else:
            span = h + pb + pe - dil * (k - 1) - 1
            out.append(span // s + 1 if span >= 0 else 0)
    return out


def random_geometry(rng, op):
    """A random valid forward geometry of the op that `op` differentiates."""
    transposed = op.startswith("conv_transpose")
    while True:
        d = rng.randint(1, 3)
        groups = rng.randint(1, 2)
        g = {
            "d": d,
            "transposed": transposed,
            "batch": rng.randint(1, 2),
            "groups": groups,
            "cin": groups * rng.randint(1, 2),
            "cout": groups * rng.randint(1, 2),
            "input": [rng.randint(1, 9) for _ in range(d)],
            "kernel": [rng.randint(1, 5) for _ in range(d)],
            "stride": [rng.randint(1, 4) for _ in range(d)],
            "dilation": [rng.randint(1, 2) for _ in range(d)],
            "pads": [rng.randint(0, 3) for _ in range(2 * d)],
        }
        g["output_padding"] = [
            rng.randint(0, max(s, dil) - 1) if transposed else 0
            for s, dil in zip(g["stride"], g["dilation"])]
        out = forward_output_size(g)
        if all(o >= 1 for o in out):
            g["output"] = out
            return g


def shapes(g):
    """Shapes of the forward op's x, w, y and of the bias."""
    x = [g["batch"], g["cin"]] + g["input"]
    if g["transposed"]:
        w = [g["cin"], g["cout"] // g["groups"]] + g["kernel"]
    else:
        w = [g["cout"], g["cin"] // g["groups"]] + g["kernel"]
    y = [g["batch"], g["cout"]] + g["output"]
    return x, w, y, [g["cout"]]


def op_text(op, g, index):
    """The backward op of case `index`: (arguments, op lines, results)."""
    x, w, y, b = shapes(g)
    attrs = (f"strides {ints(g['stride'])} pads {ints(g['pads'])} "
             f"dilations {ints(g['dilation'])}")
    if g["transposed"]:
        attrs += f" output_padding {ints(g['output_padding'])}"
    attrs += f" groups {g['groups']}"
    c = f"c{index}"
    if op.endswith("data"):
        args = [(f"{c}_dy", y), (f"{c}_w", w)]
        results = [(f"{c}_dx", x)]
        lhs = f"%{c}_dx"
        result_type = tensor_type(x)
    else:
        args = [(f"{c}_x", x), (f"{c}_dy", y)]
        results = [(f"{c}_dw", w), (f"{c}_db", b)]
        lhs = f"%{c}_dw, %{c}_db"
        result_type = f"({tensor_type(w)}, {tensor_type(b)})"
    operands = ", ".join(f"%{name}" for name, _ in args)
    types = ", ".join(tensor_type(shape) for _, shape in args)
    lines = [f"  {lhs} = reram.{op} {operands} {attrs}",
             f"      : ({types}) -> {result_type}"]
    return args, lines, results


def module_text(op, cases):
    """One function computing the backward op of every case."""
    args, body, results = [], [], []
    for index, g in cases:
        a, lines, r = op_text(op, g, index)
        args += a
        body += lines
        results += r
    signature = ",\n    ".join(
        f'%{name}: {tensor_type(shape)} {{reram.onnx_name = "{name}"}}'
        for name, shape in args)
    result_types = ",\n    ".join(
        f'{tensor_type(shape)} {{reram.onnx_name = "{name}"}}'
        for name, shape in results)
    values = ", ".join(f"%{name}" for name, _ in results)
    value_types = ", ".join(tensor_type(shape) for _, shape in results)
    return (f"func.func @main(\n    {signature})\n"
            f"    -> ({result_types}) {{\n"
            + "\n".join(body) + "\n"
            f"  return {values} : {value_types}\n"
            "}\n")


def quarters(nrng, shape):
    """Random multiples of 1/4 in [-2, 2]: exact in float32 and float64."""
    return (nrng.integers(-8, 9, size=shape) / 4.0).astype(np.float32)


def forward(g, x, w, b):
    """The forward op in PyTorch, with ONNX pads and output_padding."""
    return window_op(g, g["transposed"], x, w) + \
        b.reshape([1, -1] + [1] * g["d"])


def reference(g, data):
    """dL/dx, dL/dw, dL/db of the forward op for output gradient dy."""
    x, w, b = (torch.from_numpy(data[k]).double().requires_grad_()
               for k in ("x", "w", "b"))
    y = forward(g, x, w, b)
    dy = torch.from_numpy(data["dy"]).double()
    assert tuple(y.shape) == dy.shape, (tuple(y.shape), dy.shape)
    dx, dw, db = torch.autograd.grad(y, (x, w, b), grad_outputs=dy)
    return {"dx": dx.numpy(), "dw": dw.numpy(), "db": db.numpy()}


def compare(actual, expected):
    """None if `actual` matches `expected`, else what differs."""
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    error = float(np.max(np.abs(actual.astype(np.float64) - expected)))
    bound = TOLERANCE * max(1.0, float(np.max(np.abs(expected))))
    if not error <= bound:
        return f"max |actual - expected| = {error:.3g} > {bound:.3g}"
    return None


def run_chunk(op, chunk, interp, work, nrng):
    """Runs one zara-interp call on the cases of `chunk`; returns the
    failures as (index, geometry, problem)."""
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "ops.mlir")
    with open(path, "w") as f:
        f.write(module_text(op, chunk))
    cmd = [interp, path, "--output-dir", work]
    data = {}
    for index, g in chunk:
        x, w, y, b = shapes(g)
        data[index] = {"x": quarters(nrng, x), "w": quarters(nrng, w),
                       "b": quarters(nrng, b), "dy": quarters(nrng, y)}
        given = ("dy", "w") if op.endswith("data") else ("x", "dy")
        for key in given:
            file = os.path.join(work, f"c{index}_{key}.npy")
            np.save(file, data[index][key])
            cmd += ["--input", f"c{index}_{key}={file}"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return [(index, g, "zara-interp failed:\n" + p.stdout.decode())
                for index, g in chunk]
    failures = []
    for index, g in chunk:
        expected = reference(g, data[index])
        outputs = ("dx",) if op.endswith("data") else ("dw", "db")
        for key in outputs:
            actual = np.load(os.path.join(work, f"c{index}_{key}.npy"))
            problem = compare(actual, expected[key])
            if problem:
                failures.append((index, g, f"{key}: {problem}"))
    return failures


def coverage(geometries):
    """The features the random sample exercised, as one line."""
    seen = {
        "spatial ranks": sorted({g["d"] for g in geometries}),
        "strides": sorted({s for g in geometries for s in g["stride"]}),
        "kernels": sorted({k for g in geometries for k in g["kernel"]}),
        "dilations": sorted({k for g in geometries for k in g["dilation"]}),
        "groups": sorted({g["groups"] for g in geometries}),
        "batches": sorted({g["batch"] for g in geometries}),
        "inputs": sorted({h for g in geometries for h in g["input"]}),
    }
    asymmetric = any(g["pads"][i] != g["pads"][g["d"] + i]
                     for g in geometries for i in range(g["d"]))
    output_padding = sorted({a for g in geometries
                             for a in g["output_padding"]})
    parts = [f"{k} {v}" for k, v in seen.items()]
    parts.append(f"asymmetric pads {asymmetric}")
    parts.append(f"output_padding {output_padding}")
    return "; ".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interp", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--op", choices=OPS, required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=50)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    nrng = np.random.default_rng(args.seed)
    cases = [(i, random_geometry(rng, args.op)) for i in range(args.count)]
    failures = []
    for start in range(0, len(cases), args.chunk):
        chunk = cases[start:start + args.chunk]
        work = os.path.join(args.tmp, f"{args.op}_{start}")
        failures += run_chunk(args.op, chunk, args.interp, work, nrng)
    for index, g, problem in failures:
        print(f"FAIL: {args.op} #{index} {g}\n  {problem}")
    failed = len({index for index, _, _ in failures})
    print(f"{args.count - failed} of {args.count} random {args.op} "
          "configurations match PyTorch autograd")
    print("covered: " + coverage([g for _, g in cases]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
