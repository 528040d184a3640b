// Round trip of every reram op in every form: custom syntax, generic syntax
// and bytecode all print back to the same custom form.
//
// RUN: zara-opt %s | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | zara-opt | FileCheck %s
// RUN: zara-opt %s --emit-bytecode | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-elide-resource-strings-if-larger=8 -o %t.elided
// RUN: FileCheck %s --check-prefix=ELIDE < %t.elided
// RUN: zara-opt %t.elided | FileCheck %s --check-prefix=ELIDE
// RUN: zara-opt %s --mlir-print-debuginfo | zara-opt --mlir-print-debuginfo \
// RUN:   | FileCheck %s --check-prefix=LOC

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x9xf32>, %[[W:.*]]: tensor<4x2x3xf32>)
// CHECK: %[[Y:.*]] = reram.conv %[[X]], %[[W]] strides [2] pads [1, 0] dilations [1] groups 1 : (tensor<1x2x9xf32>, tensor<4x2x3xf32>) -> tensor<1x4x4xf32>
// CHECK: return %[[Y]]
func.func @conv_1d(%x: tensor<1x2x9xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x4xf32> {
  %y = reram.conv %x, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<4x2x3xf32>) -> tensor<1x4x4xf32>
  return %y : tensor<1x4x4xf32>
}

// The first DCGAN-64 discriminator layer, with a bias.
// CHECK-LABEL: func.func @conv_2d_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x64x64xf32>, %[[W:.*]]: tensor<64x3x4x4xf32>, %[[B:.*]]: tensor<64xf32>)
// CHECK: reram.conv %[[X]], %[[W]], %[[B]] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>) -> tensor<1x64x32x32xf32>
func.func @conv_2d_bias(%x: tensor<1x3x64x64xf32>, %w: tensor<64x3x4x4xf32>,
                        %b: tensor<64xf32>) -> tensor<1x64x32x32xf32> {
  %y = reram.conv %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1]
       groups 1
       : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>)
         -> tensor<1x64x32x32xf32>
  return %y : tensor<1x64x32x32xf32>
}

// Asymmetric pads, a different stride and dilation per dimension, groups.
// D: (6 + 1 + 1 - 5) / 1 + 1 = 4; H: (7 + 0 + 1 - 2) / 2 + 1 = 4;
// W: (8 + 0 + 0 - 1) / 3 + 1 = 3.
// CHECK-LABEL: func.func @conv_3d_groups_dilations
// CHECK: reram.conv %{{.*}}, %{{.*}} strides [1, 2, 3] pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2 : (tensor<2x4x6x7x8xf32>, tensor<6x2x3x2x1xf32>) -> tensor<2x6x4x4x3xf32>
func.func @conv_3d_groups_dilations(%x: tensor<2x4x6x7x8xf32>,
                                    %w: tensor<6x2x3x2x1xf32>)
    -> tensor<2x6x4x4x3xf32> {
  %y = reram.conv %x, %w strides [1, 2, 3] pads [1, 0, 0, 1, 1, 0]
       dilations [2, 1, 1] groups 2
       : (tensor<2x4x6x7x8xf32>, tensor<6x2x3x2x1xf32>) -> tensor<2x6x4x4x3xf32>
  return %y : tensor<2x6x4x4x3xf32>
}

// Depthwise: groups == Cin == Cout, with a bias.
// CHECK-LABEL: func.func @conv_2d_depthwise
// CHECK: reram.conv %{{.*}}, %{{.*}}, %{{.*}} strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 8 : (tensor<1x8x5x5xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x5x5xf32>
func.func @conv_2d_depthwise(%x: tensor<1x8x5x5xf32>, %w: tensor<8x1x3x3xf32>,
                             %b: tensor<8xf32>) -> tensor<1x8x5x5xf32> {
  %y = reram.conv %x, %w, %b strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
       groups 8
       : (tensor<1x8x5x5xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>)
         -> tensor<1x8x5x5xf32>
  return %y : tensor<1x8x5x5xf32>
}

//===----------------------------------------------------------------------===//
// conv_transpose
//===----------------------------------------------------------------------===//

