// reram-deform-tconv with fuse-phases: when every K % s == 0 (dilation 1)
// all phases share one window of K/s taps, so one stride-1 convolution with
// s^d * Cout output channels (phase-major: channel phase*Cout + co) computes
// them, depth_to_space interleaves them and a crop removes the p mod s
// leading positions. Per dimension, with outputs t from floor(p/s) to
// floor((O - 1 + p)/s): T windows, pads (K/s - 1 - floor(p/s)) in front and
// whatever gives T outputs behind. Worked out by hand in each comment.
//
// RUN: zara-opt %s -split-input-file \
// RUN:   --reram-deform-tconv="form=phase fuse-phases=true" | FileCheck %s

// DCGAN G2's geometry (K4 s2 p1, H 4, O 8), bias: t from 0 to 4, T = 5
// windows (25 = (H+1)^2 in 2-D instead of 64), pads 1/1, 2x2 sub-kernels
// of phases (0,0), (0,1), (1,0), (1,1) stacked along the output channels,
// the bias repeated per phase, crop 1.
// CHECK-LABEL: func.func @g2_fused
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<8x6x4x4xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:      %[[WC:.*]] = reram.transpose %[[W]] permutation [1, 0, 2, 3] : tensor<8x6x4x4xf32> -> tensor<6x8x4x4xf32>
// CHECK:      %[[K00:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 2] strides [1, 1, -2, -2] : tensor<6x8x4x4xf32> -> tensor<6x8x2x2xf32>
// CHECK:      %[[K01:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 2, 3] strides [1, 1, -2, -2]
// CHECK:      %[[K10:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 3, 2] strides [1, 1, -2, -2]
// CHECK:      %[[K11:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 3, 3] strides [1, 1, -2, -2]
// CHECK:      %[[WF:.*]] = reram.concat %[[K00]], %[[K01]], %[[K10]], %[[K11]] axis 0 : ({{.*}}) -> tensor<24x8x2x2xf32>
// CHECK:      %[[B2:.*]] = reram.reshape %[[B]] : tensor<6xf32> -> tensor<1x6xf32>
// CHECK:      %[[B4:.*]] = reram.concat %[[B2]], %[[B2]], %[[B2]], %[[B2]] axis 1 : ({{.*}}) -> tensor<1x24xf32>
// CHECK:      %[[BF:.*]] = reram.reshape %[[B4]] : tensor<1x24xf32> -> tensor<24xf32>
// CHECK:      %[[F:.*]] = reram.conv %[[X]], %[[WF]], %[[BF]] strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x8x4x4xf32>, tensor<24x8x2x2xf32>, tensor<24xf32>) -> tensor<1x24x5x5xf32>
// CHECK:      %[[S:.*]] = reram.depth_to_space %[[F]] block_sizes [2, 2] : tensor<1x24x5x5xf32> -> tensor<1x6x10x10xf32>
// CHECK:      %[[Y:.*]] = reram.strided_slice %[[S]] offsets [0, 0, 1, 1] strides [1, 1, 1, 1] : tensor<1x6x10x10xf32> -> tensor<1x6x8x8xf32>
// CHECK:      return %[[Y]]
func.func @g2_fused(%x: tensor<1x8x4x4xf32>, %w: tensor<8x6x4x4xf32>,
                    %b: tensor<6xf32>) -> tensor<1x6x8x8xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x8x4x4xf32>, tensor<8x6x4x4xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return %y : tensor<1x6x8x8xf32>
}

// -----

