// Matrix product and inference batch normalisation, hand-computed.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.float32([[1, 2, 3], [4, 5, 6]])); np.save('%t/b.npy', np.float64([[1, 0], [0, 1], [1, 1]])); np.save('%t/x.npy', np.float32([[[1, 2], [3, 4]]]))"

// RUN: zara-interp %s --function matmul --input a=%t/a.npy --input b=%t/b.npy --output-dir %t/matmul
// RUN: %python %S/Inputs/check.py %t/matmul/c.npy "[[4, 5], [10, 11]]"
func.func @matmul(%a: tensor<2x3xf32> {reram.onnx_name = "a"},
                  %b: tensor<3x2xf32> {reram.onnx_name = "b"})
    -> (tensor<2x2xf32> {reram.onnx_name = "c"}) {
  %c = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %c : tensor<2x2xf32>
}

// Channel 0: 2 * (x - 1) / sqrt(3 + 1) + 0 = x - 1.
// Channel 1: 1 * (x - 3) / sqrt(0 + 1) + 1 = x - 2.
// RUN: zara-interp %s --function batch_norm --input x=%t/x.npy --output-dir %t/bn
// RUN: %python %S/Inputs/check.py %t/bn/y.npy "[[[0, 1], [1, 2]]]"
func.func @batch_norm(%x: tensor<1x2x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x2x2xf32> {reram.onnx_name = "y"}) {
  %scale = reram.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %bias = reram.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = reram.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %var = reram.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = reram.batch_norm %x, %scale, %bias, %mean, %var epsilon 1.0
       : (tensor<1x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}
