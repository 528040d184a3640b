// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa | FileCheck %s

// Element-wise ops fused into a crossbar op's store (docs/Lowering.md,
// "Epilogue fusion"), and what stays out of it.
//
// Case 1: a 1x1 convolution with a bias, then a batch norm with constant
// statistics and a ReLU. The batch norm folds at compile time to
// scale = s / sqrt(var + eps) = [2/2, 4/4, 8/8] and shift = beta - mean *
// scale = [0.5, 0.5, 0.5]; the per-channel vectors (bias, scale, shift) are
// put in the weight segment as they are planned, ahead of the weight, loaded
// once into the core's buffer share and applied per output row with a
// stride-0 dimension along the positions: add, scale_shift, relu, store.
// Nothing is left for another core: no barrier.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:    zisa.weights address 3 = dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    zisa.weights address 6 = dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:    zisa.weights address 9 = dense<5.000000e-01> : tensor<6xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#IN:]] : tensor<1x2x3x3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x3x3x3xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 3 preload <9, counts [2, 3], strides [1, 2]>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <0, counts [3], strides [1]> to buffer <15, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <3, counts [3], strides [1]> to buffer <18, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <6, counts [3], strides [1]> to buffer <21, counts [3], strides [1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move dram <[[#IN]] + 3*i0, counts [2, 3], strides [9, 1]> to buffer <0, counts [2, 3], strides [3, 1]>
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [2], strides [3]> output <6 + i1, counts [3], strides [3]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.alu add dst <6, counts [3, 3], strides [3, 1]> a <6, counts [3, 3], strides [3, 1]> b <15, counts [3, 3], strides [1, 0]>
// CHECK-NEXT:        zisa.alu scale_shift dst <6, counts [3, 3], strides [3, 1]> a <6, counts [3, 3], strides [3, 1]> b <18, counts [3, 3], strides [1, 0]> c <21, counts [3, 3], strides [1, 0]>
// CHECK-NEXT:        zisa.alu relu dst <6, counts [3, 3], strides [3, 1]> a <6, counts [3, 3], strides [3, 1]>
// CHECK-NEXT:        zisa.move buffer <6, counts [3, 3], strides [3, 1]> to dram <[[#OUT]] + 3*i0, counts [3, 3], strides [9, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @conv_bias_bn_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %w = reram.constant dense<0.5> : tensor<3x2x1x1xf32>
  %b = reram.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %s = reram.constant dense<[2.0, 4.0, 8.0]> : tensor<3xf32>
  %beta = reram.constant dense<[1.0, 1.0, 1.0]> : tensor<3xf32>
  %m = reram.constant dense<[0.5, 0.5, 0.5]> : tensor<3xf32>
  %v = reram.constant dense<[3.0, 15.0, 63.0]> : tensor<3xf32>
  %y = reram.conv %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<1x2x3x3xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %n = reram.batch_norm %y, %s, %beta, %m, %v epsilon 1.0
       : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %r = reram.relu %n : tensor<1x3x3x3xf32>
  return %r : tensor<1x3x3x3xf32>
}

// -----

// Case 2: a matrix product (the dense layer of ONNX Gemm) with a bias add
// and a tanh: one window, the bias loaded as a vector along the 4 columns.
// The weight is the right operand as it is: rows at stride 4, columns at
// stride 1.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[5.000000e-01, 2.500000e-01, 1.250000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.weights address 4 = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01, 1.200000e+01]> : tensor<12xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#IN:]] : tensor<1x3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 3 cols 4 preload <4, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <0, counts [4], strides [1]> to buffer <7, counts [4], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [3], strides [1]> to buffer <0, counts [3], strides [1]>
// CHECK-NEXT:      zisa.mvm @g0 input <0, counts [3], strides [1]> output <3, counts [4], strides [1]>
// CHECK-NEXT:      zisa.alu add dst <3, counts [4], strides [1]> a <3, counts [4], strides [1]> b <7, counts [4], strides [1]>
// CHECK-NEXT:      zisa.alu tanh dst <3, counts [4], strides [1]> a <3, counts [4], strides [1]>
// CHECK-NEXT:      zisa.move buffer <3, counts [4], strides [1]> to dram <[[#OUT]], counts [4], strides [1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @matmul_bias_tanh(%a: tensor<1x3xf32>) -> tensor<1x4xf32> {
  %w = reram.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0],
                             [9.0, 10.0, 11.0, 12.0]]> : tensor<3x4xf32>
  %b = reram.constant dense<[0.5, 0.25, 0.125, 1.0]> : tensor<4xf32>
  %y = reram.matmul %a, %w : (tensor<1x3xf32>, tensor<3x4xf32>) -> tensor<1x4xf32>
  %z = reram.add %y, %b : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %t = reram.tanh %z : tensor<1x4xf32>
  return %t : tensor<1x4xf32>
}

// -----

// Case 3: what does not fuse. The added constant varies along the spatial
// positions (not a per-channel vector), so the convolution stores its raw
// result and the add runs on a spare core (core 1, the next step); the
// sum has two users (it is returned, and a ReLU reads it), so the ReLU is an
// op of its own on the next spare core (core 2) and step.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.output "output_0" address [[#SUM:]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:    zisa.output "output_1" address [[#RELU:]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.barrier_decl 1 participants [(0, 1), (0, 2)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.move dram
// CHECK-NEXT:        zisa.loop 2 {
// CHECK-NEXT:          zisa.mvm @g0
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <4, counts [2, 2], strides [2, 1]> to dram <[[#CONV:]] + 2*i0, counts [2, 2], strides [4, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <[[#CONV]], counts [2, 2, 2], strides [4, 2, 1]> to buffer <2730, counts [8], strides [1]>
// CHECK-NEXT:      zisa.move dram <4, counts [2, 2, 2], strides [4, 2, 1]> to buffer <2738, counts [8], strides [1]>
// CHECK-NEXT:      zisa.alu add dst <2730, counts [8], strides [1]> a <2730, counts [8], strides [1]> b <2738, counts [8], strides [1]>
// CHECK-NEXT:      zisa.move buffer <2730, counts [8], strides [1]> to dram <[[#SUM]], counts [2, 2, 2], strides [4, 2, 1]>
// CHECK-NEXT:      zisa.barrier 1
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.barrier 1
// CHECK-NEXT:      zisa.move dram <[[#SUM]], counts [2, 2, 2], strides [4, 2, 1]> to buffer <5460, counts [8], strides [1]>
// CHECK-NEXT:      zisa.alu relu dst <5460, counts [8], strides [1]> a <5460, counts [8], strides [1]>
// CHECK-NEXT:      zisa.move buffer <5460, counts [8], strides [1]> to dram <[[#RELU]], counts [2, 2, 2], strides [4, 2, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @not_fused(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = reram.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = reram.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]>
       : tensor<1x2x2x2xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %a = reram.add %y, %c : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %r = reram.relu %a : tensor<1x2x2x2xf32>
  return %a, %r : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
