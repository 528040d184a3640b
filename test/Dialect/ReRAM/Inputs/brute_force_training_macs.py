#!/usr/bin/env python3
"""Brute-force MAC counts of the backward ops in training-macs.mlir.

An independent reference for MacCountOpInterface on the training ops: it
does not use zara's arithmetic. Each op is executed in its naive form on
0/1 marker tensors (1 = an original element, 0 = an inserted or padding
zero), over all spatial dimensions at once; every product is issued, and
it is useful when both of its operands are 1. The naive forms:

* conv_backward_data: dy with s-1 zeros inserted between its elements,
  dil*(K-1) - p_begin zeros in front (negative: crop), extended or cropped
  to H + dil*(K-1), then one stride-1 window of K taps (dilation dil) per
  element of dx; the weight is all ones.
* conv_backward_weight: per tap k, the correlation of the padded x
  (p_begin zeros in front, p_end behind) at offset k*dil with dy dilated by
  the stride.
* conv_transpose_backward_data: dy with p_begin zeros in front, one window
  of K taps (dilation dil) at stride s per element of dx.
* conv_transpose_backward_weight: per tap k, the correlation of x dilated
  by the stride with the front-padded dy at offset k*dil.

Channels multiply in afterwards: every product is repeated for the batch
and each of the Cin * Cout/groups channel pairs of the weight.

Prints one line per case: `<name> issued <n> useful <n>`.
"""

import itertools

import numpy as np


def conv_out(h, k, s, dil, p, q):
    return (h + p + q - dil * (k - 1) - 1) // s + 1


def tconv_out(h, k, s, dil, p, q, a):
    return s * (h - 1) + dil * (k - 1) + 1 + a - p - q


def marker(length, stride, front, total):
    """1-D marker: `length` ones spread by `stride`, shifted by `front`,
    as `total` positions."""
    m = np.zeros(max(total, 0), dtype=np.int64)
    for i in range(length):
        t = front + i * stride
        if 0 <= t < total:
            m[t] = 1
    return m


def outer(markers):
    """The d-dimensional marker of per-dimension markers."""
    result = np.ones([], dtype=np.int64)
    for m in markers:
        result = np.multiply.outer(result, m)
    return result


def at(m, index):
    if any(i < 0 or i >= n for i, n in zip(index, m.shape)):
        return 0
    return int(m[index])


def count(op, g):
    d = len(g["H"])
    H, K, S, D, P, Q = g["H"], g["K"], g["s"], g["dil"], g["p"], g["q"]
    A = g.get("a", [0] * d)
    transposed = op.startswith("conv_transpose")
    if transposed:
        O = [tconv_out(*v) for v in zip(H, K, S, D, P, Q, A)]
    else:
        O = [conv_out(*v) for v in zip(H, K, S, D, P, Q)]
    span = [dil * (k - 1) for dil, k in zip(D, K)]
    issued = useful = 0
    if op == "conv_backward_data":
        dy = outer([marker(o, s, sp - p, h + sp)
                    for o, s, sp, p, h in zip(O, S, span, P, H)])
        for i in itertools.product(*map(range, H)):
            for k in itertools.product(*map(range, K)):
                issued += 1
                useful += at(dy, tuple(ii + kk * dd
                                       for ii, kk, dd in zip(i, k, D)))
    elif op == "conv_backward_weight":
        x = outer([marker(h, 1, p, p + h + q) for h, p, q in zip(H, P, Q)])
        dy = outer([marker(o, s, 0, s * (o - 1) + 1) for o, s in zip(O, S)])
        for k in itertools.product(*map(range, K)):
            for j in itertools.product(*map(range, dy.shape)):
                issued += 1
                useful += dy[j] * at(x, tuple(kk * dd + jj
                                              for kk, dd, jj in zip(k, D, j)))
    elif op == "conv_transpose_backward_data":
        dy = outer([marker(o, 1, p, s * (h - 1) + sp + 1)
                    for o, p, s, h, sp in zip(O, P, S, H, span)])
        for i in itertools.product(*map(range, H)):
            for k in itertools.product(*map(range, K)):
                issued += 1
                useful += at(dy, tuple(ii * s + kk * dd
                                       for ii, s, kk, dd in zip(i, S, k, D)))
    elif op == "conv_transpose_backward_weight":
        x = outer([marker(h, s, 0, s * (h - 1) + 1) for h, s in zip(H, S)])
        dy = outer([marker(o, 1, p, s * (h - 1) + sp + 1)
                    for o, p, s, h, sp in zip(O, P, S, H, span)])
        for k in itertools.product(*map(range, K)):
            for j in itertools.product(*map(range, x.shape)):
                issued += 1
                useful += x[j] * at(dy, tuple(jj + kk * dd
                                              for jj, kk, dd in zip(j, k, D)))
    channels = g["batch"] * g["cin"] * g["cout"] // g["groups"]
    return channels * issued, channels * useful


def geometry(batch, cin, cout, H, K, s, p, q, dil=None, a=None, groups=1):
    d = len(H)
    return {"batch": batch, "cin": cin, "cout": cout, "groups": groups,
            "H": H, "K": K, "s": s, "p": p, "q": q,
            "dil": dil or [1] * d, "a": a or [0] * d}


# The layers of training-macs.mlir.
D1 = geometry(1, 3, 64, [64, 64], [4, 4], [2, 2], [1, 1], [1, 1])
G2 = geometry(1, 512, 256, [4, 4], [4, 4], [2, 2], [1, 1], [1, 1])
C1D = geometry(1, 2, 4, [9], [3], [2], [1], [0])
C3D = geometry(2, 4, 6, [6, 7, 8], [3, 2, 1], [1, 2, 3], [1, 0, 0],
               [1, 1, 0], dil=[2, 1, 1], groups=2)
T1D = geometry(1, 3, 2, [5], [4], [3], [1], [2], a=[2])
T3D = geometry(1, 4, 6, [3, 2, 2], [2, 3, 1], [2, 1, 3], [0, 1, 0],
               [1, 0, 0], dil=[1, 2, 1], a=[1, 0, 2], groups=2)

CASES = [
    ("D1_data", "conv_backward_data", D1),
    ("D1_weight", "conv_backward_weight", D1),
    ("C1D_data", "conv_backward_data", C1D),
    ("C1D_weight", "conv_backward_weight", C1D),
    ("C3D_data", "conv_backward_data", C3D),
    ("C3D_weight", "conv_backward_weight", C3D),
    ("G2_data", "conv_transpose_backward_data", G2),
    ("G2_weight", "conv_transpose_backward_weight", G2),
    ("T1D_data", "conv_transpose_backward_data", T1D),
    ("T1D_weight", "conv_transpose_backward_weight", T1D),
    ("T3D_data", "conv_transpose_backward_data", T3D),
    ("T3D_weight", "conv_transpose_backward_weight", T3D),
]

if __name__ == "__main__":
    for name, op, g in CASES:
        issued, useful = count(op, g)
        print("%s issued %d useful %d" % (name, issued, useful))
