"""Damaged and foreign files: truncations, flipped bytes, versions from
the future and the past, a wrong identifier, unknown instructions. Every
one must end with exit code 0 or 1 and, on 1, one `zara-sim: error:` line;
never a signal (crash, assertion) and never a hang (10 s timeout)."""

import os
import subprocess
import sys

import numpy as np

from zara_asm import Checker, Program, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
check = Checker()
rng = np.random.default_rng(99)


def valid_program(version=(1, 0), identifier=b"ZARA", raw_op=None):
    prog = Program(dram_size=512)
    prog.version = version
    prog.set_weights(rng.standard_normal(32), address=256)
    prog.input("x", [8], 0)
    prog.output("y", [4], 100)
    layer = prog.debug_entry("node")
    g = prog.group(0, 0, 0, 1, 8, 4)
    c = prog.core(0, 0)
    c.program_xbar(g, pat(256, (32, 1)), debug=layer)
    c.move("dram", pat(0, (8, 1)), "buffer", pat(0, (8, 1)))
    c.loop(2)
    c.mvm(g, pat(0, (8, 1)), pat(16, (4, 1)), accumulate=True, debug=layer)
    c.end_loop()
    if raw_op is not None:
        c.raw(raw_op)
    c.move("buffer", pat(16, (4, 1)), "dram", pat(100, (4, 1)))
    c.halt()
    return prog.build(identifier=identifier)


x_path = os.path.join(work, "x.npy")
np.save(x_path, np.ones(8, np.float32))


def run(data, name):
    path = os.path.join(work, name + ".zara")
    with open(path, "wb") as f:
        f.write(data)
    try:
        proc = subprocess.run(
            ["zara-sim", path, "--quiet", "--input", f"x={x_path}",
             "--stats", os.path.join(work, name + ".json")],
            capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def clean(code, stderr):
    """Exit 0, or exit 1 with exactly one error line in our format."""
    if code == 0:
        return True
    lines = stderr.strip().splitlines()
    return code == 1 and len(lines) == 1 and \
        lines[0].startswith("zara-sim: error: ")


good = valid_program()
code, err = run(good, "good")
check.eq("the valid program runs", code, 0)

# Truncations: every length up to 96 bytes (the header, the root table
# and the vtables), every 13th after that, and the last 16.
lengths = sorted(set(range(96)) | set(range(96, len(good), 13)) |
                 set(range(len(good) - 16, len(good))))
bad = []
for n in lengths:
    code, err = run(good[:n], "trunc")
    if code != 1 or not clean(code, err):
        bad.append((n, code, err))
check.true(f"{len(lengths)} truncations refused cleanly", not bad,
           str(bad[:3]))
code, err = run(good[:len(good) // 2], "trunc_half")
print("truncated:", err.strip().split(": ", 2)[2])

# Flipped bytes: 200 single-byte corruptions at random positions. Some
# still verify (a changed weight is a valid program); none may crash.
bad, refused = [], 0
for i in range(200):
    data = bytearray(good)
    pos = int(rng.integers(len(data)))
    data[pos] ^= int(rng.integers(1, 256))
    code, err = run(bytes(data), "flip")
    refused += code == 1
    if not clean(code, err):
        bad.append((pos, code, err))
check.true("200 flipped bytes end cleanly", not bad, str(bad[:3]))
check.true(f"flipped bytes refused: {refused > 0}", refused > 0)

# Versions.
for version in [(3, 0), (7, 3), (0, 9)]:
    code, err = run(valid_program(version), "version")
    check.eq(f"version {version} refused", code, 1)
    print(f"version {version[0]}.{version[1]}:", err.strip())
code, err = run(valid_program((2, 4)), "newer_minor")
check.eq("a newer minor version runs", code, 0)
code, err = run(valid_program((2, 1), raw_op=42), "unknown_op")
check.eq("an unknown instruction type is refused", code, 1)
print("unknown op:", err.strip())

# Foreign files.
code, err = run(valid_program(identifier=b"TFL3"), "identifier")
check.eq("wrong identifier refused", code, 1)
print("identifier:", err.strip())
for name, data in [("empty", b""), ("short", b"ZARA"),
                   ("npy", open(x_path, "rb").read()),
                   ("zeros", bytes(64)), ("text", b"hello, world" * 8)]:
    code, err = run(data, name)
    check.true(f"{name} refused cleanly", code == 1 and clean(code, err), err)
    print(f"{name}:", err.strip())

check.finish()
print("ALL OK")
