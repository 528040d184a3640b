// Every verifier rule of the backward (training) ops, for each op, with
// the full expected message: ODS constraints, ranks, attribute lengths and
// ranges, batch and channel relations of the forward op, the bias
// gradient, and the forward op's spatial arithmetic. The valid base cases
// are the 1-D ops of training-ops.mlir (forward conv: 1x2x9 * 4x2x3 stride
// 2 pads 1/0 -> 1x4x4; forward conv_transpose: 1x3x5 * 3x2x4 stride 3 pads
// 1/2 output_padding 2 -> 1x2x15); each case changes one thing. Expected
// sizes are worked out by hand in the comments.
//
// RUN: zara-opt %s -split-input-file -verify-diagnostics

func.func @conv_backward_data_output_grad_f16(%dy: tensor<1x4x4xf16>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x4x4xf16>'}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf16>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_groups_0(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 0
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_output_grad_rank_2(%dy: tensor<4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_output_grad_rank_6(%dy: tensor<1x4x1x1x1x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 6}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x1x1x1x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_input_rank(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op input gradient rank 4 does not match output gradient rank 3}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9x1xf32>
  return
}

// -----

func.func @conv_backward_data_weight_rank(%dy: tensor<1x4x4xf32>, %w: tensor<4x2xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op weight rank 2 does not match output gradient rank 3}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_strides_count(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op expected 1 strides, got 2}}
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_dilations_count(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op expected 1 dilations, got 0}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_pads_count(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op expected 2 pads (begin pads, then end pads), got 1}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_stride_0(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op strides must be positive}}
  %dx = reram.conv_backward_data %dy, %w strides [0] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_dilation_0(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op dilations must be positive}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [0] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_pad_negative(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op pads must be non-negative}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, -1] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_kernel_0(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x0xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op kernel sizes (weight spatial dimensions) must be positive}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x0xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_batch(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op input gradient batch 2 does not match output gradient batch 1}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<2x2x9xf32>
  return
}

// -----

// 3 input channels in 2 groups.
func.func @conv_backward_data_input_channels_groups(%dy: tensor<1x4x4xf32>, %w: tensor<4x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op input gradient channels (3) are not divisible by groups (2)}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x4x4xf32>, tensor<4x1x3xf32>) -> tensor<1x3x9xf32>
  return
}

// -----

// 3 output channels in 2 groups.
func.func @conv_backward_data_output_channels_groups(%dy: tensor<1x3x4xf32>, %w: tensor<3x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient channels (3) are not divisible by groups (2)}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x3x4xf32>, tensor<3x1x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_weight_output_channels(%dy: tensor<1x4x4xf32>, %w: tensor<5x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op weight has 5 output channels but the output gradient has 4 channels}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<5x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_backward_data_weight_input_channels(%dy: tensor<1x4x4xf32>, %w: tensor<4x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op weight expects 1 input channels per group, but the input gradient has 2 channels in 1 group(s)}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x1x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

// Two groups of one input channel need a 4x1xK weight.
func.func @conv_backward_data_weight_input_channels_groups(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op weight expects 2 input channels per group, but the input gradient has 2 channels in 2 group(s)}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

// The 3-tap kernel does not fit into 1 + 1 padded positions.
func.func @conv_backward_data_no_output(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op spatial dimension 0 has no output: input 1, kernel 3, stride 2, dilation 1, pads 1/0}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x1xf32>
  return
}

// -----

// (10 + 1 - 3) / 2 + 1 = 5.
func.func @conv_backward_data_spatial_size(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient spatial dimension 0 is 4 but the convolution arithmetic of the input gradient gives 5}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x10xf32>
  return
}

// -----

// A 5-tap kernel: (9 + 1 - 5) / 2 + 1 = 3.
func.func @conv_backward_data_spatial_size_kernel(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x5xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient spatial dimension 0 is 4 but the convolution arithmetic of the input gradient gives 3}}
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x4x4xf32>, tensor<4x2x5xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

