// reram-deform-tconv, phase-wise form: every case of the polyphase split.
// The phase geometry in the comments is worked out by hand from
// docs/Rationale/TransposedConvDeformation.md, per spatial dimension
// (input H, kernel K, stride s, dilation dil, pads p/q, output_padding a,
// output O): phase r holds the outputs o with (o + p) mod s = r, first
// output o0 = (r - p) mod s, n_r = ceil((O - o0)/s) outputs, taps
// k = k_r + (s/g)*m (g = gcd(dil, s)) reversed, and the sub-convolution's
// pads (negative: crop the input). Values are checked by the differential
// tests in integration_test/Deform.
//
// RUN: zara-opt %s -split-input-file --reram-deform-tconv=form=phase \
// RUN:   | FileCheck %s

// 1-D K4 s2 p1 (a DCGAN layer in one dimension), H 4, O 8.
// r = 0: o0 = 1, taps 0, 2 -> reversed [w2, w0] (offset 2, stride -2),
//        pads 0/1; r = 1: o0 = 0, taps 1, 3 -> [w3, w1], pads 1/0.
// The weight goes to conv layout (Cout x Cin x K) first.
// CHECK-LABEL: func.func @k4s2p1_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4xf32>, %[[W:.*]]: tensor<2x3x4xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2] : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
// CHECK:      %[[W0:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2] strides [1, 1, -2] : tensor<3x2x4xf32> -> tensor<3x2x2xf32>
// CHECK:      %[[P0:.*]] = reram.conv %[[X]], %[[W0]] strides [1] pads [0, 1] dilations [1] groups 1 : (tensor<1x2x4xf32>, tensor<3x2x2xf32>) -> tensor<1x3x4xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 3] strides [1, 1, -2] : tensor<3x2x4xf32> -> tensor<3x2x2xf32>
// CHECK:      %[[P1:.*]] = reram.conv %[[X]], %[[W1]] strides [1] pads [1, 0] dilations [1] groups 1 : (tensor<1x2x4xf32>, tensor<3x2x2xf32>) -> tensor<1x3x4xf32>
// CHECK:      %[[Y:.*]] = reram.interleave %[[P0]], %[[P1]] strides [2] offsets [1, 0] : (tensor<1x3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x8xf32>
// CHECK-NOT:  reram.conv_transpose
// CHECK:      return %[[Y]]
func.func @k4s2p1_1d(%x: tensor<1x2x4xf32>, %w: tensor<2x3x4xf32>)
    -> tensor<1x3x8xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [1, 1] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x2x4xf32>, tensor<2x3x4xf32>) -> tensor<1x3x8xf32>
  return %y : tensor<1x3x8xf32>
}

// -----

