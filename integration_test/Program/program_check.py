#!/usr/bin/env python3
"""Checks of compiled zara programs (`.zara`) run by zara-sim.

The references are independent of zara: the outputs shipped with the ONNX
backend tests (ONNX's reference implementation and PyTorch), PyTorch's
outputs written by `zara_models.export`, and MAC counts computed here from
the ONNX attributes. Subcommands:

  list
      Prints the conformance models, one a line (see `conformance`).

  conformance --compile ZARA_COMPILE --sim ZARA_SIM --tmp DIR
              [--compile-arg ARG ...] [--mode ideal|quantized] [--tol T]
              [--expect-count N] [CASE ...]
      For every CASE (default: all conformance models), a directory under
      /usr/share/libonnx-testdata/data such as node/test_convtranspose:
      `zara-compile model.onnx ARG... -o model.zara` must write a program
      (file identifier ZARA), and for every test_data_set_* `zara-sim
      model.zara --input NAME=input_<k>.pb ... --output-dir D` (input k bound
      to the k-th graph input that is not an initializer) must write
      D/<output name>.npy for every graph output, float32, of the shape of
      output_<k>.pb and with
          max |actual - expected| <= T * max |expected|     (T = 1e-4)
      Prints PASS/FAIL per case (with the compile and simulation times),
      each failure's error, the summary line
          conformance ARGS: N models, P passed, F failed
      and exits 1 if any case fails (or, with --expect-count, if the
      selection does not hold exactly N models).

      The conformance models are those that ../onnx_conformance.py's
      classify() puts in scope (every node in zara's import set, float32
      tensors) and that contain at least one node of CONFORMANCE_OPS (Conv,
      ConvTranspose, Gemm, MatMul, Relu, LeakyRelu, Tanh, Sigmoid,
      BatchNormalization), from node/ and pytorch-converted/.

  compare ACTUAL.npy REFERENCE.npy (--max-rel T | --rel-l2 T)
      --max-rel: max |actual - ref| <= T * max |ref|;
      --rel-l2:  ||actual - ref||_2 <= T * ||ref||_2.
      ACTUAL must be float32 with REFERENCE's shape. Prints the measured
      error and exits 1 if it is above T.

  baseline MODEL.onnx ZERO_FREE_STATS.json ZERO_INSERT_STATS.json
           [--last N] [--min-activation-ratio A] [--min-cycle-ratio C]
      Compares two zara-sim --stats files of one model, compiled with
      --deform=subconv and --deform=zero-insert:
        - on each of the last N (3) ConvTranspose nodes, the zero-insert
          run's crossbar_activations >= A (3) x the zero-free run's;
        - total cycles: zero-insert >= C (2.5) x zero-free;
        - every layer's macs_useful is the same in both runs, equals
          useful_macs() of its ONNX node for Conv, ConvTranspose, Gemm and
          MatMul (every such node must have a layer entry) and is 0 for
          other nodes; every layer names an ONNX node;
        - counts.macs_useful is the sum over the nodes in both runs.
      Prints one line per MAC node and exits 1 listing every violation.

Run with /usr/bin/python3 (numpy; onnx for conformance and baseline).
"""

import argparse
import glob
import math
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = "/usr/share/libonnx-testdata/data"
CONFORMANCE_OPS = {"Conv", "ConvTranspose", "Gemm", "MatMul", "Relu",
                   "LeakyRelu", "Tanh", "Sigmoid", "BatchNormalization"}
TIMEOUT = 600  # seconds per tool run


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def run(cmd):
    """Runs `cmd`; returns (exit code or None on timeout, output, seconds)."""
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=TIMEOUT)
        code, out = p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        code = None
        out = (e.stdout or b"").decode("utf-8", "replace") + \
            f"timed out after {TIMEOUT} s\n"
    return code, out, time.monotonic() - start


def describe_exit(code):
    if code is None:
        return "timed out"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


def tail(text, lines=15):
    return "".join(l + "\n" for l in text.splitlines()[-lines:])


def output_file(out_dir, name):
    """Where zara-sim writes the output with ONNX name `name`."""
    return os.path.join(out_dir,
                        name.replace("/", "_").replace("\\", "_") + ".npy")