// Groups 2, output_padding 1 (K2 s2, H 3, O 7): t from 0 to 3, T = 4, so
// one window past the input (end pad 1) yields the extra output. The fused
// convolution's channels are group-major (g, phase, co); a reshape,
// transpose and reshape make them phase-major for depth_to_space.
// CHECK-LABEL: func.func @groups_fused
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3xf32>, %[[W:.*]]: tensor<4x3x2xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:      %[[WC:.*]] = reram.reshape %{{.*}} : tensor<2x3x2x2xf32> -> tensor<6x2x2xf32>
// CHECK:      %[[K0:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<6x2x2xf32> -> tensor<6x2x1xf32>
// CHECK:      %[[G0:.*]] = reram.reshape %[[K0]] : tensor<6x2x1xf32> -> tensor<2x3x2x1xf32>
// CHECK:      %[[K1:.*]] = reram.strided_slice %[[WC]] offsets [0, 0, 1] strides [1, 1, 1] : tensor<6x2x2xf32> -> tensor<6x2x1xf32>
// CHECK:      %[[G1:.*]] = reram.reshape %[[K1]] : tensor<6x2x1xf32> -> tensor<2x3x2x1xf32>
// CHECK:      %[[WG:.*]] = reram.concat %[[G0]], %[[G1]] axis 1 : ({{.*}}) -> tensor<2x6x2x1xf32>
// CHECK:      %[[WF:.*]] = reram.reshape %[[WG]] : tensor<2x6x2x1xf32> -> tensor<12x2x1xf32>
// CHECK:      %[[BG:.*]] = reram.reshape %[[B]] : tensor<6xf32> -> tensor<2x3xf32>
// CHECK:      %[[BC:.*]] = reram.concat %[[BG]], %[[BG]] axis 1 : ({{.*}}) -> tensor<2x6xf32>
// CHECK:      %[[BF:.*]] = reram.reshape %[[BC]] : tensor<2x6xf32> -> tensor<12xf32>
// CHECK:      %[[F:.*]] = reram.conv %[[X]], %[[WF]], %[[BF]] strides [1] pads [0, 1] dilations [1] groups 2 : (tensor<1x4x3xf32>, tensor<12x2x1xf32>, tensor<12xf32>) -> tensor<1x12x4xf32>
// CHECK:      %[[R:.*]] = reram.reshape %[[F]] : tensor<1x12x4xf32> -> tensor<1x2x2x3x4xf32>
// CHECK:      %[[T:.*]] = reram.transpose %[[R]] permutation [0, 2, 1, 3, 4]
// CHECK:      %[[P:.*]] = reram.reshape %[[T]] : tensor<1x2x2x3x4xf32> -> tensor<1x12x4xf32>
// CHECK:      %[[S:.*]] = reram.depth_to_space %[[P]] block_sizes [2] : tensor<1x12x4xf32> -> tensor<1x6x8xf32>
// CHECK:      reram.strided_slice %[[S]] offsets [0, 0, 0] strides [1, 1, 1] : tensor<1x6x8xf32> -> tensor<1x6x7xf32>
func.func @groups_fused(%x: tensor<1x4x3xf32>, %w: tensor<4x3x2xf32>,
                        %b: tensor<6xf32>) -> tensor<1x6x7xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2] pads [0, 0] dilations [1]
       output_padding [1] groups 2
       : (tensor<1x4x3xf32>, tensor<4x3x2xf32>, tensor<6xf32>) -> tensor<1x6x7xf32>
  return %y : tensor<1x6x7xf32>
}

// -----

// Non-square 3-D strides (2, 1, 3) with K (2, 1, 3): 6 phases of one tap,
// T = H = 2 windows per dimension, no pads; the result needs no crop.
// CHECK-LABEL: func.func @fused_3d
// CHECK-COUNT-6: reram.strided_slice %{{.*}} strides [1, 1, 1, 1, 1] : tensor<1x2x2x1x3xf32> -> tensor<1x2x1x1x1xf32>
// CHECK:      %[[WF:.*]] = reram.concat {{.*}} axis 0 : ({{.*}}) -> tensor<6x2x1x1x1xf32>
// CHECK:      %[[F:.*]] = reram.conv %{{.*}}, %[[WF]] strides [1, 1, 1] pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] groups 1 : ({{.*}}) -> tensor<1x6x2x2x2xf32>
// CHECK:      %[[Y:.*]] = reram.depth_to_space %[[F]] block_sizes [2, 1, 3] : tensor<1x6x2x2x2xf32> -> tensor<1x1x4x2x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @fused_3d(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x1x2x1x3xf32>)
    -> tensor<1x1x4x2x6xf32> {
  %y = reram.conv_transpose %x, %w strides [2, 1, 3] pads [0, 0, 0, 0, 0, 0]
       dilations [1, 1, 1] output_padding [0, 0, 0] groups 1
       : (tensor<1x2x2x2x2xf32>, tensor<2x1x2x1x3xf32>) -> tensor<1x1x4x2x6xf32>
  return %y : tensor<1x1x4x2x6xf32>
}

// -----

// K3 s2 has no fused form (3 % 2 != 0): the phase-wise form.
// CHECK-LABEL: func.func @no_fused_form
// CHECK-NOT:  reram.depth_to_space
// CHECK:      reram.interleave {{.*}} strides [2] offsets [1, 0]
func.func @no_fused_form(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>)
    -> tensor<1x1x5xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [1, 1] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
  return %y : tensor<1x1x5xf32>
}

// -----

// Neither has dilation 2 with K4 s2 (the taps' phases depend on the
// dilation): phase-wise, and only the even phase has taps (g = 2).
// CHECK-LABEL: func.func @dilated_no_fused_form
// CHECK-NOT:  reram.depth_to_space
// CHECK:      reram.interleave
func.func @dilated_no_fused_form(%x: tensor<1x1x3xf32>, %w: tensor<1x1x4xf32>)
    -> tensor<1x1x11xf32> {
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [2]
       output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x4xf32>) -> tensor<1x1x11xf32>
  return %y : tensor<1x1x11xf32>
}
