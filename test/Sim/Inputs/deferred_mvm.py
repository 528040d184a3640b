"""Ideal mode computes a group's MVMs in batches, later than they are
scheduled (lib/Sim/Simulator.cpp). Programs whose later instructions read
or overwrite what a pending MVM writes or reads must still see schedule
order: outputs against numpy."""

import sys

import numpy as np

from zara_asm import Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(11)
TOL = dict(rtol=1e-5, atol=1e-5)


def f64(a):
    return np.asarray(a, np.float64)


# 1. Eleven iterations (a full batch of eight, then three) writing
#    interleaved outputs (stride N), a second group accumulating into the
#    same outputs, an alu over all of them; then a chain whose every MVM
#    reads the previous one's output.
R, C, N = 16, 6, 11
W = rng.standard_normal((R, C)).astype(np.float32)
V = rng.standard_normal((R, C)).astype(np.float32)
S = (rng.standard_normal((C, C)) / 3).astype(np.float32)
X = rng.standard_normal((N, R)).astype(np.float32)
X2 = rng.standard_normal((N, R)).astype(np.float32)
prog = Program(dram_size=16384)
prog.set_weights(np.concatenate([W.ravel(), V.ravel(), S.ravel()]),
                 address=8192)
prog.input("X", [N, R], 0)
prog.input("X2", [N, R], 1000)
prog.output("Y", [C, N], 2000)
prog.output("Z", [N + 1, C], 3000)
gw = prog.group(0, 0, 0, 1, R, C)
gv = prog.group(0, 0, 1, 1, R, C)
gs = prog.group(0, 0, 2, 1, C, C)
c = prog.core(0, 0)
c.program_xbar(gw, pat(8192, (R * C, 1)))
c.program_xbar(gv, pat(8192 + R * C, (R * C, 1)))
c.program_xbar(gs, pat(8192 + 2 * R * C, (C * C, 1)))
c.move("dram", pat(0, (N * R, 1)), "buffer", pat(0, (N * R, 1)))
c.move("dram", pat(1000, (N * R, 1)), "buffer", pat(1000, (N * R, 1)))
c.loop(N)
c.mvm(gw, pat(0, (R, 1), loop=(R,)), pat(2000, (C, N), loop=(1,)))
c.mvm(gv, pat(1000, (R, 1), loop=(R,)), pat(2000, (C, N), loop=(1,)),
      accumulate=True)
c.end_loop()
c.alu("mul_imm", pat(2000, (C * N, 1)), a=pat(2000, (C * N, 1)), imm=2.0)
c.move("buffer", pat(2000, (C * N, 1)), "dram", pat(2000, (C * N, 1)))
c.move("buffer", pat(2000, (C, N)), "buffer", pat(3000, (C, 1)))
c.loop(N)
c.mvm(gs, pat(3000, (C, 1), loop=(C,)), pat(3000 + C, (C, 1), loop=(C,)))
c.end_loop()
c.move("buffer", pat(3000, ((N + 1) * C, 1)), "dram",
       pat(3000, ((N + 1) * C, 1)))
c.halt()
stats, out = run_sim(prog.build(), work, "batches", {"X": X, "X2": X2})
Y = 2 * (f64(X) @ f64(W) + f64(X2) @ f64(V)).T
check.close("interleaved outputs, accumulated", out["Y"], Y, **TOL)
Z = [Y[:, 0]]
for _ in range(N):
    Z.append(Z[-1] @ f64(S))
check.close("each mvm reads the previous output", out["Z"], np.array(Z),
            **TOL)