// Non-square strides (3, 2) with pads (1, 2, 1, 2): the geometry of ONNX's
// test_convtranspose_pads. O = (7, 3).
// Dimension 0 (H 3, K 3, s 3, p 1): r = 0: o0 = 2, n 2, tap 0, pads -1/0
// (crop the first row); r = 1: o0 = 0, n 3, tap 1, pads 0/0; r = 2: o0 = 1,
// n 2, tap 2, pads 0/-1 (crop the last row).
// Dimension 1 (H 3, K 3, s 2, p 2): r = 0: o0 = 0, n 2, taps 0, 2 ->
// [w2, w0], pads 0/0; r = 1: o0 = 1, n 1, tap 1, pads -1/-1 (keep the
// middle column).
// Phases in row-major order (r0, r1), with their input crops.
// CHECK-LABEL: func.func @nonsquare_pads
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x3x3xf32>, %[[W:.*]]: tensor<1x2x3x3xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2, 3]
// CHECK:      %[[X00:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1, 0] strides [1, 1, 1, 1] : tensor<1x1x3x3xf32> -> tensor<1x1x2x3xf32>
// CHECK:      %[[W00:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 0, 2] strides [1, 1, 1, -2] : tensor<2x1x3x3xf32> -> tensor<2x1x1x2xf32>
// CHECK:      %[[P00:.*]] = reram.conv %[[X00]], %[[W00]] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x1x2x3xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK:      %[[X01:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1, 1] strides [1, 1, 1, 1] : tensor<1x1x3x3xf32> -> tensor<1x1x2x1xf32>
// CHECK:      %[[W01:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 0, 1] strides [1, 1, 1, 1] : tensor<2x1x3x3xf32> -> tensor<2x1x1x1xf32>
// CHECK:      %[[P01:.*]] = reram.conv %[[X01]], %[[W01]] {{.*}} -> tensor<1x2x2x1xf32>
// CHECK:      %[[W10:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1, 2] strides [1, 1, 1, -2]
// CHECK:      %[[P10:.*]] = reram.conv %[[X]], %[[W10]] {{.*}} -> tensor<1x2x3x2xf32>
// CHECK:      %[[X11:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0, 1] strides [1, 1, 1, 1] : tensor<1x1x3x3xf32> -> tensor<1x1x3x1xf32>
// CHECK:      %[[W11:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1, 1]
// CHECK:      %[[P11:.*]] = reram.conv %[[X11]], %[[W11]] {{.*}} -> tensor<1x2x3x1xf32>
// CHECK:      %[[X20:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0, 0] strides [1, 1, 1, 1] : tensor<1x1x3x3xf32> -> tensor<1x1x2x3xf32>
// CHECK:      %[[W20:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 2] strides [1, 1, 1, -2]
// CHECK:      %[[P20:.*]] = reram.conv %[[X20]], %[[W20]] {{.*}} -> tensor<1x2x2x2xf32>
// CHECK:      %[[X21:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 0, 1] strides [1, 1, 1, 1] : tensor<1x1x3x3xf32> -> tensor<1x1x2x1xf32>
// CHECK:      %[[W21:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 1]
// CHECK:      %[[P21:.*]] = reram.conv %[[X21]], %[[W21]] {{.*}} -> tensor<1x2x2x1xf32>
// Every position is some phase's: no bias operand.
// CHECK:      reram.interleave %[[P00]], %[[P01]], %[[P10]], %[[P11]], %[[P20]], %[[P21]] strides [3, 2] offsets [2, 0, 2, 1, 0, 0, 0, 1, 1, 0, 1, 1] : ({{.*}}) -> tensor<1x2x7x3xf32>
func.func @nonsquare_pads(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>)
    -> tensor<1x2x7x3xf32> {
  %y = reram.conv_transpose %x, %w strides [3, 2] pads [1, 2, 1, 2]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x3xf32>
  return %y : tensor<1x2x7x3xf32>
}

// -----

// K 5 % s 2 != 0: uneven sub-kernels. H 3, O 9. r = 0: taps 0, 2, 4 (K_0 =
// ceil(5/2) = 3), n 5, pads 2/2; r = 1: taps 1, 3 (K_1 = 2), n 4, pads 1/1.
// CHECK-LABEL: func.func @k5s2_uneven
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x3xf32>, %[[W:.*]]: tensor<1x1x5xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]]
// CHECK:      %[[W0:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 4] strides [1, 1, -2] : tensor<1x1x5xf32> -> tensor<1x1x3xf32>
// CHECK:      %[[P0:.*]] = reram.conv %[[X]], %[[W0]] strides [1] pads [2, 2] dilations [1] groups 1 : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 3] strides [1, 1, -2] : tensor<1x1x5xf32> -> tensor<1x1x2xf32>
// CHECK:      %[[P1:.*]] = reram.conv %[[X]], %[[W1]] strides [1] pads [1, 1] dilations [1] groups 1 : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x4xf32>
// CHECK:      reram.interleave %[[P0]], %[[P1]] strides [2] offsets [0, 1] : (tensor<1x1x5xf32>, tensor<1x1x4xf32>) -> tensor<1x1x9xf32>
func.func @k5s2_uneven(%x: tensor<1x1x3xf32>, %w: tensor<1x1x5xf32>)
    -> tensor<1x1x9xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x5xf32>) -> tensor<1x1x9xf32>
  return %y : tensor<1x1x9xf32>
}

// -----

