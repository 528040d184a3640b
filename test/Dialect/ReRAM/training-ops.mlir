// Round trip of the backward (training) ops in every form: custom syntax,
// generic syntax and bytecode all print back to the same custom form. Each
// op appears in 1-D, 2-D and 3-D, with asymmetric pads, per-dimension
// strides and dilations, groups and (for the transposed convolution's
// gradients) output padding. The shapes are the forward op's, worked out
// by hand in the comments.
//
// RUN: zara-opt %s | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | zara-opt | FileCheck %s
// RUN: zara-opt %s --emit-bytecode | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

//===----------------------------------------------------------------------===//
// conv_backward_data
//===----------------------------------------------------------------------===//

// Forward: 1x2xH conv 4x2x3, stride 2, pads 1/0. H = 9 and H = 8 both give
// O = 4 ((9+1-3)/2+1 = 4, (8+1-3)/2+1 = 4), so the result type picks H.
// CHECK-LABEL: func.func @conv_backward_data_1d
// CHECK-SAME: (%[[DY:.*]]: tensor<1x4x4xf32>, %[[W:.*]]: tensor<4x2x3xf32>)
// CHECK: %[[DX9:.*]] = reram.conv_backward_data %[[DY]], %[[W]] strides [2] pads [1, 0] dilations [1] groups 1 : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
// CHECK: %[[DX8:.*]] = reram.conv_backward_data %[[DY]], %[[W]] strides [2] pads [1, 0] dilations [1] groups 1 : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x8xf32>
// CHECK: return %[[DX9]], %[[DX8]]
// GENERIC-LABEL: sym_name = "conv_backward_data_1d"
// GENERIC: "reram.conv_backward_data"(%{{.*}}, %{{.*}}) <{dilations = array<i64: 1>, groups = 1 : i64, pads = array<i64: 1, 0>, strides = array<i64: 2>}>
func.func @conv_backward_data_1d(%dy: tensor<1x4x4xf32>, %w: tensor<4x2x3xf32>)
    -> (tensor<1x2x9xf32>, tensor<1x2x8xf32>) {
  %dx9 = reram.conv_backward_data %dy, %w strides [2] pads [1, 0]
           dilations [1] groups 1
         : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
  %dx8 = reram.conv_backward_data %dy, %w strides [2] pads [1, 0]
           dilations [1] groups 1
         : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x8xf32>
  return %dx9, %dx8 : tensor<1x2x9xf32>, tensor<1x2x8xf32>
}

// The first DCGAN-64 discriminator layer: 64 -> (64+2-3-1)/2+1 = 32.
// CHECK-LABEL: func.func @conv_backward_data_2d
// CHECK: reram.conv_backward_data %{{.*}}, %{{.*}} strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>) -> tensor<1x3x64x64xf32>
func.func @conv_backward_data_2d(%dy: tensor<1x64x32x32xf32>,
                                 %w: tensor<64x3x4x4xf32>)
    -> tensor<1x3x64x64xf32> {
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 1, 1, 1]
          dilations [1, 1] groups 1
        : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>)
          -> tensor<1x3x64x64xf32>
  return %dx : tensor<1x3x64x64xf32>
}

// Forward: 2x4x6x7x8 conv 6x2x3x2x1, groups 2, strides [1, 2, 3], pads
// [1, 0, 0, 1, 1, 0], dilations [2, 1, 1]. D: (6+1+1-5)/1+1 = 4;
// H: (7+0+1-2)/2+1 = 4; W: (8-1)/3+1 = 3.
// CHECK-LABEL: func.func @conv_backward_data_3d_groups
// CHECK: reram.conv_backward_data %{{.*}}, %{{.*}} strides [1, 2, 3] pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2 : (tensor<2x6x4x4x3xf32>, tensor<6x2x3x2x1xf32>) -> tensor<2x4x6x7x8xf32>
func.func @conv_backward_data_3d_groups(%dy: tensor<2x6x4x4x3xf32>,
                                        %w: tensor<6x2x3x2x1xf32>)
    -> tensor<2x4x6x7x8xf32> {
  %dx = reram.conv_backward_data %dy, %w strides [1, 2, 3]
          pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2
        : (tensor<2x6x4x4x3xf32>, tensor<6x2x3x2x1xf32>)
          -> tensor<2x4x6x7x8xf32>
  return %dx : tensor<2x4x6x7x8xf32>
}

