// End to end: a hand-written ISA program of a 3x3 convolution (1x2x5x5
// input, 3x2x3x3 weights with bias, stride 1, padding 1) exported with
// zara-translate and run by zara-sim. The input window of each output pixel
// is gathered by the MVM's input pattern from a zero-padded copy of the
// image in the tile buffer (no copies), inside two loops over the output
// rows (i0) and columns (i1); the MVM writes pixel-major (HWC), the bias is
// a broadcasting ALU add, and an interleaving store writes channel-major
// (CHW) to DRAM. Inputs/conv_check.py computes the reference with a direct
// convolution in numpy and counts the MACs by hand.
//
// REQUIRES: zara-sim
// RUN: rm -rf %t && mkdir -p %t
// RUN: zara-translate --export-program %s -o %t/conv.zara
// RUN: %python %S/Inputs/conv_check.py input %t/x.npy
// RUN: zara-sim %t/conv.zara --input x=%t/x.npy --output-dir %t \
// RUN:   --stats %t/stats.json --quiet
// RUN: %python %S/Inputs/conv_check.py check %t/x.npy %t/y.npy %t/stats.json \
// RUN:   | FileCheck %s
// RUN: zara-sim %t/conv.zara --input x=%t/x.npy --output-dir %t/q \
// RUN:   --mode quantized --quiet
// RUN: %python %S/Inputs/conv_check.py check-quantized %t/x.npy %t/q/y.npy \
// RUN:   | FileCheck %s --check-prefix=QUANT

// CHECK: output: max abs error 0 (exact)
// CHECK: macs_issued: 1350
// CHECK: macs_useful: 1014
// CHECK: crossbar_activations: 25
// QUANT: output: relative L2 error below 1e-3

zisa.program producer "conv.mlir" dram_size 2048 hardware #zisa.hw<> {
  // The convolution's weights (ONNX layout Cout x Cin x Kh x Kw, flat) and
  // bias.
  zisa.weights address 1000 = dense<[
      1.0, 2.0, 1.5, 0.0, 1.75, 2.0, 2.0, -1.75, -0.25,
      0.5, -1.0, -0.5, 0.5, 1.25, 0.25, -1.5, 0.75, 1.5,
      -1.25, 0.25, -0.75, 1.75, -1.75, 0.0, 1.75, -0.25, -1.5,
      1.25, 2.0, 2.0, 1.75, -0.5, 1.0, 2.0, 0.25, 1.75,
      0.5, -1.25, -0.25, 0.5, -0.75, 0.75, -0.5, 2.0, -1.25,
      0.75, -1.75, -1.5, 0.0, 0.0, 0.0, 0.0, 1.5, 0.0]> : tensor<54xf32>
  zisa.weights address 1054 = dense<[-0.5, 2.0, 1.75]> : tensor<3xf32>
  zisa.input "x" address 0 : tensor<1x2x5x5xf32>
  zisa.output "y" address 100 : tensor<1x3x5x5xf32>
  // Row r = (ci, kh, kw) of the 18-row matrix, column c = output channel:
  // 3 columns of 8 cells fit one crossbar.
  zisa.xbar_group @conv tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 18 cols 3

  zisa.core tile 0 core 0 {
    // W[r][c] = w[c * 18 + r]: the source pattern transposes.
    zisa.program_xbar @conv whole row_begin 0 row_count 18
        src <1000, counts [18, 3], strides [1, 18]> loc("conv")
    // The 2 x 7 x 7 zero-padded image at buffer 0, the image in its interior.
    zisa.fill buffer <0, counts [98], strides [1]> value 0.0 loc("conv")
    zisa.move dram <0, counts [2, 5, 5], strides [25, 5, 1]>
        to buffer <8, counts [2, 5, 5], strides [49, 7, 1]> loc("conv")
    // Output pixel (i0, i1): its 2 x 3 x 3 window starts at 7*i0 + i1; the
    // 3 channels go to 200 + 3 * (5*i0 + i1).
    zisa.loop 5 {
      zisa.loop 5 {
        zisa.mvm @conv input <7*i0 + i1, counts [2, 3, 3], strides [49, 7, 1]>
            output <200 + 15*i0 + 3*i1, counts [3], strides [1]> loc("conv")
      } loc("conv")
    } loc("conv")
    // y[p][c] += b[c] for the 25 pixels p: the bias broadcasts (stride 0).
    zisa.move dram <1054, counts [3], strides [1]>
        to buffer <300, counts [3], strides [1]> loc("conv")
    zisa.alu add dst <200, counts [25, 3], strides [3, 1]>
        a <200, counts [25, 3], strides [3, 1]>
        b <300, counts [25, 3], strides [0, 1]> loc("conv")
    // Interleaved store: channel c of pixel p (buffer 200 + 3p + c) to
    // y[c][p] (DRAM 100 + 25c + p).
    zisa.move buffer <200, counts [3, 25], strides [1, 3]>
        to dram <100, counts [3, 25], strides [25, 1]> loc("conv")
    zisa.halt
  }
}
