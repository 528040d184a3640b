"""A small convolution without im2col: the padded image lives once in the
tile buffer, and each output pixel's MVM gathers its Cin x Kh x Kw window
through a 3-dimensional pattern whose base moves with the two loop
indices. Checked against a direct numpy convolution (ideal and quantized
mode), with cycles, useful MACs (padding zeros excluded) and instruction
counts by hand."""

import sys

import numpy as np

import costs
from zara_asm import Checker, Program, pat, run_sim

work = sys.argv[1]
check = Checker()
rng = np.random.default_rng(5)


def conv2d(x, w, stride, pad):
    """Direct convolution, NCHW without N, float64."""
    cin, h, wd = x.shape
    cout, _, kh, kw = w.shape
    xp = np.zeros((cin, h + 2 * pad, wd + 2 * pad))
    xp[:, pad:pad + h, pad:pad + wd] = x
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    y = np.zeros((cout, oh, ow))
    for o in range(cout):
        for i in range(oh):
            for j in range(ow):
                win = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
                y[o, i, j] = np.sum(win * w[o])
    return y


def conv_program(cin, h, wd, cout, k, stride, pad):
    hp, wp = h + 2 * pad, wd + 2 * pad
    oh, ow = (hp - k) // stride + 1, (wp - k) // stride + 1
    rows = cin * k * k
    prog = Program(dram_size=4096)
    prog.input("x", [cin, h, wd], 0)
    prog.output("y", [cout, oh, ow], 1024)
    weight_addr = 2048
    layer = prog.debug_entry("conv1")
    g = prog.group(0, 0, 0, costs.arrays(cout), rows, cout)
    c = prog.core(0, 0)
    c.program_xbar(g, pat(weight_addr, (rows * cout, 1)), debug=layer)
    img, out = 0, 2000
    # Padding: zeros tagged Zero, then the image into the interior.
    c.fill("buffer", pat(img, (cin * hp * wp, 1)), debug=layer)
    c.move("dram", pat(0, (cin * h * wd, 1)), "buffer",
           pat(img + pad * wp + pad, (cin, hp * wp), (h, wp), (wd, 1)),
           debug=layer)
    c.loop(oh, debug=layer)
    c.loop(ow, debug=layer)
    c.mvm(g, pat(img, (cin, hp * wp), (k, wp), (k, 1),
                 loop=[stride * wp, stride]),
          pat(out, (cout, oh * ow), loop=[ow, 1]), debug=layer)
    c.end_loop(debug=layer)
    c.end_loop(debug=layer)
    c.move("buffer", pat(out, (cout * oh * ow, 1)), "dram",
           pat(1024, (cout * oh * ow, 1)), debug=layer)
    c.halt()
    return prog, weight_addr, (oh, ow)


for name, (cin, h, wd, cout, k, stride, pad) in {
        "conv_s1": (2, 6, 6, 3, 3, 1, 1),
        "conv_s2": (3, 7, 5, 4, 3, 2, 1)}.items():
    x = rng.standard_normal((cin, h, wd)).astype(np.float32)
    w = rng.standard_normal((cout, cin, k, k)).astype(np.float32)
    prog, waddr, (oh, ow) = conv_program(cin, h, wd, cout, k, stride, pad)
    # Crossbar rows are (ci, ky, kx) in the window's enumeration order.
    prog.set_weights(w.reshape(cout, -1).T, address=waddr)
    data = prog.build()
    want = conv2d(x.astype(np.float64), w.astype(np.float64), stride, pad)

    stats, out = run_sim(data, work, name, {"x": x})
    check.close(f"{name} ideal output", out["y"], want, rtol=1e-5, atol=1e-5)
    _, qout = run_sim(data, work, name + "_q", {"x": x},
                      ["--mode", "quantized"])
    err = np.max(np.abs(qout["y"] - want)) / np.max(np.abs(want))
    check.true(f"{name} quantized output within 1e-3 ({err:.1e})",
               err < 1e-3)

    rows = cin * k * k
    n_in, n_out = cin * h * wd, cout * oh * ow
    hp, wp = h + 2 * pad, wd + 2 * pad
    cycles = (costs.program_xbar(rows, cout)[0] +
              costs.fill(cin * hp * wp, "buffer")[0] +
              costs.move(n_in, "dram", "buffer")[0] +
              oh * ow * costs.mvm(rows, cout)[0] +
              costs.move(n_out, "buffer", "dram")[0])
    check.eq(f"{name} cycles", stats["cycles"], cycles)
    # Useful MACs: window elements inside the image, times Cout.
    inside = 0
    for i in range(oh):
        for j in range(ow):
            for ky in range(k):
                for kx in range(k):
                    yy, xx = i * stride + ky - pad, j * stride + kx - pad
                    inside += (0 <= yy < h and 0 <= xx < wd)
    check.eq(f"{name} macs_issued", stats["counts"]["macs_issued"],
             oh * ow * rows * cout)
    check.eq(f"{name} macs_useful", stats["counts"]["macs_useful"],
             inside * cin * cout)
    check.eq(f"{name} crossbar_activations",
             stats["counts"]["crossbar_activations"], oh * ow)
    # program, fill, move, loop, oh x (loop, ow x (mvm, end), end), move,
    # halt
    check.eq(f"{name} instructions", stats["counts"]["instructions"],
             3 + 1 + oh * (1 + 2 * ow + 1) + 1 + 1)
    check.eq(f"{name} layer", [l["name"] for l in stats["layers"]],
             ["conv1"])
    check.eq(f"{name} layer macs_useful", stats["layers"][0]["macs_useful"],
             inside * cin * cout)

check.finish()
print("ALL OK")
