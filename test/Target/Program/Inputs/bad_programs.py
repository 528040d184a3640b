#!/usr/bin/env python3
"""Well-formed FlatBuffers that are not valid programs, for import-errors.test.

Builds each with the simulator tests' assembler (test/Sim/Inputs/zara_asm.py,
independent of the dialect) and writes WORKDIR/<name>.zara.

Usage: bad_programs.py WORKDIR
"""

import os
import sys

from zara_asm import Program, hw_config, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)


def write(name, prog):
    with open(os.path.join(work, name + ".zara"), "wb") as f:
        f.write(prog.build())


def one_core(**kwargs):
    prog = Program(dram_size=256, **kwargs)
    return prog, prog.core(tile=0, core=0)


prog, core = one_core()
core.halt().raw(42)
write("unknown-op", prog)

prog, core = one_core()
core.raw(0)
write("no-op", prog)

prog, core = one_core()
core.loop(2).halt().end_loop().end_loop()
write("end-loop", prog)

prog, core = one_core()
core.loop(2).loop(3).halt().end_loop()
write("open-loop", prog)

prog, core = one_core()
core.mvm(3, pat(0, (2, 1)), pat(2, (2, 1)))
write("group-index", prog)

prog, core = one_core()
for _ in range(8):
    core.loop(1)
core.fill("buffer", pat(0, loop=(1,) * 9))
for _ in range(8):
    core.end_loop()
write("coefficients", prog)

prog, core = one_core()
for _ in range(9):
    core.loop(1)
for _ in range(9):
    core.end_loop()
write("deep-loops", prog)

prog, core = one_core()
core.alu(25, pat(0), a=pat(1))
write("alu-op", prog)

prog, core = one_core()
core.move(3, pat(0), "buffer", pat(0))
write("memory", prog)

prog = Program(dram_size=256)
prog.group(tile=0, core=0, first=0, num=1, rows=4, cols=2)
core = prog.core(tile=0, core=0)
core.program_xbar(0, pat(0, (8, 1)), whole=True)
core.mvm(0, pat(0, (3, 1)), pat(4, (2, 1)))
write("mvm-rows", prog)

prog, core = one_core()
prog.barrier_decl(0, [3])
write("participant", prog)

prog, core = one_core()
core.halt(debug=4)
write("debug-id", prog)

prog, core = one_core()
prog.input("x", [2, -1], 0)
write("shape", prog)

prog, core = one_core()
prog.dram_size = 2**64 - 1
write("dram-size", prog)

prog, core = one_core(hw=hw_config(**{"crossbar.rows": 0}))
write("hardware", prog)
