// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa --mlir-elide-elementsattrs-if-larger=1 | FileCheck %s

// A batch (docs/Lowering.md, "Steps, barriers and the image pipeline").
//
// Case 1: every runtime value has the batch N = 2 as its leading dimension
// and every weight is a constant, so the whole program is one loop over the
// images: each tensor is laid out as N per-image regions, every core runs
// its steps once per image inside `zisa.loop 2`, and the barriers between
// steps are executed once per image. So each step only waits for the step
// before it on the same image: the copy core pads image n + 1 while core 0
// convolves image n and core 1 image n - 1 (a layer pipeline). Strides of
// the image loop (i0): 16 for the input, 36 for its padded 6x6 copy, 72 for
// the 2x6x6 padded result of the first convolution (ReLU fused), 32 for
// the output.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<2x1x4x4xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<2x2x4x4xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0
// CHECK-NEXT:    zisa.xbar_group @g1 tile 0 core 1
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 2)]
// CHECK-NEXT:    zisa.barrier_decl 1 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.barrier 0
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.move dram <[[#PAD1:]] + 36*i0 + 6*i1, counts [3, 6], strides [6, 1]> to buffer <0, counts [3, 6], strides [6, 1]>
// CHECK-NEXT:          zisa.loop 4 {
// CHECK-NEXT:            zisa.mvm @g0 input <i2, counts [3, 3], strides [6, 1]> output <18 + i2, counts [2], strides [4]>
// CHECK-NEXT:          }
// CHECK-NEXT:          zisa.alu relu
// CHECK-NEXT:          zisa.move buffer <18, counts [2, 4], strides [4, 1]> to dram <[[#PAD2:]] + 72*i0 + 6*i1, counts [2, 4], strides [36, 1]>
// CHECK-NEXT:        }
// CHECK-NEXT:        zisa.barrier 1
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.barrier 1
// CHECK-NEXT:        zisa.loop 4 {
// CHECK-NEXT:          zisa.move dram <[[#PAD2-7]] + 72*i0 + 6*i1, counts [2, 3, 6], strides [36, 6, 1]> to buffer <2730, counts [2, 3, 6], strides [18, 6, 1]>
// CHECK-NEXT:          zisa.loop 4 {
// CHECK-NEXT:            zisa.mvm @g1 input <2730 + i2, counts [2, 3, 3], strides [18, 6, 1]> output <2766 + i2, counts [2], strides [4]>
// CHECK-NEXT:          }
// CHECK-NEXT:          zisa.move buffer <2766, counts [2, 4], strides [4, 1]> to dram <[[#OUT]] + 32*i0 + 4*i1, counts [2, 4], strides [16, 1]>
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.move dram <[[#IN]] + 16*i0, counts [4, 4], strides [4, 1]> to dram <[[#PAD1+7]] + 36*i0, counts [4, 4], strides [6, 1]>
// CHECK-NEXT:        zisa.barrier 0
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @pipeline(%x: tensor<2x1x4x4xf32>) -> tensor<2x2x4x4xf32> {
  %w1 = reram.constant dense<0.5> : tensor<2x1x3x3xf32>
  %w2 = reram.constant dense<0.25> : tensor<2x2x3x3xf32>
  %a = reram.conv %x, %w1 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<2x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x4x4xf32>
  %r = reram.relu %a : tensor<2x2x4x4xf32>
  %b = reram.conv %r, %w2 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
       : (tensor<2x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<2x2x4x4xf32>
  return %b : tensor<2x2x4x4xf32>
}

// -----

// Case 2: a graph input without the batch dimension (added to every image)
// rules the image loop out: tensors are whole, the convolution loops over
// its 2 images itself (i0, stride 9), the add broadcasts the second input
// along the batch (stride 0), and each barrier is executed once.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#X:]] : tensor<2x1x3x3xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#S:]] : tensor<1x1x3x3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<2x1x3x3xf32>
// CHECK-NEXT:    zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 1 cols 1 preload <0>
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.loop 2 {
// CHECK-NEXT:        zisa.loop 3 {
// CHECK-NEXT:          zisa.move dram <[[#X]] + 9*i0 + 3*i1, counts [3], strides [1]> to buffer <0, counts [3], strides [1]>
// CHECK-NEXT:          zisa.loop 3 {
// CHECK-NEXT:            zisa.mvm @g0 input <i2> output <3 + i2>
// CHECK-NEXT:          }
// CHECK-NEXT:          zisa.move buffer <3, counts [3], strides [1]> to dram <[[#CONV:]] + 9*i0 + 3*i1, counts [3], strides [1]>
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.barrier 0
// CHECK-NEXT:      zisa.move dram <[[#CONV]], counts [2, 3, 3], strides [9, 3, 1]> to buffer <2730, counts [18], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#S]], counts [2, 3, 3], strides [0, 3, 1]> to buffer <2748, counts [18], strides [1]>
// CHECK-NEXT:      zisa.alu add dst <2730, counts [18], strides [1]> a <2730, counts [18], strides [1]> b <2748, counts [18], strides [1]>
// CHECK-NEXT:      zisa.move buffer <2730, counts [18], strides [1]> to dram <[[#OUT]], counts [2, 3, 3], strides [9, 3, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @whole(%x: tensor<2x1x3x3xf32>, %s: tensor<1x1x3x3xf32>) -> tensor<2x1x3x3xf32> {
  %w = reram.constant dense<0.5> : tensor<1x1x1x1xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
       : (tensor<2x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<2x1x3x3xf32>
  %z = reram.add %y, %s : (tensor<2x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<2x1x3x3xf32>
  return %z : tensor<2x1x3x3xf32>
}
