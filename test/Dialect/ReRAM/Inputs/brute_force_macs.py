#!/usr/bin/env python3
"""Brute-force MAC counts of the layers in print-layer-table.mlir.

An independent reference for the layer table: it does not use zara's
arithmetic. For each layer it builds the 0/1 marker tensor of the direct
form (1 = an original input element, 0 = a padding or inserted zero) and
slides the (dilated) kernel over it, counting every (window, tap) pair as
issued and every pair that reads a 1 as useful. A transposed convolution's
direct form is the zero-inserting one: s-1 zeros between input elements,
dil*(K-1)-p zeros in front and dil*(K-1)-q+a behind (negative means crop),
then a stride-1 convolution. Channel factors multiply in afterwards: each
window and tap is repeated for Cin/groups input channels and Cout outputs.

Prints one line per layer: `<name> issued <n> useful <n>`.
"""

import itertools

import numpy as np


def slide(marker, kernel, stride, dilation):
    """Returns (windows, taps, useful) of a stride/dilation sweep."""
    spans = [dilation * (k - 1) + 1 for k in kernel]
    outs = [(n - sp) // stride + 1 for n, sp in zip(marker.shape, spans)]
    windows = int(np.prod(outs))
    taps = int(np.prod(kernel))
    useful = 0
    for o in itertools.product(*[range(n) for n in outs]):
        for k in itertools.product(*[range(n) for n in kernel]):
            useful += marker[tuple(oi * stride + ki * dilation
                                   for oi, ki in zip(o, k))]
    return outs, windows * taps, useful


def pad(marker, begin, end):
    """Pads every dimension; negative amounts crop."""
    marker = np.pad(marker, [(max(begin, 0), max(end, 0))] * marker.ndim)
    index = tuple(slice(max(-begin, 0), n - max(-end, 0)) for n in marker.shape)
    return marker[index]


def pads_of(p):
    """(begin, end) from one pad or a pair."""
    return (p, p) if isinstance(p, int) else p


def conv(batch, cin, cout, size, kernel, stride, p, dilation=1, groups=1):
    begin, end = pads_of(p)
    marker = pad(np.ones(size, dtype=np.int64), begin, end)
    outs, pairs, useful = slide(marker, kernel, stride, dilation)
    per_window = batch * cout * (cin // groups)
    return outs, per_window * pairs, per_window * useful


def conv_transpose(batch, cin, cout, size, kernel, stride, p, a=0,
                   dilation=1, groups=1):
    # cout is the full output channel count (Cout/groups * groups).
    inserted = np.zeros([(n - 1) * stride + 1 for n in size], dtype=np.int64)
    inserted[tuple(slice(None, None, stride) for _ in size)] = 1
    extent = dilation * (kernel[0] - 1)
    begin, end = pads_of(p)
    marker = pad(inserted, extent - begin, extent - end + a)
    outs, pairs, useful = slide(marker, kernel, 1, dilation)
    per_window = batch * cout * (cin // groups)
    return outs, per_window * pairs, per_window * useful


LAYERS = {
    # DCGAN-64 generator (gan-benchmarks.md), batch 1.
    "G1": conv_transpose(1, 100, 512, [1, 1], [4, 4], 1, 0),
    "G2": conv_transpose(1, 512, 256, [4, 4], [4, 4], 2, 1),
    "G3": conv_transpose(1, 256, 128, [8, 8], [4, 4], 2, 1),
    "G4": conv_transpose(1, 128, 64, [16, 16], [4, 4], 2, 1),
    "G5": conv_transpose(1, 64, 3, [32, 32], [4, 4], 2, 1),
    # DCGAN-64 discriminator, first and last layer.
    "D1": conv(1, 3, 64, [64, 64], [4, 4], 2, 1),
    "D5": conv(1, 512, 1, [4, 4], [4, 4], 1, 0),
    # G2 at batch 2.
    "G2B2": conv_transpose(2, 512, 256, [4, 4], [4, 4], 2, 1),
    # Groups, dilation, output_padding.
    "CG": conv(1, 4, 6, [7, 7], [3, 3], 1, 2, dilation=2, groups=2),
    "TG": conv_transpose(1, 4, 6, [3, 3], [3, 3], 2, 1, a=1, groups=2),
    # 1-D and the second 3D-GAN generator layer.
    "T1D": conv_transpose(1, 3, 2, [5], [4], 3, (1, 2), a=2),
    "T3D": conv_transpose(1, 512, 256, [4, 4, 4], [4, 4, 4], 2, 1),
}

if __name__ == "__main__":
    for name, (outs, issued, useful) in LAYERS.items():
        print("%s out %s issued %d useful %d"
              % (name, "x".join(map(str, outs)), issued, useful))
