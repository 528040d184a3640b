#!/usr/bin/env python3
"""Brute-force MAC and window counts of the DCGAN-64 generator layers in
each form of deform-tconv-macs.mlir.

An independent reference: it enumerates output positions, taps and input
elements of each square 2-D layer (batch 1) and does not use zara's
arithmetic or pass. Per form:

- naive (the zero-insert baseline): one window per output position, K^2
  taps each: windows = O^2, issued = O^2 * K^2 * Cin * Cout;
- phase-wise: output o (per dimension) is computed by the sub-kernel of
  its phase (o + p) mod s, i.e. by the taps k with k = (o + p) (mod s);
  issued = sum over outputs of those taps, per dimension, squared; useful =
  the (input i, tap k) pairs with i*s + k - p inside [0, O), squared;
  windows = O^2 (one per output, of a quarter-size kernel);
- fused: the windows are the distinct t = floor((o + p)/s) of the outputs
  (one window serves a whole s x s block): windows = |{t}|^2, issued =
  windows * s^2 * (K/s)^2 * Cin * Cout (s^2*Cout outputs of (K/s)^2 taps);
- pixel-wise: every input element times every tap: H^2 * K^2 * Cin * Cout;
- a 1x1 input is a matrix product: Cin * Cout * K^2 in every form but the
  naive one.

Prints `<layer> <form> windows <n> issued <n> useful <n>` per layer and
form, then the totals of each form.
"""

LAYERS = [  # name, H, K, s, p, Cin, Cout (nz=100, ngf=64, nc=3)
    ("G1", 1, 4, 1, 0, 100, 512),
    ("G2", 4, 4, 2, 1, 512, 256),
    ("G3", 8, 4, 2, 1, 256, 128),
    ("G4", 16, 4, 2, 1, 128, 64),
    ("G5", 32, 4, 2, 1, 64, 3),
]


def output_size(H, K, s, p):
    return s * (H - 1) + K - 2 * p


def phase_taps(H, K, s, p):
    O = output_size(H, K, s, p)
    return sum(sum(1 for k in range(K) if (o + p - k) % s == 0)
               for o in range(O))


def useful_taps(H, K, s, p):
    O = output_size(H, K, s, p)
    return sum(1 for i in range(H) for k in range(K) if 0 <= i * s + k - p < O)


def fused_windows(H, K, s, p):
    O = output_size(H, K, s, p)
    return len({(o + p) // s for o in range(O)})


def main():
    totals = {}
    for name, H, K, s, p, cin, cout in LAYERS:
        O = output_size(H, K, s, p)
        pairs = cin * cout
        useful = useful_taps(H, K, s, p) ** 2 * pairs
        rows = {"naive": (O * O, O * O * K * K * pairs, useful)}
        if H == 1:
            matmul = K * K * pairs
            for form in ("phase", "fused", "pixel"):
                rows[form] = (1, matmul, matmul)
        else:
            rows["phase"] = (O * O, phase_taps(H, K, s, p) ** 2 * pairs,
                             useful)
            windows = fused_windows(H, K, s, p) ** 2
            rows["fused"] = (windows, windows * s * s * (K // s) ** 2 * pairs,
                             None)
            rows["pixel"] = (H * H, H * H * K * K * pairs, H * H * K * K * pairs)
        for form in ("naive", "phase", "fused", "pixel"):
            windows, issued, use = rows[form]
            total = totals.setdefault(form, [0, 0])
            total[0] += issued
            print("%s %s windows %d issued %d useful %s" % (
                name, form, windows, issued, "-" if use is None else use))
            total[1] += use if use is not None else 0
    for form, (issued, useful) in totals.items():
        print("total %s issued %d" % (form, issued))


if __name__ == "__main__":
    main()
