"""Several cores: send/recv between tiles, barriers, and contention for
shared resources (the tile buffer, the DRAM channel); cycles by hand."""

import sys

import numpy as np

import costs
from zara_asm import Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()

# 1. Tile 0 sends 8 values to tile 5 on channel 3.
x = np.arange(8, dtype=np.float32)
prog = Program(dram_size=256)
prog.input("x", [8], 0)
prog.output("y", [8], 100)
src = prog.core(tile=0, core=0)
src.move("dram", pat(0, (8, 1)), "buffer", pat(0, (8, 1)))
src.send(5, 3, pat(0, (8, 1)))
dst = prog.core(tile=5, core=0)
dst.recv(0, 3, pat(16, (8, 1)))
dst.move("buffer", pat(16, (8, 1)), "dram", pat(100, (8, 1)))
stats, out = run_sim(prog.build(), work, "sendrecv", {"x": x})
check.close("send/recv output", out["y"], x)
# Tiles 0 and 5 sit at routers 0 and 1 (4 tiles per router), neighbours in
# a mesh 7 routers wide: 2 routers on the way.
check.eq("hops(0, 5)", costs.hops(0, 5), 2)
check.eq("hops(0, 167)", costs.hops(0, 167), 6 + 5 + 1)
load = costs.move(8, "dram", "buffer")[0]        # 120 + 1
send_end = load + 1 + costs.flits(8)             # buffer word, 4 flits
arrival = send_end + 2 * 1                       # 2 hops of 1 cycle
recv_end = arrival + 1
want = recv_end + costs.move(8, "buffer", "dram")[0]
check.eq("send/recv cycles", stats["cycles"], want)
check.eq("send/recv cycles by hand", want, 121 + 1 + 4 + 2 + 1 + 121)
check.close("send/recv noc energy", stats["energy_pj"]["noc"],
            costs.flits(8) * 2 * 2.5925)

# The far corner: tile 167 is at router 41, (6, 5) in the mesh: 12 routers.
prog = Program(dram_size=16)
prog.core(tile=0, core=0).send(167, 0, pat(0, (2, 1)))
prog.core(tile=167, core=11).recv(0, 0, pat(0, (2, 1)))
stats, _ = run_sim(prog.build(), work, "far")
check.eq("far send/recv cycles", stats["cycles"], 1 + 1 + 12 + 1)
check.close("far noc energy", stats["energy_pj"]["noc"], 1 * 12 * 2.5925)

# 2. Two cores of one tile fill 256 values each at time 0: the tile
# buffer serves them one after the other (16 words each).
prog = Program(dram_size=16)
for core in (0, 1):
    prog.core(tile=0, core=core).fill("buffer", pat(core * 256, (256, 1)))
stats, _ = run_sim(prog.build(), work, "buffer_contention")
check.eq("buffer contention cycles", stats["cycles"], 32)

# Two cores of different tiles fill their own buffers: no contention.
prog = Program(dram_size=16)
for tile in (0, 1):
    prog.core(tile=tile, core=0).fill("buffer", pat(0, (256, 1)))
stats, _ = run_sim(prog.build(), work, "no_contention")
check.eq("separate buffers cycles", stats["cycles"], 16)

# 3. Two tiles load 1280 values each from DRAM: the one channel carries
# 2560 bytes in 100 ns (120 cycles) at a time, after 120 cycles latency.
prog = Program(dram_size=4096)
prog.input("x", [2560], 0)
for tile in (0, 1):
    prog.core(tile=tile, core=0).move("dram", pat(tile * 1280, (1280, 1)),
                                      "buffer", pat(0, (1280, 1)))
stats, _ = run_sim(prog.build(), work, "dram_contention",
                   {"x": np.zeros(2560)})
check.eq("dram transfer cycles", costs.dram_cycles(1280), 120)
check.eq("dram contention cycles", stats["cycles"], 120 + 120 + 120)

# 4. A barrier: core 0 fills 16 words, core 1 waits for it, then fills one.
prog = Program(dram_size=16)
prog.barrier_decl(7, [0, 1])
c0 = prog.core(tile=0, core=0)
c0.fill("buffer", pat(0, (256, 1)))
c0.barrier(7)
c1 = prog.core(tile=0, core=1)
c1.barrier(7)
c1.fill("buffer", pat(300, (16, 1)))
stats, _ = run_sim(prog.build(), work, "barrier")
check.eq("barrier cycles", stats["cycles"], 16 + 1)
check.eq("barrier instructions", stats["counts"]["instructions"], 4)

# A barrier in a loop, three rounds.
prog = Program(dram_size=16)
prog.barrier_decl(0, [0, 1])
for core, words in ((0, 2), (1, 3)):
    c = prog.core(tile=core, core=0)
    c.loop(3)
    c.fill("buffer", pat(0, (16 * words, 1)))
    c.barrier(0)
    c.end_loop()
stats, _ = run_sim(prog.build(), work, "barrier_loop")
check.eq("barrier loop cycles", stats["cycles"], 3 * 3)

check.finish()
print("ALL OK")
