// Transposed convolutions with hand-computed results: every input element
// adds a weighted copy of the kernel at o = i*s + k*dil - pad_begin.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x3.npy', np.float32([[[1, 2, 3]]])); np.save('%t/x2.npy', np.float32([[[1, 2]]])); np.save('%t/x22.npy', np.float32([[[1, 2], [3, 4]]])); np.save('%t/img.npy', np.float32([[[[1, 2], [3, 4]]]])); np.save('%t/vol.npy', np.float32([1, 2]).reshape(1, 1, 2, 1, 1))"

// Overlapping windows: [1,1,1] scattered at stride 2.
// RUN: zara-interp %s --function stride2 --input x=%t/x3.npy --output-dir %t/stride2
// RUN: %python %S/Inputs/check.py %t/stride2/y.npy "[[[1, 1, 3, 2, 5, 3, 3]]]"
func.func @stride2(%x: tensor<1x1x3xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x7xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<1.0> : tensor<1x1x3xf32>
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
         output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x7xf32>
  return %y : tensor<1x1x7xf32>
}

// Begin pad 1 crops position -1; output_padding 2 appends two positions no
// input reaches, which hold only the bias.
// RUN: zara-interp %s --function pads_output_padding --input x=%t/x3.npy --output-dir %t/pop
// RUN: %python %S/Inputs/check.py %t/pop/y.npy "[[[10.5, 0.5, 2.5, 20.5, 0.5, 3.5, 30.5, 0.5, 0.5]]]"
func.func @pads_output_padding(%x: tensor<1x1x3xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x9xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0, 10.0]]]> : tensor<1x1x2xf32>
  %b = reram.constant dense<0.5> : tensor<1xf32>
  %y = reram.conv_transpose %x, %w, %b strides [3] pads [1, 0] dilations [1]
         output_padding [2] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x2xf32>, tensor<1xf32>) -> tensor<1x1x9xf32>
  return %y : tensor<1x1x9xf32>
}

// Dilation 2 with stride 3: taps land at i*3 + {0, 2, 4}.
// RUN: zara-interp %s --function dilated --input x=%t/x2.npy --output-dir %t/dilated
// RUN: %python %S/Inputs/check.py %t/dilated/y.npy "[[[1, 0, 2, 2, 3, 4, 0, 6]]]"
func.func @dilated(%x: tensor<1x1x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x8xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %y = reram.conv_transpose %x, %w strides [3] pads [0, 0] dilations [2]
         output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// Kernel 1 < stride 3: two of every three outputs get only the bias.
// RUN: zara-interp %s --function kernel_below_stride --input x=%t/x2.npy --output-dir %t/ks
// RUN: %python %S/Inputs/check.py %t/ks/y.npy "[[[6, 1, 1, 11]]]"
func.func @kernel_below_stride(%x: tensor<1x1x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x4xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<5.0> : tensor<1x1x1xf32>
  %b = reram.constant dense<1.0> : tensor<1xf32>
  %y = reram.conv_transpose %x, %w, %b strides [3] pads [0, 0] dilations [1]
         output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}

// Two groups of one input and two output channels: weight Cin x Cout/g x K,
// output channel g*2 + co.
// RUN: zara-interp %s --function grouped --input x=%t/x22.npy --output-dir %t/grouped
// RUN: %python %S/Inputs/check.py %t/grouped/y.npy "[[[1, 3, 2], [1, 2, 0], [0, 3, 4], [6, 14, 8]]]"
func.func @grouped(%x: tensor<1x2x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x4x3xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[1.0, 1.0], [1.0, 0.0]], [[0.0, 1.0], [2.0, 2.0]]]> : tensor<2x2x2xf32>
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
         output_padding [0] groups 2
       : (tensor<1x2x2xf32>, tensor<2x2x2xf32>) -> tensor<1x4x3xf32>
  return %y : tensor<1x4x3xf32>
}

// 2-D: 3x3 blocks of ones at stride 2 overlap in the middle; pads 1 crop the
// 5x5 scatter to its centre 3x3.
// RUN: zara-interp %s --function conv2d --input x=%t/img.npy --output-dir %t/conv2d
// RUN: %python %S/Inputs/check.py %t/conv2d/y.npy "[[[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]]"
func.func @conv2d(%x: tensor<1x1x2x2xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x3x3xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<1.0> : tensor<1x1x3x3xf32>
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
         dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// 3-D: stride 2 along depth only.
// RUN: zara-interp %s --function conv3d --input x=%t/vol.npy --output-dir %t/conv3d
// RUN: %python %S/Inputs/check.py %t/conv3d/y.npy "np.reshape([1, 3, 2, 6], (1, 1, 4, 1, 1))"
func.func @conv3d(%x: tensor<1x1x2x1x1xf32> {reram.onnx_name = "x"})
    -> (tensor<1x1x4x1x1xf32> {reram.onnx_name = "y"}) {
  %w = reram.constant dense<[[[[[1.0]], [[3.0]]]]]> : tensor<1x1x2x1x1xf32>
  %y = reram.conv_transpose %x, %w strides [2, 1, 1] pads [0, 0, 0, 0, 0, 0]
         dilations [1, 1, 1] output_padding [0, 0, 0] groups 1
       : (tensor<1x1x2x1x1xf32>, tensor<1x1x2x1x1xf32>) -> tensor<1x1x4x1x1xf32>
  return %y : tensor<1x1x4x1x1xf32>
}
