// reram-deform-tconv on the backward operators of training (the table of
// zero-free-deformation.md), geometry worked out by hand in the comments:
//
// - conv_backward_data(dy, w) is the transposed convolution of dy with the
//   forward weight (strides, pads, dilation and groups as is, the
//   output_padding that gives the forward input size): deformed like one;
// - conv_transpose_backward_data is a strided convolution of dy: a conv;
// - the weight gradients with a stride above 1 are strided correlations
//   R[k] = sum_j B[j] * A[s*j + dil*k - p] (conv: A = x, B = dy;
//   transposed: A = dy, B = x): the taps split by the phase
//   (dil*k - p) mod s of the A elements they read, each phase a stride-1
//   conv_backward_weight of A's polyphase component with B, the phases
//   interleaved along the taps; the bias gradient a channel_sum of dy.
//
// Values are checked against the original operators by
// integration_test/Deform/random-backward-*.test.
//
// RUN: zara-opt %s -split-input-file --reram-deform-tconv=form=phase \
// RUN:   | FileCheck %s
// RUN: zara-opt %s -split-input-file --reram-deform-tconv \
// RUN:   --reram-print-layer-table -o /dev/null | FileCheck %s --check-prefix=MACS

// The data gradient of a K4 s2 p1 convolution (8x8 -> 4x4): a transposed
// convolution of dy (4x4 -> 8x8, output_padding 8 - (2*3 + 3 + 1 - 2) = 0),
// hence the phases of DCGAN's generator layers: four 2x2 reversed
// sub-kernels of the weight in conv layout, pads (0/1, 1/0) per dimension.
// CHECK-LABEL: func.func @conv_bwd_data
// CHECK-SAME: (%[[DY:.*]]: tensor<1x4x4x4xf32>, %[[W:.*]]: tensor<4x2x4x4xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2, 3] : tensor<4x2x4x4xf32> -> tensor<2x4x4x4xf32>
// CHECK:      %[[K00:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 2] strides [1, 1, -2, -2] : tensor<2x4x4x4xf32> -> tensor<2x4x2x2xf32>
// CHECK:      %[[P00:.*]] = reram.conv %[[DY]], %[[K00]] strides [1, 1] pads [0, 0, 1, 1] dilations [1, 1] groups 1 : (tensor<1x4x4x4xf32>, tensor<2x4x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-COUNT-3: reram.conv %[[DY]]
// CHECK:      reram.interleave %[[P00]], {{.*}} strides [2, 2] offsets [1, 1, 1, 0, 0, 1, 0, 0] : ({{.*}}) -> tensor<1x2x8x8xf32>
// CHECK-NOT:  reram.conv_backward_data
// MACS:       layer (ONNX node)
// MACS-COUNT-4: conv {{.*}}| 1x4x4x4, 2x4x2x2 {{.*}}| 512 | 392
// MACS:       total {{.*}}| 2,048 | 1,568
func.func @conv_bwd_data(%dy: tensor<1x4x4x4xf32>, %w: tensor<4x2x4x4xf32>)
    -> tensor<1x2x8x8xf32> {
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 1, 1, 1]
          dilations [1, 1] groups 1
        : (tensor<1x4x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %dx : tensor<1x2x8x8xf32>
}

// -----

// The floor of the convolution leaves a tail: H 7, K 3, s 2, p 1, q 0 give
// O 3 and output_padding 7 - (4 + 2 + 1 - 1) = 1. Phase 0 (outputs 1, 3,
// 5): taps 0, 2, pads 0/1; phase 1 (outputs 0, 2, 4, 6): tap 1, pads 0/1,
// the last output reading only the end pad.
// CHECK-LABEL: func.func @conv_bwd_data_tail
// CHECK:      reram.strided_slice %{{.*}} offsets [0, 0, 2] strides [1, 1, -2] : tensor<1x1x3xf32> -> tensor<1x1x2xf32>
// CHECK:      %[[P0:.*]] = reram.conv {{.*}} strides [1] pads [0, 1] dilations [1] groups 1 : ({{.*}}) -> tensor<1x1x3xf32>
// CHECK:      reram.strided_slice %{{.*}} offsets [0, 0, 1] strides [1, 1, 1] : tensor<1x1x3xf32> -> tensor<1x1x1xf32>
// CHECK:      %[[P1:.*]] = reram.conv {{.*}} strides [1] pads [0, 1] dilations [1] groups 1 : ({{.*}}) -> tensor<1x1x4xf32>
// CHECK:      reram.interleave %[[P0]], %[[P1]] strides [2] offsets [1, 0] : ({{.*}}) -> tensor<1x1x7xf32>
func.func @conv_bwd_data_tail(%dy: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x7xf32> {
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0]
          dilations [1] groups 1
        : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x7xf32>
  return %dx : tensor<1x1x7xf32>
}

