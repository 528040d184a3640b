// Convolutions with hand-computed results:
// out[o] = bias + sum_k in[o*s + k*dil - pad_begin] * w[k], padding zeros.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x5.npy', np.float32([[[1, 2, 3, 4, 5]]])); np.save('%t/img.npy', np.arange(1, 10, dtype=np.float32).reshape(1, 1, 3, 3)); np.save('%t/x42.npy', np.arange(1, 9, dtype=np.float32).reshape(1, 4, 2)); np.save('%t/x21.npy', np.float32([[[1], [2]]])); np.save('%t/vol.npy', np.arange(1, 9, dtype=np.float32).reshape(1, 1, 2, 2, 2))"

// RUN: zara-interp %s --function difference --input x=%t/x5.npy --output-dir %t/difference
// RUN: %python %S/Inputs/check.py %t/difference/y.npy "[[[-2, -2, -2]]]"
func.func @difference(%x: tensor<1x1x5xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0, 0.0, -1.0]]]> : tensor<1x1x3xf32>
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x5xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// Stride 2, dilation 2, asymmetric pads [1, 2], bias 0.5: input indices
// 2o - 1 and 2o + 1; index -1 and 5 are padding.
// RUN: zara-interp %s --function strided_dilated --input x=%t/x5.npy --output-dir %t/sd
// RUN: %python %S/Inputs/check.py %t/sd/y.npy "[[[20.5, 42.5, 4.5]]]"
func.func @strided_dilated(%x: tensor<1x1x5xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0, 10.0]]]> : tensor<1x1x2xf32>
  %b = reram.constant dense<0.5> : tensor<1xf32>
  %y = reram.conv %x, %w, %b strides [2] pads [1, 2] dilations [2] groups 1
       : (tensor<1x1x5xf32>, tensor<1x1x2xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// 2-D with end pads only: out[r, c] = x[r, c] + x[r+1, c+1].
// RUN: zara-interp %s --function end_pads --input x=%t/img.npy --output-dir %t/end_pads
// RUN: %python %S/Inputs/check.py %t/end_pads/y.npy "[[[[6, 8, 3], [12, 14, 6], [7, 8, 9]]]]"
func.func @end_pads(%x: tensor<1x1x3x3xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x3x3xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[[1.0, 0.0], [0.0, 1.0]]]]> : tensor<1x1x2x2xf32>
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 1, 1] dilations [1, 1]
         groups 1
       : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// Two groups of two input channels: output 0 adds channels 0 and 1,
// output 1 subtracts channel 3 from channel 2.
// RUN: zara-interp %s --function grouped --input x=%t/x42.npy --output-dir %t/grouped
// RUN: %python %S/Inputs/check.py %t/grouped/y.npy "[[[4, 6], [-2, -2]]]"
func.func @grouped(%x: tensor<1x4x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x2x2xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0], [1.0]], [[1.0], [-1.0]]]> : tensor<2x2x1xf32>
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 2
       : (tensor<1x4x2xf32>, tensor<2x2x1xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}

// Depthwise with two outputs per group: output channel co reads group
// co / 2.
// RUN: zara-interp %s --function depthwise --input x=%t/x21.npy --output-dir %t/depthwise
// RUN: %python %S/Inputs/check.py %t/depthwise/y.npy "[[[1], [2], [6], [8]]]"
func.func @depthwise(%x: tensor<1x2x1xf32> {reram.onnx_name = "x"})
    -> (tensor<1x4x1xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 2
       : (tensor<1x2x1xf32>, tensor<4x1x1xf32>) -> tensor<1x4x1xf32>
  return %y : tensor<1x4x1xf32>
}

// 3-D: one 2x2x2 window of ones sums the volume 1..8.
// RUN: zara-interp %s --function conv3d --input x=%t/vol.npy --output-dir %t/conv3d
// RUN: %python %S/Inputs/check.py %t/conv3d/y.npy "np.full((1, 1, 1, 1, 1), 36)"
func.func @conv3d(%x: tensor<1x1x2x2x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x1x1x1xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<1.0> : tensor<1x1x2x2x2xf32>
  %y = reram.conv %x, %w strides [1, 1, 1] pads [0, 0, 0, 0, 0, 0]
         dilations [1, 1, 1] groups 1
       : (tensor<1x1x2x2x2xf32>, tensor<1x1x2x2x2xf32>) -> tensor<1x1x1x1x1xf32>
  return %y : tensor<1x1x1x1x1xf32>
}