// K 2 < s 3: phase 2 has no tap; its outputs (2 and 5) get the bias alone,
// through the interleave's bias. Phases 0 and 1 have one tap each.
// CHECK-LABEL: func.func @k2s3_empty_phase
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3xf32>, %[[W:.*]]: tensor<2x2x2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]]
// CHECK:      %[[W0:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<2x2x2xf32> -> tensor<2x2x1xf32>
// CHECK:      %[[P0:.*]] = reram.conv %[[X]], %[[W0]], %[[B]] strides [1] pads [0, 0] dilations [1] groups 1 : ({{.*}}) -> tensor<1x2x3xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1] strides [1, 1, 1] : tensor<2x2x2xf32> -> tensor<2x2x1xf32>
// CHECK:      %[[P1:.*]] = reram.conv %[[X]], %[[W1]], %[[B]] strides [1] pads [0, 0] dilations [1] groups 1 : ({{.*}}) -> tensor<1x2x3xf32>
// CHECK-NOT:  reram.conv
// CHECK:      reram.interleave %[[P0]], %[[P1]] bias %[[B]] strides [3] offsets [0, 1] : (tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<2xf32>) -> tensor<1x2x8xf32>
func.func @k2s3_empty_phase(%x: tensor<1x2x3xf32>, %w: tensor<2x2x2xf32>,
                            %b: tensor<2xf32>) -> tensor<1x2x8xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [3] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x2x3xf32>, tensor<2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x8xf32>
  return %y : tensor<1x2x8xf32>
}

// -----

