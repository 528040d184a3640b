#!/usr/bin/env python3
"""Simulator speed: instructions/s and MACs/s of zara-sim in ideal,
quantized (lossless ADC: the integer fast path) and quantized bit-sliced
(a 4-bit ADC that can saturate) modes, on generated programs, and the
ideal mode's MAC throughput against an fp32 GEMM of the same sizes
(Debian's OpenBLAS, one thread, like zara-sim).

    /usr/bin/python3 bench/sim_throughput.py [--build build] [--quick]

Programs (built with test/Sim/Inputs/zara_asm.py):
  gemm    one core, a 128 x 128 group (8 crossbars), B input vectors in
          chunks of 128 (DRAM -> tile buffer, 128 MVMs, tile buffer ->
          DRAM): the GEMM (B x 128) x (128 x 128)
  small   one core, a 16 x 16 group, B MVMs: instruction-bound
  cores   8 cores on 8 tiles, each the gemm program on B/8 vectors
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def build_programs(batch, small_batch, repeat, small_repeat=None):
    small_repeat = small_repeat or repeat
    from zara_asm import Program, pat
    import numpy as np
    rng = np.random.default_rng(0)
    out = {}

    def gemm_core(prog, tile, vectors, x_addr, y_addr, w_addr, group):
        c = prog.core(tile=tile, core=0)
        c.program_xbar(group, pat(w_addr, (128 * 128, 1)))
        chunk = 128 * 128
        # The whole batch `repeat` times (the same inputs again: the run
        # measures the simulator, not the reading of input files).
        c.loop(repeat)
        c.loop(vectors // 128)
        c.move("dram", pat(x_addr, (chunk, 1), loop=[0, chunk]), "buffer",
               pat(0, (chunk, 1)))
        c.loop(128)
        c.mvm(group, pat(0, (128, 1), loop=[0, 0, 128]),
              pat(chunk, (128, 1), loop=[0, 0, 128]))
        c.end_loop()
        c.move("buffer", pat(chunk, (chunk, 1)), "dram",
               pat(y_addr, (chunk, 1), loop=[0, chunk]))
        c.end_loop()
        c.end_loop()

    def gemm(vectors, cores):
        per = vectors // cores
        n = per * 128
        prog = Program(dram_size=cores * 2 * n + 128 * 128)
        w_addr = cores * 2 * n
        prog.set_weights(rng.standard_normal(128 * 128) * 0.1, w_addr)
        for k in range(cores):
            prog.input(f"x{k}", [per, 128], k * 2 * n)
            prog.output(f"y{k}", [per, 128], k * 2 * n + n)
            g = prog.group(k, 0, 0, 8, 128, 128)
            gemm_core(prog, k, per, k * 2 * n, k * 2 * n + n, w_addr, g)
        inputs = {f"x{k}": rng.standard_normal((per, 128)).astype(np.float32)
                  for k in range(cores)}
        return prog.build(), inputs

    out["gemm"] = gemm(batch, 1)
    out["cores"] = gemm(batch, 8)
    prog = Program(dram_size=16 * 16 + 16 * small_batch * 2)
    prog.set_weights(rng.standard_normal(256), 0)
    prog.input("x", [small_batch, 16], 256)
    g = prog.group(0, 0, 0, 1, 16, 16)
    c = prog.core()
    c.program_xbar(g, pat(0, (256, 1)))
    c.move("dram", pat(256, (16 * 1024, 1)), "buffer", pat(0, (16 * 1024, 1)))
    c.loop(small_repeat * small_batch // 1024)
    c.loop(1024)
    c.mvm(g, pat(0, (16, 1), loop=[0, 16]), pat(16384, (16, 1), loop=[0, 16]))
    c.end_loop()
    c.end_loop()
    out["small"] = (prog.build(),
                    {"x": rng.standard_normal((small_batch, 16)).astype(
                        np.float32)})
    return out


def run_sim(sim, workdir, name, data, inputs, args):
    import numpy as np
    path = os.path.join(workdir, name + ".zara")
    with open(path, "wb") as f:
        f.write(data)
    cmd = [sim, path, "--quiet", "--stats", os.path.join(workdir, "s.json")]
    for key, value in inputs.items():
        npy = os.path.join(workdir, f"{name}.{key}.npy")
        if not os.path.exists(npy):
            np.save(npy, value)
        cmd += ["--input", f"{key}={npy}"]
    # Best of three: the machine is shared, the minimum is the least
    # disturbed run.
    seconds = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(cmd + args, check=True)
        seconds = min(seconds, time.perf_counter() - start)
    with open(os.path.join(workdir, "s.json")) as f:
        stats = json.load(f)
    return seconds, stats


def openblas_gemm(m, k, n):
    """MACs/s of one-thread OpenBLAS sgemm on (m x k) (k x n)."""
    import numpy as np
    path = None
    for candidate in ["libopenblas.so.0", ctypes.util.find_library("openblas")]:
        if candidate:
            try:
                lib = ctypes.CDLL(candidate)
                path = candidate
                break
            except OSError:
                pass
    if path is None:
        return None, "OpenBLAS not found (apt install libopenblas-dev)"
    lib.openblas_set_num_threads(1)
    a = np.random.default_rng(1).standard_normal((m, k)).astype(np.float32)
    b = np.random.default_rng(2).standard_normal((k, n)).astype(np.float32)
    c = np.zeros((m, n), np.float32)
    P = ctypes.POINTER(ctypes.c_float)
    args = (101, 111, 111, m, n, k, ctypes.c_float(1.0),
            a.ctypes.data_as(P), k, b.ctypes.data_as(P), n,
            ctypes.c_float(0.0), c.ctypes.data_as(P), n)
    lib.cblas_sgemm(*args)
    seconds = float("inf")  # best single call over a second of calls
    start = time.perf_counter()
    while time.perf_counter() - start < 1.0:
        t = time.perf_counter()
        lib.cblas_sgemm(*args)
        seconds = min(seconds, time.perf_counter() - t)
    if not np.allclose(c, a @ b, rtol=1e-3, atol=1e-3):
        return None, "OpenBLAS result differs from numpy"
    return m * k * n / seconds, f"OpenBLAS sgemm, 1 thread ({path})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(SRC, "build"))
    parser.add_argument("--quick", action="store_true",
                        help="smaller programs (a smoke test)")
    opts = parser.parse_args()
    sys.path[:0] = [os.path.join(opts.build, "python"),
                    os.path.join(SRC, "test", "Sim", "Inputs")]
    sim = os.path.join(opts.build, "bin", "zara-sim")
    batch = 2048 if opts.quick else 16384
    small = 16384
    repeat = 1 if opts.quick else 16
    programs = build_programs(batch, small, repeat, 1 if opts.quick else 192)

    modes = [("ideal", ["--mode", "ideal"]),
             ("quantized, lossless ADC", ["--mode", "quantized"]),
             ("quantized, 4-bit ADC (bit-sliced)",
              ["--mode", "quantized", "--hw-override", "adc.bits=4"])]
    rows = []
    ideal_gemm = None
    with tempfile.TemporaryDirectory() as work:
        for name in ["gemm", "cores", "small"]:
            data, inputs = programs[name]
            for mode, args in modes:
                if "bit-sliced" in mode:
                    # 128 crossbar reads per MVM: a smaller run of the same
                    # shape.
                    if name == "cores":
                        continue
                    data_q, inputs_q = build_programs(1024, 16384, 1)[name]
                    seconds, stats = run_sim(sim, work, name + "_q", data_q,
                                             inputs_q, args)
                else:
                    seconds, stats = run_sim(sim, work, name, data, inputs,
                                             args)
                c = stats["counts"]
                rows.append((name, mode, seconds, c["instructions"] / seconds,
                             c["macs_issued"] / seconds, stats["cycles"]))
                if name == "gemm" and mode == "ideal":
                    ideal_gemm = c["macs_issued"] / seconds

    print(f"zara-sim throughput ({'quick' if opts.quick else 'full'} run)")
    print(f"{'program':8} {'mode':36} {'wall s':>8} {'instr/s':>12} "
          f"{'MACs/s':>12} {'sim cycles':>12}")
    for name, mode, seconds, ips, macs, cycles in rows:
        print(f"{name:8} {mode:36} {seconds:8.3f} {ips:12.3e} {macs:12.3e} "
              f"{cycles:12d}")
    gemm_rate, what = openblas_gemm(batch, 128, 128)
    if gemm_rate is None:
        print(f"GEMM: {what}")
        return
    print(f"\nfp32 GEMM ({batch} x 128) x (128 x 128) (the gemm program's "
          f"shape, which runs it {repeat} times), {what}: "
          f"{gemm_rate:.3e} MACs/s")
    print(f"ideal-mode MACs/s / GEMM MACs/s = {ideal_gemm / gemm_rate:.2f}")


if __name__ == "__main__":
    main()
