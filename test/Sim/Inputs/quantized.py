"""Quantized MVMs against a bit-level model written here in numpy from
docs/Hardware.md ("Numbers"): per-column weight scales, per-vector input
scales, offset or differential cells, sign and magnitude DAC slices, ADC
saturation, shift-and-add. The model shares no code with lib/Sim. Also:
the lossless fast path gives the same bits as the bit-sliced path, ADC
saturation really happens with few ADC bits, and the default quantized
result is close to the ideal one."""

import math
import sys

import numpy as np

import costs
from zara_asm import Checker, Program, hw_config, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(2024)


def round_half_away(v):
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def quantize(v, bits, axis=None):
    """Symmetric quantization; returns (integers, scales)."""
    m = 2 ** (bits - 1) - 1
    max_abs = np.max(np.abs(v), axis=axis)
    scale = np.where(max_abs > 0, max_abs / m, 1.0)
    q = round_half_away(v / scale)
    return np.clip(q, -m, m).astype(np.int64), scale


def model(x, W, hw, saturate=True):
    """The quantized y = x W of one input vector."""
    num, xb, ad = hw["numerics"], hw["crossbar"], hw["adc"]
    wb, ib = num["weight_bits"], num["input_bits"]
    bpc, db, ab = xb["bits_per_cell"], hw["dac"]["bits"], ad["bits"]
    xq, sx = quantize(x.astype(np.float64), ib)
    Wq, sw = quantize(W.astype(np.float64), wb, axis=0)
    mask = 2 ** bpc - 1
    if num["signed_weights"] == "offset":
        cells = math.ceil(wb / bpc)
        stored = [(1, Wq + 2 ** (wb - 1))]
    else:
        cells = math.ceil((wb - 1) / bpc)
        stored = [(1, np.maximum(Wq, 0)), (-1, np.maximum(-Wq, 0))]
    if db == 0:
        slices = [(xq, 1)]
    else:
        sign = (xq < 0).astype(np.int64)
        magnitude = xq & (2 ** (ib - 1) - 1)  # two's complement low bits
        slices = [(sign, -(2 ** (ib - 1)))]
        for k in range(math.ceil((ib - 1) / db)):
            slices.append(((magnitude >> (k * db)) & (2 ** db - 1),
                           2 ** (k * db)))

    def adc(s):
        if ab == 0 or not saturate:
            return s
        if db == 0:
            return np.clip(s, -(2 ** (ab - 1)), 2 ** (ab - 1) - 1)
        return np.clip(s, 0, 2 ** ab - 1)

    acc = np.zeros(W.shape[1], np.int64)
    for levels, slice_weight in slices:
        for sign_p, u in stored:
            for j in range(cells):
                plane = (u >> (j * bpc)) & mask
                acc += sign_p * slice_weight * 2 ** (j * bpc) * \
                    adc(levels @ plane)
    if num["signed_weights"] == "offset":
        acc -= 2 ** (wb - 1) * xq.sum()
    return (acc.astype(np.float64) * (sx * sw)).astype(np.float32)


def program(W, batch, hw):
    """Programs W and multiplies `batch` input vectors (loop of MVMs)."""
    rows, cols = W.shape
    prog = Program(dram_size=2 * 4096 + rows * cols, hw=hw)
    prog.set_weights(W, address=8192)
    prog.input("x", [batch, rows], 0)
    prog.output("y", [batch, cols], 4096)
    g = prog.group(0, 0, 0, costs.arrays(cols, hw), rows, cols)
    c = prog.core(0, 0)
    c.program_xbar(g, pat(8192, (rows * cols, 1)))
    c.move("dram", pat(0, (batch * rows, 1)), "buffer",
           pat(0, (batch * rows, 1)))
    c.loop(batch)
    c.mvm(g, pat(0, (rows, 1), loop=[rows]),
          pat(20000, (cols, 1), loop=[cols]))
    c.end_loop()
    c.move("buffer", pat(20000, (batch * cols, 1)), "dram",
           pat(4096, (batch * cols, 1)))
    return prog.build()


