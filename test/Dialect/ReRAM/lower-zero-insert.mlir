// reram-lower-zero-insert: the naive baseline. Every conv_transpose becomes
// zero_insert (s - 1 zeros between elements, dil*(K-1) - p in front,
// dil*(K-1) - q + a behind; negative amounts crop) and a stride-1 conv with
// the same dilation, groups and bias and the kernel reversed in every
// spatial dimension, in conv layout (Cout x Cin/g x K). Sizes worked out by
// hand in the comments; values are checked against the original by the
// differential tests in integration_test/Deform.
//
// RUN: zara-opt %s -split-input-file --reram-lower-zero-insert | FileCheck %s

// DCGAN G2's geometry: K4 s2 p1, H 4 -> (4-1)*2 + 1 + 2 + 2 = 11, and
// 11 - 4 + 1 = 8 outputs.
// CHECK-LABEL: func.func @g2
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<8x6x4x4xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2, 3] : tensor<8x6x4x4xf32> -> tensor<6x8x4x4xf32>
// CHECK:      %[[WF:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 3, 3] strides [1, 1, -1, -1] : tensor<6x8x4x4xf32> -> tensor<6x8x4x4xf32>
// CHECK:      %[[Z:.*]] = reram.zero_insert %[[X]] strides [2, 2] pads [2, 2, 2, 2] : tensor<1x8x4x4xf32> -> tensor<1x8x11x11xf32>
// CHECK:      %[[Y:.*]] = reram.conv %[[Z]], %[[WF]], %[[B]] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x8x11x11xf32>, tensor<6x8x4x4xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
// CHECK-NOT:  reram.conv_transpose
// CHECK:      return %[[Y]]
func.func @g2(%x: tensor<1x8x4x4xf32>, %w: tensor<8x6x4x4xf32>,
              %b: tensor<6xf32>) -> tensor<1x6x8x8xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x8x4x4xf32>, tensor<8x6x4x4xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return %y : tensor<1x6x8x8xf32>
}

// -----

// A begin pad larger than K - 1 crops: K2 s2 p2, output_padding 1, H 3:
// pads 1 - 2 = -1 and 1 - 0 + 1 = 2, (3-1)*2 + 1 - 1 + 2 = 6, O 5.
// CHECK-LABEL: func.func @crop
// CHECK:      %[[WF:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 1] strides [1, 1, -1] : tensor<1x1x2xf32> -> tensor<1x1x2xf32>
// CHECK:      %[[Z:.*]] = reram.zero_insert %{{.*}} strides [2] pads [-1, 2] : tensor<1x1x3xf32> -> tensor<1x1x6xf32>
// CHECK:      reram.conv %[[Z]], %[[WF]] strides [1] pads [0, 0] dilations [1] groups 1 : (tensor<1x1x6xf32>, tensor<1x1x2xf32>) -> tensor<1x1x5xf32>
func.func @crop(%x: tensor<1x1x3xf32>, %w: tensor<1x1x2xf32>)
    -> tensor<1x1x5xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [2, 0] dilations [1]
         output_padding [1] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x5xf32>
  return %y : tensor<1x1x5xf32>
}

// -----