// Dimension 0: (9+2-3)/2+1 = 5 matches; dimension 1: (9+1-3)/2+1 = 4
// would need an input of 8 or 9, not 10: (10+1-3)/2+1 = 5.
func.func @conv_backward_data_spatial_size_2d(%dy: tensor<1x4x5x4xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_backward_data' op output gradient spatial dimension 1 is 4 but the convolution arithmetic of the input gradient gives 5}}
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 1, 1, 0] dilations [1, 1] groups 1
       : (tensor<1x4x5x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x9x10xf32>
  return
}

// -----

func.func @conv_backward_weight_output_grad_f16(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf16>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op operand #1 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x4x4xf16>'}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf16>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_bias_grad_rank_2(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op result #1 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<4x1xf32>'}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4x1xf32>)
  return
}

// -----

func.func @conv_backward_weight_groups_0(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 0
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_output_grad_rank_2(%x: tensor<1x2x9xf32>, %dy: tensor<4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op output gradient must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_input_rank(%x: tensor<1x2x9x1xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op input rank 4 does not match output gradient rank 3}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9x1xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_weight_rank(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op weight gradient rank 2 does not match output gradient rank 3}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_strides_count(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op expected 1 strides, got 2}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_dilations_count(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op expected 1 dilations, got 0}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_pads_count(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op expected 2 pads (begin pads, then end pads), got 1}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_stride_0(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op strides must be positive}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [0] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_dilation_0(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op dilations must be positive}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [0] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_pad_negative(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op pads must be non-negative}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, -1] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_kernel_0(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op kernel sizes (weight gradient spatial dimensions) must be positive}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x0xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_batch(%x: tensor<2x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op input batch 2 does not match output gradient batch 1}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<2x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

// 3 input channels in 2 groups.
func.func @conv_backward_weight_input_channels_groups(%x: tensor<1x3x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op input channels (3) are not divisible by groups (2)}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x3x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x1x3xf32>, tensor<4xf32>)
  return
}

// -----

// 3 output channels in 2 groups.
func.func @conv_backward_weight_output_channels_groups(%x: tensor<1x2x9xf32>, %dy: tensor<1x3x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op output gradient channels (3) are not divisible by groups (2)}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x2x9xf32>, tensor<1x3x4xf32>) -> (tensor<3x1x3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @conv_backward_weight_weight_output_channels(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op weight gradient has 5 output channels but the output gradient has 4 channels}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<5x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_weight_input_channels(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op weight gradient expects 1 input channels per group, but the input has 2 channels in 1 group(s)}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x1x3xf32>, tensor<4xf32>)
  return
}

// -----

// Two groups of one input channel need a 4x1xK weight.
func.func @conv_backward_weight_weight_input_channels_groups(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op weight gradient expects 2 input channels per group, but the input has 2 channels in 2 group(s)}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 2
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_backward_weight_bias_grad_size(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op bias gradient has 5 elements but the output gradient has 4 channels}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<5xf32>)
  return
}

// -----

// The 3-tap kernel does not fit into 1 + 1 padded positions.
func.func @conv_backward_weight_no_output(%x: tensor<1x2x1xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op spatial dimension 0 has no output: input 1, kernel 3, stride 2, dilation 1, pads 1/0}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x1xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

// (10 + 1 - 3) / 2 + 1 = 5.
func.func @conv_backward_weight_spatial_size(%x: tensor<1x2x10xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op output gradient spatial dimension 0 is 4 but the convolution arithmetic of the input gives 5}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x10xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return
}

// -----

// A 5-tap kernel: (9 + 1 - 5) / 2 + 1 = 3.
func.func @conv_backward_weight_spatial_size_kernel(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op output gradient spatial dimension 0 is 4 but the convolution arithmetic of the input gives 3}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x5xf32>, tensor<4xf32>)
  return
}

// -----

