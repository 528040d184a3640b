// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa | FileCheck %s

// The phase-wise form of a transposed convolution: sub-convolutions whose
// outputs a `reram.interleave` puts on every s-th position
// (docs/Lowering.md, "Interleave fusion").
//
// Case 1: the four phases of a stride-2, 4x4, padding-1 transposed
// convolution of a 3x3 image (1 channel), as reram-deform-tconv writes them.
// The sub-kernels are strided slices of the constant weight, folded at
// compile time: phase (py, px) reads w[3 - py - 2i, 3 - px - 2j] over the
// 2x2 window, e.g. w[2,2], w[2,0], w[0,2], w[0,0] = 11, 9, 3, 1 for the
// first (weight values 1..16 row-major). One core per phase (one layer per
// core), the graph input copied once into a 5x5 layout with the largest
// padding any phase needs (1 on each side); each phase reads it from its
// own padding corner. The interleave is fused: each phase stores its 3x3
// output straight into the 6x6 result, rows 2 * 6 = 12 apart, positions 2
// apart, starting at its offset (1,1), (1,0), (0,1), (0,0): +7, +6, +1, +0.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[1.100000e+01, 9.000000e+00, 3.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.weights address 4 = dense<[1.200000e+01, 1.000000e+01, 4.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.weights address 8 = dense<[1.500000e+01, 1.300000e+01, 7.000000e+00, 5.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.weights address 12 = dense<[1.600000e+01, 1.400000e+01, 8.000000e+00, 6.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#IN:]] : tensor<1x1x3x3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x1x6x6xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 4 cols 1 preload <0, counts [4], strides [1]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 1 first_crossbar 0 num_crossbars 1 rows 4 cols 1 preload <4, counts [4], strides [1]>
// CHECK-NEXT:    zisa.xbar_group @g2 tile 0 core 2 first_crossbar 0 num_crossbars 1 rows 4 cols 1 preload <8, counts [4], strides [1]>
// CHECK-NEXT:    zisa.xbar_group @g3 tile 0 core 3 first_crossbar 0 num_crossbars 1 rows 4 cols 1 preload <12, counts [4], strides [1]>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move dram <[[#PAD:]] + 5*i0, counts [2, 4], strides [5, 1]> to buffer <0, counts [2, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [2, 2], strides [4, 1]> output <8 + i1>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <8, counts [3], strides [1]> to dram <[[#OUT+7]] + 12*i0, counts [3], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move dram <[[#PAD-1]] + 5*i0, counts [2, 4], strides [5, 1]> to buffer <2730, counts [2, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.mvm @g1 input <2730 + i1, counts [2, 2], strides [4, 1]> output <2738 + i1>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <2738, counts [3], strides [1]> to dram <[[#OUT+6]] + 12*i0, counts [3], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move dram <[[#PAD-5]] + 5*i0, counts [2, 4], strides [5, 1]> to buffer <5460, counts [2, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.mvm @g2 input <5460 + i1, counts [2, 2], strides [4, 1]> output <5468 + i1>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <5468, counts [3], strides [1]> to dram <[[#OUT+1]] + 12*i0, counts [3], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 3 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move dram <[[#PAD-6]] + 5*i0, counts [2, 4], strides [5, 1]> to buffer <8190, counts [2, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.mvm @g3 input <8190 + i1, counts [2, 2], strides [4, 1]> output <8198 + i1>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <8198, counts [3], strides [1]> to dram <[[#OUT]] + 12*i0, counts [3], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 4 {
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [3, 3], strides [3, 1]> to dram <[[#PAD]], counts [3, 3], strides [5, 1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @phases(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32> {
  %w = reram.constant dense<[[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0],
                               [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]]]]>
       : tensor<1x1x4x4xf32>
  %k0 = reram.strided_slice %w offsets [0, 0, 2, 2] strides [1, 1, -2, -2]
        : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %p0 = reram.conv %x, %k0 strides [1, 1] pads [0, 0, 1, 1] dilations [1, 1] groups 1
        : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %k1 = reram.strided_slice %w offsets [0, 0, 2, 3] strides [1, 1, -2, -2]
        : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %p1 = reram.conv %x, %k1 strides [1, 1] pads [0, 1, 1, 0] dilations [1, 1] groups 1
        : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %k2 = reram.strided_slice %w offsets [0, 0, 3, 2] strides [1, 1, -2, -2]
        : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %p2 = reram.conv %x, %k2 strides [1, 1] pads [1, 0, 0, 1] dilations [1, 1] groups 1
        : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %k3 = reram.strided_slice %w offsets [0, 0, 3, 3] strides [1, 1, -2, -2]
        : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %p3 = reram.conv %x, %k3 strides [1, 1] pads [1, 1, 0, 0] dilations [1, 1] groups 1
        : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %y = reram.interleave %p0, %p1, %p2, %p3 strides [2, 2] offsets [1, 1, 1, 0, 0, 1, 0, 0]
       : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>,
          tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return %y : tensor<1x1x6x6xf32>
}

// -----

