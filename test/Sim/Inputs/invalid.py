"""Programs that verify as FlatBuffers but break a rule of
docs/ProgramFormat.md ("Validation"), bad inputs, and run-time errors.
Each case prints `<case>: <stderr>`; invalid.test checks the messages.
Every case must exit with 1 and one `zara-sim: error:` line."""

import os
import subprocess
import sys

import numpy as np

from zara_asm import Checker, Program, hw_config, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
check = Checker()


def base(**kw):
    """A valid program: x (8) -> buffer -> mvm (8 x 4) -> y (4)."""
    prog = Program(dram_size=512, **kw)
    prog.set_weights(np.ones(32), address=256)
    prog.input("x", [8], 0)
    prog.output("y", [4], 100)
    return prog


def expect(name, prog, inputs=("x=ones8.npy",), args=()):
    data = prog if isinstance(prog, bytes) else prog.build()
    path = os.path.join(work, name + ".zara")
    with open(path, "wb") as f:
        f.write(data)
    cmd = ["zara-sim", path, "--quiet"]
    for binding in inputs:
        key, file = binding.split("=")
        cmd += ["--input", f"{key}={os.path.join(work, file)}"]
    proc = subprocess.run(cmd + list(args), capture_output=True, text=True,
                          timeout=20)
    lines = proc.stderr.strip().splitlines()
    ok = proc.returncode == 1 and len(lines) == 1 and \
        lines[0].startswith("zara-sim: error: ")
    check.true(f"{name} refused", ok, f"{proc.returncode} {proc.stderr}")
    print(f"{name}: {proc.stderr.strip().replace(path, 'P')}")


np.save(os.path.join(work, "ones8.npy"), np.ones(8, np.float32))
np.save(os.path.join(work, "ones9.npy"), np.ones(9, np.float32))
np.save(os.path.join(work, "ones2x4.npy"), np.ones((2, 4), np.float32))
np.save(os.path.join(work, "int.npy"), np.ones(8, np.int32))
with open(os.path.join(work, "bad.pb"), "wb") as f:
    f.write(b"\x0a\xff\xff")
with open(os.path.join(work, "x.txt"), "w") as f:
    f.write("1 2 3")

# Patterns.
p = base()
p.core().move("dram", pat(0, (8, 1)), "buffer", pat(32762, (8, 1)))
expect("buffer_range", p)
# A 16 GiB buffer holds the address, but the simulator's addresses are 32-bit.
p = base()
p.core().move("dram", pat(0, (8, 1)), "buffer", pat(2**31, (8, 1)))
expect("address_bits", p, args=["--hw-override", "buffer.bytes=17179869184"])
p = base()
c = p.core()
c.loop(10)
c.move("dram", pat(0, (8, 1), loop=[60]), "buffer", pat(0, (8, 1)))
c.end_loop()
expect("loop_range", p)
p = base()
p.core().move("dram", pat(4, (8, -1)), "buffer", pat(0, (8, 1)))
expect("negative_address", p)
p = base()
p.core().move("dram", pat(0, (8, 1), loop=[1]), "buffer", pat(0, (8, 1)))
expect("coeff_without_loop", p)
p = base()
p.core().fill("buffer", pat(0, (2, 1), (2, 1), (2, 1), (2, 1), (2, 1)))
expect("five_dims", p)
p = base()
p.core().fill("buffer", pat(0, (0, 1)))
expect("zero_count", p)
p = base()
p.core().move("dram", pat(0, (8, 1)), "buffer", pat(0, (4, 1)))
expect("move_counts", p)
p = base()
p.core().fill("dram", pat(0, (65536, 0), (65536, 0)))
expect("huge_pattern", p)

# Loops.
p = base()
p.core().end_loop()
expect("end_without_loop", p)
p = base()
p.core().loop(2).halt()
expect("loop_not_closed", p)
p = base()
c = p.core()
for _ in range(9):
    c.loop(1)
for _ in range(9):
    c.end_loop()
expect("loop_depth", p)
p = base()
p.core().loop(0).end_loop()
expect("loop_zero", p)
p = base()
c = p.core()
for _ in range(3):
    c.loop(100000)
c.fill("buffer", pat(0, (1, 1)))
for _ in range(3):
    c.end_loop()
expect("too_many_instructions", p)