// Dimension 0: (9+2-3)/2+1 = 5 matches; dimension 1: (9+1-3)/2+1 = 4
// would need an input of 8 or 9, not 10: (10+1-3)/2+1 = 5.
func.func @conv_backward_weight_spatial_size_2d(%x: tensor<1x2x9x10xf32>, %dy: tensor<1x4x5x4xf32>) {
  // expected-error @+1 {{'reram.conv_backward_weight' op output gradient spatial dimension 1 is 4 but the convolution arithmetic of the input gives 5}}
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2] pads [1, 1, 1, 0] dilations [1, 1] groups 1
       : (tensor<1x2x9x10xf32>, tensor<1x4x5x4xf32>) -> (tensor<4x2x3x3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @conv_transpose_backward_data_output_grad_f16(%dy: tensor<1x2x15xf16>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x2x15xf16>'}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf16>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_groups_0(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 0
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_output_grad_rank_2(%dy: tensor<2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_input_rank(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op input gradient rank 4 does not match output gradient rank 3}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5x1xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_weight_rank(%dy: tensor<1x2x15xf32>, %w: tensor<3x2xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op weight rank 2 does not match output gradient rank 3}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_strides_count(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op expected 1 strides, got 2}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 2] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_dilations_count(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op expected 1 dilations, got 0}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_pads_count(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op expected 2 pads (begin pads, then end pads), got 1}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_output_padding_count(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op expected 1 output_padding values, got 2}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2, 0] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_stride_0(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op strides must be positive}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [0] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_dilation_0(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op dilations must be positive}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [0] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_pad_negative(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op pads must be non-negative}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, -1] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

// Stride 3 and dilation 1 allow output_padding 0..2.
func.func @conv_transpose_backward_data_output_padding_too_large(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output_padding[0] = 3 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [3] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_output_padding_negative(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output_padding[0] = -1 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [-1] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_kernel_0(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x0xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op kernel sizes (weight spatial dimensions) must be positive}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x0xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_batch(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op input gradient batch 2 does not match output gradient batch 1}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

// 3 input channels in 2 groups.
func.func @conv_transpose_backward_data_input_channels_groups(%dy: tensor<1x2x15xf32>, %w: tensor<3x1x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op input gradient channels (3) are not divisible by groups (2)}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 2
       : (tensor<1x2x15xf32>, tensor<3x1x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_weight_input_channels(%dy: tensor<1x2x15xf32>, %w: tensor<2x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op weight has 2 input channels but the input gradient has 3}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<2x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

func.func @conv_transpose_backward_data_output_channels(%dy: tensor<1x3x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient has 3 channels but weight and groups give 2}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

// Two groups of two output channels each make 4.
func.func @conv_transpose_backward_data_output_channels_groups(%dy: tensor<1x2x15xf32>, %w: tensor<4x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient has 2 channels but weight and groups give 4}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 2
       : (tensor<1x2x15xf32>, tensor<4x2x4xf32>) -> tensor<1x4x5xf32>
  return
}

// -----

// 3*4 + 3 + 1 + 2 - 10 - 8 = 0.
func.func @conv_transpose_backward_data_no_output(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op spatial dimension 0 has no output: input 5, kernel 4, stride 3, dilation 1, pads 10/8, output_padding 2}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [10, 8] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

// 3*5 + 3 + 1 + 2 - 1 - 2 = 18.
func.func @conv_transpose_backward_data_spatial_size(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient spatial dimension 0 is 15 but the transposed-convolution arithmetic of the input gradient gives 18}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x6xf32>
  return
}

// -----

// Output padding 1 instead of 2: 3*4 + 3 + 1 + 1 - 1 - 2 = 14.
func.func @conv_transpose_backward_data_spatial_size_output_padding(%dy: tensor<1x2x15xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient spatial dimension 0 is 15 but the transposed-convolution arithmetic of the input gradient gives 14}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2] dilations [1] output_padding [1] groups 1
       : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return
}

// -----

// Dimensions 0 and 1 match (2*2+1+1+1-0-1 = 6, 1+2*2+1-1 = 5); dimension 2 has
// output_padding 1 instead of 2: 3*1 + 0 + 1 + 1 = 5.
func.func @conv_transpose_backward_data_spatial_size_3d(%dy: tensor<1x6x6x5x6xf32>, %w: tensor<4x3x2x3x1xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_data' op output gradient spatial dimension 2 is 6 but the transposed-convolution arithmetic of the input gradient gives 5}}
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 1, 3] pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 1] groups 2
       : (tensor<1x6x6x5x6xf32>, tensor<4x3x2x3x1xf32>) -> tensor<1x4x3x2x2xf32>
  return
}

// -----