//===----------------------------------------------------------------------===//
// conv_backward_weight
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv_backward_weight_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x9xf32>, %[[DY:.*]]: tensor<1x4x4xf32>)
// CHECK: %[[DW:.*]], %[[DB:.*]] = reram.conv_backward_weight %[[X]], %[[DY]] strides [2] pads [1, 0] dilations [1] groups 1 : (tensor<1x2x9xf32>, tensor<1x4x4xf32>) -> (tensor<4x2x3xf32>, tensor<4xf32>)
// CHECK: return %[[DW]], %[[DB]]
// GENERIC-LABEL: sym_name = "conv_backward_weight_1d"
// GENERIC: %{{.*}}:2 = "reram.conv_backward_weight"(%{{.*}}, %{{.*}}) <{dilations = array<i64: 1>, groups = 1 : i64, pads = array<i64: 1, 0>, strides = array<i64: 2>}>
func.func @conv_backward_weight_1d(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>)
    -> (tensor<4x2x3xf32>, tensor<4xf32>) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0]
               dilations [1] groups 1
             : (tensor<1x2x9xf32>, tensor<1x4x4xf32>)
               -> (tensor<4x2x3xf32>, tensor<4xf32>)
  return %dw, %db : tensor<4x2x3xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @conv_backward_weight_2d
// CHECK: reram.conv_backward_weight %{{.*}}, %{{.*}} strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x3x64x64xf32>, tensor<1x64x32x32xf32>) -> (tensor<64x3x4x4xf32>, tensor<64xf32>)
func.func @conv_backward_weight_2d(%x: tensor<1x3x64x64xf32>,
                                   %dy: tensor<1x64x32x32xf32>)
    -> tensor<64x3x4x4xf32> {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] groups 1
             : (tensor<1x3x64x64xf32>, tensor<1x64x32x32xf32>)
               -> (tensor<64x3x4x4xf32>, tensor<64xf32>)
  return %dw : tensor<64x3x4x4xf32>
}

// CHECK-LABEL: func.func @conv_backward_weight_3d_groups
// CHECK: reram.conv_backward_weight %{{.*}}, %{{.*}} strides [1, 2, 3] pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2 : (tensor<2x4x6x7x8xf32>, tensor<2x6x4x4x3xf32>) -> (tensor<6x2x3x2x1xf32>, tensor<6xf32>)
func.func @conv_backward_weight_3d_groups(%x: tensor<2x4x6x7x8xf32>,
                                          %dy: tensor<2x6x4x4x3xf32>)
    -> (tensor<6x2x3x2x1xf32>, tensor<6xf32>) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1, 2, 3]
               pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2
             : (tensor<2x4x6x7x8xf32>, tensor<2x6x4x4x3xf32>)
               -> (tensor<6x2x3x2x1xf32>, tensor<6xf32>)
  return %dw, %db : tensor<6x2x3x2x1xf32>, tensor<6xf32>
}

//===----------------------------------------------------------------------===//
// conv_transpose_backward_data
//===----------------------------------------------------------------------===//

// Forward: 1x3x5 conv_transpose 3x2x4, stride 3, pads 1/2, output_padding
// 2: O = 3*4 + 3 + 1 + 2 - 1 - 2 = 15.
// CHECK-LABEL: func.func @conv_transpose_backward_data_1d
// CHECK-SAME: (%[[DY:.*]]: tensor<1x2x15xf32>, %[[W:.*]]: tensor<3x2x4xf32>)
// CHECK: %[[DX:.*]] = reram.conv_transpose_backward_data %[[DY]], %[[W]] strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1 : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
// CHECK: return %[[DX]]
// GENERIC-LABEL: sym_name = "conv_transpose_backward_data_1d"
// GENERIC: "reram.conv_transpose_backward_data"(%{{.*}}, %{{.*}}) <{dilations = array<i64: 1>, groups = 1 : i64, output_padding = array<i64: 2>, pads = array<i64: 1, 2>, strides = array<i64: 3>}>
func.func @conv_transpose_backward_data_1d(%dy: tensor<1x2x15xf32>,
                                           %w: tensor<3x2x4xf32>)
    -> tensor<1x3x5xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2]
          dilations [1] output_padding [2] groups 1
        : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
  return %dx : tensor<1x3x5xf32>
}

// The second DCGAN-64 generator layer: 2*3 + 3 + 1 - 2 = 8.
// CHECK-LABEL: func.func @conv_transpose_backward_data_2d
// CHECK: reram.conv_transpose_backward_data %{{.*}}, %{{.*}} strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1 : (tensor<1x256x8x8xf32>, tensor<512x256x4x4xf32>) -> tensor<1x512x4x4xf32>
func.func @conv_transpose_backward_data_2d(%dy: tensor<1x256x8x8xf32>,
                                           %w: tensor<512x256x4x4xf32>)
    -> tensor<1x512x4x4xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 2]
          pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x256x8x8xf32>, tensor<512x256x4x4xf32>)
          -> tensor<1x512x4x4xf32>
  return %dx : tensor<1x512x4x4xf32>
}

