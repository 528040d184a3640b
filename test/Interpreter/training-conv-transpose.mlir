// Gradients of transposed convolutions with hand-computed results. For the
// forward op y[i*s + k*dil - pad_begin] += x[i] * w[k]:
//   conv_transpose_backward_data:   dx[i] = sum_k dy[i*s + k*dil - p] * w[k]
//   conv_transpose_backward_weight: dw[k] = sum_i x[i] * dy[i*s + k*dil - p],
//                                   db    = sum_o dy[o]
// where dy positions outside the output (cropped by the pads) read 0.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/dy7.npy', np.arange(1, 8, dtype=np.float32).reshape(1, 1, 7)); np.save('%t/dy9.npy', np.arange(1, 10, dtype=np.float32).reshape(1, 1, 9)); np.save('%t/dy8.npy', np.arange(1, 9, dtype=np.float32).reshape(1, 1, 8)); np.save('%t/dyg.npy', np.arange(1, 13, dtype=np.float32).reshape(1, 4, 3)); np.save('%t/dyimg.npy', np.arange(1, 10, dtype=np.float32).reshape(1, 1, 3, 3)); np.save('%t/dyvol.npy', np.float32([1, 2, 3, 4]).reshape(1, 1, 4, 1, 1)); np.save('%t/x3.npy', np.float32([[[1, 2, 3]]])); np.save('%t/xg.npy', np.float32([[[1, 2], [3, 4]]])); np.save('%t/ximg.npy', np.float32([[[[1, 2], [3, 4]]]])); np.save('%t/xvol.npy', np.float32([1, 2]).reshape(1, 1, 2, 1, 1))"

//===----------------------------------------------------------------------===//
// conv_transpose_backward_data
//===----------------------------------------------------------------------===//

// Stride 2, dy = [1..7]: dx[i] = dy[2i] + 2 dy[2i+1] + 3 dy[2i+2]:
// [1 + 4 + 9, 3 + 8 + 15, 5 + 12 + 21].
// RUN: zara-interp %s --function data_stride2 --input dy=%t/dy7.npy --output-dir %t/data_stride2
// RUN: %python %S/Inputs/check.py %t/data_stride2/dx.npy "[[[14, 26, 38]]]"
func.func @data_stride2(%dy: tensor<1x1x7xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2] pads [0, 0]
          dilations [1] output_padding [0] groups 1
        : (tensor<1x1x7xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %dx : tensor<1x1x3xf32>
}

// Stride 3, begin pad 1, output_padding 2 (O = 6 + 1 + 1 + 2 - 1 = 9),
// dy = [1..9], w = [1, 10]: dx[i] = dy[3i - 1] + 10 dy[3i]; dy[-1] was
// cropped: [10*1, 3 + 10*4, 6 + 10*7]. The output-padding positions 7 and
// 8 receive no input and give nothing back.
// RUN: zara-interp %s --function data_pads_output_padding --input dy=%t/dy9.npy --output-dir %t/data_pop
// RUN: %python %S/Inputs/check.py %t/data_pop/dx.npy "[[[10, 43, 76]]]"
func.func @data_pads_output_padding(%dy: tensor<1x1x9xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 10.0]]]> : tensor<1x1x2xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [1, 0]
          dilations [1] output_padding [2] groups 1
        : (tensor<1x1x9xf32>, tensor<1x1x2xf32>) -> tensor<1x1x3xf32>
  return %dx : tensor<1x1x3xf32>
}