def is_program(path):
    """None if `path` starts like a zara program, else what it is."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        return f"cannot read {path}: {e}"
    if len(head) >= 8 and head[4:8] == b"ZARA":
        return None
    return (f"{path} is not a zara program (bytes 4-7 are {head[4:8]!r}, "
            f"expected b'ZARA'; first bytes {head!r})")


def max_rel_error(actual, expected):
    """(max |actual - expected|, max |expected|, index of the worst)."""
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
    return float(diff.max()), float(np.max(np.abs(expected))), worst


def check_array(actual, expected):
    """Problems other than the error bound: dtype, shape, non-finite."""
    if actual.dtype != np.float32:
        return f"dtype {actual.dtype}, expected float32"
    if actual.shape != expected.shape:
        return f"shape {actual.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(actual)):
        return f"{int(np.sum(~np.isfinite(actual)))} non-finite elements"
    return None


# ---------------------------------------------------------------------------
# Conformance
# ---------------------------------------------------------------------------

def conformance_cases():
    """The conformance models, sorted (see the module docstring)."""
    import onnx

    sys.path.insert(0, os.path.dirname(HERE))
    import onnx_conformance

    cases = []
    for case, in_scope, _ in onnx_conformance.discover():
        if not in_scope:
            continue
        graph = onnx.load(onnx_conformance.model_path(case)).graph
        if CONFORMANCE_OPS & {n.op_type for n in graph.node}:
            cases.append(case)
    return cases


def load_pb(path):
    import onnx
    from onnx import numpy_helper

    proto = onnx.TensorProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return numpy_helper.to_array(proto)


def check_conformance_case(case, args):
    """Returns (ok, report, compile seconds, simulation seconds)."""
    import onnx

    case_dir = os.path.join(DATA_DIR, case)
    model_file = os.path.join(case_dir, "model.onnx")
    work = os.path.join(args.tmp, case.replace("/", "_"))
    os.makedirs(work, exist_ok=True)
    program = os.path.join(work, "model.zara")
    cmd = [args.compile, model_file] + args.compile_args + ["-o", program]
    code, out, t_compile = run(cmd)
    if code != 0:
        return (False, f"$ {' '.join(cmd)}\n{tail(out)}zara-compile: "
                f"{describe_exit(code)}", t_compile, 0.0)
    problem = is_program(program)
    if problem:
        return False, f"$ {' '.join(cmd)}\n{problem}", t_compile, 0.0

    graph = onnx.load(model_file).graph
    inits = {t.name for t in graph.initializer}
    inputs = [vi.name for vi in graph.input if vi.name not in inits]
    outputs = [vi.name for vi in graph.output]
    data_sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if not data_sets:
        return False, "no test_data_set_*", t_compile, 0.0
    t_sim = 0.0
    lines = []
    for data in data_sets:
        out_dir = os.path.join(work, os.path.basename(data))
        cmd = [args.sim, program, "--mode", args.mode, "--quiet",
               "--output-dir", out_dir]
        for k, name in enumerate(inputs):
            cmd += ["--input", f"{name}={data}/input_{k}.pb"]
        code, out, t = run(cmd)
        t_sim += t
        if code != 0:
            return (False, f"$ {' '.join(cmd)}\n{tail(out)}zara-sim: "
                    f"{describe_exit(code)}", t_compile, t_sim)
        for k, name in enumerate(outputs):
            where = f"{os.path.basename(data)} output '{name}'"
            expected = load_pb(os.path.join(data, f"output_{k}.pb"))
            path = output_file(out_dir, name)
            if not os.path.exists(path):
                return (False, f"$ {' '.join(cmd)}\n{where}: zara-sim wrote "
                        f"no {path}", t_compile, t_sim)
            actual = np.load(path)
            problem = check_array(actual, expected)
            if problem:
                return (False, f"$ {' '.join(cmd)}\n{where}: {problem}",
                        t_compile, t_sim)
            if expected.size == 0:
                continue
            err, scale, worst = max_rel_error(actual, expected)
            rel = err / scale if scale > 0 else err
            if not err <= args.tol * scale:
                return (False,
                        f"$ {' '.join(cmd)}\n{where}: max |actual - "
                        f"expected| = {err:.3g} = {rel:.3g} x max |expected| "
                        f"({scale:.3g}) > {args.tol:g} (worst at "
                        f"{tuple(int(i) for i in worst)}: actual "
                        f"{actual[worst]:.8g}, expected "
                        f"{expected[worst]:.8g})", t_compile, t_sim)
            lines.append(f"{where}: max error {rel:.2g} x max |expected|")
    return True, "\n".join(lines), t_compile, t_sim


def cmd_conformance(args):
    cases = args.cases or conformance_cases()
    label = " ".join(args.compile_args) or "(defaults)"
    failures = []
    start = time.monotonic()
    for case in cases:
        try:
            ok, report, tc, ts = check_conformance_case(case, args)
        except Exception as e:  # a harness problem: one failure, go on
            ok, report, tc, ts = False, f"harness error: {e!r}", 0.0, 0.0
        print(f"{'PASS' if ok else 'FAIL'}: {case} (compile {tc:.2f} s, "
              f"sim {ts:.2f} s)", flush=True)
        if not ok:
            failures.append((case, report))
    if failures:
        print(f"\n{len(failures)} failures:")
        for case, report in failures:
            print(f"FAILED {case}\n" + "".join(
                "    " + l + "\n" for l in report.splitlines()))
    print(f"conformance {label} --mode {args.mode}: {len(cases)} models, "
          f"{len(cases) - len(failures)} passed, {len(failures)} failed "
          f"({time.monotonic() - start:.0f} s)")
    if args.expect_count is not None and len(cases) != args.expect_count:
        print(f"FAIL: {len(cases)} models selected, expected "
              f"{args.expect_count}")
        return 1
    return 1 if failures else 0


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------

def cmd_compare(args):
    actual = np.load(args.actual)
    ref = np.load(args.reference)
    problem = check_array(actual, ref)
    if problem:
        sys.exit(f"{args.actual}: {problem}")
    a, r = actual.astype(np.float64), ref.astype(np.float64)
    if args.max_rel is not None:
        err, scale, worst = max_rel_error(a, r)
        rel = err / scale
        print(f"{args.actual}: max |actual - ref| = {err:.3g}, "
              f"{rel:.3g} x max |ref| ({scale:.3g}); bound {args.max_rel:g}")
        if not rel <= args.max_rel:
            sys.exit(f"FAIL: {rel:.3g} > {args.max_rel:g} (worst at "
                     f"{tuple(int(i) for i in worst)}: actual "
                     f"{a[worst]:.8g}, ref {r[worst]:.8g})")
    else:
        rel = float(np.linalg.norm(a - r) / np.linalg.norm(r))
        print(f"{args.actual}: ||actual - ref|| / ||ref|| = {rel:.3g}; "
              f"bound {args.rel_l2:g}")
        if not rel <= args.rel_l2:
            sys.exit(f"FAIL: {rel:.3g} > {args.rel_l2:g}")
    return 0


# ---------------------------------------------------------------------------
# baseline: stats of the zero-free and zero-insert programs
# ---------------------------------------------------------------------------

def cmd_baseline(args):
    import json

    import onnx

    sys.path.insert(0, os.path.dirname(HERE))
    from onnx_macs import inferred_shapes, useful_macs

    model = onnx.load(args.model)
    graph = model.graph
    shapes = inferred_shapes(model)

    def load(path):
        with open(path) as f:
            stats = json.load(f)
        layers = {}
        for layer in stats["layers"]:
            if layer["name"] in layers:
                raise SystemExit(f"{path}: two layers named "
                                 f"'{layer['name']}'")
            layers[layer["name"]] = layer
        return stats, layers

    (sub, sub_layers), (zi, zi_layers) = load(args.zero_free), \
        load(args.zero_insert)
    errors = []
    node_names = {n.name for n in graph.node}
    for tag, layers in (("zero-free", sub_layers),
                        ("zero-insert", zi_layers)):
        for name in layers:
            if name not in node_names:
                errors.append(f"{tag}: layer '{name}' is no ONNX node")

    total_useful = 0
    for node in graph.node:
        useful = useful_macs(node, shapes)
        s, z = sub_layers.get(node.name), zi_layers.get(node.name)
        if useful is None:
            for tag, layer in (("zero-free", s), ("zero-insert", z)):
                if layer and layer["macs_useful"] != 0:
                    errors.append(f"{node.name} ({node.op_type}): {tag} "
                                  f"macs_useful {layer['macs_useful']}, "
                                  "expected 0")
            continue
        total_useful += useful
        if s is None or z is None:
            errors.append(f"{node.name}: no layer entry in the "
                          + " and ".join(t for t, l in (("zero-free", s),
                                                        ("zero-insert", z))
                                         if l is None) + " stats")
            continue
        print(f"{node.name}: useful {useful}; macs_useful {s['macs_useful']}"
              f" / {z['macs_useful']}; macs_issued {s['macs_issued']} / "
              f"{z['macs_issued']}; crossbar_activations "
              f"{s['crossbar_activations']} / {z['crossbar_activations']}; "
              f"cycles {s['cycles']} / {z['cycles']} (zero-free / "
              "zero-insert)")
        if not s["macs_useful"] == z["macs_useful"] == useful:
            errors.append(f"{node.name}: macs_useful {s['macs_useful']} "
                          f"(zero-free), {z['macs_useful']} (zero-insert), "
                          f"expected {useful} from the ONNX attributes")
    for tag, stats in (("zero-free", sub), ("zero-insert", zi)):
        if stats["counts"]["macs_useful"] != total_useful:
            errors.append(f"{tag}: counts.macs_useful "
                          f"{stats['counts']['macs_useful']}, expected "
                          f"{total_useful}")

    tconvs = [n.name for n in graph.node if n.op_type == "ConvTranspose"]
    if len(tconvs) < args.last:
        errors.append(f"only {len(tconvs)} ConvTranspose nodes, "
                      f"expected >= {args.last}")
    for name in tconvs[-args.last:]:
        s, z = sub_layers.get(name), zi_layers.get(name)
        if s is None or z is None:
            continue  # reported above
        sa, za = s["crossbar_activations"], z["crossbar_activations"]
        ratio = za / sa if sa else math.inf
        print(f"{name}: crossbar_activations zero-insert / zero-free = "
              f"{za} / {sa} = {ratio:.3g} (required >= "
              f"{args.min_activation_ratio:g})")
        if not (sa > 0 and za >= args.min_activation_ratio * sa):
            errors.append(f"{name}: crossbar_activations {sa} (zero-free) vs "
                          f"{za} (zero-insert): ratio {ratio:.3g} < "
                          f"{args.min_activation_ratio:g}")
    sc, zc = sub["cycles"], zi["cycles"]
    ratio = zc / sc if sc else math.inf
    print(f"total cycles zero-insert / zero-free = {zc} / {sc} = "
          f"{ratio:.3g} (required >= {args.min_cycle_ratio:g})")
    if not (sc > 0 and zc >= args.min_cycle_ratio * sc):
        errors.append(f"total cycles {sc} (zero-free) vs {zc} (zero-insert):"
                      f" ratio {ratio:.3g} < {args.min_cycle_ratio:g}")
    if errors:
        print("FAIL:\n" + "".join(f"  {e}\n" for e in errors))
        return 1
    print(f"baseline OK: {len(tconvs)} ConvTranspose nodes, last "
          f"{args.last} checked")
    return 0


# ---------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="print the conformance models")

    p = sub.add_parser("conformance", help="compile and simulate the "
                       "ONNX backend test models")
    p.add_argument("--compile", required=True, help="zara-compile")
    p.add_argument("--sim", required=True, help="zara-sim")
    p.add_argument("--tmp", required=True, help="scratch directory")
    p.add_argument("--compile-arg", dest="compile_args", action="append",
                   default=[], help="a zara-compile argument (repeatable)")
    p.add_argument("--mode", default="ideal", choices=["ideal", "quantized"])
    p.add_argument("--tol", type=float, default=1e-4)
    p.add_argument("--expect-count", type=int,
                   help="fail unless exactly this many models are run")
    p.add_argument("cases", nargs="*")

    p = sub.add_parser("compare", help="compare an output with a reference")
    p.add_argument("actual")
    p.add_argument("reference")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--max-rel", type=float)
    g.add_argument("--rel-l2", type=float)

    p = sub.add_parser("baseline", help="zero-free vs zero-insert stats")
    p.add_argument("model")
    p.add_argument("zero_free")
    p.add_argument("zero_insert")
    p.add_argument("--last", type=int, default=3)
    p.add_argument("--min-activation-ratio", type=float, default=3.0)
    p.add_argument("--min-cycle-ratio", type=float, default=2.5)

    args = parser.parse_args(argv)
    if args.command == "list":
        for case in conformance_cases():
            print(case)
        return 0
    return {"conformance": cmd_conformance, "compare": cmd_compare,
            "baseline": cmd_baseline}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
