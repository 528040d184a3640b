// Activations and broadcasting arithmetic, checked against numpy.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.float32([[-3, -0.5, 0], [0.25, 1, 4]])); np.save('%t/row.npy', np.float32([10, 20, 30])); np.save('%t/col.npy', np.float32([[1], [2]])); np.save('%t/r13.npy', np.float32([[1, 2, 3]])); np.save('%t/x231.npy', np.arange(6, dtype=np.float32).reshape(2, 3, 1)); np.save('%t/v4.npy', np.float32([1, -1, 2, 0.5])); np.save('%t/s.npy', np.float32(3))"

// RUN: zara-interp %s --function activations --input x=%t/x.npy --output-dir %t/act
// RUN: %python %S/Inputs/check.py %t/act/relu.npy "np.maximum(x, 0)" --load x=%t/x.npy
// RUN: %python %S/Inputs/check.py %t/act/leaky.npy "np.where(x >= 0, x, 0.2 * x)" --load x=%t/x.npy
// RUN: %python %S/Inputs/check.py %t/act/tanh.npy "np.tanh(x)" --load x=%t/x.npy
// An output name with path separators is one file, as zara-sim writes it.
// RUN: %python %S/Inputs/check.py %t/act/_main_sigmoid.npy "1 / (1 + np.exp(-x))" --load x=%t/x.npy
func.func @activations(%x: tensor<2x3xf32> {reram.onnx_name = "x"})
    -> (tensor<2x3xf32> {reram.onnx_name = "relu"},
        tensor<2x3xf32> {reram.onnx_name = "leaky"},
        tensor<2x3xf32> {reram.onnx_name = "tanh"},
        tensor<2x3xf32> {reram.onnx_name = "/main/sigmoid"}) {
  %0 = reram.relu %x : tensor<2x3xf32>
  %1 = reram.leaky_relu %x alpha 2.000000e-01 : tensor<2x3xf32>
  %2 = reram.tanh %x : tensor<2x3xf32>
  %3 = reram.sigmoid %x : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// Trailing-dimension alignment, size-1 stretching on both sides, and a
// rank-0 operand. Results without reram.onnx_name are output_<i>.
// RUN: zara-interp %s --function broadcast --input x=%t/x.npy --input row=%t/row.npy --input col=%t/col.npy --input r13=%t/r13.npy --input x231=%t/x231.npy --input v4=%t/v4.npy --input s=%t/s.npy --output-dir %t/bc
// RUN: %python %S/Inputs/check.py %t/bc/output_0.npy "x + row" --load x=%t/x.npy --load row=%t/row.npy
// RUN: %python %S/Inputs/check.py %t/bc/output_1.npy "col - r13" --load col=%t/col.npy --load r13=%t/r13.npy
// RUN: %python %S/Inputs/check.py %t/bc/output_2.npy "x231 * v4" --load x231=%t/x231.npy --load v4=%t/v4.npy
// RUN: %python %S/Inputs/check.py %t/bc/output_3.npy "s - x" --load s=%t/s.npy --load x=%t/x.npy
func.func @broadcast(%x: tensor<2x3xf32> {reram.onnx_name = "x"},
                     %row: tensor<3xf32> {reram.onnx_name = "row"},
                     %col: tensor<2x1xf32> {reram.onnx_name = "col"},
                     %r13: tensor<1x3xf32> {reram.onnx_name = "r13"},
                     %x231: tensor<2x3x1xf32> {reram.onnx_name = "x231"},
                     %v4: tensor<4xf32> {reram.onnx_name = "v4"},
                     %s: tensor<f32> {reram.onnx_name = "s"})
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>, tensor<2x3xf32>) {
  %0 = reram.add %x, %row : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = reram.sub %col, %r13 : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %2 = reram.mul %x231, %v4 : (tensor<2x3x1xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %3 = reram.sub %s, %x : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>, tensor<2x3xf32>
}
