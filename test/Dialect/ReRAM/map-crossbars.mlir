// RUN: zara-opt %s -split-input-file --reram-map-crossbars="hw=%S/Inputs/small-hw.json replicate=false" | FileCheck %s --check-prefix=SMALL
// RUN: zara-opt %s -split-input-file --reram-map-crossbars="hw=%S/Inputs/small-hw.json" | FileCheck %s --check-prefix=REPL
// RUN: zara-opt %s -split-input-file --reram-map-crossbars="hw=%S/Inputs/small-hw-differential.json replicate=false" | FileCheck %s --check-prefix=DIFF

// Figures worked by hand (docs/Mapping.md).
//
// map-crossbars-isaac.mlir has a large layer on the default (ISAAC) chip.
//
// small-hw.json: 2 tiles x 2 cores x 4 arrays = 16 arrays; 8x8 arrays,
// 2 bits per cell, 8-bit weights: 4 cells per weight, so a block is
// 8 rows x 2 weights on 1 array (offset) or 2 arrays (differential).

// Case 2: a small layer on the small chip: 4 x 6 times 6 x 2. One block
// (6 <= 8 rows, 2 weights), 1 array, 1 core; 4 windows.
// Replication: 3 cores are left. The op issues ceil(4 / 1) = 4 reads; 3
// reads need ceil(4 / 3) = 2 copies, still 1 core (2 arrays); 2 reads need
// 2 copies; 1 read needs 4 copies, 4 arrays, still 1 core. Then no op can
// get faster: replication 4.
// SMALL-LABEL: func.func @small
// SMALL: reram.matmul {{.*}} #reram.mapping<rows = 6, cols = 2, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 1, arrays_per_block = 1, arrays_per_replica = 1, replication = 1, windows = 4, first_tile = 0, first_core = 0, cores = 1>
// REPL-LABEL: func.func @small
// REPL: reram.matmul {{.*}} #reram.mapping<rows = 6, cols = 2, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 1, arrays_per_block = 1, arrays_per_replica = 1, replication = 4, windows = 4, first_tile = 0, first_core = 0, cores = 1>
func.func @small(%a: tensor<4x6xf32>, %b: tensor<6x2xf32>) -> tensor<4x2xf32> {
  %z = reram.matmul %a, %b : (tensor<4x6xf32>, tensor<6x2xf32>)
                             -> tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

// Case 3: row tiles, placement across cores and tiles, replication with
// leftover arrays, differential pairs.
// The convolution: rows = 4 * 2 * 2 = 16 -> 2 row tiles (partial sums),
// cols = 6 -> 3 column tiles: 6 blocks, 6 arrays, 2 cores (4 + 2 arrays);
// 2 * 2 = 4 windows. The matrix product: 8 x 4 -> 1 row tile, 2 column
// tiles, 2 arrays on the next core, core 2 = tile 1, core 0; 1 window.
// SMALL-LABEL: func.func @placed
// SMALL: reram.conv {{.*}} #reram.mapping<rows = 16, cols = 6, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 2, col_tiles = 3, arrays_per_block = 1, arrays_per_replica = 6, replication = 1, windows = 4, first_tile = 0, first_core = 0, cores = 2>
// SMALL: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 1, arrays_per_replica = 2, replication = 1, windows = 1, first_tile = 1, first_core = 0, cores = 1>
//
// Replication: 4 - 3 = 1 core left. The convolution is the bottleneck (4
// reads against 1); 3 reads need ceil(4 / 3) = 2 copies, 12 arrays, 3 cores:
// one more, which fits. Next, 1 read needs 4 copies, 24 arrays, 6 cores: 3
// more, which do not; replication stops at 2. The matrix product moves to
// core 3 = tile 1, core 1.
// REPL-LABEL: func.func @placed
// REPL: reram.conv {{.*}} #reram.mapping<rows = 16, cols = 6, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 2, col_tiles = 3, arrays_per_block = 1, arrays_per_replica = 6, replication = 2, windows = 4, first_tile = 0, first_core = 0, cores = 3>
// REPL: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 1, arrays_per_replica = 2, replication = 1, windows = 1, first_tile = 1, first_core = 1, cores = 1>
//
// Differential weights: 7 magnitude bits over ceil(7 / 2) = 4 cells, still
// 2 weights per array, but each block is a pair of arrays: the convolution
// takes 12 arrays = 3 cores, the matrix product 4 arrays, core 3.
// DIFF-LABEL: func.func @placed
// DIFF: reram.conv {{.*}} #reram.mapping<rows = 16, cols = 6, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 2, col_tiles = 3, arrays_per_block = 2, arrays_per_replica = 12, replication = 1, windows = 4, first_tile = 0, first_core = 0, cores = 3>
// DIFF: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 2, arrays_per_replica = 4, replication = 1, windows = 1, first_tile = 1, first_core = 1, cores = 1>
func.func @placed(%x: tensor<1x4x3x3xf32>, %w: tensor<6x4x2x2xf32>,
                  %a: tensor<1x8xf32>, %b: tensor<8x4xf32>)
    -> (tensor<1x6x2x2xf32>, tensor<1x4xf32>) {
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1]
         groups 1
       : (tensor<1x4x3x3xf32>, tensor<6x4x2x2xf32>) -> tensor<1x6x2x2xf32>
  %z = reram.matmul %a, %b : (tensor<1x8xf32>, tensor<8x4xf32>)
                             -> tensor<1x4xf32>
  return %y, %z : tensor<1x6x2x2xf32>, tensor<1x4xf32>
}

