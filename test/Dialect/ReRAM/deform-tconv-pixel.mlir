// reram-deform-tconv: the matrix product of a 1x1 input (any form), the
// pixel-wise form (form=pixel) and the per-layer choice of form=auto.
// Issued MACs per (input channel, output channel) pair, worked out by hand:
// phase-wise sum_r n_r * K_r per dimension (multiplied over dimensions),
// pixel-wise H * K per dimension.
//
// RUN: zara-opt %s -split-input-file --reram-deform-tconv=form=pixel \
// RUN:   | FileCheck %s --check-prefixes=CHECK,PIXEL
// RUN: zara-opt %s -split-input-file --reram-deform-tconv=form=phase \
// RUN:   | FileCheck %s --check-prefixes=CHECK,PHASE
// RUN: zara-opt %s -split-input-file --reram-deform-tconv \
// RUN:   | FileCheck %s --check-prefixes=CHECK,AUTO

// DCGAN's first layer: a 1x1 input, K4 s1 p0. Whatever the form, one
// matrix product [1, 100] x [100, 512*4*4]; each tap lands on one output
// (p 0, O = K), so a reshape is the result.
// CHECK-LABEL: func.func @g1_matmul
// CHECK-SAME: (%[[Z:.*]]: tensor<1x100x1x1xf32>, %[[W:.*]]: tensor<100x512x4x4xf32>)
// CHECK-DAG:  %[[ZM:.*]] = reram.reshape %[[Z]] : tensor<1x100x1x1xf32> -> tensor<1x100xf32>
// CHECK-DAG:  %[[WM:.*]] = reram.reshape %[[W]] : tensor<100x512x4x4xf32> -> tensor<100x8192xf32>
// CHECK:      %[[M:.*]] = reram.matmul %[[ZM]], %[[WM]] : (tensor<1x100xf32>, tensor<100x8192xf32>) -> tensor<1x8192xf32>
// CHECK:      %[[Y:.*]] = reram.reshape %[[M]] : tensor<1x8192xf32> -> tensor<1x512x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @g1_matmul(%z: tensor<1x100x1x1xf32>, %w: tensor<100x512x4x4xf32>)
    -> tensor<1x512x4x4xf32> {
  %y = reram.conv_transpose %z, %w strides [1, 1] pads [0, 0, 0, 0]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x100x1x1xf32>, tensor<100x512x4x4xf32>) -> tensor<1x512x4x4xf32>
  return %y : tensor<1x512x4x4xf32>
}

// -----

// 3-D, batch 2, stride 2 (irrelevant for one input element), bias: the
// bias becomes a broadcasting add of a Cout x 1 x 1 x 1 reshape.
// CHECK-LABEL: func.func @unit_bias_batch
// CHECK-SAME: (%[[Z:.*]]: tensor<2x3x1x1x1xf32>, %[[W:.*]]: tensor<3x4x2x2x2xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:      %[[M:.*]] = reram.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x32xf32>) -> tensor<2x32xf32>
// CHECK:      %[[Y:.*]] = reram.reshape %[[M]] : tensor<2x32xf32> -> tensor<2x4x2x2x2xf32>
// CHECK:      %[[BR:.*]] = reram.reshape %[[B]] : tensor<4xf32> -> tensor<4x1x1x1xf32>
// CHECK:      reram.add %[[Y]], %[[BR]] : (tensor<2x4x2x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<2x4x2x2x2xf32>
func.func @unit_bias_batch(%z: tensor<2x3x1x1x1xf32>, %w: tensor<3x4x2x2x2xf32>,
                           %b: tensor<4xf32>) -> tensor<2x4x2x2x2xf32> {
  %y = reram.conv_transpose %z, %w, %b strides [2, 2, 2]
         pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] output_padding [0, 0, 0]
         groups 1
       : (tensor<2x3x1x1x1xf32>, tensor<3x4x2x2x2xf32>, tensor<4xf32>)
         -> tensor<2x4x2x2x2xf32>
  return %y : tensor<2x4x2x2x2xf32>
}

// -----

