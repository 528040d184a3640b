// Round trip of the ops that reram-deform-tconv and reram-lower-zero-insert
// introduce (strided_slice, interleave, depth_to_space, overlap_add,
// channel_sum, zero_insert): custom syntax, generic syntax and bytecode all print back to
// the same custom form. The expected sizes are worked out by hand in the
// comments. The FOLD prefix checks the folders through the canonicalizer.
//
// RUN: zara-opt %s | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | zara-opt | FileCheck %s
// RUN: zara-opt %s --emit-bytecode | zara-opt | FileCheck %s
// RUN: zara-opt %s -canonicalize | FileCheck %s --check-prefix=FOLD

//===----------------------------------------------------------------------===//
// strided_slice
//===----------------------------------------------------------------------===//

// Phase (1, 0) of a 9x9 activation at stride 2: rows 1, 3, 5, 7 (4) and
// columns 0, 2, 4, 6, 8 (5).
// CHECK-LABEL: func.func @strided_slice_phase
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x9x9xf32>)
// CHECK: %[[Y:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1, 0] strides [1, 1, 2, 2] : tensor<1x8x9x9xf32> -> tensor<1x8x4x5xf32>
// CHECK: return %[[Y]]
// FOLD-LABEL: func.func @strided_slice_phase
// FOLD: reram.strided_slice
func.func @strided_slice_phase(%x: tensor<1x8x9x9xf32>) -> tensor<1x8x4x5xf32> {
  %y = reram.strided_slice %x offsets [0, 0, 1, 0] strides [1, 1, 2, 2]
       : tensor<1x8x9x9xf32> -> tensor<1x8x4x5xf32>
  return %y : tensor<1x8x4x5xf32>
}

// The reversed phase-(1, 1) sub-kernel of a 4x4 kernel: taps 3, 1.
// CHECK-LABEL: func.func @strided_slice_reversed
// CHECK: reram.strided_slice %{{.*}} offsets [0, 0, 3, 3] strides [1, 1, -2, -2] : tensor<16x8x4x4xf32> -> tensor<16x8x2x2xf32>
func.func @strided_slice_reversed(%w: tensor<16x8x4x4xf32>)
    -> tensor<16x8x2x2xf32> {
  %k = reram.strided_slice %w offsets [0, 0, 3, 3] strides [1, 1, -2, -2]
       : tensor<16x8x4x4xf32> -> tensor<16x8x2x2xf32>
  return %k : tensor<16x8x2x2xf32>
}

// A crop of any rank (here a 1-D bias).
// CHECK-LABEL: func.func @strided_slice_crop_1d
// CHECK: reram.strided_slice %{{.*}} offsets [2] strides [1] : tensor<6xf32> -> tensor<3xf32>
func.func @strided_slice_crop_1d(%b: tensor<6xf32>) -> tensor<3xf32> {
  %c = reram.strided_slice %b offsets [2] strides [1]
       : tensor<6xf32> -> tensor<3xf32>
  return %c : tensor<3xf32>
}

// Taking everything in order folds to the input, whatever the stride of a
// dimension of one element.
// FOLD-LABEL: func.func @strided_slice_identity
// FOLD-SAME: (%[[X:.*]]: tensor<2x1x3xf32>)
// FOLD-NOT: reram.strided_slice
// FOLD: return %[[X]]
func.func @strided_slice_identity(%x: tensor<2x1x3xf32>) -> tensor<2x1x3xf32> {
  %y = reram.strided_slice %x offsets [0, 0, 0] strides [1, -3, 1]
       : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  return %y : tensor<2x1x3xf32>
}

