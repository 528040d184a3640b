// Every verifier rule of the deformation ops (strided_slice, interleave,
// depth_to_space, overlap_add, channel_sum, zero_insert), one case each, with the full
// expected message. Expected sizes are worked out by hand in the comments.
//
// RUN: zara-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// strided_slice
//===----------------------------------------------------------------------===//

// Result rank differs.
func.func @strided_slice_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op result rank 1 does not match input rank 2}}
  %y = reram.strided_slice %x offsets [0, 0] strides [1, 1] : tensor<2x3xf32> -> tensor<6xf32>
  return
}

// -----

func.func @strided_slice_offsets_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op expected 2 offsets, got 1}}
  %y = reram.strided_slice %x offsets [0] strides [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @strided_slice_strides_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op expected 2 strides, got 3}}
  %y = reram.strided_slice %x offsets [0, 0] strides [1, 1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

// An empty slice is left out by the passes, never built.
func.func @strided_slice_empty(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op result must not have an empty dimension, got 'tensor<2x0xf32>'}}
  %y = reram.strided_slice %x offsets [0, 0] strides [1, 1] : tensor<2x3xf32> -> tensor<2x0xf32>
  return
}

// -----

func.func @strided_slice_zero_stride(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op stride of dimension 1 must not be 0}}
  %y = reram.strided_slice %x offsets [0, 0] strides [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @strided_slice_offset_outside(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op offset 3 of dimension 1 is outside the input's [0, 3)}}
  %y = reram.strided_slice %x offsets [0, 3] strides [1, 1] : tensor<2x3xf32> -> tensor<2x1xf32>
  return
}

// -----

func.func @strided_slice_negative_offset(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op offset -1 of dimension 0 is outside the input's [0, 2)}}
  %y = reram.strided_slice %x offsets [-1, 0] strides [1, 1] : tensor<2x3xf32> -> tensor<1x3xf32>
  return
}

// -----

// 1 + 2 * 2 = 5 is past the end of 5 elements.
func.func @strided_slice_past_end(%x: tensor<1x5xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op dimension 1 reads index 5 (offset 1, stride 2, 3 elements), outside the input's [0, 5)}}
  %y = reram.strided_slice %x offsets [0, 1] strides [1, 2] : tensor<1x5xf32> -> tensor<1x3xf32>
  return
}

// -----

// A reversal from 1 by -1 reads 1, 0, -1.
func.func @strided_slice_before_begin(%x: tensor<1x5xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op dimension 1 reads index -1 (offset 1, stride -1, 3 elements), outside the input's [0, 5)}}
  %y = reram.strided_slice %x offsets [0, 1] strides [1, -1] : tensor<1x5xf32> -> tensor<1x3xf32>
  return
}

// -----

// The last index would wrap around.
func.func @strided_slice_overflow(%x: tensor<1x5xf32>) {
  // expected-error @+1 {{'reram.strided_slice' op dimension 1 reads an index that overflows (offset 1, stride 4611686018427387904, 3 elements), outside the input's [0, 5)}}
  %y = reram.strided_slice %x offsets [0, 1] strides [1, 4611686018427387904] : tensor<1x5xf32> -> tensor<1x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// interleave
//===----------------------------------------------------------------------===//

func.func @interleave_rank(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{'reram.interleave' op result must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %y = reram.interleave %a strides [1] offsets [0] : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @interleave_strides_length(%a: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.interleave' op expected 1 strides, got 2}}
  %y = reram.interleave %a strides [1, 1] offsets [0, 0] : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  return
}

// -----

func.func @interleave_stride_zero(%a: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.interleave' op strides must be positive}}
  %y = reram.interleave %a strides [0] offsets [0] : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  return
}

// -----

// Two inputs in 2-D need four offsets.
func.func @interleave_offsets_length(%a: tensor<1x2x2x2xf32>, %b: tensor<1x2x2x2xf32>) {
  // expected-error @+1 {{'reram.interleave' op expected 4 offsets (2 per input), got 3}}
  %y = reram.interleave %a, %b strides [2, 2] offsets [0, 0, 1] : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @interleave_bias_length(%a: tensor<1x2x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'reram.interleave' op bias has 3 elements but the result has 2 channels}}
  %y = reram.interleave %a bias %b strides [1] offsets [0] : (tensor<1x2x4xf32>, tensor<3xf32>) -> tensor<1x2x4xf32>
  return
}

// -----

func.func @interleave_input_rank(%a: tensor<1x2x4x1xf32>) {
  // expected-error @+1 {{'reram.interleave' op input 0 rank 4 does not match result rank 3}}
  %y = reram.interleave %a strides [1] offsets [0] : (tensor<1x2x4x1xf32>) -> tensor<1x2x4xf32>
  return
}

// -----

func.func @interleave_input_channels(%a: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.interleave' op input 0 is 1x2 in batch and channels, the result 1x3}}
  %y = reram.interleave %a strides [1] offsets [0] : (tensor<1x2x4xf32>) -> tensor<1x3x4xf32>
  return
}

// -----

// An offset is a residue of the stride.
func.func @interleave_offset_stride(%a: tensor<1x2x2xf32>) {
  // expected-error @+1 {{'reram.interleave' op offset 2 of input 0 in spatial dimension 0 must be in [0, 2)}}
  %y = reram.interleave %a strides [2] offsets [2] : (tensor<1x2x2xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

// An output of one position has offset 0 only.
func.func @interleave_offset_size(%a: tensor<1x2x1xf32>) {
  // expected-error @+1 {{'reram.interleave' op offset 1 of input 0 in spatial dimension 0 must be in [0, 1)}}
  %y = reram.interleave %a strides [3] offsets [1] : (tensor<1x2x1xf32>) -> tensor<1x2x1xf32>
  return
}

// -----

// Offset 1 of 7 at stride 3: positions 1 and 4, not 3.
func.func @interleave_positions(%a: tensor<1x2x3xf32>) {
  // expected-error @+1 {{'reram.interleave' op input 0 spatial dimension 0 is 3 but the result has 2 positions at offset 1 and stride 3}}
  %y = reram.interleave %a strides [3] offsets [1] : (tensor<1x2x3xf32>) -> tensor<1x2x7xf32>
  return
}

// -----

func.func @interleave_same_offsets(%a: tensor<1x2x2xf32>, %b: tensor<1x2x2xf32>) {
  // expected-error @+1 {{'reram.interleave' op input 1 has the same offsets as an earlier input}}
  %y = reram.interleave %a, %b strides [2] offsets [1, 1] : (tensor<1x2x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// depth_to
//===----------------------------------------------------------------------===//

func.func @depth_to_space_rank(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op input must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %y = reram.depth_to_space %x block_sizes [] : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @depth_to_space_result_rank(%x: tensor<1x4x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op result rank 4 does not match input rank 3}}
  %y = reram.depth_to_space %x block_sizes [2] : tensor<1x4x2xf32> -> tensor<1x2x4x1xf32>
  return
}

// -----

func.func @depth_to_space_blocks_length(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op expected 2 block_sizes, got 1}}
  %y = reram.depth_to_space %x block_sizes [4] : tensor<1x4x2x2xf32> -> tensor<1x1x8x2xf32>
  return
}

// -----

func.func @depth_to_space_block_zero(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op block sizes must be positive}}
  %y = reram.depth_to_space %x block_sizes [2, 0] : tensor<1x4x2x2xf32> -> tensor<1x4x4x2xf32>
  return
}

// -----

func.func @depth_to_space_not_divisible(%x: tensor<1x6x2x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op input channels (6) are not divisible by the block volume (4)}}
  %y = reram.depth_to_space %x block_sizes [2, 2] : tensor<1x6x2x2xf32> -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @depth_to_space_batch(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op result batch 2 does not match input batch 1}}
  %y = reram.depth_to_space %x block_sizes [2, 2] : tensor<1x8x2x2xf32> -> tensor<2x2x4x4xf32>
  return
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op result has 4 channels, expected 2}}
  %y = reram.depth_to_space %x block_sizes [2, 2] : tensor<1x8x2x2xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @depth_to_space_spatial(%x: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'reram.depth_to_space' op result spatial dimension 1 is 4, expected 6}}
  %y = reram.depth_to_space %x block_sizes [2, 2] : tensor<1x8x2x3xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// overlap_add