// A 1x1 input with a begin pad: tap 0 is cropped (O = 3 + 1 - 1 = 3 < K 4),
// so the products go through overlap_add, which also adds the bias.
// CHECK-LABEL: func.func @unit_pads
// CHECK-SAME: (%[[Z:.*]]: tensor<1x3x1xf32>, %[[W:.*]]: tensor<3x2x4xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK:      %[[M:.*]] = reram.matmul %{{.*}}, %{{.*}} : (tensor<1x3xf32>, tensor<3x8xf32>) -> tensor<1x8xf32>
// CHECK:      %[[C:.*]] = reram.reshape %[[M]] : tensor<1x8xf32> -> tensor<1x1x2x4xf32>
// CHECK:      reram.overlap_add %[[C]], %[[B]] strides [2] pads [1, 0] dilations [1] output_padding [0] : (tensor<1x1x2x4xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
func.func @unit_pads(%z: tensor<1x3x1xf32>, %w: tensor<3x2x4xf32>,
                     %b: tensor<2xf32>) -> tensor<1x2x3xf32> {
  %y = reram.conv_transpose %z, %w, %b strides [2] pads [1, 0] dilations [1]
         output_padding [0] groups 1
       : (tensor<1x3x1xf32>, tensor<3x2x4xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// Groups 2 on a 1x1 input: one product per group on its channel slices of
// input and weight, joined along the columns (group-major, as the output
// channels are).
// CHECK-LABEL: func.func @unit_groups
// CHECK-SAME: (%[[Z:.*]]: tensor<1x4x1xf32>, %[[W:.*]]: tensor<4x1x3xf32>)
// CHECK:      %[[Z0:.*]] = reram.strided_slice %[[Z]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<1x4x1xf32> -> tensor<1x2x1xf32>
// CHECK:      %[[W0:.*]] = reram.strided_slice %[[W]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<4x1x3xf32> -> tensor<2x1x3xf32>
// CHECK:      %[[M0:.*]] = reram.matmul {{.*}} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK:      %[[Z1:.*]] = reram.strided_slice %[[Z]] offsets [0, 2, 0] strides [1, 1, 1] : tensor<1x4x1xf32> -> tensor<1x2x1xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %[[W]] offsets [2, 0, 0] strides [1, 1, 1] : tensor<4x1x3xf32> -> tensor<2x1x3xf32>
// CHECK:      %[[M1:.*]] = reram.matmul {{.*}} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK:      %[[C:.*]] = reram.concat %[[M0]], %[[M1]] axis 1 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x6xf32>
// CHECK:      reram.reshape %[[C]] : tensor<1x6xf32> -> tensor<1x2x3xf32>
func.func @unit_groups(%z: tensor<1x4x1xf32>, %w: tensor<4x1x3xf32>)
    -> tensor<1x2x3xf32> {
  %y = reram.conv_transpose %z, %w strides [1] pads [0, 0] dilations [1]
         output_padding [0] groups 2
       : (tensor<1x4x1xf32>, tensor<4x1x3xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// Pixel-wise 2-D (DCGAN G2's geometry, fewer channels): pixels as rows
// (transpose to N x H x W x C), taps as columns, then overlap_add with the
// layer's own attributes and bias.
// PIXEL-LABEL: func.func @pixel_2d
// PIXEL-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<8x6x4x4xf32>, %[[B:.*]]: tensor<6xf32>)
// PIXEL:      %[[XT:.*]] = reram.transpose %[[X]] permutation [0, 2, 3, 1] : tensor<1x8x4x4xf32> -> tensor<1x4x4x8xf32>
// PIXEL:      %[[XM:.*]] = reram.reshape %[[XT]] : tensor<1x4x4x8xf32> -> tensor<16x8xf32>
// PIXEL:      %[[WM:.*]] = reram.reshape %[[W]] : tensor<8x6x4x4xf32> -> tensor<8x96xf32>
// PIXEL:      %[[M:.*]] = reram.matmul %[[XM]], %[[WM]] : (tensor<16x8xf32>, tensor<8x96xf32>) -> tensor<16x96xf32>
// PIXEL:      %[[C:.*]] = reram.reshape %[[M]] : tensor<16x96xf32> -> tensor<1x4x4x6x4x4xf32>
// PIXEL:      %[[Y:.*]] = reram.overlap_add %[[C]], %[[B]] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] : (tensor<1x4x4x6x4x4xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
// PIXEL:      return %[[Y]]
// The same layer under form=phase:
// PHASE-LABEL: func.func @pixel_2d
// PHASE-NOT:  reram.matmul
// PHASE:      reram.interleave
func.func @pixel_2d(%x: tensor<1x8x4x4xf32>, %w: tensor<8x6x4x4xf32>,
                    %b: tensor<6xf32>) -> tensor<1x6x8x8xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x8x4x4xf32>, tensor<8x6x4x4xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return %y : tensor<1x6x8x8xf32>
}

// -----

// Pixel-wise with groups 2, batch 2, output_padding 2: O = 6 + 2 + 1 + 2 -
// 2 = 9; per group [2*3, 2] x [2, 3*3].
// PIXEL-LABEL: func.func @pixel_groups
// PIXEL:      %[[M0:.*]] = reram.matmul {{.*}} : (tensor<6x2xf32>, tensor<2x9xf32>) -> tensor<6x9xf32>
// PIXEL:      %[[M1:.*]] = reram.matmul {{.*}} : (tensor<6x2xf32>, tensor<2x9xf32>) -> tensor<6x9xf32>
// PIXEL:      %[[C:.*]] = reram.concat %[[M0]], %[[M1]] axis 1 : (tensor<6x9xf32>, tensor<6x9xf32>) -> tensor<6x18xf32>
// PIXEL:      %[[R:.*]] = reram.reshape %[[C]] : tensor<6x18xf32> -> tensor<2x3x6x3xf32>
// PIXEL:      reram.overlap_add %[[R]] strides [3] pads [1, 1] dilations [1] output_padding [2] : (tensor<2x3x6x3xf32>) -> tensor<2x6x9xf32>
func.func @pixel_groups(%x: tensor<2x4x3xf32>, %w: tensor<4x3x3xf32>)
    -> tensor<2x6x9xf32> {
  %y = reram.conv_transpose %x, %w strides [3] pads [1, 1] dilations [1]
         output_padding [2] groups 2
       : (tensor<2x4x3xf32>, tensor<4x3x3xf32>) -> tensor<2x6x9xf32>
  return %y : tensor<2x6x9xf32>
}

// -----

// auto on a tie: K4 s2 p1, H 4: phase-wise 2 * (4 * 2) = 16 per dimension,
// pixel-wise 4 * 4 = 16. The phase-wise form wins ties.
// AUTO-LABEL: func.func @auto_tie
// AUTO-NOT:   reram.matmul
// AUTO-COUNT-4: reram.conv
// AUTO:       reram.interleave
func.func @auto_tie(%x: tensor<1x8x4x4xf32>, %w: tensor<8x6x4x4xf32>)
    -> tensor<1x6x8x8xf32> {
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x8x4x4xf32>, tensor<8x6x4x4xf32>) -> tensor<1x6x8x8xf32>
  return %y : tensor<1x6x8x8xf32>
}

// -----

// auto, pixel-wise cheaper: H 2, K 5, s 2: phase-wise 4 * 3 + 3 * 2 = 18
// (the border windows of a long kernel over a short input read padding),
// pixel-wise 2 * 5 = 10.
// AUTO-LABEL: func.func @auto_pixel
// AUTO-NOT:   reram.conv
// AUTO:       reram.matmul {{.*}} : (tensor<2x1xf32>, tensor<1x5xf32>) -> tensor<2x5xf32>
// AUTO:       reram.overlap_add
func.func @auto_pixel(%x: tensor<1x1x2xf32>, %w: tensor<1x1x5xf32>)
    -> tensor<1x1x7xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
         output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x5xf32>) -> tensor<1x1x7xf32>
  return %y : tensor<1x1x7xf32>
}

// -----

// auto, phase-wise cheaper: pads 3/3 crop most of the full output (H 4,
// K 4, s 2, O 4): phase-wise 2 * 2 + 2 * 2 = 8, pixel-wise 4 * 4 = 16 (the
// pixel-wise form computes the cropped products too).
// AUTO-LABEL: func.func @auto_phase
// AUTO-NOT:   reram.matmul
// AUTO-COUNT-2: reram.conv
// AUTO:       reram.interleave {{.*}} strides [2] offsets [1, 0]
func.func @auto_phase(%x: tensor<1x1x4xf32>, %w: tensor<1x1x4xf32>)
    -> tensor<1x1x4xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [3, 3] dilations [1]
         output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
