"""Every vector-unit op against numpy; cycles and energy per op class from
costs.py; tags: an ALU result is Original if any operand is."""

import sys

import numpy as np

import costs
from zara_asm import ALU_OPS, Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(7)
n = 37  # not a multiple of the 16 lanes or of a 256-bit word
imm = 0.2


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


REFERENCE = {
    "copy": lambda a, b, c: a,
    "add": lambda a, b, c: a + b,
    "sub": lambda a, b, c: a - b,
    "mul": lambda a, b, c: a * b,
    "max": lambda a, b, c: np.maximum(a, b),
    "min": lambda a, b, c: np.minimum(a, b),
    "scale_shift": lambda a, b, c: a * b + c,
    "add_imm": lambda a, b, c: a + imm,
    "mul_imm": lambda a, b, c: a * imm,
    "relu": lambda a, b, c: np.maximum(a, 0),
    "leaky_relu": lambda a, b, c: np.where(a < 0, imm * a, a),
    "tanh": lambda a, b, c: np.tanh(a),
    "sigmoid": lambda a, b, c: sigmoid(a),
    "relu_grad": lambda a, b, c: np.where(b > 0, a, 0),
    "leaky_relu_grad": lambda a, b, c: np.where(b > 0, a, imm * a),
    "tanh_grad": lambda a, b, c: a * (1 - b * b),
    "sigmoid_grad": lambda a, b, c: a * b * (1 - b),
    "loss_diff": lambda a, b, c: sigmoid(a) - b,
    "reduce_sum": lambda a, b, c: np.array([a.sum()]),
    "rsqrt": lambda a, b, c: 1 / np.sqrt(a + imm),
}
assert sorted(REFERENCE) == sorted(ALU_OPS)

for op in ALU_OPS:
    k = costs.ALU_OPERANDS.get(op, 2)
    ops = rng.standard_normal((3, n)).astype(np.float32)
    if op == "rsqrt":
        ops = np.abs(ops)
    n_dst = 1 if op == "reduce_sum" else n
    prog = Program(dram_size=1024)
    prog.input("abc", [3, n], 0)
    prog.output("y", [n_dst], 512)
    c = prog.core(0, 0)
    c.move("dram", pat(0, (3 * n, 1)), "buffer", pat(0, (3 * n, 1)))
    srcs = [pat(i * n, (n, 1)) for i in range(k)] + [None] * (3 - k)
    c.alu(op, pat(200, (n_dst, 1)), *srcs, imm=imm)
    c.move("buffer", pat(200, (n_dst, 1)), "dram", pat(512, (n_dst, 1)))
    stats, out = run_sim(prog.build(), work, op, {"abc": ops})
    a, b, cc = (ops[i].astype(np.float64) for i in range(3))
    check.close(f"{op} output", out["y"], REFERENCE[op](a, b, cc),
                rtol=2e-6, atol=2e-6)
    parts = [costs.move(3 * n, "dram", "buffer"), costs.alu(op, n),
             costs.move(n_dst, "buffer", "dram")]
    e = {}
    for p in parts:
        costs.add(e, p[1])
    check.eq(f"{op} cycles", stats["cycles"], sum(p[0] for p in parts))
    check.close(f"{op} energy digital", stats["energy_pj"]["digital"],
                e["digital"])
    check.close(f"{op} energy buffer", stats["energy_pj"]["buffer"],
                e["buffer"])

# The three classes cost what docs/ISA.md says: 37 elements are 3 groups
# of 16 lanes; 37 * 16 bits are 3 words.
check.eq("add cycles by hand", costs.alu("add", 37)[0], 2 * 3 + 3 + 3)
check.eq("tanh cycles by hand", costs.alu("tanh", 37)[0], 3 + 3 * 4 + 3)
check.close("mul energy by hand", costs.alu("mul", 37)[1]["digital"],
            37 * 0.8)

# Tags: relu of a zero-filled region stays Zero, add of Zero and Original
# is Original; an MVM over them counts useful MACs per Original input.
prog = Program(dram_size=1024)
prog.input("x", [4], 0)
prog.output("y", [1], 100)
g = prog.group(0, 0, 0, 1, 8, 1)
prog.set_weights(np.ones(8, np.float32), 500)
c = prog.core(0, 0)
c.program_xbar(g, pat(500, (8, 1)))
c.move("dram", pat(0, (4, 1)), "buffer", pat(0, (4, 1)))  # Original
c.fill("buffer", pat(4, (4, 1)))                          # Zero
c.alu("relu", pat(8, (2, 1)), pat(4, (2, 1)))             # Zero, Zero
c.alu("add", pat(10, (2, 1)), pat(0, (2, 1)), pat(4, (2, 1)))  # Original
c.alu("relu", pat(12, (4, 1)), pat(4, (4, 1)))            # Zero x4
c.mvm(g, pat(8, (8, 1)), pat(40, (1, 1)))
c.move("buffer", pat(40, (1, 1)), "dram", pat(100, (1, 1)))
x = np.array([1, 2, 3, 4], np.float32)
stats, out = run_sim(prog.build(), work, "tags", {"x": x})
check.close("tags output", out["y"], [3.0])
check.eq("tags macs_issued", stats["counts"]["macs_issued"], 8)
check.eq("tags macs_useful", stats["counts"]["macs_useful"], 2)

check.finish()
print("ALL OK")