# 2. After a barrier, another core of the tile sends one MVM's output and
#    overwrites another's; the MVM core then copies all of them out.
R, C = 8, 4
W = rng.standard_normal((R, C)).astype(np.float32)
x = rng.standard_normal((3, R)).astype(np.float32)
prog = Program(dram_size=8192)
prog.set_weights(W.ravel(), address=4096)
prog.input("x", [3, R], 0)
prog.output("a", [C], 100)
prog.output("b", [3, C], 200)
g = prog.group(0, 0, 0, 1, R, C)
prog.barrier_decl(0, [0, 1, 2])
prog.barrier_decl(1, [0, 1])
m = prog.core(0, 0)
m.program_xbar(g, pat(4096, (R * C, 1)))
m.move("dram", pat(0, (3 * R, 1)), "buffer", pat(0, (3 * R, 1)))
m.loop(3)
m.mvm(g, pat(0, (R, 1), loop=(R,)), pat(500, (C, 1), loop=(C,)))
m.end_loop()
m.barrier(0)
m.barrier(1)
m.move("buffer", pat(500, (3 * C, 1)), "dram", pat(200, (3 * C, 1)))
m.halt()
o = prog.core(0, 1)
o.barrier(0)
o.send(1, 0, pat(500, (C, 1)))
o.fill("buffer", pat(504, (C, 1)), value=7.0, tag="original")
o.barrier(1)
o.halt()
r = prog.core(1, 0)
r.barrier(0)
r.recv(0, 0, pat(0, (C, 1)))
r.move("buffer", pat(0, (C, 1)), "dram", pat(100, (C, 1)))
r.halt()
stats, out = run_sim(prog.build(), work, "other_core", {"x": x})
ref = f64(x) @ f64(W)
check.close("another core reads an output", out["a"], ref[0], **TOL)
want = ref.copy()
want[1] = 7.0
check.close("another core overwrites an output", out["b"], want, **TOL)

# 3. Inputs overwritten right after the MVM that reads them: by the same
#    core in the loop, and by another core of the tile after a barrier.
x = rng.standard_normal((4, R)).astype(np.float32)
prog = Program(dram_size=8192)
prog.set_weights(W.ravel(), address=4096)
prog.input("x", [4, R], 0)
prog.output("y", [4, C], 200)
g = prog.group(0, 0, 0, 1, R, C)
prog.barrier_decl(0, [0, 1])
prog.barrier_decl(1, [0, 1])
m = prog.core(0, 0)
m.program_xbar(g, pat(4096, (R * C, 1)))
m.move("dram", pat(0, (4 * R, 1)), "buffer", pat(0, (4 * R, 1)))
m.loop(3)
m.mvm(g, pat(0, (R, 1), loop=(R,)), pat(500, (C, 1), loop=(C,)))
m.fill("buffer", pat(0, (R, 1), loop=(R,)), value=9.0, tag="original")
m.end_loop()
m.mvm(g, pat(3 * R, (R, 1)), pat(500 + 3 * C, (C, 1)))
m.barrier(0)
m.barrier(1)
m.move("buffer", pat(500, (4 * C, 1)), "dram", pat(200, (4 * C, 1)))
m.halt()
o = prog.core(0, 1)
o.barrier(0)
o.fill("buffer", pat(3 * R, (R, 1)), value=5.0, tag="original")
o.barrier(1)
o.halt()
stats, out = run_sim(prog.build(), work, "inputs_overwritten", {"x": x})
check.close("inputs overwritten after their mvm", out["y"], f64(x) @ f64(W),
            **TOL)

# 4. A group reprogrammed while MVMs of it are pending: they use the old
#    weights, the next ones the new.
W2 = rng.standard_normal((R, C)).astype(np.float32)
x = rng.standard_normal((2, R)).astype(np.float32)
prog = Program(dram_size=8192)
prog.set_weights(np.concatenate([W.ravel(), W2.ravel()]), address=4096)
prog.input("x", [2, R], 0)
prog.output("y", [2, C], 200)
g = prog.group(0, 0, 0, 1, R, C)
m = prog.core(0, 0)
m.program_xbar(g, pat(4096, (R * C, 1)))
m.move("dram", pat(0, (2 * R, 1)), "buffer", pat(0, (2 * R, 1)))
m.mvm(g, pat(0, (R, 1)), pat(500, (C, 1)))
m.program_xbar(g, pat(4096 + R * C, (R * C, 1)))
m.mvm(g, pat(R, (R, 1)), pat(500 + C, (C, 1)))
m.move("buffer", pat(500, (2 * C, 1)), "dram", pat(200, (2 * C, 1)))
m.halt()
stats, out = run_sim(prog.build(), work, "reprogrammed", {"x": x})
check.close("mvms before and after program_xbar", out["y"],
            np.stack([f64(x[0]) @ f64(W), f64(x[1]) @ f64(W2)]), **TOL)

