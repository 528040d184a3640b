// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa | FileCheck %s

// Weights that are graph inputs (as in ONNX node tests) are not preloaded:
// the core programs its group from the input binding with `program_xbar`
// at the start of the op's work, every run (docs/Lowering.md, "Weights and
// groups").
//
// Case 1: a convolution whose weight and bias are graph inputs. The group
// has no `preload`; `program_xbar` reads the weight from its binding,
// transposed as a preload would (strides [1, 8]); the bias is loaded as a
// per-channel vector from its binding and added in the epilogue.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.input "input_0" address [[#X:]] : tensor<1x2x3x3xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#W:]] : tensor<3x2x2x2xf32>
// CHECK-NEXT:    zisa.input "input_2" address [[#B:]] : tensor<3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x3x2x2xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 8 cols 3{{$}}
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.program_xbar @g0 whole row_begin 0 row_count 8 src <[[#W]], counts [8, 3], strides [1, 8]>
// CHECK-NEXT:      zisa.move dram <[[#B]], counts [3], strides [1]> to buffer <18, counts [3], strides [1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.move dram <[[#X]] + 3*i0, counts [2, 2, 3], strides [9, 3, 1]> to buffer <0, counts [2, 2, 3], strides [6, 3, 1]>
// CHECK-NEXT:        zisa.loop 2 {
// CHECK-NEXT:          zisa.mvm @g0 input <i1, counts [2, 2, 2], strides [6, 3, 1]> output <12 + i1, counts [3], strides [2]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.alu add dst <12, counts [3, 2], strides [2, 1]> a <12, counts [3, 2], strides [2, 1]> b <18, counts [3, 2], strides [1, 0]>
// CHECK-NEXT:        zisa.move buffer <12, counts [3, 2], strides [2, 1]> to dram <[[#OUT]] + 2*i0, counts [3, 2], strides [4, 1]>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @conv(%x: tensor<1x2x3x3xf32>, %w: tensor<3x2x2x2xf32>, %b: tensor<3xf32>)
    -> tensor<1x3x2x2xf32> {
  %y = reram.conv %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<1x2x3x3xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// Case 2: a matrix product whose right operand is a graph input: programmed
// row-major (rows at stride 4). A weight known only at run time also rules
// out the image loop, although both inputs' leading dimensions are 2: the
// 2 rows of the left operand are 2 windows of one pass, loaded as one band
// (row r at stride 2) and stored column by column from the MVM outputs.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.input "input_0" address [[#A:]] : tensor<2x2xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#W:]] : tensor<2x4xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<2x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 4{{$}}
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.program_xbar @g0 whole row_begin 0 row_count 2 src <[[#W]], counts [2, 4], strides [4, 1]>
// CHECK-NEXT:      zisa.move dram <[[#A]], counts [2, 2], strides [1, 2]> to buffer <0, counts [2, 2], strides [2, 1]>
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.mvm @g0 input <i0, counts [2], strides [2]> output <4 + i0, counts [4], strides [2]>
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.move buffer <4, counts [4, 2], strides [2, 1]> to dram <[[#OUT]], counts [4, 2], strides [1, 4]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @matmul(%a: tensor<2x2xf32>, %w: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = reram.matmul %a, %w : (tensor<2x2xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