# Groups.
p = base()
g = p.group(0, 0, 0, 1, 8, 4)
p.core().mvm(1, pat(0, (8, 1)), pat(16, (4, 1)))
expect("group_index", p)
p = base()
g = p.group(0, 1, 0, 1, 8, 4)
p.core(0, 0).mvm(g, pat(0, (8, 1)), pat(16, (4, 1)))
p.core(0, 1).halt()
expect("group_owner", p)
p = base()
p.group(0, 0, 0, 1, 8, 32)
p.core().halt()
expect("group_crossbars", p)
p = base()
p.group(0, 0, 7, 2, 8, 32)
p.core().halt()
expect("group_past_core", p)
p = base()
p.group(0, 0, 0, 1, 129, 4)
p.core().halt()
expect("group_rows", p)
p = base()
g = p.group(0, 0, 0, 1, 8, 4)
p.core().mvm(g, pat(0, (9, 1)), pat(16, (4, 1)))
expect("mvm_rows", p)
p = base()
g = p.group(0, 0, 0, 1, 8, 4)
p.core().program_xbar(g, pat(256, (32, 1)), whole=True, row_count=4)
expect("whole_rows", p)
p = base()
g = p.group(0, 0, 0, 1, 8, 4)
p.core().program_xbar(g, pat(256, (12, 1)), whole=False, row_begin=6,
                      row_count=3)
expect("rows_past_group", p)

# ALU operands.
p = base()
p.core().alu("add", pat(0, (4, 1)), pat(0, (4, 1)))
expect("alu_missing_operand", p)
p = base()
p.core().alu("relu", pat(0, (4, 1)), pat(0, (4, 1)), pat(8, (4, 1)))
expect("alu_extra_operand", p)
p = base()
p.core().alu("reduce_sum", pat(0, (2, 1)), pat(0, (4, 1)))
expect("reduce_sum_dst", p)
p = base()
p.core().alu(77, pat(0, (2, 1)), pat(0, (2, 1)))
expect("alu_unknown_op", p)

# Barriers, tiles, cores, DRAM layout.
p = base()
p.core().barrier(3)
expect("barrier_undeclared", p)
p = base()
p.barrier_decl(3, [1])
p.core(0, 0).barrier(3)
p.core(0, 1).barrier(3)
expect("barrier_not_participant", p)
p = base()
p.core().send(168, 0, pat(0, (4, 1)))
expect("send_tile", p)
p = base()
p.core(0, 12).halt()
expect("core_index", p)
p = base()
p.core(0, 0).halt()
p.core(0, 0).halt()
expect("core_twice", p)
p = base()
expect("no_cores", p)
p = base()
p.input("z", [4], 4)
p.core().halt()
expect("inputs_overlap", p)
p = base()
p.output("w", [4], 510)
p.core().halt()
expect("output_outside", p)
p = base()
p.set_weights(np.ones(32), address=500)
p.core().halt()
expect("weights_outside", p)
p = Program(dram_size=1 << 40)
p.core().halt()
expect("dram_limit", p, inputs=())
p = base(hw=hw_config(**{"adc.bits": 40}))
p.core().halt()
expect("embedded_hw", p)

# Inputs.
p = base()
p.core().halt()
expect("missing_input", p, inputs=())
expect("unknown_input", p, inputs=("x=ones8.npy", "q=ones8.npy"))
expect("input_shape", p, inputs=("x=ones2x4.npy",))
expect("input_dtype", p, inputs=("x=int.npy",))
expect("input_bad_pb", p, inputs=("x=bad.pb",))
expect("input_not_tensor", p, inputs=("x=x.txt",))
expect("input_missing_file", p, inputs=("x=nothere.npy",))
expect("input_syntax", p, inputs=(), args=("--input", "x"))

# Run-time errors.
p = base()
p.core(0, 0).recv(3, 1, pat(0, (4, 1)))
expect("deadlock", p)
p = base()
p.barrier_decl(0, [0, 1])
p.core(0, 0).barrier(0)
p.core(0, 1).halt()
expect("barrier_deadlock", p)
p = base()
p.core(0, 0).send(1, 0, pat(0, (4, 1)))
p.core(1, 0).recv(0, 0, pat(0, (5, 1)))
expect("message_size", p)
p = base()
c = p.core(0, 0)
c.loop(100000)
c.send(1, 0, pat(0, (32768, 1)))
c.end_loop()
expect("unreceived_messages", p)
p = base()
g0 = p.group(0, 0, 0, 1, 8, 4)
g1 = p.group(0, 0, 0, 1, 4, 4)
c = p.core()
c.program_xbar(g0, pat(256, (32, 1)))
c.program_xbar(g1, pat(256, (16, 1)))
c.mvm(g0, pat(0, (8, 1)), pat(16, (4, 1)))
expect("multiplexed_group", p)
p = base()
g0 = p.group(0, 0, 0, 1, 8, 4)
g1 = p.group(0, 0, 0, 1, 4, 4)
c = p.core()
c.program_xbar(g1, pat(256, (16, 1)))
c.program_xbar(g0, pat(256, (8, 1)), whole=False, row_count=2)
expect("multiplexed_row_write", p)

check.finish()
print("ALL OK")
