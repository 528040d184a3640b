// RUN: zara-opt %s -split-input-file -verify-diagnostics --reram-lower-to-zisa
// RUN: not zara-opt %s -split-input-file --reram-lower-to-zisa="hw=%S/Inputs/does-not-exist.json" 2>&1 | FileCheck %s --check-prefix=HW

// What reram-lower-to-zisa refuses, run on its own (no mapping pass), one
// case per split (docs/Lowering.md, "Not supported").

// HW: error: {{.*}}does-not-exist.json: no such file or directory

// A crossbar op that the mapping did not place.
func.func @unmapped(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %w = reram.constant dense<0.5> : tensor<3x2x1x1xf32>
  // expected-error @+1 {{'reram.conv' has no crossbar mapping: run reram-map-crossbars before reram-lower-to-zisa}}
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<1x2x3x3xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}

// -----

func.func @unmapped_matmul(%a: tensor<1x3xf32>, %b: tensor<3x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'reram.matmul' has no crossbar mapping}}
  %y = reram.matmul %a, %b : (tensor<1x3xf32>, tensor<3x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// The bias gradient of training: no lowering yet.
func.func @channel_sum(%dy: tensor<1x4x4x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'reram.channel_sum' is not supported by the lowering to the instruction set yet}}
  %db = reram.channel_sum %dy : tensor<1x4x4x4xf32> -> tensor<4xf32>
  return %db : tensor<4xf32>
}

// -----

// A transposed convolution that was not deformed.
func.func @tconv(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x4x4xf32>) -> tensor<1x3x6x6xf32> {
  // expected-error @+1 {{'reram.conv_transpose' is not supported by the lowering to the instruction set yet}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x2x3x3xf32>, tensor<2x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  return %y : tensor<1x3x6x6xf32>
}

// -----

// The weight gradient of training multiplies two activations: the mapping
// leaves it unmapped, and the lowering has no form for it.
func.func @weight_gradient(%x: tensor<1x2x4x4xf32>, %dy: tensor<1x4x4x4xf32>) -> tensor<4x2x3x3xf32> {
  // expected-error @+1 {{'reram.conv_backward_weight' is not supported by the lowering to the instruction set yet}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x2x4x4xf32>, tensor<1x4x4x4xf32>) -> (tensor<4x2x3x3xf32>, tensor<4xf32>)
  return %dw : tensor<4x2x3x3xf32>
}

// -----

// expected-error @+1 {{reram-lower-to-zisa expects one function, found 2}}
module {
  func.func @a() { return }
  func.func @b() { return }
}