// -----

// Case 4: a grouped convolution: 2 groups of (4/2) * 3 = 6 rows by 4/2 = 2
// columns, one block each: 2 arrays. Windows per group: 2 * 5 = 10 (batch
// 2, 1-D output of 5).
// SMALL-LABEL: func.func @grouped
// SMALL: reram.conv {{.*}} #reram.mapping<rows = 6, cols = 2, groups = 2, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 1, arrays_per_block = 1, arrays_per_replica = 2, replication = 1, windows = 10, first_tile = 0, first_core = 0, cores = 1>
func.func @grouped(%x: tensor<2x4x5xf32>, %w: tensor<4x2x3xf32>)
    -> tensor<2x4x5xf32> {
  %y = reram.conv %x, %w strides [1] pads [1, 1] dilations [1] groups 2
       : (tensor<2x4x5xf32>, tensor<4x2x3xf32>) -> tensor<2x4x5xf32>
  return %y : tensor<2x4x5xf32>
}


// -----

// Case 5: the ops of one ONNX node (here two sub-convolutions of a deformed
// layer, both located at "phases") form one layer and share its cores: 3
// blocks of 1 array, then 2 more, fill core 0 (4 arrays) and 1 array of
// core 1; the second op starts in core 0 and spans 2 cores. The next node
// starts on a fresh core, core 2 = tile 1, core 0.
// SMALL-LABEL: func.func @shared
// SMALL: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 6, {{.*}}, arrays_per_replica = 3, replication = 1, windows = 1, first_tile = 0, first_core = 0, cores = 1>
// SMALL: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 4, {{.*}}, arrays_per_replica = 2, replication = 1, windows = 1, first_tile = 0, first_core = 0, cores = 2>
// SMALL: reram.matmul {{.*}} #reram.mapping<rows = 8, cols = 2, {{.*}}, arrays_per_replica = 1, replication = 1, windows = 1, first_tile = 1, first_core = 0, cores = 1>
func.func @shared(%a: tensor<1x8xf32>, %b: tensor<8x6xf32>,
                  %c: tensor<8x4xf32>, %d: tensor<8x2xf32>)
    -> (tensor<1x6xf32>, tensor<1x4xf32>, tensor<1x2xf32>) {
  %x = reram.matmul %a, %b : (tensor<1x8xf32>, tensor<8x6xf32>)
                             -> tensor<1x6xf32> loc("phases")
  %y = reram.matmul %a, %c : (tensor<1x8xf32>, tensor<8x4xf32>)
                             -> tensor<1x4xf32> loc("phases")
  %z = reram.matmul %a, %d : (tensor<1x8xf32>, tensor<8x2xf32>)
                             -> tensor<1x2xf32> loc("next")
  return %x, %y, %z : tensor<1x6xf32>, tensor<1x4xf32>, tensor<1x2xf32>
}
