// zara-opt runs the same pipeline as zara-compile (--zara-pipeline).
//
// With layer-table=- the table goes to stdout ahead of the unchanged IR.
// RUN: zara-opt %s --zara-pipeline='layer-table=-' | FileCheck %s
// RUN: zara-opt %s --zara-pipeline='emit=reram layer-table=-' -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=TABLE
//
// Without layer-table there is no table; the reram stage leaves the IR as
// imported.
// RUN: zara-opt %s --zara-pipeline | FileCheck %s --check-prefix=NOTABLE
//
// The table can go to a file.
// RUN: zara-opt %s --zara-pipeline='layer-table=%t.table' -o /dev/null
// RUN: FileCheck %s --check-prefix=TABLE --input-file=%t.table
//
// emit=mapped deforms G1 into a matrix product 100 x (512 * 16) and maps
// it: with the default hardware 1 row tile x 8192 / 16 = 512 column tiles;
// hw= selects another chip, on which the 8-row, 2-weight blocks of
// small-hw.json need 13 * 4096 = 53,248 arrays, 13,312 cores of 4.
// RUN: zara-opt %s --zara-pipeline='emit=mapped' | FileCheck %s --check-prefix=MAPPED
// RUN: not zara-opt %s --zara-pipeline='emit=mapped hw=%S/../Dialect/ReRAM/Inputs/small-hw.json' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFIT
//
// emit=isa (and emit=program, the same in zara-opt) lowers to one zisa
// program binding the function's arguments and result by their ONNX names;
// the weight, an argument here, is programmed into the crossbars at run time.
// RUN: zara-opt %s --zara-pipeline='emit=isa' | FileCheck %s --check-prefix=ISA
//
// An unknown stage is refused.
// RUN: not zara-opt %s --zara-pipeline='emit=zisa' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADEMIT

// G1 of the DCGAN-64 generator: 4 * 4 * 512 * 100 * 16 = 13,107,200 issued,
// 100 * 512 * 16 = 819,200 useful (each input element meets every tap once).
// CHECK:      layer (ONNX node) | op | inputs | output | MACs issued | MACs useful
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: /main/main.0/ConvTranspose | conv_transpose | 1x100x1x1, 100x512x4x4 | 1x512x4x4 | 13,107,200 | 819,200
// CHECK-NEXT: /main/main.2/Relu | relu | 1x512x4x4 | 1x512x4x4 | |{{$}}
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: total | | | | 13,107,200 | 819,200
// CHECK:      func.func @generator_head(%{{.*}}: tensor<1x100x1x1xf32> {reram.onnx_name = "input"}
// CHECK:        reram.conv_transpose
// CHECK:        reram.relu

// TABLE:      layer (ONNX node)
// TABLE:      total | | | | 13,107,200 | 819,200
// TABLE-NOT:  func.func

// NOTABLE-NOT: MACs
// NOTABLE:     func.func @generator_head
// NOTABLE:       reram.conv_transpose
// NOTABLE:       reram.relu

// MAPPED: reram.matmul {{.*}}#reram.mapping<rows = 100, cols = 8192, groups = 1, tile_rows = 128, tile_cols = 16, row_tiles = 1, col_tiles = 512, arrays_per_block = 1, arrays_per_replica = 512, replication = 1, windows = 1,
// NOFIT: error: {{.*}}layer '/main/main.0/ConvTranspose' does not fit: it needs 53248 crossbars (13312 cores) but only 16 crossbars (4 cores) of the chip's 16 are left

// ISA-NOT: reram.
// ISA:     zisa.program
// ISA-DAG: zisa.input "input" address {{[0-9]+}} : tensor<1x100x1x1xf32>
// ISA-DAG: zisa.input "main.0.weight" address {{[0-9]+}} : tensor<100x512x4x4xf32>
// ISA-DAG: zisa.output "/main/main.2/Relu_output_0" address {{[0-9]+}} : tensor<1x512x4x4xf32>
// ISA:     zisa.program_xbar
// ISA-NOT: reram.

// BADEMIT: Cannot find option named 'zisa'!

func.func @generator_head(%z: tensor<1x100x1x1xf32> {reram.onnx_name = "input"},
                          %w: tensor<100x512x4x4xf32> {reram.onnx_name = "main.0.weight"})
    -> (tensor<1x512x4x4xf32> {reram.onnx_name = "/main/main.2/Relu_output_0"}) {
  %t = reram.conv_transpose %z, %w strides [1, 1] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x100x1x1xf32>, tensor<100x512x4x4xf32>) -> tensor<1x512x4x4xf32>
       loc("/main/main.0/ConvTranspose")
  %r = reram.relu %t : tensor<1x512x4x4xf32> loc("/main/main.2/Relu")
  return %r : tensor<1x512x4x4xf32>
}
