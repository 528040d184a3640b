"""MVM and crossbar programming in ideal mode: outputs against numpy,
cycles, energies and counts against costs.py (docs/ISA.md by hand)."""

import sys

import numpy as np

import costs
from zara_asm import ISAAC, Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(4)


def single_mvm(rows, cols, name):
    """DRAM x -> buffer, program W, y = x W, y -> DRAM."""
    W = rng.standard_normal((rows, cols)).astype(np.float32)
    x = rng.standard_normal(rows).astype(np.float32)
    prog = Program(dram_size=4096 + rows * cols)
    prog.set_weights(W, address=4096)
    prog.input("x", [rows], 0)
    prog.output("y", [cols], 1024)
    layer = prog.debug_entry(name)
    g = prog.group(0, 0, 0, costs.arrays(cols), rows, cols)
    c = prog.core(0, 0)
    c.program_xbar(g, pat(4096, (rows * cols, 1)), debug=layer)
    c.move("dram", pat(0, (rows, 1)), "buffer", pat(0, (rows, 1)))
    c.mvm(g, pat(0, (rows, 1)), pat(2048, (cols, 1)), debug=layer)
    c.move("buffer", pat(2048, (cols, 1)), "dram", pat(1024, (cols, 1)))
    c.halt()
    stats, out = run_sim(prog.build(), work, name, {"x": x})

    want = x.astype(np.float64) @ W.astype(np.float64)
    check.close(f"{name} output", out["y"], want, rtol=1e-5, atol=1e-5)

    parts = [costs.program_xbar(rows, cols),
             costs.move(rows, "dram", "buffer"),
             costs.mvm(rows, cols),
             costs.move(cols, "buffer", "dram")]
    cycles = sum(p[0] for p in parts)
    e, counts = {}, {}
    for p in parts:
        costs.add(e, p[1])
        costs.add(counts, p[2])
    check.eq(f"{name} cycles", stats["cycles"], cycles)
    check.close(f"{name} time_ns", stats["time_ns"],
                cycles / ISAAC["timing"]["clock_ghz"])
    for k in costs.COMPONENTS:
        check.close(f"{name} energy {k}", stats["energy_pj"][k], e[k])
    check.close(f"{name} energy total", stats["energy_pj"]["total"],
                sum(e.values()))
    for k, v in counts.items():
        check.eq(f"{name} {k}", stats["counts"][k], v)
    check.eq(f"{name} macs_useful", stats["counts"]["macs_useful"],
             rows * cols)
    check.eq(f"{name} instructions", stats["counts"]["instructions"], 5)
    # The layer holds program_xbar and mvm.
    layer_stats = stats["layers"]
    check.eq(f"{name} layers", [l["name"] for l in layer_stats], [name])
    check.eq(f"{name} layer cycles", layer_stats[0]["cycles"],
             parts[0][0] + parts[2][0])
    check.close(f"{name} layer energy", layer_stats[0]["energy_pj"],
                sum(parts[0][1].values()) + sum(parts[2][1].values()))
    check.eq(f"{name} layer activations",
             layer_stats[0]["crossbar_activations"], costs.arrays(cols))
    return stats


# One crossbar: 4 x 2 weights use 16 of 128 columns.
s = single_mvm(4, 2, "small")
# The defaults' headline MVM: 128 rows, 16 weights = one full crossbar:
# 8 + (120 + 15 * 120 + 120 + 1) + 1 = 2050 cycles (docs/ISA.md).
check.eq("full crossbar mvm cycles", costs.mvm(128, 16)[0], 2050)
single_mvm(128, 16, "full")
# A group over 8 crossbars (128 columns of 16-bit weights).
single_mvm(128, 128, "wide")
# Uneven last array: 20 columns = 160 physical columns over 2 arrays.
single_mvm(100, 20, "uneven")

