#!/usr/bin/env python3
"""Damages a .zara file, or runs the importer on many damaged copies.

    damage.py truncate IN OUT N          the first N bytes of IN
    damage.py flip IN OUT OFFSET         IN with the byte at OFFSET inverted
    damage.py identifier IN OUT XXXX     IN with file identifier XXXX
                                         (escapes such as \x03 allowed)
    damage.py version IN OUT MAJOR MINOR IN with that format version
    damage.py fuzz IN WORKDIR [STEP [NAME=FILE]]
                                         truncations of IN to every length
                                         below 64 and every STEP-th length,
                                         and inversions of every STEP-th
                                         byte (default 1: all), imported

`fuzz` runs `zara-translate --import-program` on each damaged copy and, if
the import succeeds, exports the result again; given an input NAME=FILE, it
also runs `zara-sim` on each copy with that input (the simulator's loader
reads shared streams on its own). Every run must end with exit code 0, or 1
with an `error:` line on stderr: never a crash, an assertion or a hang
(10 s per run). It prints one summary line, or FAIL lines.
"""

import codecs
import os
import struct
import subprocess
import sys


def version_offset(data):
    """Offset of Program.version: field 0 of the root table, inline."""
    root = struct.unpack_from("<I", data, 0)[0]
    vtable = root - struct.unpack_from("<i", data, root)[0]
    field = struct.unpack_from("<H", data, vtable + 4)[0]
    assert field != 0, "no version field"
    return root + field


def run(cmd, stdin=None):
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True,
                              timeout=10)
    except subprocess.TimeoutExpired:
        return None


def fuzz(path, work, step, sim_input=None):
    data = open(path, "rb").read()
    os.makedirs(work, exist_ok=True)
    cases = [("truncate %d" % n, data[:n]) for n in range(len(data))
             if n < 64 or n % step == 0]
    # An odd step visits every byte position of a word over the file.
    for offset in range(0, len(data), step):
        flipped = bytearray(data)
        flipped[offset] ^= 0xFF
        cases.append(("flip %d" % offset, bytes(flipped)))
    damaged = os.path.join(work, "damaged.zara")
    refused = accepted = 0
    failures = []
    simulated = 0
    for what, content in cases:
        with open(damaged, "wb") as f:
            f.write(content)
        if sim_input:
            sim = run(["zara-sim", damaged, "--quiet", "--input", sim_input,
                       "--output-dir", os.path.join(work, "out")])
            if sim is None:
                failures.append("%s: zara-sim hangs" % what)
            elif not (sim.returncode == 0 or (sim.returncode == 1 and
                                              b"error:" in sim.stderr)):
                failures.append("%s: zara-sim exits with %d: %s" % (
                    what, sim.returncode, sim.stderr.decode()[-300:]))
            else:
                simulated += 1
        imported = run(["zara-translate", "--import-program", damaged])
        if imported is None:
            failures.append("%s: import hangs" % what)
            continue
        if imported.returncode == 1 and b"error:" in imported.stderr:
            refused += 1
            continue
        if imported.returncode != 0:
            failures.append("%s: import exits with %d: %s" % (
                what, imported.returncode, imported.stderr.decode()[-300:]))
            continue
        # Accepted (a byte nothing checks, such as a weight or a field that
        # stays in range): the result must export again.
        exported = run(["zara-translate", "--export-program", "-o",
                        os.path.join(work, "again.zara")], imported.stdout)
        if exported is None or exported.returncode != 0:
            failures.append("%s: accepted, but its export fails" % what)
            continue
        accepted += 1
    for failure in failures:
        print("FAIL " + failure)
    print("fuzz: %d damaged files, %d refused with an error, %d accepted "
          "and exported again, %d failures"
          % (len(cases), refused, accepted, len(failures)))
    if sim_input:
        print("fuzz: zara-sim ended cleanly on %d" % simulated)


def main():
    mode = sys.argv[1]
    if mode == "fuzz":
        fuzz(sys.argv[2], sys.argv[3],
             int(sys.argv[4]) if len(sys.argv) > 4 else 1,
             sys.argv[5] if len(sys.argv) > 5 else None)
        return
    data = bytearray(open(sys.argv[2], "rb").read())
    out = sys.argv[3]
    if mode == "truncate":
        data = data[: int(sys.argv[4])]
    elif mode == "flip":
        data[int(sys.argv[4])] ^= 0xFF
    elif mode == "identifier":
        data[4:8] = codecs.decode(sys.argv[4], "unicode_escape").encode(
            "latin-1")
    elif mode == "version":
        struct.pack_into("<HH", data, version_offset(data), int(sys.argv[4]),
                         int(sys.argv[5]))
    else:
        sys.exit("unknown mode " + mode)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
