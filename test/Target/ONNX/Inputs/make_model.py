#!/usr/bin/python3
"""Writes the binary ONNX models of the importer's lit tests.

usage: make_model.py KIND OUT

KIND is one of
  named      a small generator (ConvTranspose/BatchNormalization/Relu, Gemm,
             Reshape, Tanh) with PyTorch-style node names (/0/ConvTranspose),
             initializer names (0.weight) and graph name (torch-jit-export);
             the ConvTranspose weight is large enough to be a resource blob
  bad-node   the same generator with a ConvTranspose weight whose input
             channels do not match the input (the node keeps its name)
  truncated  the `named` model cut in the middle of its weights
  garbage    bytes that are neither protobuf nor text
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def generator(bad=False):
    rng = np.random.default_rng(0)
    cin = 6 if bad else 8
    w0 = rng.standard_normal((cin, 4, 4, 4)).astype(np.float32)
    gemm_w = rng.standard_normal((4, 8)).astype(np.float32)
    inits = [
        numpy_helper.from_array(gemm_w, "fc.weight"),
        numpy_helper.from_array(np.array([1, 8, 1, 1], dtype=np.int64), "shape"),
        numpy_helper.from_array(w0, "0.weight"),
        numpy_helper.from_array(np.ones(4, np.float32), "1.weight"),
        numpy_helper.from_array(np.zeros(4, np.float32), "1.bias"),
        numpy_helper.from_array(np.zeros(4, np.float32), "1.running_mean"),
        numpy_helper.from_array(np.ones(4, np.float32), "1.running_var"),
    ]
    nodes = [
        helper.make_node("Gemm", ["z", "fc.weight"], ["/fc/Gemm_output_0"],
                         name="/fc/Gemm"),
        helper.make_node("Reshape", ["/fc/Gemm_output_0", "shape"],
                         ["/Reshape_output_0"], name="/Reshape"),
        helper.make_node("ConvTranspose", ["/Reshape_output_0", "0.weight"],
                         ["/0/ConvTranspose_output_0"], name="/0/ConvTranspose",
                         kernel_shape=[4, 4], strides=[1, 1], pads=[0, 0, 0, 0]),
        helper.make_node("BatchNormalization",
                         ["/0/ConvTranspose_output_0", "1.weight", "1.bias",
                          "1.running_mean", "1.running_var"],
                         ["/1/BatchNormalization_output_0"],
                         name="/1/BatchNormalization", epsilon=1e-5),
        helper.make_node("Relu", ["/1/BatchNormalization_output_0"],
                         ["/2/Relu_output_0"], name="/2/Relu"),
        helper.make_node("Tanh", ["/2/Relu_output_0"], ["image"], name="/3/Tanh"),
    ]
    graph = helper.make_graph(
        nodes, "torch-jit-export",
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                       ["batch", 4, 4, 4])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="zara-test",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "named":
        model = generator()
        onnx.checker.check_model(model)
        data = model.SerializeToString()
    elif kind == "bad-node":
        data = generator(bad=True).SerializeToString()
    elif kind == "truncated":
        data = generator().SerializeToString()
        data = data[: len(data) // 2]
    elif kind == "garbage":
        data = bytes(range(256)) * 4
    else:
        sys.exit(f"unknown kind {kind}")
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