def run_case(name, rows, cols, hw, overrides=(), batch=4, expect_saturation=None):
    W = rng.standard_normal((rows, cols)).astype(np.float32)
    x = rng.standard_normal((batch, rows)).astype(np.float32)
    x[1] = np.abs(x[1])          # an all-positive vector
    x[2, : rows // 2] = 0        # zeros
    # Full-scale inputs against a constant column drive every cell of that
    # column to its top level: the largest column sums there are.
    x[3] = 1.0
    W[:, 0] = 0.5
    eff = hw_config(**{**{f"{s}.{k}": v for s, d in hw.items()
                          for k, v in d.items()},
                       **dict(o.split("=") for o in overrides)})
    for s in eff:
        for k, v in eff[s].items():
            if isinstance(v, str) and v.replace(".", "").isdigit():
                eff[s][k] = float(v) if "." in v else int(v)
    args = ["--mode", "quantized"] + [a for o in overrides
                                       for a in ("--hw-override", o)]
    prog = program(W, batch, hw)
    _, out = run_sim(prog, work, name, {"x": x}, args)
    want = np.stack([model(x[b], W, eff) for b in range(batch)])
    check.true(f"{name}: zara-sim equals the bit-level model",
               np.array_equal(out["y"], want),
               f"max diff {np.max(np.abs(out['y'] - want))}")
    _, slow = run_sim(prog, work, name + "_slow", {"x": x},
                      args + ["--no-fast-path"])
    check.true(f"{name}: bit-sliced path equals the default path",
               np.array_equal(out["y"].view(np.uint32),
                              slow["y"].view(np.uint32)))
    if expect_saturation is not None:
        exact = np.stack([model(x[b], W, eff, saturate=False)
                          for b in range(batch)])
        saturated = not np.array_equal(exact, want)
        check.eq(f"{name}: ADC saturates", saturated, expect_saturation)
    return x, W, out["y"]


# The defaults: 9-bit ADC, lossless for 128 rows of 2-bit cells.
x, W, y = run_case("default", 128, 16, hw_config(), expect_saturation=False)
ideal = x.astype(np.float64) @ W.astype(np.float64)
err = np.max(np.abs(y - ideal)) / np.max(np.abs(ideal))
check.true(f"default: quantized is close to ideal ({err:.2e})", err < 1e-3)
_, ideal_out = run_sim(program(W, 4, hw_config()), work, "default_ideal",
                       {"x": x})
check.close("ideal mode output", ideal_out["y"], ideal, rtol=1e-5,
            atol=1e-5)

# ADC saturation: 6 bits keep column sums up to 63 of the possible 384.
run_case("adc6", 128, 16, hw_config(), ["adc.bits=6"],
         expect_saturation=True)
# 8 bits (ISAAC's ADC without weight flipping) saturate too.
run_case("adc8", 128, 16, hw_config(), ["adc.bits=8"],
         expect_saturation=True)
# A small group is lossless even with 6 bits: 20 rows x 3 = 60 <= 63.
run_case("adc6_small", 20, 5, hw_config(), ["adc.bits=6"],
         expect_saturation=False)
# Ideal converters.
run_case("ideal_adc", 64, 8, hw_config(), ["adc.bits=0"],
         expect_saturation=False)
run_case("ideal_dac", 64, 8, hw_config(**{"dac.bits": 0}),
         ["adc.bits=12"], expect_saturation=True)
# Differential weights, 2-bit DACs, 1-bit and 3-bit cells, 8-bit numbers.
run_case("differential", 96, 12,
         hw_config(**{"numerics.signed_weights": "differential"}),
         ["adc.bits=7"], expect_saturation=True)
run_case("dac2", 50, 7, hw_config(**{"dac.bits": 2}), ["adc.bits=8"])
run_case("cell1", 40, 9, hw_config(**{"crossbar.bits_per_cell": 1}),
         ["adc.bits=5"], expect_saturation=True)
run_case("cell3_int8", 33, 6,
         hw_config(**{"crossbar.bits_per_cell": 3,
                      "numerics.weight_bits": 8,
                      "numerics.input_bits": 8}), ["adc.bits=7"])

check.finish()
print("ALL OK")