// O = 3 * (5 - 1) + 1 * (4 - 1) + 1 + 2 - 1 - 2 = 15.
// CHECK-LABEL: func.func @conv_transpose_1d_output_padding
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x5xf32>, %[[W:.*]]: tensor<3x2x4xf32>)
// CHECK: reram.conv_transpose %[[X]], %[[W]] strides [3] pads [1, 2] dilations [1] output_padding [2] groups 1 : (tensor<1x3x5xf32>, tensor<3x2x4xf32>) -> tensor<1x2x15xf32>
func.func @conv_transpose_1d_output_padding(%x: tensor<1x3x5xf32>,
                                            %w: tensor<3x2x4xf32>)
    -> tensor<1x2x15xf32> {
  %y = reram.conv_transpose %x, %w strides [3] pads [1, 2] dilations [1]
       output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<3x2x4xf32>) -> tensor<1x2x15xf32>
  return %y : tensor<1x2x15xf32>
}

// output_padding may reach up to the dilation when that exceeds the stride:
// O = 1 * 3 + 2 * 2 + 1 + 1 = 9.
// CHECK-LABEL: func.func @conv_transpose_1d_output_padding_below_dilation
// CHECK: reram.conv_transpose %{{.*}}, %{{.*}} strides [1] pads [0, 0] dilations [2] output_padding [1] groups 1 : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x9xf32>
func.func @conv_transpose_1d_output_padding_below_dilation(
    %x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x9xf32> {
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [2]
       output_padding [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x9xf32>
  return %y : tensor<1x1x9xf32>
}

// The second DCGAN-64 generator layer, with a bias.
// CHECK-LABEL: func.func @conv_transpose_2d_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x512x4x4xf32>, %[[W:.*]]: tensor<512x256x4x4xf32>, %[[B:.*]]: tensor<256xf32>)
// CHECK: reram.conv_transpose %[[X]], %[[W]], %[[B]] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1 : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>, tensor<256xf32>) -> tensor<1x256x8x8xf32>
func.func @conv_transpose_2d_bias(%x: tensor<1x512x4x4xf32>,
                                  %w: tensor<512x256x4x4xf32>,
                                  %b: tensor<256xf32>) -> tensor<1x256x8x8xf32> {
  %y = reram.conv_transpose %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>, tensor<256xf32>)
         -> tensor<1x256x8x8xf32>
  return %y : tensor<1x256x8x8xf32>
}

// Groups: the weight is Cin x Cout/groups x K..., so Cout = 3 * 2 = 6.
// D: 2 * 2 + 2 * 2 + 1 + 1 = 10; H: 2 * 2 + 2 + 1 + 1 = 8; W: 2 + 2 + 1 = 5.
// CHECK-LABEL: func.func @conv_transpose_3d_groups_dilations
// CHECK: reram.conv_transpose %{{.*}}, %{{.*}} strides [2, 2, 1] pads [0, 0, 0, 0, 0, 0] dilations [2, 1, 1] output_padding [1, 1, 0] groups 2 : (tensor<1x4x3x3x3xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x6x10x8x5xf32>
func.func @conv_transpose_3d_groups_dilations(%x: tensor<1x4x3x3x3xf32>,
                                              %w: tensor<4x3x3x3x3xf32>)
    -> tensor<1x6x10x8x5xf32> {
  %y = reram.conv_transpose %x, %w strides [2, 2, 1] pads [0, 0, 0, 0, 0, 0]
       dilations [2, 1, 1] output_padding [1, 1, 0] groups 2
       : (tensor<1x4x3x3x3xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x6x10x8x5xf32>
  return %y : tensor<1x6x10x8x5xf32>
}

//===----------------------------------------------------------------------===//
// matmul, batch_norm, element-wise ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<1x100xf32>, %[[B:.*]]: tensor<100x8192xf32>)
// CHECK: reram.matmul %[[A]], %[[B]] : (tensor<1x100xf32>, tensor<100x8192xf32>) -> tensor<1x8192xf32>
func.func @matmul(%a: tensor<1x100xf32>, %b: tensor<100x8192xf32>)
    -> tensor<1x8192xf32> {
  %y = reram.matmul %a, %b : (tensor<1x100xf32>, tensor<100x8192xf32>)
                             -> tensor<1x8192xf32>
  return %y : tensor<1x8192xf32>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x512x4x4xf32>, %[[S:.*]]: tensor<512xf32>, %[[B:.*]]: tensor<512xf32>, %[[M:.*]]: tensor<512xf32>, %[[V:.*]]: tensor<512xf32>, %[[F:.*]]: tensor<2x3xf32>, %[[P:.*]]: tensor<3xf32>)
// CHECK: reram.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] epsilon 9.99999974E-6 : (tensor<1x512x4x4xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<1x512x4x4xf32>
// CHECK: reram.batch_norm %[[F]], %[[P]], %[[P]], %[[P]], %[[P]] epsilon 0.000000e+00 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @batch_norm(%x: tensor<1x512x4x4xf32>, %scale: tensor<512xf32>,
                      %bias: tensor<512xf32>, %mean: tensor<512xf32>,
                      %var: tensor<512xf32>, %f: tensor<2x3xf32>,
                      %p: tensor<3xf32>)
    -> (tensor<1x512x4x4xf32>, tensor<2x3xf32>) {
  %y = reram.batch_norm %x, %scale, %bias, %mean, %var epsilon 1.0e-05
       : (tensor<1x512x4x4xf32>, tensor<512xf32>, tensor<512xf32>,
          tensor<512xf32>, tensor<512xf32>) -> tensor<1x512x4x4xf32>
  // Rank 2 (N x C), as after a fully connected layer.
  %z = reram.batch_norm %f, %p, %p, %p, %p epsilon 0.0
       : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<1x512x4x4xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.*]]: tensor<1x64x32x32xf32>)
