#!/usr/bin/env python3
"""Programs built without the dialect, imported and exported.

Builds programs with the simulator tests' assembler (test/Sim/Inputs/
zara_asm.py: python3-flatbuffers, its own field order, every field written,
empty vectors present) and, for each:

1. imports it (I0) and exports that (F1): the canonical file;
2. imports F1 (I1) and exports again (F2): F2 must equal F1 byte for byte
   (canonical files are a fixed point), and F1 must import as the original
   does (apart from the byte offsets that locate ops without a debug
   entry);
3. runs zara-sim on the original and on F1 with the same inputs: outputs,
   cycles, energies and every count must be identical (the export kept
   everything the simulator reads).

Also says whether the original itself was canonical (it is not: the
assembler's field order differs from flatc's C++ code), which only shows
that the comparison is not vacuous.

Usage: sim_built.py WORKDIR  (zara-translate and zara-sim on PATH)
"""

import json
import os
import subprocess
import sys

import numpy as np

from zara_asm import Program, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
failed = False


def programs():
    """(name, program, inputs) triples."""
    rng = np.random.default_rng(3)

    # A fully connected layer over a batch of 3 in a loop, with weights
    # from the segment, bias, activation and debug entries (one with the
    # assembler's default location text, one with a location that is not
    # MLIR syntax, which the importer reads as the node name alone).
    p = Program(dram_size=1024, producer="sim_built.py")
    p.input("x", [3, 8], 0)
    p.output("y", [3, 4], 100)
    w = rng.standard_normal((8, 4)).astype(np.float32)
    p.set_weights(np.concatenate([w.ravel(), [0.5, -1.0, 0.25, 2.0]]), 500)
    g = p.group(tile=0, core=0, first=0, num=1, rows=8, cols=4)
    fc = p.debug_entry("fc")
    act = p.debug_entry("act", "model.onnx line 7")
    c = p.core(tile=0, core=0)
    c.program_xbar(g, pat(500, (32, 1)), debug=fc)
    c.move("dram", pat(532, (4, 1)), "buffer", pat(900, (4, 1)), debug=fc)
    c.loop(3, debug=fc)
    c.move("dram", pat(0, (8, 1), loop=(8,)), "buffer", pat(0, (8, 1)),
           debug=fc)
    c.mvm(g, pat(0, (8, 1)), pat(16, (4, 1)), debug=fc)
    c.alu("add", pat(16, (4, 1)), a=pat(16, (4, 1)), b=pat(900, (4, 1)),
          debug=fc)
    c.alu("leaky_relu", pat(16, (4, 1)), a=pat(16, (4, 1)), imm=0.2,
          debug=act)
    c.move("buffer", pat(16, (4, 1)), "dram", pat(100, (4, 1), loop=(4,)),
           debug=act)
    c.end_loop(debug=fc)
    c.halt()
    yield "fc", p, {"x": rng.standard_normal((3, 8))}

    # Two tiles: a send/recv pair, barriers, nested loops whose patterns
    # carry trailing zero coefficients (the canonical form drops them),
    # fills with both tags.
    p = Program(dram_size=512)
    p.input("x", [16], 0)
    p.output("y", [16], 100)
    p.output("z", [4], 200)
    p.barrier_decl(0, [0, 1])
    p.barrier_decl(5, [1])
    a = p.core(tile=0, core=0)
    a.move("dram", pat(0, (16, 1)), "buffer", pat(0, (16, 1)))
    a.loop(2)
    a.loop(2)
    a.alu("mul_imm", pat(0, (4, 1), loop=(8, 4)), a=pat(0, (4, 1),
          loop=(8, 4)), imm=3.0)
    a.fill("buffer", pat(50, loop=(1, 0)), value=2.0)
    a.end_loop()
    a.end_loop()
    a.send(2, 1, pat(0, (16, 1)))
    a.barrier(0)
    b = p.core(tile=2, core=1)
    b.fill("buffer", pat(40, (4, 1)), value=1.5, tag="original")
    b.fill("buffer", pat(44, (4, 1)))
    b.recv(0, 1, pat(0, (4, 4), (4, 1)))
    b.barrier(0)
    b.barrier(5)
    b.move("buffer", pat(0, (16, 1)), "dram", pat(100, (16, 1)))
    b.move("buffer", pat(40, (2, 4), (2, 1)), "dram", pat(200, (4, 1)))
    yield "multicore", p, {"x": np.arange(16)}

    # Differential weights, row-wise programming with a loop, accumulate.
    hw = Program().hw
    hw["numerics"]["signed_weights"] = "differential"
    hw["crossbar"]["rows"] = 16
    p = Program(dram_size=2048, hw=hw)
    p.input("x", [32], 0)
    p.output("y", [4], 64)
    p.set_weights(rng.integers(-4, 5, 128), 1024)
    g0 = p.group(tile=1, core=3, first=2, num=2, rows=16, cols=4)
    c = p.core(tile=1, core=3)
    c.loop(4)
    c.program_xbar(g0, pat(1024, (16, 1), loop=(16,)), whole=False,
                   row_begin=0, row_count=4)
    c.end_loop()
    c.move("dram", pat(0, (32, 1)), "buffer", pat(0, (32, 1)))
    c.mvm(g0, pat(0, (16, 1)), pat(100, (4, 1)))
    c.program_xbar(g0, pat(1088, (64, 1)))
    c.mvm(g0, pat(16, (16, 1)), pat(100, (4, 1)), accumulate=True)
    c.move("buffer", pat(100, (4, 1)), "dram", pat(64, (4, 1)))
    yield "rows", p, {"x": rng.standard_normal(32)}


