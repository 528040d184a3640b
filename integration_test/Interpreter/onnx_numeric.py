#!/usr/bin/env python3
"""Numerical conformance of zara-interp against the ONNX backend tests.

    onnx_numeric.py --compile PATH/zara-compile --interp PATH/zara-interp
                    --tmp DIR [--opt PATH/zara-opt --pass FLAG ...]
                    [--compile-arg ARG ...] CASE [CASE ...]

A CASE is a directory under /usr/share/libonnx-testdata/data, such as
node/test_convtranspose. For each case, the model is imported
(`zara-compile model.onnx --emit=reram`, or with the --compile-arg
arguments in place of `--emit=reram`, e.g. `--emit=deformed
--deform=zero-insert`), rewritten by `zara-opt FLAG...`
when --pass flags are given (the result is model.opt.mlir in the case's
scratch directory, for tests to inspect), and for every test_data_set_*
zara-interp runs the imported function with input_<k>.pb bound to the k-th
graph input that is not an initializer (by its ONNX name); every graph output
must then match output_<k>.pb:

    max |actual - expected| <= 1e-5 * max |expected|

The expected tensors were computed by ONNX's reference implementations and
PyTorch when the test data was generated, independently of zara. Prints one
PASS or FAIL line per case and exits 1 if any case fails.
"""

import argparse
import glob
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

DATA_DIR = "/usr/share/libonnx-testdata/data"
TOLERANCE = 1e-5
TIMEOUT = 300  # seconds per tool run


def load_tensor_proto(path):
    proto = onnx.TensorProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return numpy_helper.to_array(proto)


def run(cmd):
    """Runs `cmd`; returns (exit code, combined output)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT} s"
    return p.returncode, p.stdout.decode("utf-8", "replace")


def compare(actual, expected):
    """Returns None if `actual` matches `expected`, else what differs."""
    if actual.dtype != np.float32:
        return f"dtype {actual.dtype}, expected float32"
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    if expected.size == 0:
        return None
    expected = expected.astype(np.float64)
    error = float(np.max(np.abs(actual.astype(np.float64) - expected)))
    bound = TOLERANCE * float(np.max(np.abs(expected)))
    if not error <= bound:
        worst = np.unravel_index(
            np.argmax(np.abs(actual.astype(np.float64) - expected)),
            expected.shape)
        return (f"max |actual - expected| = {error:.3g} > {bound:.3g} "
                f"(at {tuple(int(i) for i in worst)}: actual "
                f"{actual[worst]:.8g}, expected {expected[worst]:.8g})")
    return None


def check_case(case, compile_tool, interp_tool, tmp, opt_tool=None,
               passes=(), compile_args=None):
    """Returns (ok, details) for one backend test case."""
    case_dir = os.path.join(DATA_DIR, case)
    model_file = os.path.join(case_dir, "model.onnx")
    if not os.path.exists(model_file):
        return False, f"no model at {model_file}"
    work = os.path.join(tmp, case.replace("/", "_"))
    os.makedirs(work, exist_ok=True)

    mlir = os.path.join(work, "model.mlir")
    cmd = [compile_tool, model_file] + (compile_args or ["--emit=reram"]) \
        + ["-o", mlir]
    code, out = run(cmd)
    if code != 0:
        return False, f"$ {' '.join(cmd)}\n{out}import failed ({code})"
    if passes:
        rewritten = os.path.join(work, "model.opt.mlir")
        cmd = [opt_tool, mlir] + passes + ["-o", rewritten]
        code, out = run(cmd)
        if code != 0:
            return False, f"$ {' '.join(cmd)}\n{out}zara-opt failed ({code})"
        mlir = rewritten

    graph = onnx.load(model_file).graph
    initializers = {t.name for t in graph.initializer}
    inputs = [vi.name for vi in graph.input if vi.name not in initializers]
    outputs = [vi.name for vi in graph.output]
    data_sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if not data_sets:
        return False, "no test_data_set_* directory"

    details = []
    for data in data_sets:
        out_dir = os.path.join(work, os.path.basename(data))
        cmd = [interp_tool, mlir, "--output-dir", out_dir]
        for k, name in enumerate(inputs):
            cmd += ["--input", f"{name}={data}/input_{k}.pb"]
        code, out = run(cmd)
        if code != 0:
            return False, f"$ {' '.join(cmd)}\n{out}zara-interp failed " \
                          f"({code})"
        for k, name in enumerate(outputs):
            expected = load_tensor_proto(os.path.join(data, f"output_{k}.pb"))
            actual = np.load(os.path.join(out_dir, name + ".npy"))
            problem = compare(actual, expected)
            where = f"{os.path.basename(data)} output '{name}'"
            if problem:
                return False, f"$ {' '.join(cmd)}\n{where}: {problem}"
            details.append(f"{where} matches")
    return True, "\n".join(details)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compile", required=True, help="zara-compile")
    parser.add_argument("--interp", required=True, help="zara-interp")
    parser.add_argument("--tmp", required=True, help="scratch directory")
    parser.add_argument("--opt", help="zara-opt, to run the --pass flags")
    parser.add_argument("--pass", dest="passes", action="append", default=[],
                        help="a zara-opt flag applied to the imported IR "
                             "(repeatable)")
    parser.add_argument("--compile-arg", dest="compile_args", action="append",
                        default=[],
                        help="a zara-compile argument used in place of "
                             "--emit=reram (repeatable)")
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args(argv)
    if args.passes and not args.opt:
        parser.error("--pass needs --opt")

    failures = 0
    for case in args.cases:
        ok, details = check_case(case, args.compile, args.interp, args.tmp,
                                 args.opt, args.passes, args.compile_args)
        print(f"{'PASS' if ok else 'FAIL'}: {case}")
        if not ok:
            failures += 1
            print("  " + details.replace("\n", "\n  "))
    print(f"{len(args.cases) - failures} of {len(args.cases)} cases match")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