// A reversal of the same type does not fold.
// FOLD-LABEL: func.func @strided_slice_reverse_kept
// FOLD: reram.strided_slice
func.func @strided_slice_reverse_kept(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = reram.strided_slice %x offsets [2] strides [-1]
       : tensor<3xf32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// interleave
//===----------------------------------------------------------------------===//

// Output 5x5 at stride 2: offset 0 has ceil(5/2) = 3 positions, offset 1
// has ceil(4/2) = 2. Phase (1, 1) is empty and gets the bias.
// CHECK-LABEL: func.func @interleave_2d_bias
// CHECK-SAME: (%[[A:.*]]: tensor<1x4x3x3xf32>, %[[B:.*]]: tensor<1x4x3x2xf32>, %[[C:.*]]: tensor<1x4x2x3xf32>, %[[BIAS:.*]]: tensor<4xf32>)
// CHECK: reram.interleave %[[A]], %[[B]], %[[C]] bias %[[BIAS]] strides [2, 2] offsets [0, 0, 0, 1, 1, 0] : (tensor<1x4x3x3xf32>, tensor<1x4x3x2xf32>, tensor<1x4x2x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
func.func @interleave_2d_bias(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x3x2xf32>,
                              %c: tensor<1x4x2x3xf32>, %bias: tensor<4xf32>)
    -> tensor<1x4x5x5xf32> {
  %y = reram.interleave %a, %b, %c bias %bias strides [2, 2]
         offsets [0, 0, 0, 1, 1, 0]
       : (tensor<1x4x3x3xf32>, tensor<1x4x3x2xf32>, tensor<1x4x2x3xf32>,
          tensor<4xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// 1-D stride 3 with output 7: offsets 2 (ceil(5/3) = 2) and 0 (ceil(7/3) =
// 3), in any order; offset 1 is left at zero (no bias).
// CHECK-LABEL: func.func @interleave_1d
// CHECK: reram.interleave %{{.*}}, %{{.*}} strides [3] offsets [2, 0] : (tensor<2x1x2xf32>, tensor<2x1x3xf32>) -> tensor<2x1x7xf32>
func.func @interleave_1d(%a: tensor<2x1x2xf32>, %b: tensor<2x1x3xf32>)
    -> tensor<2x1x7xf32> {
  %y = reram.interleave %a, %b strides [3] offsets [2, 0]
       : (tensor<2x1x2xf32>, tensor<2x1x3xf32>) -> tensor<2x1x7xf32>
  return %y : tensor<2x1x7xf32>
}

// No phase at all: the result is the bias everywhere.
// CHECK-LABEL: func.func @interleave_bias_only
// CHECK: reram.interleave bias %{{.*}} strides [2, 1, 3] offsets [] : (tensor<3xf32>) -> tensor<1x3x2x2x2xf32>
func.func @interleave_bias_only(%bias: tensor<3xf32>) -> tensor<1x3x2x2x2xf32> {
  %y = reram.interleave bias %bias strides [2, 1, 3] offsets []
       : (tensor<3xf32>) -> tensor<1x3x2x2x2xf32>
  return %y : tensor<1x3x2x2x2xf32>
}

// One phase at stride 1 is the result.
// FOLD-LABEL: func.func @interleave_identity
// FOLD-SAME: (%[[X:.*]]: tensor<1x2x5xf32>)
// FOLD-NOT: reram.interleave
// FOLD: return %[[X]]
func.func @interleave_identity(%x: tensor<1x2x5xf32>) -> tensor<1x2x5xf32> {
  %y = reram.interleave %x strides [1] offsets [0]
       : (tensor<1x2x5xf32>) -> tensor<1x2x5xf32>
  return %y : tensor<1x2x5xf32>
}

// One phase at stride 2 is not.
// FOLD-LABEL: func.func @interleave_one_phase_kept
// FOLD: reram.interleave
func.func @interleave_one_phase_kept(%x: tensor<1x2x3xf32>) -> tensor<1x2x5xf32> {
  %y = reram.interleave %x strides [2] offsets [0]
       : (tensor<1x2x3xf32>) -> tensor<1x2x5xf32>
  return %y : tensor<1x2x5xf32>
}

//===----------------------------------------------------------------------===//
// depth_to_space
//===----------------------------------------------------------------------===//

// 1024 = 4 * 256 channels, 5 * 2 = 10.
// CHECK-LABEL: func.func @depth_to_space_2d
// CHECK: reram.depth_to_space %{{.*}} block_sizes [2, 2] : tensor<1x1024x5x5xf32> -> tensor<1x256x10x10xf32>
func.func @depth_to_space_2d(%x: tensor<1x1024x5x5xf32>)
    -> tensor<1x256x10x10xf32> {
  %y = reram.depth_to_space %x block_sizes [2, 2]
       : tensor<1x1024x5x5xf32> -> tensor<1x256x10x10xf32>
  return %y : tensor<1x256x10x10xf32>
}

// Non-square blocks in 3-D: 2 * 3 * 1 = 6 blocks of 2 channels.
// CHECK-LABEL: func.func @depth_to_space_3d
// CHECK: reram.depth_to_space %{{.*}} block_sizes [2, 3, 1] : tensor<2x12x2x2x2xf32> -> tensor<2x2x4x6x2xf32>
func.func @depth_to_space_3d(%x: tensor<2x12x2x2x2xf32>)
    -> tensor<2x2x4x6x2xf32> {
  %y = reram.depth_to_space %x block_sizes [2, 3, 1]
       : tensor<2x12x2x2x2xf32> -> tensor<2x2x4x6x2xf32>
  return %y : tensor<2x2x4x6x2xf32>
}

//===----------------------------------------------------------------------===//
// overlap_add
//===----------------------------------------------------------------------===//

// The pixel-wise DCGAN G2: O = 2 * 3 + 3 + 1 - 2 = 8.
// CHECK-LABEL: func.func @overlap_add_2d
// CHECK: reram.overlap_add %{{.*}} strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] : (tensor<1x4x4x256x4x4xf32>) -> tensor<1x256x8x8xf32>
func.func @overlap_add_2d(%cols: tensor<1x4x4x256x4x4xf32>)
    -> tensor<1x256x8x8xf32> {
  %y = reram.overlap_add %cols strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0]
       : (tensor<1x4x4x256x4x4xf32>) -> tensor<1x256x8x8xf32>
  return %y : tensor<1x256x8x8xf32>
}

// 1-D with bias, dilation and output_padding: O = 3 * 4 + 2 * 2 + 1 + 1 - 1
// - 0 = 17.
// CHECK-LABEL: func.func @overlap_add_1d_bias
// CHECK-SAME: (%[[C:.*]]: tensor<2x5x3x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: reram.overlap_add %[[C]], %[[B]] strides [3] pads [1, 0] dilations [2] output_padding [1] : (tensor<2x5x3x3xf32>, tensor<3xf32>) -> tensor<2x3x17xf32>
func.func @overlap_add_1d_bias(%cols: tensor<2x5x3x3xf32>, %b: tensor<3xf32>)
    -> tensor<2x3x17xf32> {
  %y = reram.overlap_add %cols, %b strides [3] pads [1, 0] dilations [2]
         output_padding [1]
       : (tensor<2x5x3x3xf32>, tensor<3xf32>) -> tensor<2x3x17xf32>
  return %y : tensor<2x3x17xf32>
}

// 3-D: D: 2 * 1 + 1 + 1 + 1 = 5, H: 1 + 2 + 1 - 1 = 3, W: 1.
// CHECK-LABEL: func.func @overlap_add_3d
// CHECK: reram.overlap_add %{{.*}} strides [2, 1, 1] pads [0, 1, 0, 0, 0, 0] dilations [1, 1, 1] output_padding [1, 0, 0] : (tensor<1x2x2x1x4x2x3x1xf32>) -> tensor<1x4x5x3x1xf32>
func.func @overlap_add_3d(%cols: tensor<1x2x2x1x4x2x3x1xf32>)
    -> tensor<1x4x5x3x1xf32> {
  %y = reram.overlap_add %cols strides [2, 1, 1] pads [0, 1, 0, 0, 0, 0]
         dilations [1, 1, 1] output_padding [1, 0, 0]
       : (tensor<1x2x2x1x4x2x3x1xf32>) -> tensor<1x4x5x3x1xf32>
  return %y : tensor<1x4x5x3x1xf32>
}

//===----------------------------------------------------------------------===//
// channel_sum
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @channel_sum
// CHECK-SAME: (%[[DY:.*]]: tensor<2x256x8x8xf32>, %[[M:.*]]: tensor<3x5xf32>)
// CHECK: reram.channel_sum %[[DY]] : tensor<2x256x8x8xf32> -> tensor<256xf32>
// CHECK: reram.channel_sum %[[M]] : tensor<3x5xf32> -> tensor<5xf32>
func.func @channel_sum(%dy: tensor<2x256x8x8xf32>, %m: tensor<3x5xf32>)
    -> (tensor<256xf32>, tensor<5xf32>) {
  %db = reram.channel_sum %dy : tensor<2x256x8x8xf32> -> tensor<256xf32>
  %dc = reram.channel_sum %m : tensor<3x5xf32> -> tensor<5xf32>
  return %db, %dc : tensor<256xf32>, tensor<5xf32>
}

//===----------------------------------------------------------------------===//
// zero_insert
//===----------------------------------------------------------------------===//

// DCGAN G2: (4 - 1) * 2 + 1 + 2 + 2 = 11.
// CHECK-LABEL: func.func @zero_insert_2d
// CHECK: reram.zero_insert %{{.*}} strides [2, 2] pads [2, 2, 2, 2] : tensor<1x512x4x4xf32> -> tensor<1x512x11x11xf32>
func.func @zero_insert_2d(%x: tensor<1x512x4x4xf32>) -> tensor<1x512x11x11xf32> {
  %z = reram.zero_insert %x strides [2, 2] pads [2, 2, 2, 2]
       : tensor<1x512x4x4xf32> -> tensor<1x512x11x11xf32>
  return %z : tensor<1x512x11x11xf32>
}

// Negative pads crop: (5 - 1) * 3 + 1 - 2 - 1 = 10.
// CHECK-LABEL: func.func @zero_insert_crop
// CHECK: reram.zero_insert %{{.*}} strides [3] pads [-2, -1] : tensor<1x2x5xf32> -> tensor<1x2x10xf32>
func.func @zero_insert_crop(%x: tensor<1x2x5xf32>) -> tensor<1x2x10xf32> {
  %z = reram.zero_insert %x strides [3] pads [-2, -1]
       : tensor<1x2x5xf32> -> tensor<1x2x10xf32>
  return %z : tensor<1x2x10xf32>
}