def run(*cmd):
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        sys.exit("FAIL: %s: %s" % (" ".join(cmd), proc.stderr.decode()))
    return proc.stdout


def check(what, ok):
    global failed
    print(("OK " if ok else "FAIL ") + what)
    failed |= not ok


def simulate(name, path, inputs):
    args = ["zara-sim", path, "--quiet", "--output-dir", path + ".out",
            "--stats", path + ".stats.json"]
    for key, value in inputs.items():
        npy = os.path.join(work, "%s.%s.npy" % (name, key))
        np.save(npy, np.asarray(value, np.float32))
        args += ["--input", "%s=%s" % (key, npy)]
    run(*args)
    outputs = {f: np.load(os.path.join(path + ".out", f))
               for f in sorted(os.listdir(path + ".out"))}
    with open(path + ".stats.json") as f:
        return outputs, json.load(f)


for name, prog, inputs in programs():
    f0 = os.path.join(work, name + ".zara")
    with open(f0, "wb") as f:
        f.write(prog.build())
    i0 = run("zara-translate", "--import-program", f0)
    f1 = os.path.join(work, name + ".1.zara")
    i0_path = os.path.join(work, name + ".0.mlir")
    with open(i0_path, "wb") as f:
        f.write(i0)
    run("zara-translate", "--export-program", i0_path, "-o", f1)
    i1 = run("zara-translate", "--import-program", f1)
    i1_path = os.path.join(work, name + ".1.mlir")
    with open(i1_path, "wb") as f:
        f.write(i1)
    f2 = os.path.join(work, name + ".2.zara")
    run("zara-translate", "--export-program", i1_path, "-o", f2)
    bytes0, bytes1, bytes2 = (open(p, "rb").read() for p in (f0, f1, f2))
    check("%s: export of the import is canonical (%d bytes, twice)"
          % (name, len(bytes1)), bytes1 == bytes2)
    # Without locations: ops without a debug entry are located at their
    # byte offset, which differs between the two files.
    plain = [run("zara-translate", "--import-program", path,
                 "--mlir-print-debuginfo=false") for path in (f0, f1)]
    check("%s: the import of the canonical file prints as the original's"
          % name, plain[0] == plain[1])
    print("   %s: the assembler's file was %scanonical (%d bytes)"
          % (name, "" if bytes0 == bytes1 else "not ", len(bytes0)))
    out0, stats0 = simulate(name, f0, inputs)
    out1, stats1 = simulate(name, f1, inputs)
    same = out0.keys() == out1.keys() and all(
        np.array_equal(out0[k], out1[k]) for k in out0)
    check("%s: zara-sim gives the same outputs (%s)"
          % (name, ", ".join(out0)), same)
    check("%s: zara-sim gives the same statistics (%d cycles)"
          % (name, stats0["cycles"]), stats0 == stats1)

print("FAILED" if failed else "ALL OK")
sys.exit(1 if failed else 0)