// -----

// The data gradient of a discriminator's last layer (4x4 -> 1x1): a
// transposed convolution of a 1x1 dy, hence a matrix product.
// CHECK-LABEL: func.func @conv_bwd_data_unit
// CHECK:      reram.matmul %{{.*}}, %{{.*}} : (tensor<1x8xf32>, tensor<8x64xf32>) -> tensor<1x64xf32>
// CHECK:      reram.reshape %{{.*}} : tensor<1x64xf32> -> tensor<1x4x4x4xf32>
func.func @conv_bwd_data_unit(%dy: tensor<1x8x1x1xf32>,
                              %w: tensor<8x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %dx = reram.conv_backward_data %dy, %w strides [1, 1] pads [0, 0, 0, 0]
          dilations [1, 1] groups 1
        : (tensor<1x8x1x1xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %dx : tensor<1x4x4x4xf32>
}

// -----

// A transposed convolution's data gradient is the strided convolution of
// dy with the forward weight: end pad q - output_padding = 2 - 2 = 0.
// CHECK-LABEL: func.func @tconv_bwd_data
// CHECK-SAME: (%[[DY:.*]]: tensor<1x2x15xf32>, %[[W:.*]]: tensor<3x2x4xf32>)
// CHECK-NEXT: %[[DX:.*]] = reram.conv %[[DY]], %[[W]] strides [3] pads [1, 0] dilations [1] groups 1 : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
// CHECK-NEXT: return %[[DX]]
func.func @tconv_bwd_data(%dy: tensor<1x2x15xf32>, %v: tensor<3x2x4xf32>)
    -> tensor<1x3x5xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %v strides [3] pads [1, 2]
          dilations [1] output_padding [2] groups 1
        : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return %dx : tensor<1x3x5xf32>
}

// -----

// output_padding 1 > q 0: the last dy position is read by no window
// (the reads end at (3-1)*2 + 1 = 5) and is cropped. Groups 2.
// CHECK-LABEL: func.func @tconv_bwd_data_crop
// CHECK-SAME: (%[[DY:.*]]: tensor<1x2x7xf32>, %[[W:.*]]: tensor<2x1x2xf32>)
// CHECK:      %[[C:.*]] = reram.strided_slice %[[DY]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<1x2x7xf32> -> tensor<1x2x6xf32>
// CHECK:      reram.conv %[[C]], %[[W]] strides [2] pads [0, 0] dilations [1] groups 2 : (tensor<1x2x6xf32>, tensor<2x1x2xf32>) -> tensor<1x2x3xf32>
func.func @tconv_bwd_data_crop(%dy: tensor<1x2x7xf32>, %v: tensor<2x1x2xf32>)
    -> tensor<1x2x3xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %v strides [2] pads [0, 0]
          dilations [1] output_padding [1] groups 2
        : (tensor<1x2x7xf32>, tensor<2x1x2xf32>) -> tensor<1x2x3xf32>
  return %dx : tensor<1x2x3xf32>
}

// -----

// The only tap's output fell on the cropped position -1: the gradient is 0.
// CHECK-LABEL: func.func @tconv_bwd_data_zero
// CHECK-NEXT: %[[Z:.*]] = reram.constant dense<0.000000e+00> : tensor<2x2x1xf32>
// CHECK-NEXT: return %[[Z]]
func.func @tconv_bwd_data_zero(%dy: tensor<2x1x1xf32>, %v: tensor<2x1x1xf32>)
    -> tensor<2x2x1xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %v strides [2] pads [1, 0]
          dilations [2] output_padding [1] groups 1
        : (tensor<2x1x1xf32>, tensor<2x1x1xf32>) -> tensor<2x2x1xf32>
  return %dx : tensor<2x2x1xf32>
}

// -----

