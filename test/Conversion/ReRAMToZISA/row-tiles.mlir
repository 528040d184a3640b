// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa --mlir-elide-elementsattrs-if-larger=1 | FileCheck %s

// Weight matrices of more than 128 rows on the default chip: row tiles and
// their partial sums (docs/Lowering.md, "Partial sums").
//
// Case 1: 16 channels x 3x3 = 144 rows by 80 columns: 2 row tiles (128 and
// 16 rows) x 5 column tiles of 16, placed row tile by row tile, column tile
// fastest, 8 arrays per core: row tile 0 fills arrays 0-4 of core 0 (one
// group of 80 columns, which fit the 128-element output register), row
// tile 1 arrays 5-7 of core 0 (columns 0-47) and 0-1 of core 1 (columns
// 48-79). The group of a later row tile starts 128 rows further into the
// weight matrix (address 128), and core 1's group 48 columns further
// (128 + 48 * 144 = 7040).
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.output "output_0" address [[#OUT:]] : tensor<1x80x4x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 5 rows 128 cols 80 preload <0, counts [128, 80], strides [1, 144]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 0 first_crossbar 5 num_crossbars 3 rows 16 cols 48 preload <128, counts [16, 48], strides [1, 144]>
// CHECK-NEXT:    zisa.xbar_group @g2 tile 0 core 1 first_crossbar 0 num_crossbars 2 rows 16 cols 32 preload <7040, counts [16, 32], strides [1, 144]>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1), (0, 2)]
//
// Core 0 holds the first row tile (the home). Rows 0-127 are channels 0-14
// less the last 7 rows of channel 14, so each window is staged (15 x 9 = 135
// elements) and the MVM reads its first 128; rows 128-143 start 2 rows into
// channel 14 (128 - 14 * 9). Each core loads the band of the channels its
// rows touch.
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 4 {
// CHECK-NEXT:        zisa.move dram <[[#PAD:]] + 6*i0, counts [15, 3, 6], strides [36, 6, 1]> to buffer <0, counts [15, 3, 6], strides [18, 6, 1]>
// CHECK-NEXT:        zisa.move dram <[[#PAD+504]] + 6*i0, counts [2, 3, 6], strides [36, 6, 1]> to buffer <725, counts [2, 3, 6], strides [18, 6, 1]>
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.move buffer <i1, counts [15, 3, 3], strides [18, 6, 1]> to buffer <270, counts [135], strides [1]>
// CHECK-NEXT:          zisa.mvm @g0 input <270, counts [128], strides [1]> output <405 + i1, counts [80], strides [4]>
// CHECK-NEXT:          zisa.move buffer <725 + i1, counts [2, 3, 3], strides [18, 6, 1]> to buffer <761, counts [18], strides [1]>
// CHECK-NEXT:          zisa.mvm @g1 input <763, counts [16], strides [1]> output <779 + i1, counts [48], strides [4]>
// CHECK-NEXT:        }
//
// The reduction at the home: its own later row tile with one add, core 1's
// columns 48-79 (output rows 405 + 48 * 4 = 597 on) received on the
// channel core 1 sends on; then the fused tanh on all 80 channels, and the
// store.
// CHECK-NEXT:        zisa.alu add dst <405, counts [48, 4], strides [4, 1]> a <405, counts [48, 4], strides [4, 1]> b <779, counts [48, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.recv src_tile 0 channel [[CH:[0-9]+]] dst <[[TEMP:[0-9]+]], counts [32, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.alu add dst <597, counts [32, 4], strides [4, 1]> a <597, counts [32, 4], strides [4, 1]> b <[[TEMP]], counts [32, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.alu tanh dst <405, counts [80, 4], strides [4, 1]> a <405, counts [80, 4], strides [4, 1]>
// CHECK-NEXT:        zisa.move buffer <405, counts [80, 4], strides [4, 1]> to dram <[[#OUT]] + 4*i0, counts [80, 4], strides [16, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
//
// Core 1 computes its partial sums with the same chunks (one row of 4
// positions) and sends them to tile 0; no epilogue, no store.
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.loop 4 {
// CHECK-NEXT:        zisa.move dram <[[#PAD+504]] + 6*i0, counts [2, 3, 6], strides [36, 6, 1]> to buffer <2730, counts [2, 3, 6], strides [18, 6, 1]>
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.move buffer <2730 + i1, counts [2, 3, 3], strides [18, 6, 1]> to buffer <2766, counts [18], strides [1]>
// CHECK-NEXT:          zisa.mvm @g2 input <2768, counts [16], strides [1]> output <2784 + i1, counts [32], strides [4]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.send dst_tile 0 channel [[CH]] src <2784, counts [32, 4], strides [4, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.move dram <{{[0-9]+}}, counts [16, 4, 4], strides [16, 4, 1]> to dram <[[#PAD+7]], counts [16, 4, 4], strides [36, 6, 1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
func.func @row_tiles(%x: tensor<1x16x4x4xf32>) -> tensor<1x80x4x4xf32> {
  %w = reram.constant dense<0.5> : tensor<80x16x3x3xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x16x4x4xf32>, tensor<80x16x3x3xf32>) -> tensor<1x80x4x4xf32>
  %t = reram.tanh %y : tensor<1x80x4x4xf32>
  return %t : tensor<1x80x4x4xf32>
}

// -----

// Case 2: a 1x1 convolution of 200 channels: 128 + 72 rows, whole channels,
// so the MVMs read their windows straight from the bands (no staging). Both
// row tiles are on core 0; no padding, so no copy and no barrier.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<1x200x2x2xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x8x2x2xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 128 cols 8 preload <0, counts [128, 8], strides [1, 200]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 0 first_crossbar 1 num_crossbars 1 rows 72 cols 8 preload <128, counts [72, 8], strides [1, 200]>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.move dram <[[#IN]] + 2*i0, counts [128, 2], strides [4, 1]> to buffer <0, counts [128, 2], strides [2, 1]>
// CHECK-NEXT:        zisa.move dram <[[#IN+512]] + 2*i0, counts [72, 2], strides [4, 1]> to buffer <272, counts [72, 2], strides [2, 1]>
// CHECK-NEXT:        zisa.loop 2 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [128], strides [2]> output <256 + i1, counts [8], strides [2]>
// CHECK-NEXT:          zisa.mvm @g1 input <272 + i1, counts [72], strides [2]> output <416 + i1, counts [8], strides [2]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.alu add dst <256, counts [8, 2], strides [2, 1]> a <256, counts [8, 2], strides [2, 1]> b <416, counts [8, 2], strides [2, 1]>
// CHECK-NEXT:        zisa.move buffer <256, counts [8, 2], strides [2, 1]> to dram <[[#OUT]] + 2*i0, counts [8, 2], strides [4, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @aligned(%x: tensor<1x200x2x2xf32>) -> tensor<1x8x2x2xf32> {
  %w = reram.constant dense<0.5> : tensor<8x200x1x1xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<1x200x2x2xf32>, tensor<8x200x1x1xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}
