// Two cases the lowering once got wrong.
//
// RUN: zara-opt %s -split-input-file --reram-map-crossbars --reram-lower-to-zisa | FileCheck %s

// A result and a reshape of it share memory: the first is bound where it
// is, the second gets a copy of its own (outputs may not overlap).
// CHECK-LABEL: zisa.program
// CHECK: zisa.output "output_0" address [[A:[0-9]+]] : tensor<1x4xf32>
// CHECK-NOT: address [[A]] : tensor<4xf32>
// CHECK: zisa.output "output_1" address {{[0-9]+}} : tensor<4xf32>
// CHECK: zisa.move dram <[[A]], counts [4], strides [1]> to dram
func.func @alias(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<4xf32>) {
  %y = reram.relu %x : tensor<1x4xf32>
  %r = reram.reshape %y : tensor<1x4xf32> -> tensor<4xf32>
  return %y, %r : tensor<1x4xf32>, tensor<4xf32>
}

// -----

// A vector broadcast along the rows of a 2x2 matrix is aligned at the right:
// its length equals the batch but it is not per image, so there is no image
// loop and the vector is read with stride 0 along the rows.
// CHECK-LABEL: zisa.program
// CHECK-NOT: zisa.loop
// CHECK: zisa.move dram <{{[0-9]+}}, counts [2, 2], strides [0, 1]> to buffer
func.func @bcast(%x: tensor<2x2xf32>, %v: tensor<2xf32>) -> tensor<2x2xf32> {
  %y = reram.add %x, %v : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