// The weight gradient of a K4 s2 p1 convolution (x 8x8, dy 4x4). Taps 0, 2
// read x at 2o - 1 + 2m: the odd component x[1::2], shift -1 (pads 1/0);
// taps 1, 3 read x at 2o + 2m: x[0::2] (pads 0/1). Tap tuples in row-major
// order; the interleave puts phase (a, b) at offsets (a, b) with stride 2.
// Naive: 4 * (2*3 + 1) = 28 products per dimension (dy dilated by 2), times
// Cin * Cout = 8: 6,272, of which 14 * 14 * 8 = 1,568 useful. Deformed: 4
// phases of 2 * 4 per dimension: 4 * 64 * 8 = 2,048, the same 1,568 useful.
// CHECK-LABEL: func.func @conv_bwd_weight
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x8x8xf32>, %[[DY:.*]]: tensor<1x4x4x4xf32>)
// CHECK:      %[[A00:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1, 1] strides [1, 1, 2, 2] : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
// CHECK:      %[[G00:.*]], %{{.*}} = reram.conv_backward_weight %[[A00]], %[[DY]] strides [1, 1] pads [1, 1, 0, 0] dilations [1, 1] groups 1 : (tensor<1x2x4x4xf32>, tensor<1x4x4x4xf32>) -> (tensor<4x2x2x2xf32>, tensor<4xf32>)
// CHECK:      %[[A01:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1, 0] strides [1, 1, 2, 2]
// CHECK:      %[[G01:.*]], %{{.*}} = reram.conv_backward_weight %[[A01]], %[[DY]] strides [1, 1] pads [1, 0, 0, 1]
// CHECK:      %[[A10:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0, 1] strides [1, 1, 2, 2]
// CHECK:      %[[G10:.*]], %{{.*}} = reram.conv_backward_weight %[[A10]], %[[DY]] strides [1, 1] pads [0, 1, 1, 0]
// CHECK:      %[[A11:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0, 0] strides [1, 1, 2, 2]
// CHECK:      %[[G11:.*]], %{{.*}} = reram.conv_backward_weight %[[A11]], %[[DY]] strides [1, 1] pads [0, 0, 1, 1]
// CHECK:      %[[DW:.*]] = reram.interleave %[[G00]], %[[G01]], %[[G10]], %[[G11]] strides [2, 2] offsets [0, 0, 0, 1, 1, 0, 1, 1] : ({{.*}}) -> tensor<4x2x4x4xf32>
// CHECK:      %[[DB:.*]] = reram.channel_sum %[[DY]] : tensor<1x4x4x4xf32> -> tensor<4xf32>
// CHECK:      return %[[DW]], %[[DB]]
// MACS:       layer (ONNX node)
// MACS-COUNT-4: conv_backward_weight {{.*}}| 1x2x4x4, 1x4x4x4 {{.*}}| 512 | 392
// MACS:       total {{.*}}| 2,048 | 1,568
func.func @conv_bwd_weight(%x: tensor<1x2x8x8xf32>, %dy: tensor<1x4x4x4xf32>)
    -> (tensor<4x2x4x4xf32>, tensor<4xf32>) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] groups 1
             : (tensor<1x2x8x8xf32>, tensor<1x4x4x4xf32>)
               -> (tensor<4x2x4x4xf32>, tensor<4xf32>)
  return %dw, %db : tensor<4x2x4x4xf32>, tensor<4xf32>
}

// -----

// Dilation 2 with stride 2: every tap reads x at 2o + 2k - 2, always even,
// so one phase, x[0::2], takes all three taps undilated (shift -1: pads
// 1/1) and no interleave is needed; the odd elements of x never matter.
// CHECK-LABEL: func.func @conv_bwd_weight_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x7xf32>, %[[DY:.*]]: tensor<1x1x4xf32>)
// CHECK:      %[[A:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0] strides [1, 1, 2] : tensor<1x1x7xf32> -> tensor<1x1x4xf32>
// CHECK:      %[[DW:.*]], %{{.*}} = reram.conv_backward_weight %[[A]], %[[DY]] strides [1] pads [1, 1] dilations [1] groups 1 : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> (tensor<1x1x3xf32>, tensor<1xf32>)
// CHECK-NOT:  reram.interleave
// CHECK:      %[[DB:.*]] = reram.channel_sum %[[DY]]
// CHECK:      return %[[DW]], %[[DB]]
func.func @conv_bwd_weight_dilated(%x: tensor<1x1x7xf32>, %dy: tensor<1x1x4xf32>)
    -> (tensor<1x1x3xf32>, tensor<1xf32>) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [2, 2]
               dilations [2] groups 1
             : (tensor<1x1x7xf32>, tensor<1x1x4xf32>)
               -> (tensor<1x1x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3xf32>, tensor<1xf32>
}

// -----

// A stride-1 weight gradient has no zeros to remove and stays.
// CHECK-LABEL: func.func @conv_bwd_weight_stride1
// CHECK-NEXT: reram.conv_backward_weight %{{.*}}, %{{.*}} strides [1] pads [2, 2] dilations [2] groups 1
// CHECK-NEXT: return
func.func @conv_bwd_weight_stride1(%x: tensor<1x1x7xf32>, %dy: tensor<1x1x7xf32>)
    -> (tensor<1x1x3xf32>, tensor<1xf32>) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1] pads [2, 2]
               dilations [2] groups 1
             : (tensor<1x1x7xf32>, tensor<1x1x7xf32>)
               -> (tensor<1x1x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3xf32>, tensor<1xf32>
}

