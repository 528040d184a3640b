#!/usr/bin/env python3
"""Import benchmark: the ONNX import of the DCGAN-64 generator.

    /usr/bin/python3 bench/import_dcgan.py [--runs 7] [--build build]

Generates out/dcgan_g.onnx with python/zara_models when absent, then runs

    zara-compile dcgan_g.onnx --emit=reram -o /dev/null

under `/usr/bin/time -v` several times and prints every run, the median
wall time and the median peak resident set size, and the ratio of peak RSS
to the ONNX file size, against the targets of the foundation issue:
import in under 0.5 s, peak memory under 3x the file size.

Peak RSS includes the pages of libLLVM and libMLIR that every zara-compile
run touches (tens of MiB, more than the model). So the script also measures
a baseline, zara-compile importing a one-node model, and judges the memory
target on the increment over it: the memory the model itself costs.

The targets are judged on the import itself, measured by
build/bin/zara-import-bench (bench/zara-import-bench.cpp): it calls
zara::importONNX, the first step of zara-compile, and reports the import's
wall time and how much the process's peak RSS grew during it. The whole
zara-compile command (import plus printing the IR, whose weights MLIR
prints as hex strings) is measured and printed beside it.

Printed figures, not a test: the exit code is 0 whenever zara-compile
succeeds. See bench/README.md.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_SECONDS = 0.5
TARGET_RSS_RATIO = 3.0


def parse_elapsed(text):
    """Seconds from time -v's "h:mm:ss" or "m:ss.ss"."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def run_once(compile_path, model, must_succeed=True):
    cmd = ["/usr/bin/time", "-v", compile_path, model, "--emit=reram",
           "-o", os.devnull]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 0 and must_succeed:
        sys.stderr.write(err)
        sys.exit(f"import_dcgan: zara-compile failed (exit code "
                 f"{p.returncode})")
    wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if not wall or not rss:
        sys.exit("import_dcgan: cannot read /usr/bin/time -v output:\n" + err)
    return parse_elapsed(wall.group(1)), int(rss.group(1)) * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build", default=os.environ.get(
        "ZARA_BUILD_DIR", os.path.join(ROOT, "build")),
        help="build directory (default $ZARA_BUILD_DIR or ./build)")
    parser.add_argument("--out", default=os.environ.get(
        "ZARA_OUT", os.path.join(ROOT, "out")),
        help="where dcgan_g.onnx is (generated when absent)")
    args = parser.parse_args()

    if not os.path.exists("/usr/bin/time"):
        sys.exit("import_dcgan: /usr/bin/time is missing "
                 "(scripts/install-deps.sh installs the 'time' package)")
    compile_path = os.path.join(args.build, "bin", "zara-compile")
    if not os.path.exists(compile_path):
        sys.exit(f"import_dcgan: {compile_path} not found; build first "
                 "(bash scripts/build.sh)")
    model = os.path.join(args.out, "dcgan_g.onnx")
    if not os.path.exists(model):
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
        subprocess.run(["/usr/bin/python3", "-m", "zara_models.export",
                        "--out", args.out, "--models", "dcgan_g"],
                       env=env, check=True)
    size = os.path.getsize(model)

    # A one-node model for the baseline: Relu on 1x4 floats.
    import onnx
    from onnx import TensorProto, helper

    tiny = os.path.join(args.out, "bench_tiny_relu.onnx")
    vi = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 4])
    onnx.save(helper.make_model(
        helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "tiny",
                          [vi("x")], [vi("y")]),
        opset_imports=[helper.make_opsetid("", 13)]), tiny)
    # The baseline need not import (an importer that is still incomplete
    # loads the same libraries).
    base = statistics.median(
        run_once(compile_path, tiny, must_succeed=False)[1]
        for _ in range(3))

    # One untimed run warms the page cache, so every timed run reads the
    # model from memory.
    run_once(compile_path, model)
    walls, rsss = [], []
    for i in range(args.runs):
        wall, rss = run_once(compile_path, model)
        walls.append(wall)
        rsss.append(rss)
        print(f"run {i + 1}: {wall:.2f} s, peak RSS {rss / 2**20:.1f} MiB")

    # The import alone, in-process.
    bench_path = os.path.join(args.build, "bin", "zara-import-bench")
    if not os.path.exists(bench_path):
        sys.exit(f"import_dcgan: {bench_path} not found; build first "
                 "(bash scripts/build.sh)")
    import_walls, import_growths = [], []
    for _ in range(args.runs):
        p = subprocess.run([bench_path, model], capture_output=True,
                           text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            sys.exit("import_dcgan: zara-import-bench failed")
        fields = dict(line.split() for line in p.stdout.splitlines())
        import_walls.append(float(fields["import_seconds"]))
        import_growths.append(int(fields["import_rss_growth_bytes"]))
    import_wall = statistics.median(import_walls)
    import_growth = statistics.median(import_growths)

    wall = statistics.median(walls)
    rss = statistics.median(rsss)
    ratio = rss / size
    model_ratio = (rss - base) / size
    verdict = lambda ok: "ok" if ok else "OVER TARGET"
    mib = lambda b: f"{b / 2**20:.1f} MiB"
    print(f"model:     {model} ({mib(size)})")
    print("import (zara-import-bench, the targets):")
    print(f"  wall time:      median {import_wall:.3f} s of {args.runs} runs "
          f"(target < {TARGET_SECONDS} s: "
          f"{verdict(import_wall < TARGET_SECONDS)})")
    print(f"  peak RSS growth: median {mib(import_growth)} = "
          f"{import_growth / size:.2f}x the file (target < "
          f"{TARGET_RSS_RATIO:.0f}x: "
          f"{verdict(import_growth / size < TARGET_RSS_RATIO)})")
    print("whole command (zara-compile --emit=reram -o /dev/null: import and "
          "printing):")
    print(f"  wall time:      median {wall:.2f} s of {args.runs} runs")
    print(f"  peak RSS:       median {mib(rss)} = {ratio:.2f}x the file; "
          f"baseline (one-node model) {mib(base)}")
    print(f"  peak - baseline: {mib(rss - base)} = {model_ratio:.2f}x the "
          f"file (printing the weights as hex text costs the rest)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
