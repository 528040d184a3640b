// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa | FileCheck %s

// Convolutions on the default (ISAAC) chip, one copy of each
// (docs/Lowering.md). The figures are worked by hand below; DRAM addresses
// of activations are captured and related, not fixed (the weight segment
// comes first, at 0).
//
// Case 1: a 3x3 convolution, padding 1, of a graph input. The weight
// (Cout = 2, Cin = 1, 3x3) is one block of 9 rows by 2 columns; row r of
// the matrix is the flattened (cin, kh, kw) index, column c the output
// channel, so the group reads the (Cout, Cin, Kh, Kw) weight transposed:
// strides [1, 9]. A graph input is bound without padding: a spare core
// (the first after the mapped one) copies it into a 6x6 padded layout (the
// margins stay zero) in a step of its own, and barrier 0 orders it before
// the convolution. Per output row the core loads the band of 3 input rows
// x 6 columns its 4 windows need, issues one MVM per window (input: the
// 1x3x3 window at column x of the band; output: channel-major, 4 positions
// per channel), and stores the row of both channels.
// CHECK-LABEL: zisa.program producer "zara"
// CHECK-NEXT:    zisa.weights address 0 = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01, 1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01, 1.600000e+01, 1.700000e+01, 1.800000e+01]> : tensor<18xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#IN:]] : tensor<1x1x4x4xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x2x4x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 4 {
// CHECK-NEXT:        zisa.move dram <[[#PAD:]] + 6*i0, counts [3, 6], strides [6, 1]> to buffer <0, counts [3, 6], strides [6, 1]>
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [3, 3], strides [6, 1]> output <18 + i1, counts [2], strides [4]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <18, counts [2, 4], strides [4, 1]> to dram <[[#OUT]] + 4*i0, counts [2, 4], strides [16, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [4, 4], strides [4, 1]> to dram <[[#PAD+7]], counts [4, 4], strides [6, 1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @conv_padded(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = reram.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]],
                             [[[10.0, 11.0, 12.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]]]]>
       : tensor<2x1x3x3xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Case 2: a convolution that feeds a convolution. Only the graph input gets
// a padded copy (core 2, step 0); the first convolution (core 0, step 1)
// stores its result, with the leaky ReLU fused, straight into the padded
// 2x6x6 layout its consumer reads (row y of channel c at PAD2 + 7 + 36c +
// 6y). The second one (core 1, step 2) has stride 2: its band of 4 rows
// starts 2 rows further per output row, its windows 2 columns apart.
// One barrier per pair of consecutive steps.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<1x1x4x4xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 1 first_crossbar 0 num_crossbars 1 rows 32 cols 1 preload <18, counts [32], strides [1]>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 2)]
// CHECK-NEXT:    zisa.barrier_decl 1 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 4 {
// CHECK-NEXT:        zisa.move dram <[[#PAD1:]] + 6*i0, counts [3, 6], strides [6, 1]> to buffer <0, counts [3, 6], strides [6, 1]>
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [3, 3], strides [6, 1]> output <18 + i1, counts [2], strides [4]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.alu leaky_relu dst <18, counts [2, 4], strides [4, 1]> a <18, counts [2, 4], strides [4, 1]> imm 2.000000e-01
// CHECK-NEXT:        zisa.move buffer <18, counts [2, 4], strides [4, 1]> to dram <[[#PAD2:]] + 6*i0, counts [2, 4], strides [36, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.barrier 1
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 1
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.move dram <[[#PAD2-7]] + 12*i0, counts [2, 4, 6], strides [36, 6, 1]> to buffer <2730, counts [2, 4, 6], strides [24, 6, 1]>
// CHECK-NEXT:        zisa.loop 2 {
// CHECK-NEXT:          zisa.mvm @g1 input <2730 + 2*i1, counts [2, 4, 4], strides [24, 6, 1]> output <2778 + i1>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.move buffer <2778, counts [2], strides [1]> to dram <[[#OUT]] + 2*i0, counts [2], strides [1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [4, 4], strides [4, 1]> to dram <[[#PAD1+7]], counts [4, 4], strides [6, 1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @conv_chain(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = reram.constant dense<0.5> : tensor<2x1x3x3xf32>
  %w2 = reram.constant dense<0.25> : tensor<1x2x4x4xf32>
  %a = reram.conv %x, %w1 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %r = reram.leaky_relu %a alpha 0.2 : tensor<1x2x4x4xf32>
  %b = reram.conv %r, %w2 strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %b : tensor<1x1x2x2xf32>
}

// -----

// Case 3: a grouped 1-D convolution with stride 2, dilation 2 and padding
// [1, 0]. Each group is a matrix of (4/2) * 3 = 6 rows by 6/2 = 3 columns:
// two groups, both on core 0; group g's weights start at g * 18. Each
// group loads the band of its own 2 channels (9 = (3-1)*2 + (3-1)*2 + 1
// columns of the 10-column padded copy), its windows 2 apart with taps 2
// apart, and stores its 3 channels.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 6 cols 3 preload <0, counts [6, 3], strides [1, 6]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 0 first_crossbar 1 num_crossbars 1 rows 6 cols 3 preload <18, counts [6, 3], strides [1, 6]>
// CHECK:         zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <[[#PAD:]], counts [2, 9], strides [10, 1]> to buffer <0, counts [2, 9], strides [9, 1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.mvm @g0 input <2*i0, counts [2, 3], strides [9, 2]> output <18 + i0, counts [3], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <18, counts [3, 3], strides [3, 1]> to dram <[[#OUT:]], counts [3, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD+20]], counts [2, 9], strides [10, 1]> to buffer <0, counts [2, 9], strides [9, 1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.mvm @g1 input <2*i0, counts [2, 3], strides [9, 2]> output <18 + i0, counts [3], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <18, counts [3, 3], strides [3, 1]> to dram <[[#OUT+9]], counts [3, 3], strides [3, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [4, 9], strides [9, 1]> to dram <[[#PAD+1]], counts [4, 9], strides [10, 1]>
func.func @grouped(%x: tensor<1x4x9xf32>) -> tensor<1x6x3xf32> {
  %w = reram.constant dense<0.5> : tensor<6x2x3xf32>
  %y = reram.conv %x, %w strides [2] pads [1, 0] dilations [2] groups 2
       : (tensor<1x4x9xf32>, tensor<6x2x3xf32>) -> tensor<1x6x3xf32>
  return %y : tensor<1x6x3xf32>
}
