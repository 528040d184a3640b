"""Data movement and loops: strided gathers, interleaving scatters, fills,
copies within one memory, loops with affine addresses; outputs against
numpy, cycles, energy and instruction counts by hand."""

import sys

import numpy as np

import costs
from zara_asm import Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(11)

# 1. A transposing gather: DRAM 4 x 6 -> buffer 6 x 4 -> DRAM.
x = rng.standard_normal((4, 6)).astype(np.float32)
prog = Program(dram_size=256)
prog.input("x", [4, 6], 0)
prog.output("xt", [6, 4], 100)
c = prog.core(0, 0)
c.move("dram", pat(0, (6, 1), (4, 6)), "buffer", pat(0, (24, 1)))
c.move("buffer", pat(0, (24, 1)), "dram", pat(100, (24, 1)))
stats, out = run_sim(prog.build(), work, "transpose", {"x": x})
check.close("transpose output", out["xt"], x.T)
want = costs.move(24, "dram", "buffer")[0] + costs.move(24, "buffer",
                                                        "dram")[0]
check.eq("transpose cycles", stats["cycles"], want)
# 24 16-bit values are 384 bits (2 words); 48 bytes take 1.875 ns of the
# 25.6 GB/s channel (3 cycles); DRAM latency 120 cycles.
check.eq("transpose cycles by hand", want, 2 * (120 + 3))

# 2. The phase interleave of a deformed convolution: two phases of 5
# values each scattered to the even and odd positions, in a loop whose
# index selects the phase (loop coefficients 5 on the source, 1 on the
# destination).
a = rng.standard_normal(10).astype(np.float32)
prog = Program(dram_size=256)
prog.input("phases", [10], 0)
prog.output("y", [10], 100)
c = prog.core(0, 0)
c.move("dram", pat(0, (10, 1)), "buffer", pat(0, (10, 1)))
c.loop(2)
c.move("buffer", pat(0, (5, 1), loop=[5]), "buffer",
       pat(20, (5, 2), loop=[1]))
c.end_loop()
c.move("buffer", pat(20, (10, 1)), "dram", pat(100, (10, 1)))
stats, out = run_sim(prog.build(), work, "interleave", {"phases": a})
want_y = np.empty(10, np.float32)
want_y[0::2], want_y[1::2] = a[:5], a[5:]
check.close("interleave output", out["y"], want_y)
# move, loop, 2 x (move, end_loop), move
check.eq("interleave instructions", stats["counts"]["instructions"], 7)
inner = costs.move(5, "buffer", "buffer")
check.eq("buffer copy cycles by hand", inner[0], 2 * 1)
want = (costs.move(10, "dram", "buffer")[0] + 2 * inner[0] +
        costs.move(10, "buffer", "dram")[0])
check.eq("interleave cycles", stats["cycles"], want)

# 3. Nested loops with two coefficients: sum rows of a 3 x 4 block into
# one row with add (out = out + row), i.e. 3 x 4 -> 4, in a loop nest of
# 3 x 1 iterations (the inner loop of one trip checks nesting).
m = rng.standard_normal((3, 4)).astype(np.float32)
prog = Program(dram_size=256)
prog.input("m", [3, 4], 0)
prog.output("s", [4], 100)
c = prog.core(0, 0)
c.move("dram", pat(0, (12, 1)), "buffer", pat(0, (12, 1)))
c.fill("buffer", pat(50, (4, 1)))
c.loop(3)
c.loop(1)
c.alu("add", pat(50, (4, 1)), pat(50, (4, 1)),
      pat(0, (4, 1), loop=[4, 1000]))
c.end_loop()
c.end_loop()
c.move("buffer", pat(50, (4, 1)), "dram", pat(100, (4, 1)))
stats, out = run_sim(prog.build(), work, "nested", {"m": m})
check.close("nested output", out["s"], m.astype(np.float64).sum(0),
            rtol=1e-6)
# move, fill, loop, 3 x (loop, add, end_loop, end_loop), move
check.eq("nested instructions", stats["counts"]["instructions"], 1 + 1 + 1 +
         3 * 4 + 1)
want = (costs.move(12, "dram", "buffer")[0] + costs.fill(4, "buffer")[0] +
        3 * costs.alu("add", 4)[0] + costs.move(4, "buffer", "dram")[0])
check.eq("nested cycles", stats["cycles"], want)

# 4. Fills in DRAM and the buffer, and a DRAM -> DRAM copy.
prog = Program(dram_size=256)
prog.output("f", [6], 100)
prog.output("g", [6], 150)
c = prog.core(0, 0)
c.fill("dram", pat(100, (3, 2)), value=2.5, tag="original")
c.fill("buffer", pat(0, (6, 1)), value=-1.0)
c.move("buffer", pat(0, (3, 1)), "dram", pat(101, (3, 2)))
c.move("dram", pat(100, (6, 1)), "dram", pat(150, (6, 1)))
stats, out = run_sim(prog.build(), work, "fills")
check.close("fill output", out["f"], [2.5, -1, 2.5, -1, 2.5, -1])
check.close("dram copy output", out["g"], [2.5, -1, 2.5, -1, 2.5, -1])
parts = [costs.fill(3, "dram"), costs.fill(6, "buffer"),
         costs.move(3, "buffer", "dram"), costs.move(6, "dram", "dram")]
check.eq("fills cycles", stats["cycles"], sum(p[0] for p in parts))
e = {}
for p in parts:
    costs.add(e, p[1])
check.close("fills energy", stats["energy_pj"]["buffer"], e["buffer"])
# DRAM -> DRAM: latency, then both sides of 12 bytes (1 cycle each).
check.eq("dram copy cycles by hand", parts[3][0], 120 + 2 * 1)

check.finish()
print("ALL OK")