func.func @conv_transpose_backward_weight_output_grad_f16(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf16>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op operand #1 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x2x15xf16>'}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf16>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_bias_grad_rank_2(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op result #1 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<2x1xf32>'}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2x1xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_groups_0(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 0
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_output_grad_rank_2(%x: tensor<1x3x5xf32>, %dy: tensor<2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_input_rank(%x: tensor<1x3x5x1xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op input rank 4 does not match output gradient rank 3}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5x1xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_weight_rank(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op weight gradient rank 2 does not match output gradient rank 3}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_strides_count(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op expected 1 strides, got 2}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_dilations_count(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op expected 1 dilations, got 0}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_pads_count(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op expected 2 pads (begin pads, then end pads), got 1}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_output_padding_count(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op expected 1 output_padding values, got 2}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2, 0] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_stride_0(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op strides must be positive}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [0] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_dilation_0(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op dilations must be positive}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [0] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_pad_negative(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op pads must be non-negative}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, -1] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

// Stride 3 and dilation 1 allow output_padding 0..2.
func.func @conv_transpose_backward_weight_output_padding_too_large(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output_padding[0] = 3 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [3] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_output_padding_negative(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output_padding[0] = -1 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [-1] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_kernel_0(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op kernel sizes (weight gradient spatial dimensions) must be positive}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x0xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_batch(%x: tensor<2x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op input batch 2 does not match output gradient batch 1}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<2x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

// 3 input channels in 2 groups.
func.func @conv_transpose_backward_weight_input_channels_groups(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op input channels (3) are not divisible by groups (2)}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 2
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x1x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_weight_input_channels(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op weight gradient has 2 input channels but the input has 3}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<2x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_output_channels(%x: tensor<1x3x5xf32>, %dy: tensor<1x3x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient has 3 channels but weight gradient and groups give 2}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x3x15xf32>) -> (tensor<3x2x4xf32>, tensor<3xf32>)
  return
}

// -----

// Two groups of two output channels each make 4.
func.func @conv_transpose_backward_weight_output_channels_groups(%x: tensor<1x4x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient has 2 channels but weight gradient and groups give 4}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 2
       : (tensor<1x4x5xf32>, tensor<1x2x15xf32>) -> (tensor<4x2x4xf32>, tensor<2xf32>)
  return
}

// -----

func.func @conv_transpose_backward_weight_bias_grad_size(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op bias gradient has 5 elements but the output gradient has 2 channels}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<5xf32>)
  return
}

// -----

// 3*4 + 3 + 1 + 2 - 10 - 8 = 0.
func.func @conv_transpose_backward_weight_no_output(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op spatial dimension 0 has no output: input 5, kernel 4, stride 3, dilation 1, pads 10/8, output_padding 2}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [10, 8] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

// 3*5 + 3 + 1 + 2 - 1 - 2 = 18.
func.func @conv_transpose_backward_weight_spatial_size(%x: tensor<1x3x6xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient spatial dimension 0 is 15 but the transposed-convolution arithmetic of the input gives 18}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1
       : (tensor<1x3x6xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

// Output padding 1 instead of 2: 3*4 + 3 + 1 + 1 - 1 - 2 = 14.
func.func @conv_transpose_backward_weight_spatial_size_output_padding(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient spatial dimension 0 is 15 but the transposed-convolution arithmetic of the input gives 14}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3] pads [1, 2] dilations [1] output_padding [1] groups 1
       : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return
}

// -----

// Dimensions 0 and 1 match (2*2+1+1+1-0-1 = 6, 1+2*2+1-1 = 5); dimension 2 has
// output_padding 1 instead of 2: 3*1 + 0 + 1 + 1 = 5.
func.func @conv_transpose_backward_weight_spatial_size_3d(%x: tensor<1x4x3x2x2xf32>, %dy: tensor<1x6x6x5x6xf32>) {
  // expected-error @+1 {{'reram.conv_transpose_backward_weight' op output gradient spatial dimension 2 is 6 but the transposed-convolution arithmetic of the input gives 5}}
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 1, 3] pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 1] groups 2
       : (tensor<1x4x3x2x2xf32>, tensor<1x6x6x5x6xf32>) -> (tensor<4x3x2x3x1xf32>, tensor<6xf32>)
  return
}
