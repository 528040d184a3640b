#!/usr/bin/env python3
"""Compile and simulation speed on DCGAN-64: zara-compile to programs, and
zara-sim against PyTorch on the CPU.

    /usr/bin/python3 bench/compile_simulate.py [--out DIR] [--runs 5]
        [--batch 16] [--sim-runs 3] [--sim-threads 1|2] [--torch-runs 10]
        [--torch-threads N]

1. Compile time: compiles the DCGAN-64 generator and discriminator
   (python/zara_models, batch 1, default hardware, --deform=subconv) to
   programs, `zara-compile M.onnx -o M.zara` (the default --emit=program),
   G then D, after one untimed pair (page cache). Prints each model's and the
   pair's median wall time over --runs runs, against the target: both
   together in under 2 s.
2. Simulation time: compiles the generator with --batch 16 and runs
   `zara-sim G.zara --mode ideal --input z=Z.npy --output-dir ... --stats ...`
   (end to end: loading the program and input, simulating, writing the
   output) on 16 seeded random z (16x100x1x1, N(0, 1), float32), median of
   --sim-runs runs (with `--threads` when --sim-threads is given, else
   zara-sim's default: 2 on a host with two hardware threads); in the
   same run, times PyTorch's forward pass of the
   same generator (zara_models.dcgan.make_generator(), the weights the ONNX
   file holds; eval mode, torch.no_grad, the same 16 z) on the CPU, median
   of --torch-runs passes after two warm-up passes. The two take turns:
   each zara-sim run is followed by its share of the PyTorch passes (two
   each with the defaults), so that a burst of load on a shared machine
   falls on both sides rather than on one. Prints both, the ratio
   sim/PyTorch against the target (at most 3x), PyTorch's thread count
   (--torch-threads sets it; default: PyTorch's own choice), the simulated
   cycles and time, and the largest relative error of the simulated output
   against PyTorch's (max|sim - torch| / max|torch|), a sanity check.
   The ratio is judged on wall time; the CPU-time ratio (user + system of
   each side, all its threads) is printed too: it varies less on a machine
   shared with other jobs. (PyTorch reports one intra-op thread here, yet
   Debian's OpenBLAS runs a second: its CPU time is about twice its wall
   time.)

The models are read from --out (default $ZARA_OUT or ./out) and exported
there with `python -m zara_models.export` when absent, the files
scripts/run-example.sh writes. The tools are taken from $ZARA_BUILD_DIR/bin
(default ./build/bin).

Printed figures, not a test (bench/README.md): the exit code is 0 whenever
the tools ran, whether or not a target is met; 1 when a tool failed (the
other half's figures are still printed).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_COMPILE_SECONDS = 2.0
TARGET_SIM_RATIO = 3.0
NZ = 100


def verdict(ok):
    return "ok" if ok else "OVER TARGET"


def ensure_models(out):
    missing = [m for m in ("dcgan_g", "dcgan_d")
               if not os.path.exists(os.path.join(out, m + ".onnx"))]
    if missing:
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
        subprocess.run(["/usr/bin/python3", "-m", "zara_models.export",
                        "--out", out, "--models", *missing],
                       env=env, check=True)


class ToolError(Exception):
    pass


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_timed(cmd, with_cpu=False):
    """Runs cmd; returns its wall time in seconds (and, with_cpu, also its
    user + system CPU time). Raises ToolError with the command's stderr when
    it fails."""
    cpu0 = children_cpu()
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    cpu = children_cpu() - cpu0
    if p.returncode != 0:
        raise ToolError(f"{' '.join(cmd)}\n  exit code {p.returncode}: "
                        + p.stderr.decode("utf-8", "replace").strip())
    return (wall, cpu) if with_cpu else wall


def check_program(path):
    """Raises ToolError unless path is a zara program: a FlatBuffer with the
    file identifier "ZARA" (docs/ProgramFormat.md)."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head[4:8] != b"ZARA":
        raise ToolError(f"{path} is not a zara program (file identifier "
                        f"{head[4:8]!r}): zara-compile does not emit "
                        f"programs yet?")