// Case 2: a 1-D stride-2 layer with a bias on each phase and a batch norm
// and ReLU after the interleave: every phase runs the whole epilogue on its
// own outputs before its strided store (bias add, scale_shift with
// scale = s / sqrt(var + eps) = [2/2, 3/3] and shift = beta - mean * scale =
// [0.75, -1.75], relu), the per-channel vectors loaded once into its buffer
// share and read with stride 0 along the positions.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT:    zisa.weights address 2 = dense<1.000000e+00> : tensor<2xf32>
// CHECK-NEXT:    zisa.weights address 4 = dense<[7.500000e-01, -1.750000e+00]> : tensor<2xf32>
// CHECK-NEXT:    zisa.weights address 6 = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK:         zisa.output "output_0" address [[#OUT:]] : tensor<1x2x6xf32>
// CHECK:         zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <0, counts [2], strides [1]> to buffer <10, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <2, counts [2], strides [1]> to buffer <12, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <4, counts [2], strides [1]> to buffer <14, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD:]], counts [4], strides [1]> to buffer <0, counts [4], strides [1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.mvm @g0 input <i0, counts [2], strides [1]> output <4 + i0, counts [2], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.alu add dst <4, counts [2, 3], strides [3, 1]> a <4, counts [2, 3], strides [3, 1]> b <10, counts [2, 3], strides [1, 0]>
// CHECK-NEXT:      zisa.alu scale_shift dst <4, counts [2, 3], strides [3, 1]> a <4, counts [2, 3], strides [3, 1]> b <12, counts [2, 3], strides [1, 0]> c <14, counts [2, 3], strides [1, 0]>
// CHECK-NEXT:      zisa.alu relu dst <4, counts [2, 3], strides [3, 1]> a <4, counts [2, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.move buffer <4, counts [2, 3], strides [3, 1]> to dram <[[#OUT+1]], counts [2, 3], strides [6, 2]>
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [2], strides [1]> to buffer <2740, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [2], strides [1]> to buffer <2742, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [2], strides [1]> to buffer <2744, counts [2], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD-1]], counts [4], strides [1]> to buffer <2730, counts [4], strides [1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.mvm @g1 input <2730 + i0, counts [2], strides [1]> output <2734 + i0, counts [2], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.alu add
// CHECK-NEXT:      zisa.alu scale_shift
// CHECK-NEXT:      zisa.alu relu
// CHECK-NEXT:      zisa.move buffer <2734, counts [2, 3], strides [3, 1]> to dram <[[#OUT]], counts [2, 3], strides [6, 2]>
// CHECK-NEXT:    }
// The batch norm and the ReLU run nowhere else: no other core computes.
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [3], strides [1]> to dram <[[#PAD]], counts [3], strides [1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @phases_epilogue(%x: tensor<1x1x3xf32>) -> tensor<1x2x6xf32> {
  %k0 = reram.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]]]> : tensor<2x1x2xf32>
  %k1 = reram.constant dense<[[[5.0, 6.0]], [[7.0, 8.0]]]> : tensor<2x1x2xf32>
  %b = reram.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %s = reram.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = reram.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = reram.constant dense<[0.25, 0.75]> : tensor<2xf32>
  %v = reram.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %p0 = reram.conv %x, %k0, %b strides [1] pads [0, 1] dilations [1] groups 1
        : (tensor<1x1x3xf32>, tensor<2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  %p1 = reram.conv %x, %k1, %b strides [1] pads [1, 0] dilations [1] groups 1
        : (tensor<1x1x3xf32>, tensor<2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  %y = reram.interleave %p0, %p1 strides [2] offsets [1, 0]
       : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x6xf32>
  %n = reram.batch_norm %y, %s, %beta, %m, %v epsilon 1.0
       : (tensor<1x2x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x6xf32>
  %r = reram.relu %n : tensor<1x2x6xf32>
  return %r : tensor<1x2x6xf32>
}

// -----

// Case 3: an interleave that does not fuse (its inputs are not convolutions,
// and it has a bias for the positions no phase writes) runs on a spare core
// as DRAM-to-DRAM moves: the bias broadcast over the whole result, then each
// phase scattered to every 3rd position from its offset (2 and 0).
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#A:]] : tensor<1x2x2xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#B:]] : tensor<1x2x3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x2x7xf32>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <0, counts [2, 7], strides [1, 0]> to dram <[[#OUT]], counts [2, 7], strides [7, 1]>
// CHECK-NEXT:      zisa.move dram <[[#A]], counts [2, 2], strides [2, 1]> to dram <[[#OUT+2]], counts [2, 2], strides [7, 3]>
// CHECK-NEXT:      zisa.move dram <[[#B]], counts [2, 3], strides [3, 1]> to dram <[[#OUT]], counts [2, 3], strides [7, 3]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @not_fused(%a: tensor<1x2x2xf32>, %b: tensor<1x2x3xf32>) -> tensor<1x2x7xf32> {
  %bias = reram.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = reram.interleave %a, %b bias %bias strides [3] offsets [2, 0]
       : (tensor<1x2x2xf32>, tensor<1x2x3xf32>, tensor<2xf32>) -> tensor<1x2x7xf32>
  return %y : tensor<1x2x7xf32>
}
