// RUN: zara-opt %s -split-input-file --reram-map-crossbars="hw=%S/Inputs/small-hw.json" -verify-diagnostics -o /dev/null
// RUN: not zara-opt %s -split-input-file --reram-map-crossbars="hw=%t.missing.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOHW

// The errors of reram-map-crossbars. small-hw.json (see map-crossbars.mlir)
// is 2 tiles x 2 cores x 4 arrays of 8x8 cells with 2 weights per array.

// NOHW: error: {{.*}}missing.json: {{.*}}

// Case 5: a model that does not fit: 64 x 16 is 8 row tiles by 8 column
// tiles, 64 arrays, against the small chip's 16.
func.func @too_big(%a: tensor<1x64xf32>, %b: tensor<64x16xf32>)
    -> tensor<1x16xf32> {
  // expected-error @unknown {{layer 'big' does not fit: it needs 64 crossbars (16 cores) but only 16 crossbars (4 cores) of the chip's 16 are left; time-multiplexing the crossbars is not implemented}}
  %z = reram.matmul %a, %b : (tensor<1x64xf32>, tensor<64x16xf32>)
                             -> tensor<1x16xf32> loc("big")
  return %z : tensor<1x16xf32>
}

// -----

// Case 6: transposed convolutions must be deformed first.
func.func @undeformed(%x: tensor<1x2x3x3xf32>, %w: tensor<2x1x3x3xf32>)
    -> tensor<1x1x5x5xf32> {
  // expected-error @+1 {{'reram.conv_transpose' must be deformed before crossbar mapping (run reram-deform-tconv or reram-lower-zero-insert)}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x2x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

// The attribute's verifier: the counts must agree with the shapes.
func.func @bad_attr(%a: tensor<1x8xf32>, %b: tensor<8x4xf32>)
    -> tensor<1x4xf32> {
  // expected-error @+1 {{'arrays_per_replica' must be groups * row_tiles * col_tiles * arrays_per_block = 2, got 3}}
  %z = reram.matmul %a, %b {reram.mapping = #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 1, arrays_per_replica = 3, replication = 1, windows = 1, first_tile = 1, first_core = 0, cores = 1>}
       : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}

// -----

func.func @bad_tiles(%a: tensor<1x8xf32>, %b: tensor<8x4xf32>)
    -> tensor<1x4xf32> {
  // expected-error @+1 {{'row_tiles' must be ceil(rows / tile_rows) = 2, got 1}}
  %z = reram.matmul %a, %b {reram.mapping = #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 4, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 1, arrays_per_replica = 2, replication = 1, windows = 1, first_tile = 1, first_core = 0, cores = 1>}
       : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}

// -----

func.func @bad_replication(%a: tensor<1x8xf32>, %b: tensor<8x4xf32>)
    -> tensor<1x4xf32> {
  // expected-error @+1 {{'replication' must be positive, got 0}}
  %z = reram.matmul %a, %b {reram.mapping = #reram.mapping<rows = 8, cols = 4, groups = 1, tile_rows = 8, tile_cols = 2, row_tiles = 1, col_tiles = 2, arrays_per_block = 1, arrays_per_replica = 2, replication = 0, windows = 1, first_tile = 1, first_core = 0, cores = 1>}
       : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}