//===----------------------------------------------------------------------===//

// Cols has 2 + 2d dimensions.
func.func @overlap_add_rank(%c: tensor<1x4x2x3x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op cols must have rank 4, 6 or 8 (N x H... x C x K... for 1-3 spatial dims), got rank 5}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_result_rank(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op result rank 4 does not match 1 spatial dimensions (expected 3)}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6x1xf32>
  return
}

// -----

func.func @overlap_add_strides_length(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op expected 1 strides, got 2}}
  %y = reram.overlap_add %c strides [1, 1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_dilations_length(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op expected 1 dilations, got 0}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_pads_length(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op expected 2 pads (begin pads, then end pads), got 1}}
  %y = reram.overlap_add %c strides [1] pads [0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_output_padding_length(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op expected 1 output_padding values, got 2}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [1] output_padding [0, 0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_stride_zero(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op strides must be positive}}
  %y = reram.overlap_add %c strides [0] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_dilation_zero(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op dilations must be positive}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [0] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @overlap_add_negative_pad(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op pads must be non-negative}}
  %y = reram.overlap_add %c strides [1] pads [-1, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x7xf32>
  return
}

// -----

// Output_padding below max(stride, dilation) = 2.
func.func @overlap_add_output_padding_range(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op output_padding[0] = 2 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %y = reram.overlap_add %c strides [2] pads [0, 0] dilations [1] output_padding [2] : (tensor<1x4x2x3xf32>) -> tensor<1x2x11xf32>
  return
}

