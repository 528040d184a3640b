"""Hand-written zara programs for ONNX backend node tests (Conv without
groups or dilations, Gemm without bias and transposes, MatMul 2-D), run on
the test's own input_*.pb files (weights included: graph inputs that feed
weights are programmed into the crossbars at run time) and compared with
its output_0.pb.

    onnx_node.py WORKDIR TEST_DIR...
"""

import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

from zara_asm import Checker, Program, pat

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
check = Checker()


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def shape(value_info):
    return [d.dim_value for d in value_info.type.tensor_type.shape.dim]


def conv_program(model):
    node = model.graph.node[0]
    a = attrs(node)
    (n, cin, h, w), (cout, _, kh, kw) = (shape(i) for i in model.graph.input)
    top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
    sy, sx = a.get("strides", [1, 1])
    hp, wp = h + top + bottom, w + left + right
    oh, ow = (hp - kh) // sy + 1, (wp - kw) // sx + 1
    rows = cin * kh * kw
    x_addr, w_addr = 0, n * cin * h * w
    y_addr = w_addr + cout * rows
    prog = Program(dram_size=y_addr + n * cout * oh * ow)
    prog.input(node.input[0], [n, cin, h, w], x_addr)
    prog.input(node.input[1], [cout, cin, kh, kw], w_addr)
    prog.output(node.output[0], [n, cout, oh, ow], y_addr)
    layer = prog.debug_entry(node.name or "conv")
    g = prog.group(0, 0, 0, -(-cout * 8 // 128), rows, cout)
    c = prog.core()
    # Crossbar row (ci, ky, kx), column co: W[co][ci][ky][kx].
    c.program_xbar(g, pat(w_addr, (rows, 1), (cout, rows)), debug=layer)
    img, out = 0, 16384
    c.loop(n)
    c.fill("buffer", pat(img, (cin * hp * wp, 1)))
    c.move("dram", pat(x_addr, (cin * h * w, 1), loop=[cin * h * w]),
           "buffer", pat(img + top * wp + left, (cin, hp * wp), (h, wp),
                         (w, 1)))
    c.loop(oh)
    c.loop(ow)
    c.mvm(g, pat(img, (cin, hp * wp), (kh, wp), (kw, 1),
                 loop=[0, sy * wp, sx]),
          pat(out, (cout, oh * ow), loop=[0, ow, 1]), debug=layer)
    c.end_loop()
    c.end_loop()
    c.move("buffer", pat(out, (cout * oh * ow, 1)), "dram",
           pat(y_addr, (cout * oh * ow, 1), loop=[cout * oh * ow]))
    c.end_loop()
    return prog


def gemm_program(model):
    """Y = A B: each row of A one MVM on the (K x N) group holding B."""
    node = model.graph.node[0]
    (m, k), (_, n) = (shape(i) for i in model.graph.input[:2])
    b_addr, y_addr = m * k, m * k + k * n
    prog = Program(dram_size=y_addr + m * n)
    prog.input(node.input[0], [m, k], 0)
    prog.input(node.input[1], [k, n], b_addr)
    prog.output(node.output[0], [m, n], y_addr)
    g = prog.group(0, 0, 0, -(-n * 8 // 128), k, n)
    c = prog.core()
    c.program_xbar(g, pat(b_addr, (k * n, 1)))
    c.move("dram", pat(0, (m * k, 1)), "buffer", pat(0, (m * k, 1)))
    c.loop(m)
    c.mvm(g, pat(0, (k, 1), loop=[k]), pat(8192, (n, 1), loop=[n]))
    c.end_loop()
    c.move("buffer", pat(8192, (m * n, 1)), "dram", pat(y_addr, (m * n, 1)))
    return prog


for test_dir in sys.argv[2:]:
    name = os.path.basename(test_dir)
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    node = model.graph.node[0]
    prog = conv_program(model) if node.op_type == "Conv" else \
        gemm_program(model)
    path = os.path.join(work, name + ".zara")
    with open(path, "wb") as f:
        f.write(prog.build())
    data = os.path.join(test_dir, "test_data_set_0")
    cmd = ["zara-sim", path, "--quiet", "--output-dir",
           os.path.join(work, name)]
    for i, value in enumerate(model.graph.input):
        cmd += ["--input", f"{value.name}={data}/input_{i}.pb"]
    for mode in ["ideal", "quantized"]:
        subprocess.run(cmd + ["--mode", mode], check=True)
        got = np.load(os.path.join(work, name, node.output[0] + ".npy"))
        ref = onnx.TensorProto()
        with open(os.path.join(data, "output_0.pb"), "rb") as f:
            ref.ParseFromString(f.read())
        want = numpy_helper.to_array(ref)
        scale = np.max(np.abs(want))
        err = np.max(np.abs(got - want)) / scale
        tol = 1e-6 if mode == "ideal" else 1e-3
        check.true(f"{name} {mode}: relative error {err:.1e} <= {tol:g}",
                   got.shape == want.shape and err <= tol,
                   f"shape {got.shape} vs {want.shape}")

check.finish()
print("ALL OK")
