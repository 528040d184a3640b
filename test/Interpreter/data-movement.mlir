// Reshape, transpose and concat, checked against numpy.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.arange(24, dtype=np.float32).reshape(2, 3, 4)); np.save('%t/b.npy', np.arange(100, 108, dtype=np.float32).reshape(2, 1, 4)); np.save('%t/c.npy', -np.arange(12, dtype=np.float32).reshape(1, 3, 4))"
// RUN: zara-interp %s --input a=%t/a.npy --input b=%t/b.npy --input c=%t/c.npy --output-dir %t
// RUN: %python %S/Inputs/check.py %t/reshape.npy "a.reshape(4, 6)" --load a=%t/a.npy
// RUN: %python %S/Inputs/check.py %t/transpose.npy "a.transpose(2, 0, 1)" --load a=%t/a.npy
// RUN: %python %S/Inputs/check.py %t/concat1.npy "np.concatenate([a, b, a], axis=1)" --load a=%t/a.npy --load b=%t/b.npy
// RUN: %python %S/Inputs/check.py %t/concat0.npy "np.concatenate([c, a], axis=0)" --load a=%t/a.npy --load c=%t/c.npy
// RUN: %python %S/Inputs/check.py %t/concat2.npy "np.concatenate([a, a], axis=2)" --load a=%t/a.npy
func.func @data_movement(%a: tensor<2x3x4xf32> {reram.onnx_name = "a"},
                         %b: tensor<2x1x4xf32> {reram.onnx_name = "b"},
                         %c: tensor<1x3x4xf32> {reram.onnx_name = "c"})
    -> (tensor<4x6xf32> {reram.onnx_name = "reshape"},
        tensor<4x2x3xf32> {reram.onnx_name = "transpose"},
        tensor<2x7x4xf32> {reram.onnx_name = "concat1"},
        tensor<3x3x4xf32> {reram.onnx_name = "concat0"},
        tensor<2x3x8xf32> {reram.onnx_name = "concat2"}) {
  %0 = reram.reshape %a : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %1 = reram.transpose %a permutation [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %2 = reram.concat %a, %b, %a axis 1
       : (tensor<2x3x4xf32>, tensor<2x1x4xf32>, tensor<2x3x4xf32>) -> tensor<2x7x4xf32>
  %3 = reram.concat %c, %a axis 0
       : (tensor<1x3x4xf32>, tensor<2x3x4xf32>) -> tensor<3x3x4xf32>
  %4 = reram.concat %a, %a axis 2
       : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x8xf32>
  return %0, %1, %2, %3, %4 : tensor<4x6xf32>, tensor<4x2x3xf32>, tensor<2x7x4xf32>, tensor<3x3x4xf32>, tensor<2x3x8xf32>
}
