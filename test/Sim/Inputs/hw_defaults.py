"""Writes a minimal program embedding a configuration (argv[2]: "isaac" or
"adc7") to argv[1], and with argv[3] compares zara-sim --print-default-hw's
JSON (in that file) with the ISAAC table of zara_asm.py, the tests' own
copy of docs/Hardware.md."""

import json
import sys

from zara_asm import ISAAC, Program, hw_config, pat

hw = hw_config() if sys.argv[2] == "isaac" else hw_config(**{"adc.bits": 7})
prog = Program(dram_size=16, hw=hw)
prog.core().fill("buffer", pat(0, (4, 1)))
with open(sys.argv[1], "wb") as f:
    f.write(prog.build())
if len(sys.argv) > 3:
    printed = json.load(open(sys.argv[3]))
    if printed != ISAAC:
        sys.exit(f"--print-default-hw differs from docs/Hardware.md:\n"
                 f"{printed}\n{ISAAC}")
    print("defaults equal docs/Hardware.md's table")
