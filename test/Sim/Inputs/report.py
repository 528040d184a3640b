"""The --stats JSON (issue 4's field names, per-layer aggregation by ONNX
node name across debug entries) and the --trace Chrome trace (one track
per resource; phases on the tracks they occupy)."""

import json
import os
import subprocess
import sys

import numpy as np

import costs
from zara_asm import Checker, Program, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
check = Checker()

# Two sub-convolutions of one deformed node carry two debug entries with
# the same name (different locations); a second node; an unattributed move.
prog = Program(dram_size=1024)
prog.set_weights(np.ones(64), address=512)
prog.input("x", [8], 0)
prog.output("y", [4], 100)
sub0 = prog.debug_entry("deconv", 'loc("deconv"(phase 0))')
sub1 = prog.debug_entry("deconv", 'loc("deconv"(phase 1))')
act = prog.debug_entry("relu")
g0 = prog.group(0, 0, 0, 1, 8, 4)
g1 = prog.group(0, 0, 1, 1, 8, 4)
c = prog.core(0, 0)
c.program_xbar(g0, pat(512, (32, 1)), debug=sub0)
c.program_xbar(g1, pat(544, (32, 1)), debug=sub1)
c.move("dram", pat(0, (8, 1)), "buffer", pat(0, (8, 1)))
c.mvm(g0, pat(0, (8, 1)), pat(16, (4, 1)), debug=sub0)
c.mvm(g1, pat(0, (8, 1)), pat(16, (4, 1)), accumulate=True, debug=sub1)
c.alu("relu", pat(16, (4, 1)), pat(16, (4, 1)), debug=act)
c.move("buffer", pat(16, (4, 1)), "dram", pat(100, (4, 1)))
path = os.path.join(work, "report.zara")
with open(path, "wb") as f:
    f.write(prog.build())
np.save(os.path.join(work, "x.npy"), np.ones(8, np.float32))
stats_path = os.path.join(work, "stats.json")
trace_path = os.path.join(work, "trace.json")
subprocess.run(["zara-sim", path, "--quiet", "--input",
                f"x={os.path.join(work, 'x.npy')}", "--stats", stats_path,
                "--trace", trace_path], check=True)
with open(stats_path) as f:
    stats = json.load(f)
print(open(stats_path).read())

# The contract's fields, exactly.
check.eq("top-level keys", sorted(stats),
         sorted(["cycles", "time_ns", "energy_pj", "counts", "layers"]))
check.eq("energy keys", sorted(stats["energy_pj"]),
         sorted(["total", "crossbar", "adc", "dac", "digital", "buffer",
                 "noc", "write"]))
check.eq("count keys", sorted(stats["counts"]),
         sorted(["instructions", "crossbar_activations", "adc_conversions",
                 "macs_issued", "macs_useful", "cell_writes"]))
check.true("cycles is an int", isinstance(stats["cycles"], int))
check.true("time_ns is a number", isinstance(stats["time_ns"], float))
layers = {l["name"]: l for l in stats["layers"]}
check.eq("layer names in debug-table order",
         [l["name"] for l in stats["layers"]], ["deconv", "relu"])
for l in stats["layers"]:
    check.eq(f"{l['name']} keys", sorted(l),
             sorted(["name", "cycles", "energy_pj", "crossbar_activations",
                     "macs_issued", "macs_useful"]))
px = costs.program_xbar(8, 4)
m0, m1 = costs.mvm(8, 4), costs.mvm(8, 4, accumulate=True)
check.eq("deconv cycles (both sub-convolutions)", layers["deconv"]["cycles"],
         2 * px[0] + m0[0] + m1[0])
check.eq("deconv activations", layers["deconv"]["crossbar_activations"], 2)
check.eq("deconv macs", layers["deconv"]["macs_issued"], 64)
check.close("deconv energy", layers["deconv"]["energy_pj"],
            sum(sum(p[1].values()) for p in (px, px, m0, m1)))
check.eq("relu cycles", layers["relu"]["cycles"], costs.alu("relu", 4)[0])
check.eq("relu macs", layers["relu"]["macs_issued"], 0)

# The trace: Chrome trace-event JSON with named tracks.
with open(trace_path) as f:
    trace = json.load(f)
events = trace["traceEvents"]
threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
           if e["ph"] == "M" and e["name"] == "thread_name"}
procs = {e["pid"]: e["args"]["name"] for e in events
         if e["ph"] == "M" and e["name"] == "process_name"}
check.eq("processes", sorted(procs.values()), ["chip", "tile 0"])
names = sorted(threads.values())
for track in ["DRAM channel", "tile buffer", "network link",
              "core 0 instructions", "core 0 DACs", "core 0 ADCs",
              "core 0 vector unit", "core 0 write drivers",
              "core 0 crossbar 0", "core 0 crossbar 1"]:
    check.true(f"track '{track}'", track in names, str(names))
spans = [e for e in events if e["ph"] == "X"]
by_track = {}
for e in spans:
    by_track.setdefault(threads[(e["pid"], e["tid"])], []).append(e)
us = 1 / 1200.0  # microseconds per cycle at 1.2 GHz
xbar0 = by_track["core 0 crossbar 0"]
check.eq("crossbar 0 busy: its write, its MVM",
         [e["name"] for e in xbar0], ["program_xbar", "mvm"])
t_read, t_adc = 120, 30  # 4 x 8 physical columns: 32 / 1.28 GS/s = 25 ns
check.close("crossbar 0 MVM duration", xbar0[1]["dur"],
            (t_read + 15 * t_read + t_adc + 1) * us)
check.close("crossbar 0 write duration", xbar0[0]["dur"], 13200 * us)
issue = by_track["core 0 instructions"]
check.eq("instruction spans", [e["name"] for e in issue],
         ["program_xbar", "program_xbar", "move", "mvm", "mvm", "alu",
          "move"])
check.close("last instruction ends at cycles",
            issue[-1]["ts"] + issue[-1]["dur"], stats["cycles"] * us)
check.eq("layer of an mvm span", issue[3]["args"]["layer"], "deconv")
dram = by_track["DRAM channel"]
check.eq("DRAM channel spans", len(dram), 4)

check.finish()
print("ALL OK")
