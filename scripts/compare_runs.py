#!/usr/bin/env python3
"""Print two simulated runs of one model side by side, per ONNX node.

    compare_runs.py ZF_REPORT.json ZF_STATS.json BASE_REPORT.json BASE_STATS.json
                    [--reference REF.npy] [--output-a ZF_OUT.npy] [--output-b BASE_OUT.npy]

The two runs are the same model compiled zero-free (`zara-compile
--deform=subconv`) and as the zero-inserting baseline (`--deform=zero-insert`),
each given as its compile report (`zara-compile --report`,
docs/CompileReport.md) and the statistics of its simulation
(`zara-sim --stats`, docs/Simulator.md).

Prints one row per ONNX node of the reports, in program order, then a total
row. Columns, each for the zero-free run and for the baseline: cycles,
energy in nJ, crossbar activations, useful MACs, issued MACs; and the
baseline/zero-free ratios of cycles, crossbar activations and issued MACs.
The per-node figures are the stats' `layers` entries of that name; a node
that executed no instruction in a run (no `layers` entry) shows "-". The
total row is the stats' totals (`cycles`, `energy_pj.total`, `counts`), not a
sum of the rows: a node's cycles are the sum of its instructions' latencies,
waits included, and nodes on different cores overlap in time.

With --reference, also prints the largest relative error of each run's
output against the reference (PyTorch's output):
max|out - ref| / max|ref|, for the outputs given with --output-a (zero-free)
and --output-b (baseline).

Exits 1 with a message when the two reports list different ONNX nodes, when
a stats file names a node its report does not have, or when an output's
shape differs from the reference's.
"""

import argparse
import json
import sys

USAGE = __doc__.strip().split("\n\n")[1].strip()


def fail(message):
    sys.exit(f"compare_runs: {message}")


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"cannot read {path}: {e}")


def node_names(report, path):
    try:
        return [op["name"] for op in report["ops"]]
    except (KeyError, TypeError):
        fail(f"{path} is not a zara-compile report (no ops[].name)")


def layers_by_name(stats, names, path):
    """The stats' per-layer entries by node name, each checked to be a node
    of the run's report."""
    known = set(names)
    layers = {}
    for layer in stats.get("layers", []):
        if layer["name"] not in known:
            fail(f"{path}: layer '{layer['name']}' is not a node of its "
                 f"compile report")
        layers[layer["name"]] = layer
    return layers


def totals(stats):
    counts = stats["counts"]
    return {"cycles": stats["cycles"],
            "energy_pj": stats["energy_pj"]["total"],
            "crossbar_activations": counts["crossbar_activations"],
            "macs_useful": counts["macs_useful"],
            "macs_issued": counts["macs_issued"]}


def integer(value):
    return "-" if value is None else f"{value:,}"


def nanojoules(value):
    return "-" if value is None else f"{value / 1000.0:,.1f}"


def ratio(base, free):
    if base is None or free is None or free == 0:
        return "-"
    return f"{base / free:.2f}x"


# (group title, stats field, formatter, print the baseline/zero-free ratio)
GROUPS = [("cycles", "cycles", integer, True),
          ("energy (nJ)", "energy_pj", nanojoules, False),
          ("crossbar activations", "crossbar_activations", integer, True),
          ("useful MACs", "macs_useful", integer, False),
          ("issued MACs", "macs_issued", integer, True)]


def row_cells(name, free, base):
    """free, base: dicts of the GROUPS fields, or None when absent."""
    cells = [name]
    for _, field, fmt, with_ratio in GROUPS:
        a = free.get(field) if free else None
        b = base.get(field) if base else None
        cells += [fmt(a), fmt(b)]
        if with_ratio:
            cells.append(ratio(b, a))
    return cells


