// RUN: zara-opt %s --reram-map-crossbars="replicate=false hw=%S/Inputs/small-buffer.json" --reram-lower-to-zisa="hw=%S/Inputs/small-buffer.json" --mlir-elide-elementsattrs-if-larger=1 | FileCheck %s

// Chunks of output positions (docs/Lowering.md, "Bands, windows and
// chunks"): the default chip with a tile buffer of 24000 bytes, i.e. 12000
// elements, a share of 1000 per core (12 cores per tile).
//
// The convolution of row-tiles.mlir (case 1): 144 rows x 80 columns, row
// tile 0 and part of row tile 1 on core 0 (the home), the rest of row tile
// 1 on core 1. A chunk of c positions of an output row needs, on core 0,
// 15 x 3 x (c + 2) (band) + 135 (staging) + 80c (outputs) for row tile 0,
// 2 x 3 x (c + 2) + 18 + 48c for row tile 1, and 32c for the received
// partial sums: 888 for c = 3, 1099 for c = 4. Core 1 alone would fit c = 4
// (2 x 3 x 6 + 18 + 32 x 4 = 182), but the two cores must agree on the chunks
// for their messages to pair up, so both take c = 3: per output row a chunk of
// 3 positions (the loop over its windows), then a chunk of the last one.
// CHECK-LABEL: zisa.core tile 0 core 0 {
// CHECK-NEXT:    zisa.barrier 0
// CHECK-NEXT:    zisa.loop 4 {
// CHECK-NEXT:      zisa.move dram <[[#PAD:]] + 6*i0, counts [15, 3, 5], strides [36, 6, 1]> to buffer <0, counts [15, 3, 5], strides [15, 5, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD+504]] + 6*i0, counts [2, 3, 5], strides [36, 6, 1]> to buffer <600, counts [2, 3, 5], strides [15, 5, 1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move buffer <i1, counts [15, 3, 3], strides [15, 5, 1]> to buffer <225, counts [135], strides [1]>
// CHECK-NEXT:        zisa.mvm @g0 input <225, counts [128], strides [1]> output <360 + i1, counts [80], strides [3]>
// CHECK-NEXT:        zisa.move buffer <600 + i1, counts [2, 3, 3], strides [15, 5, 1]> to buffer <630, counts [18], strides [1]>
// CHECK-NEXT:        zisa.mvm @g1 input <632, counts [16], strides [1]> output <648 + i1, counts [48], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.alu add dst <360, counts [48, 3], strides [3, 1]> a <360, counts [48, 3], strides [3, 1]> b <648, counts [48, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.recv src_tile 0 channel [[CH:[0-9]+]] dst <792, counts [32, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.alu add dst <504, counts [32, 3], strides [3, 1]> a <504, counts [32, 3], strides [3, 1]> b <792, counts [32, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.alu tanh dst <360, counts [80, 3], strides [3, 1]> a <360, counts [80, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.move buffer <360, counts [80, 3], strides [3, 1]> to dram <[[#OUT:]] + 4*i0, counts [80, 3], strides [16, 1]>
// The last position: its band starts 3 columns further.
// CHECK-NEXT:      zisa.move dram <[[#PAD+3]] + 6*i0, counts [15, 3, 3], strides [36, 6, 1]> to buffer <0, counts [15, 3, 3], strides [9, 3, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD+507]] + 6*i0, counts [2, 3, 3], strides [36, 6, 1]> to buffer <600, counts [2, 3, 3], strides [9, 3, 1]>
// CHECK-NEXT:      zisa.move buffer <0, counts [15, 3, 3], strides [9, 3, 1]> to buffer <225, counts [135], strides [1]>
// CHECK-NEXT:      zisa.mvm @g0 input <225, counts [128], strides [1]> output <360, counts [80], strides [3]>
// CHECK-NEXT:      zisa.move buffer <600, counts [2, 3, 3], strides [9, 3, 1]> to buffer <630, counts [18], strides [1]>
// CHECK-NEXT:      zisa.mvm @g1 input <632, counts [16], strides [1]> output <648, counts [48], strides [3]>
// CHECK-NEXT:      zisa.alu add dst <360, counts [48], strides [3]> a <360, counts [48], strides [3]> b <648, counts [48], strides [3]>
// CHECK-NEXT:      zisa.recv src_tile 0 channel [[CH]] dst <792, counts [32], strides [3]>
// CHECK-NEXT:      zisa.alu add dst <504, counts [32], strides [3]> a <504, counts [32], strides [3]> b <792, counts [32], strides [3]>
// CHECK-NEXT:      zisa.alu tanh dst <360, counts [80], strides [3]> a <360, counts [80], strides [3]>
// CHECK-NEXT:      zisa.move buffer <360, counts [80], strides [3]> to dram <[[#OUT+3]] + 4*i0, counts [80], strides [16]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
// Core 1's share starts at 1000; it sends as many messages, of the same
// sizes, as core 0 receives.
// CHECK-NEXT:  zisa.core tile 0 core 1 {
// CHECK-NEXT:    zisa.barrier 0
// CHECK-NEXT:    zisa.loop 4 {
// CHECK-NEXT:      zisa.move dram <[[#PAD+504]] + 6*i0, counts [2, 3, 5], strides [36, 6, 1]> to buffer <1000, counts [2, 3, 5], strides [15, 5, 1]>
// CHECK-NEXT:      zisa.loop 3 {
// CHECK-NEXT:        zisa.move buffer <1000 + i1, counts [2, 3, 3], strides [15, 5, 1]> to buffer <1030, counts [18], strides [1]>
// CHECK-NEXT:        zisa.mvm @g2 input <1032, counts [16], strides [1]> output <1048 + i1, counts [32], strides [3]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.send dst_tile 0 channel [[CH]] src <1048, counts [32, 3], strides [3, 1]>
// CHECK-NEXT:      zisa.move dram <[[#PAD+507]] + 6*i0, counts [2, 3, 3], strides [36, 6, 1]> to buffer <1000, counts [2, 3, 3], strides [9, 3, 1]>
// CHECK-NEXT:      zisa.move buffer <1000, counts [2, 3, 3], strides [9, 3, 1]> to buffer <1030, counts [18], strides [1]>
// CHECK-NEXT:      zisa.mvm @g2 input <1032, counts [16], strides [1]> output <1048, counts [32], strides [3]>
// CHECK-NEXT:      zisa.send dst_tile 0 channel [[CH]] src <1048, counts [32], strides [3]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @row_tiles(%x: tensor<1x16x4x4xf32>) -> tensor<1x80x4x4xf32> {
  %w = reram.constant dense<0.5> : tensor<80x16x3x3xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<1x16x4x4xf32>, tensor<80x16x3x3xf32>) -> tensor<1x80x4x4xf32>
  %t = reram.tanh %y : tensor<1x80x4x4xf32>
  return %t : tensor<1x80x4x4xf32>
}
