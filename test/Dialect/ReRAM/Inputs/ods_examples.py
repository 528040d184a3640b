#!/usr/bin/env python3
"""Turns the examples in the reram op documentation into a parsable module.

Runs `mlir-tblgen -gen-op-doc` on ReRAMOps.td (so class-templated
descriptions are expanded exactly as the generated reference shows them),
takes every ```mlir block of every op section, and wraps each block into a
`func.func @<mnemonic>_<n>` whose arguments are the SSA values the block uses
but does not define. An argument's type is read from the op's trailing type:
`(T0, T1, ...) -> R` gives operand i the type Ti, `T -> R` and a lone `T`
give every operand T. Fails when an op has no example, so a missing example
fails the lit test as well as a wrong one.

Usage: ods_examples.py path/to/ReRAMOps.td
"""

import os
import re
import shutil
import subprocess
import sys


def split_top_level(text, sep=","):
    """Splits at `sep` outside <>, () and []."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def operand_types(type_text, count):
    """Types of the `count` operands from an op's trailing type."""
    type_text = type_text.strip()
    if type_text.startswith("("):
        depth = 0
        for end, ch in enumerate(type_text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        types = split_top_level(type_text[1:end])
        assert len(types) == count, (type_text, count)
        return types
    lone = split_top_level(type_text, "-")[0] if "->" in type_text else type_text
    return [lone.rstrip("-").strip()] * count


def statements(block):
    """Splits a block into statements, each starting at `%name =`."""
    result = []
    for line in block.splitlines():
        if re.match(r"\s*%[\w.]+\s*=", line) or not result:
            result.append(line.strip())
        else:
            result[-1] += " " + line.strip()
    return [s for s in result if s]


def wrap(name, block):
    defined, args, body = set(), {}, []
    for stmt in statements(block):
        lhs, rhs = stmt.split("=", 1)
        # Operands come before the first top-level ' : ' (the type).
        head, type_text = rhs.split(" : ", 1)
        used = [v for v in re.findall(r"%[\w.]+", head) if v not in defined]
        unique = list(dict.fromkeys(re.findall(r"%[\w.]+", head)))
        types = operand_types(type_text, len(unique))
        for value, ty in zip(unique, types):
            if value in used and value not in args:
                args[value] = ty
        defined.add(lhs.strip())
        body.append("  " + stmt)
    signature = ", ".join("%s: %s" % kv for kv in args.items())
    return "func.func @%s(%s) {\n%s\n  return\n}\n" % (
        name, signature, "\n".join(body))


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

    sections = re.split(r"^### `reram\.(\w+)`.*$", doc, flags=re.M)[1:]
    missing = []
    for mnemonic, text in zip(sections[0::2], sections[1::2]):
        blocks = re.findall(r"^```mlir\n(.*?)^```", text, flags=re.M | re.S)
        if not blocks:
            missing.append(mnemonic)
        for n, block in enumerate(blocks):
            print(wrap("%s_%d" % (mnemonic, n), block))
    if missing:
        sys.exit("ops without an example: " + ", ".join(missing))


if __name__ == "__main__":
    main()