# Partial sums across row tiles: a 200 x 8 matrix as two groups of 100
# rows, the second MVM accumulating into the first one's output.
rows, cols = 200, 8
W = rng.standard_normal((rows, cols)).astype(np.float32)
x = rng.standard_normal(rows).astype(np.float32)
prog = Program(dram_size=8192)
prog.set_weights(W, address=4096)
prog.input("x", [rows], 0)
prog.output("y", [cols], 1024)
layer = prog.debug_entry("gemm")
g0 = prog.group(0, 0, 0, 1, 100, cols)
g1 = prog.group(0, 0, 1, 1, 100, cols)
c = prog.core(0, 0)
c.program_xbar(g0, pat(4096, (100 * cols, 1)), debug=layer)
c.program_xbar(g1, pat(4096 + 100 * cols, (100 * cols, 1)), debug=layer)
c.move("dram", pat(0, (rows, 1)), "buffer", pat(0, (rows, 1)))
c.mvm(g0, pat(0, (100, 1)), pat(1000, (cols, 1)), debug=layer)
c.mvm(g1, pat(100, (100, 1)), pat(1000, (cols, 1)), accumulate=True,
      debug=layer)
c.move("buffer", pat(1000, (cols, 1)), "dram", pat(1024, (cols, 1)))
stats, out = run_sim(prog.build(), work, "rowtiles", {"x": x})
check.close("row tiles output", out["y"],
            x.astype(np.float64) @ W.astype(np.float64), rtol=1e-5,
            atol=1e-5)
parts = [costs.program_xbar(100, cols), costs.program_xbar(100, cols),
         costs.move(rows, "dram", "buffer"), costs.mvm(100, cols),
         costs.mvm(100, cols, accumulate=True),
         costs.move(cols, "buffer", "dram")]
check.eq("row tiles cycles", stats["cycles"], sum(p[0] for p in parts))
e = {}
for p in parts:
    costs.add(e, p[1])
check.close("row tiles energy", stats["energy_pj"]["total"], sum(e.values()))
check.eq("row tiles crossbar_activations",
         stats["counts"]["crossbar_activations"], 2)
check.eq("row tiles macs_issued", stats["counts"]["macs_issued"], 1600)

# Row-wise programming: rewrite rows 1-2 of a 4 x 3 group, then MVM.
W = rng.standard_normal((4, 3)).astype(np.float32)
W2 = rng.standard_normal((2, 3)).astype(np.float32)
x = rng.standard_normal(4).astype(np.float32)
prog = Program(dram_size=4096)
prog.set_weights(np.concatenate([W.ravel(), W2.ravel()]), address=2048)
prog.input("x", [4], 0)
prog.output("y", [3], 100)
g = prog.group(0, 0, 0, 1, 4, 3)
c = prog.core(0, 0)
c.program_xbar(g, pat(2048, (12, 1)))
c.program_xbar(g, pat(2048 + 12, (6, 1)), whole=False, row_begin=1,
               row_count=2)
c.move("dram", pat(0, (4, 1)), "buffer", pat(0, (4, 1)))
c.mvm(g, pat(0, (4, 1)), pat(8, (3, 1)))
c.move("buffer", pat(8, (3, 1)), "dram", pat(100, (3, 1)))
stats, out = run_sim(prog.build(), work, "rowwrite", {"x": x})
Wm = W.copy()
Wm[1:3] = W2
check.close("row write output", out["y"],
            x.astype(np.float64) @ Wm.astype(np.float64), rtol=1e-5,
            atol=1e-6)
whole = costs.program_xbar(4, 3)
rowsw = costs.program_xbar(4, 3, whole=False, row_count=2)
check.eq("row write cell_writes", stats["counts"]["cell_writes"],
         whole[2]["cell_writes"] + rowsw[2]["cell_writes"])
check.eq("row write cell_writes by hand", rowsw[2]["cell_writes"],
         2 * 3 * 8)
check.close("row write energy", stats["energy_pj"]["write"],
            21000 + 2 * 164.0625)
# A write is far slower than a read: 13200 cycles for the array against
# 120 per slice read.
check.eq("whole-array write cycles",
         whole[0] - 120 - costs.dram_cycles(12), 13200)

check.finish()
print("ALL OK")
