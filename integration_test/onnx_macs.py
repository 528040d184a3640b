"""Multiply-accumulates of ONNX nodes from their attributes and shapes alone
(onnx.shape_inference, not zara): the independent reference that the MAC
checks of integration_test/Zoo and integration_test/Program compare zara's
compile reports and simulator statistics against.
"""

import math

from onnx import helper, numpy_helper, shape_inference


def inferred_shapes(model):
    """The shape of every graph input, inferred value, output and initializer
    of `model`, by name."""
    graph = shape_inference.infer_shapes(model).graph
    shapes = {}
    for v in list(graph.input) + list(graph.value_info) + list(graph.output):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    for t in graph.initializer:
        shapes[t.name] = list(numpy_helper.to_array(t).shape)
    return shapes


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def useful_macs(node, shapes):
    """Useful MACs of a Conv, ConvTranspose, Gemm or MatMul node, from its
    attributes and the inferred shapes; None for other ops.

    Window ops count the (input element, tap, output channel) triples that
    touch no padding or inserted zero: per spatial axis the pairs
    (output o, tap k) with 0 <= o*s - pad + k*d < in (Conv) or (input i,
    tap k) with 0 <= i*s - pad + k*d < out (ConvTranspose, the arithmetic
    of zoo_macs.py), multiplied over the axes and by
    N * Cin * Cout / group.
    """
    a = _attrs(node)
    if node.op_type in ("Conv", "ConvTranspose"):
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            raise ValueError(f"{node.name}: auto_pad is not handled")
        x, w = shapes[node.input[0]], shapes[node.input[1]]
        y = shapes[node.output[0]]
        rank = len(w) - 2
        strides = list(a.get("strides", [1] * rank))
        dil = list(a.get("dilations", [1] * rank))
        pads = list(a.get("pads", [0] * (2 * rank)))

        def taps(positions, ax, bound):
            # (position p, tap k) pairs with 0 <= p*s - pad + k*d < bound.
            return sum(1 for p in range(positions) for k in range(w[2 + ax])
                       if 0 <= p * strides[ax] - pads[ax] + k * dil[ax]
                       < bound)

        conv = node.op_type == "Conv"
        # N * Cin * Cout / group: the weight's first two dimensions, for
        # both ops (Cout x Cin/group, or Cin x Cout/group).
        macs = x[0] * w[0] * w[1]
        for ax in range(rank):
            # Conv walks output positions over the input, ConvTranspose
            # input positions over the output.
            outer, bound = ((y[2 + ax], x[2 + ax]) if conv
                            else (x[2 + ax], y[2 + ax]))
            macs *= taps(outer, ax, bound)
        return macs
    if node.op_type == "Gemm":
        m_k = shapes[node.input[0]]
        k = m_k[0] if a.get("transA", 0) else m_k[1]
        return math.prod(shapes[node.output[0]]) * k
    if node.op_type == "MatMul":
        return math.prod(shapes[node.output[0]]) * shapes[node.input[0]][-1]
    return None
