// RUN: zara-opt %s -split-input-file --reram-map-crossbars="hw=%S/Inputs/one-tile.json" --reram-lower-to-zisa="hw=%S/Inputs/one-tile.json" --mlir-elide-elementsattrs-if-larger=1 | FileCheck %s

// Replicated crossbar ops on a chip of one tile of 2 cores with 4 arrays
// each (Inputs/one-tile.json), so that replication stops at a handful of
// copies (docs/Lowering.md, "Replicas").
//
// Case 1: a 3x3 convolution, padding 1, 4x4 output: 16 windows, one block.
// The mapper makes 8 copies (2 windows each), 4 per core. The lowering
// splits the output into rectangles: min(8, 4 rows) = 4 row bands, then
// 8 / 4 = 2 column halves, so copy r computes row r / 2, columns
// 2 * (r % 2) and the next. Each copy is its own group (all preloaded from
// the one weight in DRAM), loads its own 3x4 band (4 = 2 windows + 2) and
// stores its 2x2 block (2 channels x 2 positions). The copies of a core
// run one after another and reuse its buffer share. No core is left for the
// padded copy of the input: it goes to the first core of the latest stage
// (here, with no stage before it, core 0), before that core's convolution
// work, so its barrier joins neighbouring steps only.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<1x1x4x4xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x2x4x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 0 first_crossbar 1 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g2 tile 0 core 0 first_crossbar 2 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g3 tile 0 core 0 first_crossbar 3 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g4 tile 0 core 1 first_crossbar 0 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g5 tile 0 core 1 first_crossbar 1 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g6 tile 0 core 1 first_crossbar 2 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.xbar_group @g7 tile 0 core 1 first_crossbar 3 num_crossbars 1 rows 9 cols 2 preload <0, counts [9, 2], strides [1, 9]>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [4, 4], strides [4, 1]> to dram <[[#PADIN:]], counts [4, 4], strides [6, 1]>
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <[[#PADIN-7]], counts [3, 4], strides [6, 1]> to buffer <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g0 input <i0, counts [3, 3], strides [4, 1]> output <12 + i0, counts [2], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <12, counts [2, 2], strides [2, 1]> to dram <[[#OUT]], counts [2, 2], strides [16, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PADIN-5]], counts [3, 4], strides [6, 1]> to buffer <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g1 input <i0, counts [3, 3], strides [4, 1]> output <12 + i0, counts [2], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <12, counts [2, 2], strides [2, 1]> to dram <[[#OUT+2]], counts [2, 2], strides [16, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PADIN-1]], counts [3, 4], strides [6, 1]> to buffer <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g2 input <i0, counts [3, 3], strides [4, 1]> output <12 + i0, counts [2], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <12, counts [2, 2], strides [2, 1]> to dram <[[#OUT+4]], counts [2, 2], strides [16, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PADIN+1]], counts [3, 4], strides [6, 1]> to buffer <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g3 input <i0, counts [3, 3], strides [4, 1]> output <12 + i0, counts [2], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <12, counts [2, 2], strides [2, 1]> to dram <[[#OUT+6]], counts [2, 2], strides [16, 1]>
// CHECK-NEXT:    }
// The second core's buffer share starts at 32768 / 2.
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <[[#PADIN+5]], counts [3, 4], strides [6, 1]> to buffer <16384, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g4 input <16384 + i0, counts [3, 3], strides [4, 1]> output <16396 + i0, counts [2], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <16396, counts [2, 2], strides [2, 1]> to dram <[[#OUT+8]], counts [2, 2], strides [16, 1]>
// CHECK:           zisa.mvm @g7
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <16396, counts [2, 2], strides [2, 1]> to dram <[[#OUT+14]], counts [2, 2], strides [16, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = reram.constant dense<0.5> : tensor<2x1x3x3xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Case 2: a matrix product of 2 rows (the reshaped input, so not a batch:
// the input's leading dimension is 1): 2 windows, 2 copies, one row each.
// A matrix product's weight is its right operand as it is: rows K = 3 at
// stride N = 4, columns at stride 1. The reshape shares its input's memory.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<1x6xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<2x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 3 cols 4 preload <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 0 first_crossbar 1 num_crossbars 1 rows 3 cols 4 preload <0, counts [3, 4], strides [4, 1]>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <[[#IN]], counts [3], strides [1]> to buffer <0, counts [3], strides [1]>
// CHECK-NEXT:      zisa.mvm @g0 input <0, counts [3], strides [1]> output <3, counts [4], strides [1]>
// CHECK-NEXT:      zisa.move buffer <3, counts [4], strides [1]> to dram <[[#OUT]], counts [4], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#IN+3]], counts [3], strides [1]> to buffer <0, counts [3], strides [1]>
// CHECK-NEXT:      zisa.mvm @g1 input <0, counts [3], strides [1]> output <3, counts [4], strides [1]>
// CHECK-NEXT:      zisa.move buffer <3, counts [4], strides [1]> to dram <[[#OUT+4]], counts [4], strides [1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @matmul(%x: tensor<1x6xf32>) -> tensor<2x4xf32> {
  %w = reram.constant dense<0.5> : tensor<3x4xf32>
  %a = reram.reshape %x : tensor<1x6xf32> -> tensor<2x3xf32>
  %y = reram.matmul %a, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