// Stride 1, dilation 2: only padding (2*2 - 1 = 3 and 2*2 - 0 + 1 = 5),
// and the convolution keeps the dilation: 12 - 4 = 8.
// CHECK-LABEL: func.func @stride1_dilated
// CHECK:      %[[Z:.*]] = reram.zero_insert %{{.*}} strides [1] pads [3, 5] : tensor<1x1x4xf32> -> tensor<1x1x12xf32>
// CHECK:      reram.conv %[[Z]], %{{.*}} strides [1] pads [0, 0] dilations [2] groups 1 : (tensor<1x1x12xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
func.func @stride1_dilated(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x8xf32> {
  %y = reram.conv_transpose %x, %w strides [1] pads [1, 0] dilations [2]
       output_padding [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// Stride 1 with pads K - 1: nothing to insert or pad, the convolution reads
// the input directly (O = 3 + 2 + 1 - 4 = 2).
// CHECK-LABEL: func.func @stride1_no_pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4xf32>, %[[W:.*]]: tensor<1x1x3xf32>)
// CHECK-NOT:  reram.zero_insert
// CHECK:      reram.conv %[[X]], %{{.*}} strides [1] pads [0, 0] dilations [1] groups 1 : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
func.func @stride1_no_pad(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x2xf32> {
  %y = reram.conv_transpose %x, %w strides [1] pads [2, 2] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}

// -----

// 3-D, groups 2, bias: the weight goes to conv layout per group; pads 1 on
// every side, (2-1)*2 + 1 + 2 = 5.
// CHECK-LABEL: func.func @groups_3d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2x2xf32>, %[[W:.*]]: tensor<4x1x2x2x2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK:      %[[R:.*]] = reram.reshape %[[W]] : tensor<4x1x2x2x2xf32> -> tensor<2x2x1x2x2x2xf32>
// CHECK:      %[[T:.*]] = reram.transpose %[[R]] permutation [0, 2, 1, 3, 4, 5] : tensor<2x2x1x2x2x2xf32> -> tensor<2x1x2x2x2x2xf32>
// CHECK:      %[[WC:.*]] = reram.reshape %[[T]] : tensor<2x1x2x2x2x2xf32> -> tensor<2x2x2x2x2xf32>
// CHECK:      %[[WF:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1, 1, 1] strides [1, 1, -1, -1, -1]
// CHECK:      %[[Z:.*]] = reram.zero_insert %[[X]] strides [2, 2, 2] pads [1, 1, 1, 1, 1, 1] : tensor<1x4x2x2x2xf32> -> tensor<1x4x5x5x5xf32>
// CHECK:      reram.conv %[[Z]], %[[WF]], %[[B]] strides [1, 1, 1] pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] groups 2 : (tensor<1x4x5x5x5xf32>, tensor<2x2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x4x4x4xf32>
func.func @groups_3d(%x: tensor<1x4x2x2x2xf32>, %w: tensor<4x1x2x2x2xf32>,
                     %b: tensor<2xf32>) -> tensor<1x2x4x4x4xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 2, 2]
       pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] output_padding [0, 0, 0]
       groups 2
       : (tensor<1x4x2x2x2xf32>, tensor<4x1x2x2x2xf32>, tensor<2xf32>)
         -> tensor<1x2x4x4x4xf32>
  return %y : tensor<1x2x4x4x4xf32>
}

// -----

// The naive form of DCGAN's 1x1 first layer: a 7x7 padded input of which
// only the centre is an input element (pads K - 1 = 3).
// CHECK-LABEL: func.func @g1
// CHECK:      %[[Z:.*]] = reram.zero_insert %{{.*}} strides [1, 1] pads [3, 3, 3, 3] : tensor<1x100x1x1xf32> -> tensor<1x100x7x7xf32>
// CHECK:      reram.conv %[[Z]], %{{.*}} strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x100x7x7xf32>, tensor<512x100x4x4xf32>) -> tensor<1x512x4x4xf32>
func.func @g1(%z: tensor<1x100x1x1xf32>, %w: tensor<100x512x4x4xf32>)
    -> tensor<1x512x4x4xf32> {
  %y = reram.conv_transpose %z, %w strides [1, 1] pads [0, 0, 0, 0]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x100x1x1xf32>, tensor<100x512x4x4xf32>) -> tensor<1x512x4x4xf32>
  return %y : tensor<1x512x4x4xf32>
}

// -----

// A dense constant weight: the transpose folds, the reversal stays an op.
// CHECK-LABEL: func.func @constant_weight
// CHECK-DAG:  %[[WC:.*]] = reram.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00]], {{\[\[}}3.000000e+00, 4.000000e+00]]]> : tensor<2x1x2xf32>
// CHECK-DAG:  %[[WF:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1] strides [1, 1, -1] : tensor<2x1x2xf32> -> tensor<2x1x2xf32>
// CHECK:      reram.conv %{{.*}}, %[[WF]]
func.func @constant_weight(%x: tensor<1x1x2xf32>) -> tensor<1x2x4xf32> {
  %w = reram.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf32>
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}
