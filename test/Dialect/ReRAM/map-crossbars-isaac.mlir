// RUN: zara-opt %s --reram-map-crossbars="replicate=false" | FileCheck %s --check-prefix=ISAAC
// RUN: zara-opt %s --reram-map-crossbars | FileCheck %s --check-prefix=REPL
// The attribute prints and parses back.
// RUN: zara-opt %s --reram-map-crossbars | zara-opt | FileCheck %s --check-prefix=REPL

// reram-map-crossbars with the default (ISAAC) configuration: 128x128
// arrays, 2 bits per cell, 16-bit offset weights: 8 cells per weight, so a
// block is 128 rows x 16 weights on 1 array; a core holds 8 arrays, a tile
// 12 cores; 168 tiles: 2016 cores, 16128 arrays.

// A large convolution (the fused form of the second DCGAN-64
// generator layer): rows = Cin * Kh * Kw = 512 * 2 * 2 = 2048, cols = 256.
// With the ISAAC defaults, row_tiles = 2048 / 128 = 16, col_tiles = 256 / 16 = 16: 256 arrays
// on 256 / 8 = 32 cores. Windows: 1 * 5 * 5 = 25 output positions.
// It then follows on core 32 = tile 2, core 8.
// ISAAC-LABEL: func.func @large
// ISAAC: reram.conv {{.*}} {reram.mapping = #reram.mapping<rows = 2048, cols = 256, groups = 1, tile_rows = 128, tile_cols = 16, row_tiles = 16, col_tiles = 16, arrays_per_block = 1, arrays_per_replica = 256, replication = 1, windows = 25, first_tile = 0, first_core = 0, cores = 32>}
// A small matrix product: 100 x 300: 1 row tile, ceil(300 / 16) = 19 column
// tiles, 19 arrays on 3 cores, starting on core 32 = tile 2, core 8.
// Windows: the 2 rows of the left operand.
// ISAAC: reram.matmul {{.*}} {reram.mapping = #reram.mapping<rows = 100, cols = 300, groups = 1, tile_rows = 128, tile_cols = 16, row_tiles = 1, col_tiles = 19, arrays_per_block = 1, arrays_per_replica = 19, replication = 1, windows = 2, first_tile = 2, first_core = 8, cores = 3>}
func.func @large(%x: tensor<1x512x4x4xf32>, %w: tensor<256x512x2x2xf32>,
                 %a: tensor<2x100xf32>, %b: tensor<100x300xf32>)
    -> (tensor<1x256x5x5xf32>, tensor<2x300xf32>) {
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
         groups 1
       : (tensor<1x512x4x4xf32>, tensor<256x512x2x2xf32>)
         -> tensor<1x256x5x5xf32>
  %z = reram.matmul %a, %b : (tensor<2x100xf32>, tensor<100x300xf32>)
                             -> tensor<2x300xf32>
  return %y, %z : tensor<1x256x5x5xf32>, tensor<2x300xf32>
}


// Replication: 2016 - 35 = 1981 cores left. The convolution is the
// bottleneck (25 reads against 2): 24 reads take ceil(25 / 24) = 2 copies,
// ... down to 1 read with 25 copies: 25 * 32 = 800 cores, 768 more, which
// fit. Then the matrix product: 2 copies of 19 arrays, 38 arrays on
// ceil(38 / 8) = 5 cores, 2 more. It starts after the convolution's 800
// cores: core 800 = tile 66, core 8.
// REPL: reram.conv {{.*}} {reram.mapping = #reram.mapping<rows = 2048, cols = 256, groups = 1, tile_rows = 128, tile_cols = 16, row_tiles = 16, col_tiles = 16, arrays_per_block = 1, arrays_per_replica = 256, replication = 25, windows = 25, first_tile = 0, first_core = 0, cores = 800>}
// REPL: reram.matmul {{.*}} {reram.mapping = #reram.mapping<rows = 100, cols = 300, groups = 1, tile_rows = 128, tile_cols = 16, row_tiles = 1, col_tiles = 19, arrays_per_block = 1, arrays_per_replica = 19, replication = 2, windows = 2, first_tile = 66, first_core = 8, cores = 5>}