// Pads 2/0 with output_padding 1: H 4, K 3, s 2, O = 6 + 2 + 1 + 1 - 2 = 8.
// r = 0: o0 = 0 (t0 = 1), taps 0, 2, pads 0/1; r = 1: o0 = 1, tap 1,
// pads -1/1: the first input element is never read by this phase and is
// cropped, the last output reads the end pad.
// CHECK-LABEL: func.func @pads_output_padding
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4xf32>, %[[W:.*]]: tensor<1x1x3xf32>)
// CHECK:      %[[W0:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 2] strides [1, 1, -2] : tensor<1x1x3xf32> -> tensor<1x1x2xf32>
// CHECK:      %[[P0:.*]] = reram.conv %[[X]], %[[W0]] strides [1] pads [0, 1] dilations [1] groups 1 : (tensor<1x1x4xf32>, tensor<1x1x2xf32>) -> tensor<1x1x4xf32>
// CHECK:      %[[X1:.*]] = reram.strided_slice %[[X]] offsets [0, 0, 1] strides [1, 1, 1] : tensor<1x1x4xf32> -> tensor<1x1x3xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 1] strides [1, 1, 1] : tensor<1x1x3xf32> -> tensor<1x1x1xf32>
// CHECK:      %[[P1:.*]] = reram.conv %[[X1]], %[[W1]] strides [1] pads [0, 1] dilations [1] groups 1 : (tensor<1x1x3xf32>, tensor<1x1x1xf32>) -> tensor<1x1x4xf32>
// CHECK:      reram.interleave %[[P0]], %[[P1]] strides [2] offsets [0, 1]
func.func @pads_output_padding(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x8xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [2, 0] dilations [1]
       output_padding [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// Dilation 2 with stride 2 (g = 2): the taps sit at 0, 2, 4, all even, so
// phase 0 takes every tap as a dilation-1 kernel and the odd outputs get
// nothing (no bias here: zeros). H 3, O = 4 + 4 + 1 = 9, n_0 = 5, pads 2/2.
// CHECK-LABEL: func.func @dilation2_stride2
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x3xf32>, %[[W:.*]]: tensor<1x1x3xf32>)
// CHECK:      %[[W0:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 2] strides [1, 1, -1] : tensor<1x1x3xf32> -> tensor<1x1x3xf32>
// CHECK:      %[[P0:.*]] = reram.conv %[[X]], %[[W0]] strides [1] pads [2, 2] dilations [1] groups 1 : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
// CHECK:      reram.interleave %[[P0]] strides [2] offsets [0] : (tensor<1x1x5xf32>) -> tensor<1x1x9xf32>
func.func @dilation2_stride2(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x9xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [2]
       output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x9xf32>
  return %y : tensor<1x1x9xf32>
}

// -----

// Dilation 2 with stride 3 (g = 1): tap positions 0, 2, 4 fall in phases 0,
// 2, 1 (4 mod 3 = 1). H 2, O = 3 + 4 + 1 = 8. Phase 1's tap (k = 2) reads
// input t - (4 - 1)/3 = t - 1: begin pad 1. Sub-convolutions keep dilation
// dil/g = 2 (irrelevant for one tap, but stated).
// CHECK-LABEL: func.func @dilation2_stride3
// CHECK:      %[[W0:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 0] strides [1, 1, 1] : tensor<1x1x3xf32> -> tensor<1x1x1xf32>
// CHECK:      %[[P0:.*]] = reram.conv %{{.*}}, %[[W0]] strides [1] pads [0, 1] dilations [2] groups 1 : ({{.*}}) -> tensor<1x1x3xf32>
// CHECK:      %[[W1:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 2] strides [1, 1, 1] : tensor<1x1x3xf32> -> tensor<1x1x1xf32>
// CHECK:      %[[P1:.*]] = reram.conv %{{.*}}, %[[W1]] strides [1] pads [1, 0] dilations [2] groups 1 : ({{.*}}) -> tensor<1x1x3xf32>
// CHECK:      %[[W2:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 1] strides [1, 1, 1] : tensor<1x1x3xf32> -> tensor<1x1x1xf32>
// CHECK:      %[[P2:.*]] = reram.conv %{{.*}}, %[[W2]] strides [1] pads [0, 0] dilations [2] groups 1 : ({{.*}}) -> tensor<1x1x2xf32>
// CHECK:      reram.interleave %[[P0]], %[[P1]], %[[P2]] strides [3] offsets [0, 1, 2]
func.func @dilation2_stride3(%x: tensor<1x1x2xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x8xf32> {
  %y = reram.conv_transpose %x, %w strides [3] pads [0, 0] dilations [2]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// Groups 2: the weight (Cin 4 x Cout/g 3) goes to conv layout per group
// (reshape 2x2x3, swap the channel dimensions, reshape 6x2); every phase is
// a grouped convolution. K 2 s 2: four one-tap phases of 3x3 outputs.
// CHECK-LABEL: func.func @groups2
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x3x2x2xf32>)
// CHECK:      %[[R:.*]] = reram.reshape %[[W]] : tensor<4x3x2x2xf32> -> tensor<2x2x3x2x2xf32>
// CHECK:      %[[T:.*]] = reram.transpose %[[R]] permutation [0, 2, 1, 3, 4] : tensor<2x2x3x2x2xf32> -> tensor<2x3x2x2x2xf32>
// CHECK:      %[[WC:.*]] = reram.reshape %[[T]] : tensor<2x3x2x2x2xf32> -> tensor<6x2x2x2xf32>
// CHECK:      reram.strided_slice %[[WC]] offsets [0, 0, 0, 0] {{.*}} -> tensor<6x2x1x1xf32>
// CHECK:      reram.conv %[[X]], %{{.*}} strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2 : (tensor<1x4x3x3xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x3x3xf32>
// CHECK-COUNT-3: reram.conv %[[X]], %{{.*}} groups 2
// CHECK:      reram.interleave {{.*}} strides [2, 2] offsets [0, 0, 0, 1, 1, 0, 1, 1] : ({{.*}}) -> tensor<1x6x6x6xf32>
func.func @groups2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x2x2xf32>)
    -> tensor<1x6x6x6xf32> {
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [0, 0] groups 2
       : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

// 3-D, strides (2, 1, 3), K (3, 2, 2), H (2, 3, 2), bias; O = (5, 4, 5).
// Dimension 0: r = 0 taps 0, 2 (pads 1/1, n 3), r = 1 tap 1 (pads 0/0, n 2).
// Dimension 1 (stride 1): one phase, the reversed kernel, pads 1/1, n 4.
// Dimension 2: r = 0 tap 0 (n 2), r = 1 tap 1 (n 2), r = 2 no tap: 2 of the
// 6 phases get the bias alone.
// CHECK-LABEL: func.func @nonsquare_3d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x3x2xf32>, %[[W:.*]]: tensor<2x1x3x2x2xf32>, %[[B:.*]]: tensor<1xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2, 3, 4]
// CHECK:      %[[W000:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 1, 0] strides [1, 1, -2, -1, 1] : tensor<1x2x3x2x2xf32> -> tensor<1x2x2x2x1xf32>
// CHECK:      %[[P000:.*]] = reram.conv %[[X]], %[[W000]], %[[B]] strides [1, 1, 1] pads [1, 1, 0, 1, 1, 0] dilations [1, 1, 1] groups 1 : ({{.*}}) -> tensor<1x1x3x4x2xf32>
// CHECK:      %[[W001:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 1, 1] strides [1, 1, -2, -1, 1]
// CHECK:      %[[P001:.*]] = reram.conv %[[X]], %[[W001]], %[[B]] {{.*}} -> tensor<1x1x3x4x2xf32>
// CHECK:      %[[W100:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1, 1, 0] strides [1, 1, 1, -1, 1] : tensor<1x2x3x2x2xf32> -> tensor<1x2x1x2x1xf32>
// CHECK:      %[[P100:.*]] = reram.conv %[[X]], %[[W100]], %[[B]] strides [1, 1, 1] pads [0, 1, 0, 0, 1, 0] {{.*}} -> tensor<1x1x2x4x2xf32>
// CHECK:      %[[W101:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1, 1, 1]
// CHECK:      %[[P101:.*]] = reram.conv %[[X]], %[[W101]], %[[B]] {{.*}} -> tensor<1x1x2x4x2xf32>
// CHECK:      reram.interleave %[[P000]], %[[P001]], %[[P100]], %[[P101]] bias %[[B]] strides [2, 1, 3] offsets [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1] : ({{.*}}) -> tensor<1x1x5x4x5xf32>
func.func @nonsquare_3d(%x: tensor<1x2x2x3x2xf32>, %w: tensor<2x1x3x2x2xf32>,
                        %b: tensor<1xf32>) -> tensor<1x1x5x4x5xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 1, 3]
       pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] output_padding [0, 0, 0]
       groups 1
       : (tensor<1x2x2x3x2xf32>, tensor<2x1x3x2x2xf32>, tensor<1xf32>)
         -> tensor<1x1x5x4x5xf32>
  return %y : tensor<1x1x5x4x5xf32>
}

