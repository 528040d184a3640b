"""Prints the shared streams of a .zara file (Program.fbs 2.0), read with the
modules flatc generates from the schema, independently of zara's readers:

    dump_streams.py FILE.zara

One line per stream (instructions, groups, parameters, then each relocation
as index:field@slot), one per stream core (place, stream, its parameters),
and the counts of flat cores and groups.
"""

import sys

from zara.program.Program import Program
from zara.program.RelocField import RelocField

FIELDS = {v: k for k, v in vars(RelocField).items() if not k.startswith("_")}

data = open(sys.argv[1], "rb").read()
p = Program.GetRootAs(data, 0)
print(f"flat cores {p.CoresLength()} groups {p.GroupsLength()}")
for s in range(p.StreamsLength()):
    st = p.Streams(s)
    relocs = " ".join(
        f"{st.Relocations(r).Index()}:{FIELDS[st.Relocations(r).Field()]}"
        f"@{st.Relocations(r).Slot()}"
        for r in range(st.RelocationsLength()))
    print(f"stream {s}: {st.InstructionsLength()} instructions, "
          f"{st.GroupsLength()} groups, {st.NumParams()} params: {relocs}")
for c in range(p.StreamCoresLength()):
    sc = p.StreamCores(c)
    st = p.Streams(sc.Stream())
    params = [p.StreamParams(sc.ParamsBegin() + k) for k in range(st.NumParams())]
    print(f"core {c} tile {sc.Tile()} core {sc.Core()} stream {sc.Stream()} "
          f"params {params}")
