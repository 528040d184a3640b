"""Checks zara-compile's MAC counts for a model's ConvTranspose nodes.

    zoo_macs.py MODEL.onnx SUBCONV.json ZERO_INSERT.json

For every ConvTranspose node of MODEL.onnx it computes (../onnx_macs.py for
the useful count), from the ONNX
attributes and shapes alone (onnx.shape_inference, not zara):
  useful       the (input element, tap, output channel) triples whose output
               position lies inside the output: per spatial axis, the pairs
               (i, k) with 0 <= i*s - pad_begin + k*d < out, multiplied over
               the axes and by N * Cin * Cout / group;
  zero-insert  a stride-1 convolution over the zero-inserted, padded input:
               N * Cout * prod(out) * Cin / group * prod(K).
and requires, for the node's entries in the two compile reports:
  - macs_useful equal to `useful` in both modes;
  - zero-insert macs_issued equal to `zero-insert`;
  - subconv macs_issued >= useful, and strictly less than zero-insert's when
    a stride is > 1 (the zero-free form skips the inserted zeros).
Prints one line per node and exits 1 on the first violation.
"""

import json
import math
import os
import sys

import onnx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from onnx_macs import inferred_shapes, useful_macs  # noqa: E402


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return list(a.ints) if a.ints else a.i
    return default


def main():
    model_path, sub_path, zi_path = sys.argv[1:4]
    model = onnx.load(model_path)
    graph = model.graph
    shapes = inferred_shapes(model)

    def by_name(path):
        with open(path) as f:
            return {op["name"]: op for op in json.load(f)["ops"]}

    sub, zi = by_name(sub_path), by_name(zi_path)
    count = 0
    for node in graph.node:
        if node.op_type != "ConvTranspose":
            continue
        x, w, y = shapes[node.input[0]], shapes[node.input[1]], \
            shapes[node.output[0]]
        n, cin = x[0], x[1]
        group = attr(node, "group", 1)
        cout, kernel = w[1] * group, w[2:]
        rank = len(kernel)
        strides = attr(node, "strides", [1] * rank)
        out_sp = y[2:]
        useful = useful_macs(node, shapes)
        zero_insert = (n * cout * math.prod(out_sp) * (cin // group)
                       * math.prod(kernel))
        s, z = sub[node.name], zi[node.name]
        print(f"{node.name}: strides {strides}, useful {useful}, "
              f"subconv issued {s['macs_issued']}, zero-insert issued "
              f"{z['macs_issued']}")
        errors = []
        if s["macs_useful"] != useful or z["macs_useful"] != useful:
            errors.append(f"macs_useful {s['macs_useful']} (subconv), "
                          f"{z['macs_useful']} (zero-insert), expected "
                          f"{useful}")
        if z["macs_issued"] != zero_insert:
            errors.append(f"zero-insert macs_issued {z['macs_issued']}, "
                          f"expected {zero_insert}")
        if s["macs_issued"] < useful:
            errors.append(f"subconv macs_issued {s['macs_issued']} < "
                          f"useful {useful}")
        if max(strides) > 1 and not s["macs_issued"] < z["macs_issued"]:
            errors.append(f"subconv macs_issued {s['macs_issued']} not < "
                          f"zero-insert's {z['macs_issued']}")
        if errors:
            sys.exit(f"{node.name}: " + "; ".join(errors))
        count += 1
    if count == 0 and "--allow-none" not in sys.argv:
        sys.exit(f"{model_path}: no ConvTranspose node")
    print(f"{count} ConvTranspose nodes checked")


if __name__ == "__main__":
    main()
