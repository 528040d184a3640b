#!/usr/bin/env python3
"""Print two zara-compile reports side by side, per ONNX node.

    compare_reports.py ZERO_FREE.json BASELINE.json

Both files are `zara-compile --report` outputs (docs/CompileReport.md) of
the same model, compiled with --deform=subconv and --deform=zero-insert.
Prints one row per node that performs multiply-accumulates: the MACs each
form issues, the useful MACs (the same in both), the share of the issued
MACs that is wasted on inserted or padding zeros, and the baseline/zero-free
ratio; then the totals. Exits 1 if the reports do not describe the same
nodes or disagree on useful MACs.
"""

import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def waste(issued, useful):
    return f"{100.0 * (issued - useful) / issued:5.1f} %" if issued else "    -"


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().split("\n\n")[1].strip())
    free, base = load(argv[1]), load(argv[2])
    names_free = [op["name"] for op in free["ops"]]
    names_base = [op["name"] for op in base["ops"]]
    if names_free != names_base:
        sys.exit("compare_reports: the reports list different ONNX nodes")

    rows = []
    for a, b in zip(free["ops"], base["ops"]):
        if a["macs_useful"] != b["macs_useful"]:
            sys.exit(f"compare_reports: node '{a['name']}': useful MACs "
                     f"differ ({a['macs_useful']} vs {b['macs_useful']})")
        if b["macs_issued"] == 0 and a["macs_issued"] == 0:
            continue
        rows.append((a["name"], a["kind"], a["macs_issued"],
                     b["macs_issued"], a["macs_useful"]))
    t = (free["total"]["macs_issued"], base["total"]["macs_issued"],
         free["total"]["macs_useful"])
    rows.append(("total", "", t[0], t[1], t[2]))

    header = ("layer (ONNX node)", "op", "issued zero-free", "issued baseline",
              "useful", "wasted zero-free", "wasted baseline",
              "baseline/zero-free")
    cells = [header]
    for name, kind, f, b, u in rows:
        cells.append((name, kind, f"{f:,}", f"{b:,}", f"{u:,}", waste(f, u),
                      waste(b, u), f"{b / f:.2f}x" if f else "-"))
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for i, r in enumerate(cells):
        if i == len(cells) - 1 or i == 1:
            print("-" * (sum(widths) + 3 * (len(widths) - 1)))
        print(" | ".join(c.ljust(w) if j < 2 else c.rjust(w)
                         for j, (c, w) in enumerate(zip(r, widths))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
