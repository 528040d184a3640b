// RUN: zara-opt %s -verify-diagnostics --reram-map-crossbars="hw=%S/Inputs/tiny-buffer.json replicate=false" --reram-lower-to-zisa="hw=%S/Inputs/tiny-buffer.json"

// A tile buffer of 64 bytes, 32 elements, 16 per core: one window of a
// 3x3 convolution of 2 channels needs a band of 2 x 3 x 3 = 18 elements
// plus 3 outputs (docs/Lowering.md, "Bands, windows and chunks").
func.func @conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = reram.constant dense<0.5> : tensor<3x2x3x3xf32>
  // expected-error @+1 {{one window of this layer needs 21 elements of tile buffer but a core's share is 16}}
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}