// -----

// Stride 1 with dilation 2: no zeros to remove, one phase, so one plain
// convolution with the reversed kernel and pads dil*(K-1) - p = 3 and
// dil*(K-1) - q + a = 5; no interleave.
// CHECK-LABEL: func.func @stride1_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4xf32>, %[[W:.*]]: tensor<1x1x3xf32>)
// CHECK:      %[[WR:.*]] = reram.strided_slice %{{.*}} offsets [0, 0, 2] strides [1, 1, -1] : tensor<1x1x3xf32> -> tensor<1x1x3xf32>
// CHECK:      %[[Y:.*]] = reram.conv %[[X]], %[[WR]] strides [1] pads [3, 5] dilations [2] groups 1 : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
// CHECK-NOT:  reram.interleave
// CHECK:      return %[[Y]]
func.func @stride1_dilated(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x8xf32> {
  %y = reram.conv_transpose %x, %w strides [1] pads [1, 0] dilations [2]
       output_padding [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// A constant weight is rearranged by the same ops; the transpose of a
// `dense` constant folds into a constant, the phase slices stay ops.
// CHECK-LABEL: func.func @constant_weight
// CHECK-DAG:  %[[WC:.*]] = reram.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00]], {{\[\[}}3.000000e+00, 4.000000e+00]]]> : tensor<2x1x2xf32>
// CHECK-DAG:  %[[W0:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<2x1x2xf32> -> tensor<2x1x1xf32>
// CHECK-DAG:  %[[W1:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1] strides [1, 1, 1] : tensor<2x1x2xf32> -> tensor<2x1x1xf32>
// CHECK:      reram.interleave
func.func @constant_weight(%x: tensor<1x1x2xf32>) -> tensor<1x2x4xf32> {
  %w = reram.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf32>
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

// -----

// A weight held as a dense_resource blob is never copied: its transpose to
// conv layout stays an op on the constant.
// CHECK-LABEL: func.func @resource_weight
// CHECK:      %[[W:.*]] = reram.constant dense_resource<w> : tensor<1x2x2xf32>
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2]
// CHECK:      reram.strided_slice %[[WC]]
func.func @resource_weight(%x: tensor<1x1x2xf32>) -> tensor<1x2x4xf32> {
  %w = reram.constant dense_resource<w> : tensor<1x2x2xf32>
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// The rewritten ops keep the location of the transposed convolution (the
// ONNX node), so reports attribute them to it.
// RUN: zara-opt %s -split-input-file --reram-deform-tconv \
// RUN:   --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// LOC-LABEL: func.func @located
// LOC-COUNT-6: loc(#[[NODE:loc[0-9]*]])
// LOC:      #[[NODE]] = loc("/main/main.3/ConvTranspose")
func.func @located(%x: tensor<1x1x2xf32>, %w: tensor<1x1x2xf32>)
    -> tensor<1x1x4xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<1x1x4xf32>
       loc("/main/main.3/ConvTranspose")
  return %y : tensor<1x1x4xf32>
}
