#!/usr/bin/env python3
"""Turns the examples in the zisa op documentation into a parsable module.

Runs `mlir-tblgen -gen-op-doc` on ZISAOps.td (the reference exactly as it is
generated), takes every ```mlir block of every op section and makes each a
complete `zisa.program`:

- a block that is a program already stays as it is;
- a structure op (weights, bindings, groups, barriers, cores) goes into a
  program with the cores it needs;
- a `{-# dialect_resources #-}` section moves to the end of the file;
- instructions go into core (0, 0) of a program that declares the crossbar
  group `@g0` (18 x 3 on that core) and barrier 0 (that core alone), and, for
  a `send` or a `recv`, a core on the other tile with the matching `recv` or
  `send`, so the program verifier's queue check holds.

Fails when an op has no example, so a missing example fails the lit test as
well as a wrong one. Each program is preceded by a comment naming its op.

Usage: ods_examples.py path/to/ZISAOps.td
"""

import math
import os
import re
import shutil
import subprocess
import sys

STRUCTURE = {"weights", "input", "output", "xbar_group", "barrier_decl", "core"}
HEADER = "zisa.program dram_size 4096 hardware #zisa.hw<> {\n"


def element_count(pattern):
    """Elements of a pattern `<..., counts [a, b], strides [...]>`."""
    match = re.search(r"counts \[([\d, ]*)\]", pattern)
    if not match:
        return 1
    return math.prod(int(c) for c in match.group(1).split(","))


def counterparts(block):
    """Cores that receive what the block sends and send what it receives."""
    cores = []
    for tile, channel, pattern in re.findall(
            r"zisa\.send dst_tile (\d+) channel (\d+) src (<[^>]*>)", block):
        n = element_count(pattern)
        cores.append("  zisa.core tile %s core 0 {\n    zisa.recv src_tile 0 "
                     "channel %s dst <0, counts [%d], strides [1]>\n  }\n"
                     % (tile, channel, n))
    for tile, channel, pattern in re.findall(
            r"zisa\.recv src_tile (\d+) channel (\d+) dst (<[^>]*>)", block):
        n = element_count(pattern)
        cores.append("  zisa.core tile %s core 0 {\n    zisa.send dst_tile 0 "
                     "channel %s src <0, counts [%d], strides [1]>\n  }\n"
                     % (tile, channel, n))
    return "".join(cores)


def wrap(mnemonic, block):
    body = "\n".join("  " + line for line in block.rstrip().splitlines())
    if re.match(r"\s*zisa\.program\s", block):
        return block
    if mnemonic in STRUCTURE:
        cores = ""
        if mnemonic != "core":
            pairs = re.findall(r"\((\d+), (\d+)\)", block) or [("0", "0")]
            cores = "".join("  zisa.core tile %s core %s {\n  }\n" % p
                            for p in dict.fromkeys(pairs))
        return HEADER + body + "\n" + cores + "}\n"
    return (HEADER +
            "  zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 "
            "num_crossbars 1 rows 18 cols 3\n"
            "  zisa.barrier_decl 0 participants [(0, 0)]\n"
            "  zisa.core tile 0 core 0 {\n  " + body.replace("\n", "\n  ") +
            "\n  }\n" + counterparts(block) + "}\n")


def main():
    td = os.path.abspath(sys.argv[1])
    include = td[: td.rindex("/include/") + len("/include")]
    tblgen = shutil.which("mlir-tblgen")
    if not tblgen:
        sys.exit("mlir-tblgen not found on PATH")
    mlir_include = os.path.join(os.path.dirname(os.path.dirname(
        os.path.realpath(tblgen))), "include")
    doc = subprocess.run(
        [tblgen, "-gen-op-doc", "-I", include, "-I", mlir_include, td],
        check=True, capture_output=True, text=True).stdout

    sections = re.split(r"^### `zisa\.(\w+)`.*$", doc, flags=re.M)[1:]
    missing, resources = [], []
    for mnemonic, text in zip(sections[0::2], sections[1::2]):
        blocks = re.findall(r"^```mlir\n(.*?)^```", text, flags=re.M | re.S)
        if not blocks:
            missing.append(mnemonic)
        for n, block in enumerate(blocks):
            # Resource sections belong at the end of the file.
            resources += re.findall(r"\{-#.*?#-\}", block, flags=re.S)
            block = re.sub(r"\{-#.*?#-\}", "", block, flags=re.S)
            print("// %s_%d" % (mnemonic, n))
            print(wrap(mnemonic, block))
    for resource in resources:
        print(resource)
    if missing:
        sys.exit("ops without an example: " + ", ".join(missing))


if __name__ == "__main__":
    main()