// -----

// The weight gradient of a K4 s2 p1 transposed convolution (x 4x4, dy
// 8x8): taps 0, 2 read dy at 2i - 1 + 2m, the odd component dy[1::2]; the
// phase gradients come out in the transposed-convolution layout
// Cin x Cout x K directly. The bias gradient sums dy.
// CHECK-LABEL: func.func @tconv_bwd_weight
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x4xf32>, %[[DY:.*]]: tensor<1x2x8x8xf32>)
// CHECK:      %[[A00:.*]] = reram.strided_slice %[[DY]] offsets [0, 0, 1, 1] strides [1, 1, 2, 2] : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
// CHECK:      %[[G00:.*]], %{{.*}} = reram.conv_backward_weight %[[A00]], %[[X]] strides [1, 1] pads [1, 1, 0, 0] dilations [1, 1] groups 1 : (tensor<1x2x4x4xf32>, tensor<1x4x4x4xf32>) -> (tensor<4x2x2x2xf32>, tensor<4xf32>)
// CHECK-COUNT-3: reram.conv_backward_weight %{{.*}}, %[[X]] strides [1, 1]
// CHECK:      %[[DW:.*]] = reram.interleave %[[G00]], {{.*}} strides [2, 2] offsets [0, 0, 0, 1, 1, 0, 1, 1] : ({{.*}}) -> tensor<4x2x4x4xf32>
// CHECK:      %[[DB:.*]] = reram.channel_sum %[[DY]] : tensor<1x2x8x8xf32> -> tensor<2xf32>
// CHECK:      return %[[DW]], %[[DB]]
func.func @tconv_bwd_weight(%x: tensor<1x4x4x4xf32>, %dy: tensor<1x2x8x8xf32>)
    -> (tensor<4x2x4x4xf32>, tensor<2xf32>) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
               groups 1
             : (tensor<1x4x4x4xf32>, tensor<1x2x8x8xf32>)
               -> (tensor<4x2x4x4xf32>, tensor<2xf32>)
  return %dw, %db : tensor<4x2x4x4xf32>, tensor<2xf32>
}

// -----

// Groups 2, K 5 % s 2 != 0, batch 2: taps 0, 2, 4 read the even component
// dy[0::2] (5 elements; 3 - 5 + 2 = 0 end pad), taps 1, 3 the odd one
// (4 elements).
// CHECK-LABEL: func.func @tconv_bwd_weight_groups_k5
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x3xf32>, %[[DY:.*]]: tensor<2x2x9xf32>)
// CHECK:      %[[A0:.*]] = reram.strided_slice %[[DY]] offsets [0, 0, 0] strides [1, 1, 2] : tensor<2x2x9xf32> -> tensor<2x2x5xf32>
// CHECK:      %[[G0:.*]], %{{.*}} = reram.conv_backward_weight %[[A0]], %[[X]] strides [1] pads [0, 0] dilations [1] groups 2 : (tensor<2x2x5xf32>, tensor<2x4x3xf32>) -> (tensor<4x1x3xf32>, tensor<4xf32>)
// CHECK:      %[[A1:.*]] = reram.strided_slice %[[DY]] offsets [0, 0, 1] strides [1, 1, 2] : tensor<2x2x9xf32> -> tensor<2x2x4xf32>
// CHECK:      %[[G1:.*]], %{{.*}} = reram.conv_backward_weight %[[A1]], %[[X]] strides [1] pads [0, 0] dilations [1] groups 2 : (tensor<2x2x4xf32>, tensor<2x4x3xf32>) -> (tensor<4x1x2xf32>, tensor<4xf32>)
// CHECK:      reram.interleave %[[G0]], %[[G1]] strides [2] offsets [0, 1] : (tensor<4x1x3xf32>, tensor<4x1x2xf32>) -> tensor<4x1x5xf32>
func.func @tconv_bwd_weight_groups_k5(%x: tensor<2x4x3xf32>,
                                      %dy: tensor<2x2x9xf32>)
    -> (tensor<4x1x5xf32>, tensor<2xf32>) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2]
               pads [0, 0] dilations [1] output_padding [0] groups 2
             : (tensor<2x4x3xf32>, tensor<2x2x9xf32>)
               -> (tensor<4x1x5xf32>, tensor<2xf32>)
  return %dw, %db : tensor<4x1x5xf32>, tensor<2xf32>
}
