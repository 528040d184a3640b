// RUN: zara-opt %s -split-input-file -verify-diagnostics --reram-map-crossbars --reram-lower-to-zisa

// What reram-lower-to-zisa refuses after the mapping (docs/Lowering.md,
// "Not supported").

// The pixel-wise form of a transposed convolution (reram-deform-tconv
// form=pixel): the matrix product maps, but the overlap-add that sums its
// kernel-sized outputs has no lowering; the error says which form to use.
func.func @pixel(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x6x6xf32> {
  %w = reram.constant dense<0.5> : tensor<2x48xf32>
  %t = reram.transpose %x permutation [0, 2, 3, 1] : tensor<1x2x3x3xf32> -> tensor<1x3x3x2xf32>
  %r = reram.reshape %t : tensor<1x3x3x2xf32> -> tensor<9x2xf32>
  %p = reram.matmul %r, %w : (tensor<9x2xf32>, tensor<2x48xf32>) -> tensor<9x48xf32>
  %q = reram.reshape %p : tensor<9x48xf32> -> tensor<1x3x3x3x4x4xf32>
  // expected-error @+1 {{'reram.overlap_add' is not supported by the lowering to the instruction set yet (compile with --deform-form=phase, or stop at --emit=mapped)}}
  %y = reram.overlap_add %q strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
       : (tensor<1x3x3x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  return %y : tensor<1x3x6x6xf32>
}

// -----

// A batch norm whose parameters are graph inputs computes its scale and
// shift in the tile buffer: four vectors of 1024 channels do not fit the
// 32768 / 12 elements of a core.
func.func @runtime_batch_norm(%x: tensor<1x1024xf32>, %s: tensor<1024xf32>, %b: tensor<1024xf32>,
                              %m: tensor<1024xf32>, %v: tensor<1024xf32>) -> tensor<1x1024xf32> {
  // expected-error @+1 {{batch normalization over 1024 channels with parameters computed at run time needs 4096 elements of tile buffer; a core has 2730}}
  %y = reram.batch_norm %x, %s, %b, %m, %v epsilon 0.001
       : (tensor<1x1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>,
          tensor<1024xf32>) -> tensor<1x1024xf32>
  return %y : tensor<1x1024xf32>
}