// Dilation 2 with stride 3 (O = 3 + 4 + 1 = 8), dy = [1..8]:
// dx[i] = dy[3i] + 2 dy[3i+2] + 3 dy[3i+4] = [1 + 6 + 15, 4 + 12 + 24].
// RUN: zara-interp %s --function data_dilated --input dy=%t/dy8.npy --output-dir %t/data_dilated
// RUN: %python %S/Inputs/check.py %t/data_dilated/dx.npy "[[[22, 40]]]"
func.func @data_dilated(%dy: tensor<1x1x8xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [3] pads [0, 0]
          dilations [2] output_padding [0] groups 1
        : (tensor<1x1x8xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return %dx : tensor<1x1x2xf32>
}

// Two groups of one input and two output channels (weight Cin x Cout/g x K),
// dy channels [1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]:
// dx[0, i] = (dy0[i] + dy0[i+1]) + dy1[i] = [3 + 4, 5 + 5];
// dx[1, i] = dy2[i+1] + 2 (dy3[i] + dy3[i+1]) = [8 + 42, 9 + 46].
// RUN: zara-interp %s --function data_groups --input dy=%t/dyg.npy --output-dir %t/data_groups
// RUN: %python %S/Inputs/check.py %t/data_groups/dx.npy "[[[7, 10], [50, 55]]]"
func.func @data_groups(%dy: tensor<1x4x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x2x2xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 1.0], [1.0, 0.0]], [[0.0, 1.0], [2.0, 2.0]]]> : tensor<2x2x2xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [1] pads [0, 0]
          dilations [1] output_padding [0] groups 2
        : (tensor<1x4x3xf32>, tensor<2x2x2xf32>) -> tensor<1x2x2xf32>
  return %dx : tensor<1x2x2xf32>
}

// 2-D, stride 2, pads 1, 3x3 ones: dx[i] sums the 2x2 corner blocks of the
// 3x3 dy = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] that its kernel reaches.
// RUN: zara-interp %s --function data_2d --input dy=%t/dyimg.npy --output-dir %t/data_2d
// RUN: %python %S/Inputs/check.py %t/data_2d/dx.npy "[[[[12, 16], [24, 28]]]]"
func.func @data_2d(%dy: tensor<1x1x3x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2x2xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<1.0> : tensor<1x1x3x3xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 2]
          pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %dx : tensor<1x1x2x2xf32>
}

// 3-D, stride 2 in depth: dx[i] = dy[2i] + 3 dy[2i+1] = [1 + 6, 3 + 12].
// RUN: zara-interp %s --function data_3d --input dy=%t/dyvol.npy --output-dir %t/data_3d
// RUN: %python %S/Inputs/check.py %t/data_3d/dx.npy "np.reshape([7, 15], (1, 1, 2, 1, 1))"
func.func @data_3d(%dy: tensor<1x1x4x1x1xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2x1x1xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[[[1.0]], [[3.0]]]]]> : tensor<1x1x2x1x1xf32>
  %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 1, 1]
          pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1]
          output_padding [0, 0, 0] groups 1
        : (tensor<1x1x4x1x1xf32>, tensor<1x1x2x1x1xf32>) -> tensor<1x1x2x1x1xf32>
  return %dx : tensor<1x1x2x1x1xf32>
}

//===----------------------------------------------------------------------===//
// conv_transpose_backward_weight
//===----------------------------------------------------------------------===//

// Stride 2, x = [1, 2, 3], dy = [1..7]: dw[k] = dy[k] + 2 dy[2+k] + 3 dy[4+k]
// = [1 + 6 + 15, 2 + 8 + 18, 3 + 10 + 21].
// RUN: zara-interp %s --function weight_stride2 --input x=%t/x3.npy --input dy=%t/dy7.npy --output-dir %t/weight_stride2
// RUN: %python %S/Inputs/check.py %t/weight_stride2/dw.npy "[[[22, 28, 34]]]"
// RUN: %python %S/Inputs/check.py %t/weight_stride2/db.npy "[28]"
func.func @weight_stride2(%x: tensor<1x1x3xf32> {reram.onnx_name = "x"},
                          %dy: tensor<1x1x7xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2]
               pads [0, 0] dilations [1] output_padding [0] groups 1
             : (tensor<1x1x3xf32>, tensor<1x1x7xf32>)
               -> (tensor<1x1x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3xf32>, tensor<1xf32>
}

