// MacCountOpInterface of the backward ops, through the layer table, against
// the independent brute-force counts of Inputs/brute_force_training_macs.py
// (the REF lines: each op run naively on 0/1 marker tensors). The useful
// products of every backward op are the forward op's products, so the
// DCGAN-64 layers reproduce the forward figures of zero-free-deformation.md
// and print-layer-table.mlir: D1 3,048,192 and G2 25,690,112 useful.
//
// RUN: %python %S/Inputs/brute_force_training_macs.py | FileCheck %s --check-prefix=REF
// RUN: zara-opt %s --reram-print-layer-table -o /dev/null | FileCheck %s

// REF: D1_data issued 12582912 useful 3048192
// REF: D1_weight issued 12192768 useful 3048192
// REF: C1D_data issued 216 useful 88
// REF: C1D_weight issued 168 useful 88
// REF: C3D_data issued 48384 useful 5040
// REF: C3D_weight issued 28224 useful 5040
// REF: G2_data issued 33554432 useful 25690112
// REF: G2_weight issued 102760448 useful 25690112
// REF: T1D_data issued 120 useful 114
// REF: T1D_weight issued 312 useful 114
// REF: T3D_data issued 864 useful 720
// REF: T3D_weight issued 2880 useful 720

// CHECK: D1_data | conv_backward_data | {{.*}} | 12,582,912 | 3,048,192
// CHECK: D1_weight | conv_backward_weight | {{.*}} | 12,192,768 | 3,048,192
// CHECK: C1D_data | conv_backward_data | {{.*}} | 216 | 88
// CHECK: C1D_weight | conv_backward_weight | {{.*}} | 168 | 88
// CHECK: C3D_data | conv_backward_data | {{.*}} | 48,384 | 5,040
// CHECK: C3D_weight | conv_backward_weight | {{.*}} | 28,224 | 5,040
// CHECK: G2_data | conv_transpose_backward_data | {{.*}} | 33,554,432 | 25,690,112
// CHECK: G2_weight | conv_transpose_backward_weight | {{.*}} | 102,760,448 | 25,690,112
// CHECK: T1D_data | conv_transpose_backward_data | {{.*}} | 120 | 114
// CHECK: T1D_weight | conv_transpose_backward_weight | {{.*}} | 312 | 114
// CHECK: T3D_data | conv_transpose_backward_data | {{.*}} | 864 | 720
// CHECK: T3D_weight | conv_transpose_backward_weight | {{.*}} | 2,880 | 720
// CHECK: total | {{.*}} | 161,171,728 | 57,488,532

// The first DCGAN-64 discriminator layer: 3x64x64 -> 64x32x32, K4 s2 p1.
func.func @d1(%x: tensor<1x3x64x64xf32>, %dy: tensor<1x64x32x32xf32>,
              %w: tensor<64x3x4x4xf32>) {
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 1, 1, 1]
          dilations [1, 1] groups 1
        : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>)
          -> tensor<1x3x64x64xf32> loc("D1_data")
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] groups 1
             : (tensor<1x3x64x64xf32>, tensor<1x64x32x32xf32>)
               -> (tensor<64x3x4x4xf32>, tensor<64xf32>) loc("D1_weight")
  return
}

// 1-D, stride 2, pads 1/0: 9 -> 4.
func.func @c1d(%x: tensor<1x2x9xf32>, %dy: tensor<1x4x4xf32>,
               %w: tensor<4x2x3xf32>) {
  %dx = reram.conv_backward_data %dy, %w strides [2] pads [1, 0]
          dilations [1] groups 1
        : (tensor<1x4x4xf32>, tensor<4x2x3xf32>) -> tensor<1x2x9xf32>
          loc("C1D_data")
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [1, 0]
               dilations [1] groups 1
             : (tensor<1x2x9xf32>, tensor<1x4x4xf32>)
               -> (tensor<4x2x3xf32>, tensor<4xf32>) loc("C1D_weight")
  return
}

// 3-D, batch 2, groups 2, dilation 2 in depth (training-ops.mlir).
func.func @c3d(%x: tensor<2x4x6x7x8xf32>, %dy: tensor<2x6x4x4x3xf32>,
               %w: tensor<6x2x3x2x1xf32>) {
  %dx = reram.conv_backward_data %dy, %w strides [1, 2, 3]
          pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2
        : (tensor<2x6x4x4x3xf32>, tensor<6x2x3x2x1xf32>)
          -> tensor<2x4x6x7x8xf32> loc("C3D_data")
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1, 2, 3]
               pads [1, 0, 0, 1, 1, 0] dilations [2, 1, 1] groups 2
             : (tensor<2x4x6x7x8xf32>, tensor<2x6x4x4x3xf32>)
               -> (tensor<6x2x3x2x1xf32>, tensor<6xf32>) loc("C3D_weight")
  return
}

// The second DCGAN-64 generator layer: 512x4x4 -> 256x8x8, K4 s2 p1.
func.func @g2(%x: tensor<1x512x4x4xf32>, %dy: tensor<1x256x8x8xf32>,
              %w: tensor<512x256x4x4xf32>) {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 2]
          pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x256x8x8xf32>, tensor<512x256x4x4xf32>)
          -> tensor<1x512x4x4xf32> loc("G2_data")
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
               groups 1
             : (tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>)
               -> (tensor<512x256x4x4xf32>, tensor<256xf32>) loc("G2_weight")
  return
}

// 1-D, stride 3, pads 1/2, output_padding 2: 5 -> 15.
func.func @t1d(%x: tensor<1x3x5xf32>, %dy: tensor<1x2x15xf32>,
               %w: tensor<3x2x4xf32>) {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 2]
          dilations [1] output_padding [2] groups 1
        : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
          loc("T1D_data")
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3]
               pads [1, 2] dilations [1] output_padding [2] groups 1
             : (tensor<1x3x5xf32>, tensor<1x2x15xf32>)
               -> (tensor<3x2x4xf32>, tensor<2xf32>) loc("T1D_weight")
  return
}

// 3-D, groups 2, per-dimension strides, dilations and output padding
// (training-ops.mlir).
func.func @t3d(%x: tensor<1x4x3x2x2xf32>, %dy: tensor<1x6x6x5x6xf32>,
               %w: tensor<4x3x2x3x1xf32>) {
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 1, 3]
          pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1] output_padding [1, 0, 2]
          groups 2
        : (tensor<1x6x6x5x6xf32>, tensor<4x3x2x3x1xf32>)
          -> tensor<1x4x3x2x2xf32> loc("T3D_data")
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 1, 3]
               pads [0, 1, 0, 1, 0, 0] dilations [1, 2, 1]
               output_padding [1, 0, 2] groups 2
             : (tensor<1x4x3x2x2xf32>, tensor<1x6x6x5x6xf32>)
               -> (tensor<4x3x2x3x1xf32>, tensor<6xf32>) loc("T3D_weight")
  return
}
