"""Compares a .npy file that zara-interp wrote with an expectation.

    check.py ACTUAL.npy EXPECTED [--load NAME=FILE.npy ...] [--tol T]

EXPECTED is a Python expression evaluated with numpy as `np` and every
--load'ed array bound to its NAME, for example a hand-computed literal
"[[1, 1, 3, 2, 5, 3, 3]]" or "np.tanh(x)". The actual array must be float32,
have the expected shape, and satisfy
    max |actual - expected| <= T * max(1, max |expected|)
(T defaults to 1e-6: the interpreter computes in double and rounds once to
float32). Prints what differs and exits 1 otherwise.
"""

import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--load", action="append", default=[])
    parser.add_argument("--tol", type=float, default=1e-6)
    args = parser.parse_args()

    env = {"np": np}
    for binding in args.load:
        name, path = binding.split("=", 1)
        env[name] = np.load(path).astype(np.float64)
    expected = np.asarray(eval(args.expected, env), dtype=np.float64)
    actual = np.load(args.actual)

    if actual.dtype != np.float32:
        sys.exit(f"{args.actual}: dtype {actual.dtype}, expected float32")
    if actual.shape != expected.shape:
        sys.exit(f"{args.actual}: shape {actual.shape}, expected "
                 f"{expected.shape}")
    if expected.size == 0:
        return
    error = np.max(np.abs(actual.astype(np.float64) - expected))
    bound = args.tol * max(1.0, float(np.max(np.abs(expected))))
    if not error <= bound:
        np.set_printoptions(precision=6, suppress=True)
        sys.exit(f"{args.actual}: max |actual - expected| = {error:g} > "
                 f"{bound:g}\nactual:\n{actual}\nexpected:\n{expected}")


if __name__ == "__main__":
    main()