// Stride 3, begin pad 1, output_padding 2, dy = [1..9]:
// dw[k] = sum_i x[i] dy[3i + k - 1] = [2*3 + 3*6, 1*1 + 2*4 + 3*7]; the
// bias gradient includes the output-padding positions: 1 + ... + 9.
// RUN: zara-interp %s --function weight_pads_output_padding --input x=%t/x3.npy --input dy=%t/dy9.npy --output-dir %t/weight_pop
// RUN: %python %S/Inputs/check.py %t/weight_pop/dw.npy "[[[24, 30]]]"
// RUN: %python %S/Inputs/check.py %t/weight_pop/db.npy "[45]"
func.func @weight_pads_output_padding(%x: tensor<1x1x3xf32> {reram.onnx_name = "x"},
                                      %dy: tensor<1x1x9xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [3]
               pads [1, 0] dilations [1] output_padding [2] groups 1
             : (tensor<1x1x3xf32>, tensor<1x1x9xf32>)
               -> (tensor<1x1x2xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x2xf32>, tensor<1xf32>
}

// Two groups: dw[ci, co, k] = sum_i x[ci, i] dy[2*ci + co, i + k] with
// x = [[1, 2], [3, 4]] and dy channels [1, 2, 3] .. [10, 11, 12]:
// dw[0] = [[1+4, 2+6], [4+10, 5+12]], dw[1] = [[21+32, 24+36], [30+44, 33+48]].
// RUN: zara-interp %s --function weight_groups --input x=%t/xg.npy --input dy=%t/dyg.npy --output-dir %t/weight_groups
// RUN: %python %S/Inputs/check.py %t/weight_groups/dw.npy "[[[5, 8], [14, 17]], [[53, 60], [74, 81]]]"
// RUN: %python %S/Inputs/check.py %t/weight_groups/db.npy "[6, 15, 24, 33]"
func.func @weight_groups(%x: tensor<1x2x2xf32> {reram.onnx_name = "x"},
                         %dy: tensor<1x4x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<2x2x2xf32> {reram.onnx_name = "dw"},
        tensor<4xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [1]
               pads [0, 0] dilations [1] output_padding [0] groups 2
             : (tensor<1x2x2xf32>, tensor<1x4x3xf32>)
               -> (tensor<2x2x2xf32>, tensor<4xf32>)
  return %dw, %db : tensor<2x2x2xf32>, tensor<4xf32>
}

// 2-D, stride 2, pads 1: tap k of input i reads dy[2i + k - 1] per
// dimension; rows and columns -1 and 3 were cropped. With x = [[1, 2],
// [3, 4]] and dy[r][c] = 3r + c + 1, e.g. dw[1][1] = 1*1 + 2*3 + 3*7 + 4*9
// and dw[0][0] = 4*5 (only input (1, 1) reaches dy[1][1] through tap 0).
// RUN: zara-interp %s --function weight_2d --input x=%t/ximg.npy --input dy=%t/dyimg.npy --output-dir %t/weight_2d
// RUN: %python %S/Inputs/check.py %t/weight_2d/dw.npy "[[[[20, 36, 15], [36, 64, 26], [10, 16, 5]]]]"
// RUN: %python %S/Inputs/check.py %t/weight_2d/db.npy "[45]"
func.func @weight_2d(%x: tensor<1x1x2x2xf32> {reram.onnx_name = "x"},
                     %dy: tensor<1x1x3x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3x3xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2]
               pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
               groups 1
             : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>)
               -> (tensor<1x1x3x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3x3xf32>, tensor<1xf32>
}

// 3-D, stride 2 in depth: dw[k] = 1*dy[k] + 2*dy[2 + k] = [1 + 6, 2 + 8].
// RUN: zara-interp %s --function weight_3d --input x=%t/xvol.npy --input dy=%t/dyvol.npy --output-dir %t/weight_3d
// RUN: %python %S/Inputs/check.py %t/weight_3d/dw.npy "np.reshape([7, 10], (1, 1, 2, 1, 1))"
// RUN: %python %S/Inputs/check.py %t/weight_3d/db.npy "[10]"
func.func @weight_3d(%x: tensor<1x1x2x1x1xf32> {reram.onnx_name = "x"},
                     %dy: tensor<1x1x4x1x1xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2x1x1xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 1, 1]
               pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1]
               output_padding [0, 0, 0] groups 1
             : (tensor<1x1x2x1x1xf32>, tensor<1x1x4x1x1xf32>)
               -> (tensor<1x1x2x1x1xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x2x1x1xf32>, tensor<1xf32>
}