def print_table(rows):
    """rows: lists of cells; the first is the node name, the last row the
    total. Prints a two-line header: the groups, then the sub-columns."""
    sub = ["layer (ONNX node)"]
    spans = []  # (title, first column, number of columns)
    for title, _, _, with_ratio in GROUPS:
        cols = ["zero-free", "baseline"] + (["base/zf"] if with_ratio else [])
        spans.append((title, len(sub), len(cols)))
        sub += cols
    table = [sub] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(sub))]
    # Widen a group's last column if its title is wider than the group.
    for title, first, n in spans:
        inner = sum(widths[first:first + n]) + 2 * (n - 1)
        if len(title) > inner:
            widths[first + n - 1] += len(title) - inner

    def line(cells):
        out = cells[0].ljust(widths[0])
        for title, first, n in spans:
            out += " | " + "  ".join(c.rjust(w) for c, w in zip(
                cells[first:first + n], widths[first:first + n]))
        return out.rstrip()

    head = " " * widths[0]
    for title, first, n in spans:
        inner = sum(widths[first:first + n]) + 2 * (n - 1)
        head += " | " + title.center(inner)
    rule = "-" * len(line(sub))
    print(head.rstrip())
    print(line(sub))
    print(rule)
    for r in rows[:-1]:
        print(line(r))
    print(rule)
    print(line(rows[-1]))
    print("A layer's cycles are the sum of its instructions' latencies, waits "
          "included, so layers\nthat overlap add up to more than the total "
          "(docs/Simulator.md); \"-\": the node executed\nno instruction of "
          "its own in that run.")


def max_relative_error(output_path, reference):
    import numpy as np
    out = np.load(output_path).astype(np.float64)
    if out.shape != reference.shape:
        fail(f"{output_path}: shape {'x'.join(map(str, out.shape))} differs "
             f"from the reference's {'x'.join(map(str, reference.shape))}")
    scale = np.max(np.abs(reference))
    err = np.max(np.abs(out - reference)) if out.size else 0.0
    return err / scale if scale > 0 else err


def main(argv):
    parser = argparse.ArgumentParser(
        prog="compare_runs.py", usage=USAGE,
        description="Two zara-sim runs (zero-free, baseline) side by side.")
    parser.add_argument("free_report")
    parser.add_argument("free_stats")
    parser.add_argument("base_report")
    parser.add_argument("base_stats")
    parser.add_argument("--reference", help="the reference output (.npy)")
    parser.add_argument("--output-a", help="the zero-free run's output (.npy)")
    parser.add_argument("--output-b", help="the baseline run's output (.npy)")
    args = parser.parse_args(argv[1:])
    if (args.output_a or args.output_b) and not args.reference:
        fail("--output-a/--output-b need --reference")

    free_report, base_report = load(args.free_report), load(args.base_report)
    names = node_names(free_report, args.free_report)
    base_names = node_names(base_report, args.base_report)
    if names != base_names:
        only_a = [n for n in names if n not in base_names]
        only_b = [n for n in base_names if n not in names]
        detail = "; ".join(
            part for part in (
                f"only zero-free: {', '.join(only_a)}" if only_a else "",
                f"only baseline: {', '.join(only_b)}" if only_b else "")
            if part) or "same nodes in a different order"
        fail(f"the two runs list different layers ({detail})")

    free_stats, base_stats = load(args.free_stats), load(args.base_stats)
    free_layers = layers_by_name(free_stats, names, args.free_stats)
    base_layers = layers_by_name(base_stats, names, args.base_stats)

    # The errors first, so that a bad output fails before the table prints.
    errors = []
    if args.reference:
        import numpy as np
        reference = np.load(args.reference).astype(np.float64)
        for label, path in (("zero-free", args.output_a),
                            ("baseline", args.output_b)):
            if path:
                errors.append((label, path,
                               max_relative_error(path, reference)))

    rows = [row_cells(n, free_layers.get(n), base_layers.get(n))
            for n in names]
    rows.append(row_cells("total", totals(free_stats), totals(base_stats)))
    print_table(rows)

    if errors:
        print()
        print(f"max relative error vs {args.reference} "
              f"(max|out - ref| / max|ref|):")
        for label, path, err in errors:
            print(f"  {label:9}  {err:.3e}  ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