// Forward: 1x4x3x2x2 conv_transpose 4x3x2x3x1, groups 2 (Cout 6), strides
// [2, 1, 3], pads [0, 1, 0, 1, 0, 0], dilations [1, 2, 1], output_padding
// [1, 0, 2]. D: 2*2 + 1 + 1 + 1 - 0 - 1 = 6; H: 1 + 2*2 + 1 - 1 = 5;
// W: 3*1 + 0 + 1 + 2 = 6.
// CHECK-LABEL: func.func @conv_transpose_backward_data_3d_groups
// CHECK: reram.conv_transpose_backward_data %{{.*}}, %{{.*}} strides [2, 1, 3] pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 2] groups 2 : (tensor<1x6x6x5x6xf32>, tensor<4x3x2x3x1xf32>) -> tensor<1x4x3x2x2xf32>
func.func @conv_transpose_backward_data_3d_groups(%dy: tensor<1x6x6x5x6xf32>,
                                                  %w: tensor<4x3x2x3x1xf32>)
    -> tensor<1x4x3x2x2xf32> {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 1, 3]
          pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 2]
          groups 2
        : (tensor<1x6x6x5x6xf32>, tensor<4x3x2x3x1xf32>)
          -> tensor<1x4x3x2x2xf32>
  return %dx : tensor<1x4x3x2x2xf32>
}

//===----------------------------------------------------------------------===//
// conv_transpose_backward_weight
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv_transpose_backward_weight_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x5xf32>, %[[DY:.*]]: tensor<1x2x15xf32>)
// CHECK: %[[DW:.*]], %[[DB:.*]] = reram.conv_transpose_backward_weight %[[X]], %[[DY]] strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1 : (tensor<1x3x5xf32>, tensor<1x2x15xf32>) -> (tensor<3x2x4xf32>, tensor<2xf32>)
// CHECK: return %[[DW]], %[[DB]]
// GENERIC-LABEL: sym_name = "conv_transpose_backward_weight_1d"
// GENERIC: %{{.*}}:2 = "reram.conv_transpose_backward_weight"(%{{.*}}, %{{.*}}) <{dilations = array<i64: 1>, groups = 1 : i64, output_padding = array<i64: 2>, pads = array<i64: 1, 2>, strides = array<i64: 3>}>
func.func @conv_transpose_backward_weight_1d(%x: tensor<1x3x5xf32>,
                                             %dy: tensor<1x2x15xf32>)
    -> (tensor<3x2x4xf32>, tensor<2xf32>) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3]
               pads [1, 2] dilations [1] output_padding [2] groups 1
             : (tensor<1x3x5xf32>, tensor<1x2x15xf32>)
               -> (tensor<3x2x4xf32>, tensor<2xf32>)
  return %dw, %db : tensor<3x2x4xf32>, tensor<2xf32>
}

// CHECK-LABEL: func.func @conv_transpose_backward_weight_2d
// CHECK: reram.conv_transpose_backward_weight %{{.*}}, %{{.*}} strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1 : (tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>) -> (tensor<512x256x4x4xf32>, tensor<256xf32>)
func.func @conv_transpose_backward_weight_2d(%x: tensor<1x512x4x4xf32>,
                                             %dy: tensor<1x256x8x8xf32>)
    -> tensor<512x256x4x4xf32> {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
               groups 1
             : (tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>)
               -> (tensor<512x256x4x4xf32>, tensor<256xf32>)
  return %dw : tensor<512x256x4x4xf32>
}

// CHECK-LABEL: func.func @conv_transpose_backward_weight_3d_groups
// CHECK: reram.conv_transpose_backward_weight %{{.*}}, %{{.*}} strides [2, 1, 3] pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 2] groups 2 : (tensor<1x4x3x2x2xf32>, tensor<1x6x6x5x6xf32>) -> (tensor<4x3x2x3x1xf32>, tensor<6xf32>)
func.func @conv_transpose_backward_weight_3d_groups(%x: tensor<1x4x3x2x2xf32>,
                                                    %dy: tensor<1x6x6x5x6xf32>)
    -> (tensor<4x3x2x3x1xf32>, tensor<6xf32>) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 1, 3]
               pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1]
               output_padding [1, 0, 2] groups 2
             : (tensor<1x4x3x2x2xf32>, tensor<1x6x6x5x6xf32>)
               -> (tensor<4x3x2x3x1xf32>, tensor<6xf32>)
  return %dw, %db : tensor<4x3x2x3x1xf32>, tensor<6xf32>
}