# 5. Replicas: four groups on four cores preloaded from the same weights
#    (they share one copy, and a flush computes the pending MVMs of all of
#    them). Core 2 reprograms its group half-way (its later MVMs use the
#    new weights, the others' still the old: they program another group
#    meanwhile, to stay in step), core 3 overwrites its inputs
#    right after its MVMs; every core accumulates into its outputs. 20
#    columns: 16 in a vector, 4 from the zero-padded tail.
R, C, K = 24, 20, 6
W = rng.standard_normal((R, C)).astype(np.float32)
W2 = rng.standard_normal((R, C)).astype(np.float32)
x = rng.standard_normal((4, K, R)).astype(np.float32)
prog = Program(dram_size=1 << 15)
prog.set_weights(np.concatenate([W.ravel(), W2.ravel()]), address=16384)
prog.input("x", [4, K, R], 0)
prog.output("y", [4, K, C], 8192)
groups = [prog.group(t, 0, 0, 2, R, C, preload=pat(16384, (R * C, 1)))
          for t in range(4)]
others = [prog.group(t, 0, 2, 2, R, C) for t in range(4)]
for t in range(4):
    c = prog.core(t, 0)
    c.move("dram", pat(t * K * R, (K * R, 1)), "buffer", pat(0, (K * R, 1)))
    c.fill("buffer", pat(1000, (K * C, 1)), value=1.0, tag="original")
    c.loop(K // 2)
    c.mvm(groups[t], pat(0, (R, 1), loop=(R,)), pat(1000, (C, 1), loop=(C,)),
          accumulate=True)
    if t == 3:
        c.fill("buffer", pat(0, (R, 1), loop=(R,)), value=3.0,
               tag="original")
    c.end_loop()
    if t == 2:
        c.program_xbar(groups[t], pat(16384 + R * C, (R * C, 1)))
    else:
        # As long, so the cores' second halves stay in step.
        c.program_xbar(others[t], pat(16384 + R * C, (R * C, 1)))
    c.loop(K // 2)
    c.mvm(groups[t], pat(K // 2 * R, (R, 1), loop=(R,)),
          pat(1000 + K // 2 * C, (C, 1), loop=(C,)), accumulate=True)
    c.end_loop()
    c.move("buffer", pat(1000, (K * C, 1)), "dram",
           pat(8192 + t * K * C, (K * C, 1)))
    c.halt()
stats, out = run_sim(prog.build(), work, "replicas", {"x": x})
want = np.stack([1.0 + f64(x[t]) @ f64(W) for t in range(4)])
want[2, K // 2:] = 1.0 + f64(x[2, K // 2:]) @ f64(W2)
check.close("replicas sharing preloaded weights, one reprogrammed",
            out["y"], want, **TOL)
check.eq("replicas: useful MACs", stats["counts"]["macs_useful"],
         4 * K * R * C)

# 6. A group preloaded from the weight segment computes with the weights
#    of load time, also when an instruction overwrites the segment in DRAM
#    before its MVMs (zara-sim otherwise reads preloaded weights in place;
#    docs/Simulator.md, "Memory"), in both modes.
R, C = 8, 5
W = rng.standard_normal((R, C)).astype(np.float32)
W2 = rng.standard_normal((R, C)).astype(np.float32)
x = rng.standard_normal((2, R)).astype(np.float32)
prog = Program(dram_size=8192)
prog.set_weights(W.ravel(), address=4096)
prog.input("x", [2, R], 0)
prog.input("w2", [R * C], 100)
prog.output("y", [2, C], 200)
prog.output("segment", [R * C], 4096)
g = prog.group(0, 0, 0, 1, R, C, preload=pat(4096, (R * C, 1)))
c = prog.core(0, 0)
c.move("dram", pat(100, (R * C, 1)), "dram", pat(4096, (R * C, 1)))
c.move("dram", pat(0, (2 * R, 1)), "buffer", pat(0, (2 * R, 1)))
c.loop(2)
c.mvm(g, pat(0, (R, 1), loop=(R,)), pat(100, (C, 1), loop=(C,)))
c.end_loop()
c.move("buffer", pat(100, (2 * C, 1)), "dram", pat(200, (2 * C, 1)))
c.halt()
for mode in ("ideal", "quantized"):
    stats, out = run_sim(prog.build(), work, "segment-" + mode,
                         {"x": x, "w2": W2.ravel()}, args=("--mode", mode))
    check.close(f"weight segment overwritten after preload ({mode})",
                out["y"], f64(x) @ f64(W),
                **(TOL if mode == "ideal" else dict(rtol=0.05, atol=0.05)))
    check.close(f"weight segment holds the new values ({mode})",
                out["segment"], W2.ravel(), rtol=0, atol=0)

# 7. Preloads straight from the program's weights (docs/Simulator.md,
#    "Memory"): the rows of a wider matrix (32 of 48 columns: computed in
#    place, at the row stride) shared by a replica on another tile and
#    reprogrammed in part (rows 2..4) half-way; a transposed matrix
#    (copied); parameters in the segment that a move reads; segment
#    elements an output shows. In both modes.
R, WIDE, C, CB = 8, 48, 32, 5
A = rng.standard_normal((R, WIDE)).astype(np.float32)
WT = rng.standard_normal((R, CB)).astype(np.float32)
P = rng.standard_normal(CB).astype(np.float32)
NEW = rng.standard_normal((3, C)).astype(np.float32)
x = rng.standard_normal((4, R)).astype(np.float32)
SEG, SEG_T = 4096, 4096 + R * WIDE
SEG_P = SEG_T + R * CB
prog = Program(dram_size=8192)
prog.set_weights(np.concatenate([A.ravel(), WT.T.ravel(), P]), address=SEG)
prog.input("x", [4, R], 0)
prog.input("new", [3 * C], 100)
prog.output("ya", [4, C], 1000)
prog.output("yr", [4, C], 1200)
prog.output("yb", [4, CB], 1400)
prog.output("shown", [16], SEG + 8)
wide = pat(SEG + 16, (R, WIDE), (C, 1))
ga = prog.group(0, 0, 0, 2, R, C, preload=wide)
gr = prog.group(1, 0, 0, 2, R, C, preload=wide)
gb = prog.group(0, 0, 2, 1, R, CB, preload=pat(SEG_T, (R, 1), (CB, R)))
c = prog.core(0, 0)
c.move("dram", pat(0, (4 * R, 1)), "buffer", pat(0, (4 * R, 1)))
c.loop(2)
c.mvm(ga, pat(0, (R, 1), loop=(R,)), pat(200, (C, 1), loop=(C,)))
c.end_loop()
c.program_xbar(ga, pat(100, (3 * C, 1)), whole=False, row_begin=2,
               row_count=3)
c.loop(2)
c.mvm(ga, pat(2 * R, (R, 1), loop=(R,)), pat(200 + 2 * C, (C, 1), loop=(C,)))
c.end_loop()
c.move("buffer", pat(200, (4 * C, 1)), "dram", pat(1000, (4 * C, 1)))
c.move("dram", pat(SEG_P, (CB, 1)), "buffer", pat(400, (CB, 1)))
c.loop(4)
c.mvm(gb, pat(0, (R, 1), loop=(R,)), pat(500, (CB, 1), loop=(CB,)))
c.alu("add", pat(500, (CB, 1), loop=(CB,)), a=pat(500, (CB, 1), loop=(CB,)),
      b=pat(400, (CB, 1)))
c.end_loop()
c.move("buffer", pat(500, (4 * CB, 1)), "dram", pat(1400, (4 * CB, 1)))
c.halt()
r = prog.core(1, 0)
r.move("dram", pat(0, (4 * R, 1)), "buffer", pat(0, (4 * R, 1)))
r.loop(4)
r.mvm(gr, pat(0, (R, 1), loop=(R,)), pat(200, (C, 1), loop=(C,)))
r.end_loop()
r.move("buffer", pat(200, (4 * C, 1)), "dram", pat(1200, (4 * C, 1)))
r.halt()
old = A[:, 16:16 + C]
new = old.copy()
new[2:5] = NEW
for mode in ("ideal", "quantized"):
    stats, out = run_sim(prog.build(), work, "file-weights-" + mode,
                         {"x": x, "new": NEW.ravel()}, args=("--mode", mode))
    tol = TOL if mode == "ideal" else dict(rtol=0.05, atol=0.05)
    check.close(f"strided preload, reprogrammed in part ({mode})", out["ya"],
                np.concatenate([f64(x[:2]) @ f64(old), f64(x[2:]) @ f64(new)]),
                **tol)
    check.close(f"strided preload's replica keeps it ({mode})", out["yr"],
                f64(x) @ f64(old), **tol)
    check.close(f"transposed preload, parameters from the segment ({mode})",
                out["yb"], f64(x) @ f64(WT) + f64(P), **tol)
    check.close(f"an output shows segment elements ({mode})", out["shown"],
                A.ravel()[8:24], rtol=0, atol=0)

check.finish()
print("ALL OK")