def bench_compile(compile_path, models, tmp, runs):
    """Median wall times of compiling each model to a program, and of the
    pair, over `runs` runs."""
    def one_pair():
        return [run_timed([compile_path, onnx, "-o",
                           os.path.join(tmp, name + ".zara")])
                for name, onnx in models]

    one_pair()  # untimed: page cache
    for name, _ in models:
        check_program(os.path.join(tmp, name + ".zara"))
    per_run = []
    for i in range(runs):
        walls = one_pair()
        per_run.append(walls)
        print(f"  run {i + 1}: " + ", ".join(
            f"{name} {w:.3f} s" for (name, _), w in zip(models, walls))
            + f"; together {sum(walls):.3f} s")
    per_model = [statistics.median(r[i] for r in per_run)
                 for i in range(len(models))]
    together = statistics.median(sum(r) for r in per_run)
    return per_model, together


class TorchForward:
    """PyTorch's forward pass of the generator on batch_z, timed pass by
    pass (after two untimed warm-up passes)."""

    def __init__(self, batch_z, threads):
        sys.path.insert(0, os.path.join(ROOT, "python"))
        import torch
        from zara_models import dcgan

        self.torch = torch
        if threads:
            torch.set_num_threads(threads)
        self.threads = torch.get_num_threads()
        self.model = dcgan.make_generator().eval()
        self.z = torch.from_numpy(batch_z)
        self.walls, self.cpus = [], []
        with torch.no_grad():
            for _ in range(2):  # warm-up: allocator, oneDNN primitive caches
                self.y = self.model(self.z)

    def passes(self, n):
        with self.torch.no_grad():
            for _ in range(n):
                cpu0 = time.process_time()
                start = time.perf_counter()
                self.y = self.model(self.z)
                self.walls.append(time.perf_counter() - start)
                self.cpus.append(time.process_time() - cpu0)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.environ.get(
        "ZARA_OUT", os.path.join(ROOT, "out")),
        help="where dcgan_{g,d}.onnx are (exported when absent)")
    parser.add_argument("--runs", type=int, default=5,
                        help="compile runs (default 5)")
    parser.add_argument("--batch", type=int, default=16,
                        help="batch of the simulation (default 16)")
    parser.add_argument("--sim-runs", type=int, default=3,
                        help="zara-sim runs (default 3)")
    parser.add_argument("--sim-threads", type=int, choices=(1, 2),
                        help="zara-sim --threads (default: its own choice)")
    parser.add_argument("--torch-runs", type=int, default=10,
                        help="PyTorch forward passes (default 10)")
    parser.add_argument("--torch-threads", type=int, default=0,
                        help="PyTorch's intra-op threads (default: its own "
                             "choice)")
    args = parser.parse_args()

    build = os.environ.get("ZARA_BUILD_DIR", os.path.join(ROOT, "build"))
    compile_path = os.path.join(build, "bin", "zara-compile")
    sim_path = os.path.join(build, "bin", "zara-sim")
    for tool in (compile_path, sim_path):
        if not os.path.exists(tool):
            sys.exit(f"compile_simulate: {tool} not found; build first "
                     "(bash scripts/build.sh zara-compile zara-sim)")
    ensure_models(args.out)
    g_onnx = os.path.join(args.out, "dcgan_g.onnx")
    d_onnx = os.path.join(args.out, "dcgan_d.onnx")
    failed = False

    with tempfile.TemporaryDirectory(prefix="zara-bench-") as tmp:
        # 1. Compile time.
        print(f"== compile time: zara-compile M.onnx -o M.zara "
              f"(batch 1, {args.runs} runs)")
        try:
            per_model, together = bench_compile(
                compile_path, [("dcgan_g", g_onnx), ("dcgan_d", d_onnx)],
                tmp, args.runs)
            print(f"  dcgan_g: median {per_model[0]:.3f} s")
            print(f"  dcgan_d: median {per_model[1]:.3f} s")
            print(f"  G and D together: median {together:.3f} s (target < "
                  f"{TARGET_COMPILE_SECONDS:.0f} s: "
                  f"{verdict(together < TARGET_COMPILE_SECONDS)})")
        except ToolError as e:
            print(f"  FAILED: {e}")
            failed = True

        # 2. Simulation time against PyTorch.
        import numpy as np
        rng = np.random.default_rng(16)
        z = rng.standard_normal((args.batch, NZ, 1, 1)).astype(np.float32)
        z_path = os.path.join(tmp, f"z{args.batch}.npy")
        np.save(z_path, z)
        program = os.path.join(tmp, f"dcgan_g.b{args.batch}.zara")
        out_dir = os.path.join(tmp, "sim")
        stats_path = os.path.join(tmp, "stats.json")
        print()
        sim_threads = (["--threads", str(args.sim_threads)]
                       if args.sim_threads else [])
        print(f"== simulation time: the generator at batch {args.batch}, "
              f"zara-sim --mode ideal "
              f"{' '.join(sim_threads) or '(default threads)'} vs PyTorch "
              f"(CPU)")
        sim_walls, sim_cpus = [], []
        torch_fwd = TorchForward(z, args.torch_threads)
        # The two sides take turns, a zara-sim run then its share of the
        # PyTorch passes, so that a burst of load on a shared machine
        # falls on both rather than on one.
        rounds = max(args.sim_runs, 1)
        shares = [args.torch_runs // rounds
                  + (1 if i < args.torch_runs % rounds else 0)
                  for i in range(rounds)]
        try:
            compile_wall = run_timed([compile_path, g_onnx, "--batch",
                                      str(args.batch), "-o", program])
            check_program(program)
            print(f"  zara-compile dcgan_g.onnx --batch {args.batch}: "
                  f"{compile_wall:.3f} s, program "
                  f"{os.path.getsize(program) / 2**20:.1f} MiB")
            for i in range(args.sim_runs):
                wall, cpu = run_timed(
                    [sim_path, program, "--mode", "ideal", "--quiet",
                     "--input", f"z={z_path}", "--output-dir", out_dir,
                     "--stats", stats_path] + sim_threads, with_cpu=True)
                sim_walls.append(wall)
                sim_cpus.append(cpu)
                first = len(torch_fwd.walls)
                torch_fwd.passes(shares[i])
                print(f"  zara-sim run {i + 1}: {wall:.3f} s "
                      f"(CPU {cpu:.3f} s); then PyTorch: " + ", ".join(
                          f"{w:.4f} s" for w in torch_fwd.walls[first:]))
        except ToolError as e:
            print(f"  FAILED: {e}")
            failed = True
            sim_walls, sim_cpus = [], []
        torch_fwd.passes(args.torch_runs - len(torch_fwd.walls))
        torch_walls, torch_cpus = torch_fwd.walls, torch_fwd.cpus
        y_torch, threads = torch_fwd.y.numpy(), torch_fwd.threads
        torch_wall = statistics.median(torch_walls)
        torch_cpu = statistics.median(torch_cpus)
        print(f"  PyTorch forward (torch threads {threads}, "
              f"{args.torch_runs} passes): "
              f"median {torch_wall:.4f} s "
              f"(min {min(torch_walls):.4f}, max {max(torch_walls):.4f}; "
              f"CPU median {torch_cpu:.4f} s)")
        if sim_walls:
            sim_wall = statistics.median(sim_walls)
            sim_cpu = statistics.median(sim_cpus)
            ratio = sim_wall / torch_wall
            print(f"  zara-sim: median {sim_wall:.3f} s of {args.sim_runs} "
                  f"runs (CPU median {sim_cpu:.3f} s)")
            print(f"  zara-sim / PyTorch, wall time: {ratio:.2f}x (target <= "
                  f"{TARGET_SIM_RATIO:.0f}x: "
                  f"{verdict(ratio <= TARGET_SIM_RATIO)})")
            # On a loaded machine CPU time varies less than wall time.
            print(f"  zara-sim / PyTorch, CPU time:  "
                  f"{sim_cpu / torch_cpu:.2f}x")
            with open(stats_path) as f:
                stats = json.load(f)
            counts = stats["counts"]
            print(f"  simulated: {stats['cycles']:,} cycles = "
                  f"{stats['time_ns'] / 1e3:,.1f} us, "
                  f"{stats['energy_pj']['total'] / 1e6:,.2f} uJ, "
                  f"{counts['instructions']:,} instructions, "
                  f"{counts['macs_issued']:,} MACs issued "
                  f"({counts['macs_issued'] / sim_wall / 1e9:.2f} G MACs/s "
                  f"of host time)")
            y_sim = np.load(os.path.join(out_dir, "image.npy"))
            if y_sim.shape == y_torch.shape:
                err = (np.max(np.abs(y_sim.astype(np.float64) - y_torch))
                       / np.max(np.abs(y_torch)))
                print(f"  output vs PyTorch: max relative error {err:.2e}")
            else:
                print(f"  output vs PyTorch: shapes differ ({y_sim.shape} "
                      f"vs {y_torch.shape})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