// -----

func.func @overlap_add_batch(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op result batch 2 does not match cols batch 1}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<2x2x6xf32>
  return
}

// -----

func.func @overlap_add_channels(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op result has 3 channels but cols has 2}}
  %y = reram.overlap_add %c strides [1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x3x6xf32>
  return
}

// -----

func.func @overlap_add_bias(%c: tensor<1x4x2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op bias has 3 elements but the result has 2 channels}}
  %y = reram.overlap_add %c, %b strides [1] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>, tensor<3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

// H 1, K 2: O = 2 - 1 - 1 = 0.
func.func @overlap_add_no_output(%c: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op spatial dimension 0 has no output: input 1, kernel 2, stride 1, dilation 1, pads 1/1, output_padding 0}}
  %y = reram.overlap_add %c strides [1] pads [1, 1] dilations [1] output_padding [0] : (tensor<1x1x2x2xf32>) -> tensor<1x2x1xf32>
  return
}

// -----

// O = 2 * 3 + 2 + 1 = 9.
func.func @overlap_add_size(%c: tensor<1x4x2x3xf32>) {
  // expected-error @+1 {{'reram.overlap_add' op result spatial dimension 0 is 8 but the transposed-convolution arithmetic gives 9}}
  %y = reram.overlap_add %c strides [2] pads [0, 0] dilations [1] output_padding [0] : (tensor<1x4x2x3xf32>) -> tensor<1x2x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// channel_sum
//===----------------------------------------------------------------------===//

func.func @channel_sum_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'reram.channel_sum' op input must have rank 2 or more (N x C x ...), got rank 1}}
  %y = reram.channel_sum %x : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @channel_sum_channels(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'reram.channel_sum' op result has 4 elements but the input has 3 channels}}
  %y = reram.channel_sum %x : tensor<2x3x4xf32> -> tensor<4xf32>
  return
}

// -----

// The result is 1-D (ODS).
func.func @channel_sum_result_rank(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'reram.channel_sum' op result #0 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<1x3xf32>'}}
  %y = reram.channel_sum %x : tensor<2x3x4xf32> -> tensor<1x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// zero_insert
//===----------------------------------------------------------------------===//

func.func @zero_insert_rank(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op input must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %y = reram.zero_insert %x strides [] pads [] : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @zero_insert_result_rank(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op result rank 4 does not match input rank 3}}
  %y = reram.zero_insert %x strides [1] pads [0, 0] : tensor<1x2x4xf32> -> tensor<1x2x4x1xf32>
  return
}

// -----

func.func @zero_insert_strides_length(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op expected 1 strides, got 2}}
  %y = reram.zero_insert %x strides [1, 1] pads [0, 0] : tensor<1x2x4xf32> -> tensor<1x2x4xf32>
  return
}

// -----

func.func @zero_insert_pads_length(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op expected 2 pads (begin pads, then end pads), got 1}}
  %y = reram.zero_insert %x strides [1] pads [0] : tensor<1x2x4xf32> -> tensor<1x2x4xf32>
  return
}

// -----

func.func @zero_insert_stride_zero(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op strides must be positive}}
  %y = reram.zero_insert %x strides [0] pads [0, 0] : tensor<1x2x4xf32> -> tensor<1x2x4xf32>
  return
}

// -----

func.func @zero_insert_channels(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op result is 1x3 in batch and channels, the input 1x2}}
  %y = reram.zero_insert %x strides [1] pads [0, 0] : tensor<1x2x4xf32> -> tensor<1x3x4xf32>
  return
}

// -----

// (4 - 1) * 2 + 1 - 4 - 3 = 0.
func.func @zero_insert_no_output(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op spatial dimension 0 has no output: input 4, stride 2, pads -4/-3}}
  %y = reram.zero_insert %x strides [2] pads [-4, -3] : tensor<1x2x4xf32> -> tensor<1x2x1xf32>
  return
}

// -----

// (4 - 1) * 2 + 1 + 1 + 0 = 8.
func.func @zero_insert_size(%x: tensor<1x2x4xf32>) {
  // expected-error @+1 {{'reram.zero_insert' op result spatial dimension 0 is 7, expected 8}}
  %y = reram.zero_insert %x strides [2] pads [1, 0] : tensor<1x2x4xf32> -> tensor<1x2x7xf32>
  return
}
