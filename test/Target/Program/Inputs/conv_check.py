#!/usr/bin/env python3
"""Reference for conv.mlir: the input, a direct convolution and MAC counts.

    conv_check.py input X.npy                 writes the 1x2x5x5 input
    conv_check.py check X.npy Y.npy STATS     compares zara-sim's ideal output
                                              and statistics
    conv_check.py check-quantized X.npy Y.npy compares the quantized output

Weights, bias and input are multiples of 1/4 of at most 2 in magnitude, so
every product and every sum of the convolution is exact in float32 and the
ideal-mode output must equal the reference exactly.
"""

import json
import sys

import numpy as np

# The same numbers as the zisa.weights ops of conv.mlir (Cout x Cin x Kh x Kw).
W = np.array([
    1.0, 2.0, 1.5, 0.0, 1.75, 2.0, 2.0, -1.75, -0.25,
    0.5, -1.0, -0.5, 0.5, 1.25, 0.25, -1.5, 0.75, 1.5,
    -1.25, 0.25, -0.75, 1.75, -1.75, 0.0, 1.75, -0.25, -1.5,
    1.25, 2.0, 2.0, 1.75, -0.5, 1.0, 2.0, 0.25, 1.75,
    0.5, -1.25, -0.25, 0.5, -0.75, 0.75, -0.5, 2.0, -1.25,
    0.75, -1.75, -1.5, 0.0, 0.0, 0.0, 0.0, 1.5, 0.0],
    dtype=np.float64).reshape(3, 2, 3, 3)
B = np.array([-0.5, 2.0, 1.75])


def reference(x):
    """Direct convolution, stride 1, padding 1, in float64."""
    cout, cin, kh, kw = W.shape
    _, _, h, w = x.shape
    y = np.zeros((1, cout, h, w))
    for co in range(cout):
        for oy in range(h):
            for ox in range(w):
                acc = B[co]
                for ci in range(cin):
                    for ky in range(kh):
                        for kx in range(kw):
                            iy, ix = oy + ky - 1, ox + kx - 1
                            if 0 <= iy < h and 0 <= ix < w:
                                acc += x[0, ci, iy, ix] * W[co, ci, ky, kx]
                y[0, co, oy, ox] = acc
    return y


def main():
    mode = sys.argv[1]
    if mode == "input":
        rng = np.random.default_rng(7)
        x = rng.integers(-8, 9, size=(1, 2, 5, 5)) / 4
        np.save(sys.argv[2], x.astype(np.float32))
        return
    x = np.load(sys.argv[2]).astype(np.float64)
    y = np.load(sys.argv[3])
    expected = reference(x)
    if y.shape != expected.shape or y.dtype != np.float32:
        sys.exit("FAIL: output %s %s, expected %s float32"
                 % (y.shape, y.dtype, expected.shape))
    if mode == "check":
        err = np.max(np.abs(y - expected))
        print("output: max abs error %g%s" % (err, " (exact)" if err == 0 else ""))
        counts = json.load(open(sys.argv[4]))["counts"]
        # Issued: 25 windows of 18 rows x 3 columns. Useful: per dimension
        # the 5 output positions see 2, 3, 3, 3, 2 unpadded taps (13), so
        # 13 * 13 taps per channel, 2 input channels, 3 columns.
        for key in ("macs_issued", "macs_useful", "crossbar_activations"):
            print("%s: %d" % (key, counts[key]))
    else:
        rel = np.linalg.norm(y - expected) / np.linalg.norm(expected)
        print("output: relative L2 error %s 1e-3 (%g)"
              % ("below" if rel < 1e-3 else "ABOVE", rel))


if __name__ == "__main__":
    main()
