"""zara-sim --threads 2 applies the instructions' data movement and
arithmetic on a second thread, fed through a ring of 16384 operations
(lib/Sim/Simulator.cpp, DataThread). A two-tile pipeline long enough to
wrap the ring many times, with sends, recvs, barriers, accumulating MVMs
and reprogramming: outputs against numpy, and --threads 1 and 2 giving
byte-identical outputs and statistics in both modes."""

import filecmp
import os
import sys

import numpy as np

from zara_asm import Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(5)

R, C, N = 32, 16, 8000
W = rng.standard_normal((R, C)).astype(np.float32) / 4
V = rng.standard_normal((C, C)).astype(np.float32) / 4
U = rng.standard_normal((C, C)).astype(np.float32) / 4
X = rng.standard_normal((N, R)).astype(np.float32)

prog = Program(dram_size=1 << 19)
weights, out = 400000, 260000
prog.set_weights(np.concatenate([W.ravel(), V.ravel(), U.ravel()]),
                 address=weights)
prog.input("X", [N, R], 0)
prog.output("Y", [N, C], out)
gw = prog.group(0, 0, 0, 1, R, C)
gv = prog.group(1, 0, 0, 1, C, C)
prog.barrier_decl(0, [0, 1])

# Tile 0: y_i = relu(x_i W), row by row from DRAM, sent to tile 1.
a = prog.core(0, 0)
a.program_xbar(gw, pat(weights, (R * C, 1)))
a.barrier(0)
a.loop(N)
a.move("dram", pat(0, (R, 1), loop=(R,)), "buffer", pat(0, (R, 1)))
a.mvm(gw, pat(0, (R, 1)), pat(R, (C, 1)))
a.alu("relu", pat(R, (C, 1)), a=pat(R, (C, 1)))
a.send(1, 0, pat(R, (C, 1)))
a.end_loop()
a.halt()

# Tile 1: the first half of the rows through V, then V is reprogrammed
# with U for the second half; each z_i = y_i M + 0.5 y_i (an accumulating
# MVM onto a scaled copy), written to DRAM in blocks of 4 rows.
b = prog.core(1, 0)
b.program_xbar(gv, pat(weights + R * C, (C * C, 1)))
b.barrier(0)
half = N // 2
for part in range(2):
    if part == 1:
        b.program_xbar(gv, pat(weights + R * C + C * C, (C * C, 1)))
    b.loop(half // 4)
    b.loop(4)
    b.recv(0, 0, pat(0, (C, 1), loop=(0, C)))
    b.alu("mul_imm", pat(64, (C, 1), loop=(0, C)),
          a=pat(0, (C, 1), loop=(0, C)), imm=0.5)
    b.mvm(gv, pat(0, (C, 1), loop=(0, C)), pat(64, (C, 1), loop=(0, C)),
          accumulate=True)
    b.end_loop()
    b.move("buffer", pat(64, (4 * C, 1)), "dram",
           pat(out + part * half * C, (4 * C, 1), loop=(4 * C,)))
    b.end_loop()
b.halt()
program = prog.build()

f64 = np.float64
y = np.maximum(X.astype(f64) @ W.astype(f64), 0)
Y = np.concatenate([y[:half] @ V.astype(f64), y[half:] @ U.astype(f64)])
Y += 0.5 * y

runs = {}
for mode in ("ideal", "quantized"):
    for threads in ("1", "2"):
        name = f"{mode}.t{threads}"
        runs[name] = run_sim(program, work, name, {"X": X},
                             args=("--mode", mode, "--threads", threads))

for threads in ("1", "2"):
    stats, out = runs[f"ideal.t{threads}"]
    check.close(f"ideal, --threads {threads}: outputs", out["Y"], Y,
                rtol=1e-5, atol=1e-5)
    stats, out = runs[f"quantized.t{threads}"]
    err = np.linalg.norm(out["Y"] - Y) / np.linalg.norm(Y)
    check.true(f"quantized, --threads {threads}: relative L2 error "
               f"{err:.2e} <= 1e-2", err <= 1e-2)
check.true("more operations than the ring holds",
           runs["ideal.t1"][0]["counts"]["instructions"] > 4 * 16384)

for mode in ("ideal", "quantized"):
    one, two = (os.path.join(work, f"{mode}.t{t}") for t in ("1", "2"))
    check.true(f"{mode}: the same statistics with 1 and 2 threads",
               filecmp.cmp(one + ".stats.json", two + ".stats.json",
                           shallow=False))
    check.true(f"{mode}: the same outputs with 1 and 2 threads",
               filecmp.cmp(one + ".out/Y.npy", two + ".out/Y.npy",
                           shallow=False))

# Flushes of many replicas, over and over: eight tiles run the same
# preloaded group, so a flush holds up to eight batches and reaches the
# data path as eight ops, and the batches the two threads share
# (BatchStore) are reused all the time: outputs against numpy, and runs
# with two threads against one, byte for byte. (A batch taken back before
# the data path has applied the last op of its flush shows only in rare
# runs of large programs, so this does not prove its absence.)
T, R2, C2, K = 8, 16, 16, 3000
W2 = rng.standard_normal((R2, C2)).astype(np.float32) / 4
X2 = rng.standard_normal((T, R2)).astype(np.float32)
prog = Program(dram_size=1 << 19)
prog.set_weights(W2.ravel(), address=1 << 18)
prog.input("X", [T, R2], 0)
prog.output("Y", [T, K, C2], 1024)
for t in range(T):
    g = prog.group(t, 0, 0, 1, R2, C2, preload=pat(1 << 18, (R2 * C2, 1)))
    c = prog.core(t, 0)
    c.move("dram", pat(t * R2, (R2, 1)), "buffer", pat(0, (R2, 1)))
    c.loop(K // 4)
    c.loop(4)
    c.mvm(g, pat(0, (R2, 1)), pat(64, (C2, 1), loop=(0, C2)))
    c.end_loop()
    c.alu("add_imm", pat(0, (R2, 1)), a=pat(0, (R2, 1)), imm=0.25)
    c.move("buffer", pat(64, (4 * C2, 1)), "dram",
           pat(1024 + t * K * C2, (4 * C2, 1), loop=(4 * C2,)))
    c.end_loop()
    c.halt()
replicas = prog.build()
_, base = run_sim(replicas, work, "replicas.t1", {"X": X2},
                  args=("--threads", "1"))
steps = np.arange(K // 4, dtype=np.float64).repeat(4) * 0.25
want = (X2.astype(np.float64)[:, None, :] + steps[None, :, None]) @ \
    W2.astype(np.float64)
check.close("replica flushes, --threads 1: outputs", base["Y"], want,
            rtol=1e-5, atol=1e-5)
same = 0
for i in range(2):
    _, out = run_sim(replicas, work, f"replicas.t2.{i}", {"X": X2},
                     args=("--threads", "2"))
    same += np.array_equal(out["Y"].view(np.uint32), base["Y"].view(np.uint32))
check.eq("replica flushes: runs with 2 threads the same as with 1", same, 2)

# Bad values of the flag.
for value in ("3", "0", "two"):
    proc = run_sim(program, work, f"bad{value}", {"X": X},
                   args=("--threads", value), expect_fail=True)
    check.true(f"--threads {value} is an error",
               proc.returncode == 1 and
               f"zara-sim: error: --threads must be 1 or 2, not '{value}'"
               in proc.stderr, proc.stderr)
check.finish()
print("ALL OK")