// CHECK: %[[R:.*]] = reram.relu %[[X]] : tensor<1x64x32x32xf32>
// CHECK: %[[L:.*]] = reram.leaky_relu %[[R]] alpha 2.000000e-01 : tensor<1x64x32x32xf32>
// CHECK: %[[T:.*]] = reram.tanh %[[L]] : tensor<1x64x32x32xf32>
// CHECK: %[[S:.*]] = reram.sigmoid %[[T]] : tensor<1x64x32x32xf32>
// CHECK: return %[[S]]
func.func @activations(%x: tensor<1x64x32x32xf32>) -> tensor<1x64x32x32xf32> {
  %r = reram.relu %x : tensor<1x64x32x32xf32>
  %l = reram.leaky_relu %r alpha 0.2 : tensor<1x64x32x32xf32>
  %t = reram.tanh %l : tensor<1x64x32x32xf32>
  %s = reram.sigmoid %t : tensor<1x64x32x32xf32>
  return %s : tensor<1x64x32x32xf32>
}

// Broadcasting: trailing alignment, size-1 stretching both ways, rank 0.
// CHECK-LABEL: func.func @broadcasting
// CHECK: reram.add %{{.*}}, %{{.*}} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
// CHECK: reram.sub %{{.*}}, %{{.*}} : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
// CHECK: reram.mul %{{.*}}, %{{.*}} : (tensor<f32>, tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
// CHECK: reram.add %{{.*}}, %{{.*}} : (tensor<2x4x3xf32>, tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
func.func @broadcasting(%a: tensor<1x64xf32>, %b: tensor<64xf32>,
                        %c: tensor<2x1x3xf32>, %d: tensor<4x1xf32>,
                        %e: tensor<f32>)
    -> (tensor<1x64xf32>, tensor<2x4x3xf32>) {
  %0 = reram.add %a, %b : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %1 = reram.sub %c, %d : (tensor<2x1x3xf32>, tensor<4x1xf32>)
                          -> tensor<2x4x3xf32>
  %2 = reram.mul %e, %1 : (tensor<f32>, tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  %3 = reram.add %2, %1 : (tensor<2x4x3xf32>, tensor<2x4x3xf32>)
                          -> tensor<2x4x3xf32>
  return %0, %3 : tensor<1x64xf32>, tensor<2x4x3xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
// CHECK: reram.reshape %{{.*}} : tensor<1x512x4x4xf32> -> tensor<1x8192xf32>
// CHECK: reram.reshape %{{.*}} : tensor<1x1xf32> -> tensor<f32>
func.func @reshape(%x: tensor<1x512x4x4xf32>, %s: tensor<1x1xf32>)
    -> (tensor<1x8192xf32>, tensor<f32>) {
  %y = reram.reshape %x : tensor<1x512x4x4xf32> -> tensor<1x8192xf32>
  %z = reram.reshape %s : tensor<1x1xf32> -> tensor<f32>
  return %y, %z : tensor<1x8192xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @transpose
// CHECK: reram.transpose %{{.*}} permutation [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
// CHECK: reram.transpose %{{.*}} permutation [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
func.func @transpose(%x: tensor<3x4xf32>, %y: tensor<2x3x4xf32>)
    -> (tensor<4x3xf32>, tensor<4x2x3xf32>) {
  %0 = reram.transpose %x permutation [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
  %1 = reram.transpose %y permutation [2, 0, 1]
       : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[Z:.*]]: tensor<1x100xf32>, %[[L:.*]]: tensor<1x10xf32>, %[[A:.*]]: tensor<2x3xf32>)
// CHECK: reram.concat %[[Z]], %[[L]] axis 1 : (tensor<1x100xf32>, tensor<1x10xf32>) -> tensor<1x110xf32>
// CHECK: reram.concat %[[A]] axis 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: reram.concat %[[A]], %[[A]], %[[A]] axis 0 : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
func.func @concat(%z: tensor<1x100xf32>, %label: tensor<1x10xf32>,
                  %a: tensor<2x3xf32>)
    -> (tensor<1x110xf32>, tensor<2x3xf32>, tensor<6x3xf32>) {
  %0 = reram.concat %z, %label axis 1
       : (tensor<1x100xf32>, tensor<1x10xf32>) -> tensor<1x110xf32>
  %1 = reram.concat %a axis 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = reram.concat %a, %a, %a axis 0
       : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  return %0, %1, %2 : tensor<1x110xf32>, tensor<2x3xf32>, tensor<6x3xf32>
}

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constants
// CHECK: reram.constant dense<0.000000e+00> : tensor<512xf32>
// CHECK: reram.constant dense<{{\[}}[1.000000e+00, -2.500000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: reram.constant dense<4.200000e+01> : tensor<f32>
// CHECK: reram.constant dense_resource<conv.weight> : tensor<2x2xf32>
// ELIDE-LABEL: func.func @constants
// ELIDE: reram.constant dense_resource<conv.weight> : tensor<2x2xf32>
func.func @constants()
    -> (tensor<512xf32>, tensor<2x2xf32>, tensor<f32>, tensor<2x2xf32>) {
  %0 = reram.constant dense<0.0> : tensor<512xf32>
  %1 = reram.constant dense<[[1.0, -2.5], [3.0, 4.0]]> : tensor<2x2xf32>
  %2 = reram.constant dense<42.0> : tensor<f32>
  %3 = reram.constant dense_resource<conv.weight> : tensor<2x2xf32>
  return %0, %1, %2, %3 : tensor<512xf32>, tensor<2x2xf32>, tensor<f32>,
                          tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// ONNX names on arguments and results
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @onnx_names
// CHECK-SAME: (%{{.*}}: tensor<1x100x1x1xf32> {reram.onnx_name = "input.1"})
// CHECK-SAME: -> (tensor<1x100x1x1xf32> {reram.onnx_name = "/main/main.2/Relu_output_0"})
// The NameLoc of the ONNX node survives printing and parsing.
// LOC-LABEL: func.func @onnx_names
// LOC: reram.relu %{{.*}} : tensor<1x100x1x1xf32> loc([[RELU:#loc[0-9]+]])
// LOC: [[RELU]] = loc("/main/main.2/Relu")
func.func @onnx_names(%x: tensor<1x100x1x1xf32> {reram.onnx_name = "input.1"})
    -> (tensor<1x100x1x1xf32> {reram.onnx_name = "/main/main.2/Relu_output_0"}) {
  %y = reram.relu %x : tensor<1x100x1x1xf32> loc("/main/main.2/Relu")
  return %y : tensor<1x100x1x1xf32>
}

// The blob round-trips byte for byte (alignment 4, then 1.0, 2.0, -0.5,
// 0.25 as little-endian f32); with elision the handle stays and the bytes
// are left out.
// CHECK: {-#
// CHECK: dialect_resources: {
// CHECK: builtin: {
// CHECK: conv.weight: "0x040000000000803F00000040000000BF0000803E"
// ELIDE-NOT: 0x04000000

{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x040000000000803F00000040000000BF0000803E"
    }
  }
#-}
