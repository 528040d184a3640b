// Gradients of convolutions with hand-computed results. For the forward
// op y[o] = sum_k x[o*s + k*dil - pad_begin] * w[k]:
//   conv_backward_data:   dx[i] = sum over (o, k) with o*s + k*dil - p = i
//                                 of dy[o] * w[k]
//   conv_backward_weight: dw[k] = sum_o dy[o] * x[o*s + k*dil - p],
//                         db    = sum_o dy[o]   (both summed over the batch)

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/dy2.npy', np.float32([[[1, 10]]])); np.save('%t/dy3.npy', np.float32([[[1, 10, 100]]])); np.save('%t/x5.npy', np.float32([[[1, 2, 3, 4, 5]]])); np.save('%t/x3.npy', np.float32([[[1, 2, 3]]])); np.save('%t/dyg.npy', np.float32([[[1, 10], [100, 1000]], [[1, 1], [1, 1]]])); np.save('%t/xg.npy', np.float32([[[1, 2, 3, 4], [5, 6, 7, 8]], [[1, 1, 1, 1], [0, 0, 0, 1]]])); np.save('%t/dyimg.npy', np.float32([[[[1, 2], [3, 4]]]])); np.save('%t/dyimg2.npy', np.float32([[[[1, 10], [100, 1000]]]])); np.save('%t/ximg.npy', np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)); np.save('%t/dyvol.npy', np.float32([1, 10]).reshape(1, 1, 2, 1, 1)); np.save('%t/xvol.npy', np.float32([1, 2, 3, 4]).reshape(1, 1, 4, 1, 1))"

//===----------------------------------------------------------------------===//
// conv_backward_data
//===----------------------------------------------------------------------===//

// Stride 2: dy[0] and dy[1] scatter 1*[1, 2, 3] and 10*[1, 2, 3] at 0 and
// 2, overlapping at 2. An input of 6 has the same output size 2; its last
// element was never read, so its gradient is 0.
// RUN: zara-interp %s --function data_stride2 --input dy=%t/dy2.npy --output-dir %t/data_stride2
// RUN: %python %S/Inputs/check.py %t/data_stride2/dx5.npy "[[[1, 2, 13, 20, 30]]]"
// RUN: %python %S/Inputs/check.py %t/data_stride2/dx6.npy "[[[1, 2, 13, 20, 30, 0]]]"
func.func @data_stride2(%dy: tensor<1x1x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x5xf32> {reram.onnx_name = "dx5"},
        tensor<1x1x6xf32> {reram.onnx_name = "dx6"}) {
  %w = reram.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %dx5 = reram.conv_backward_data %dy, %w strides [2] pads [0, 0]
           dilations [1] groups 1
         : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
  %dx6 = reram.conv_backward_data %dy, %w strides [2] pads [0, 0]
           dilations [1] groups 1
         : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return %dx5, %dx6 : tensor<1x1x5xf32>, tensor<1x1x6xf32>
}

// Pads 1/1: i = o + k - 1; the taps that read the padding (o=0, k=0 and
// o=2, k=2) have nothing to flow back to.
// dx = [1*2 + 10*1, 1*3 + 10*2 + 100*1, 10*3 + 100*2].
// RUN: zara-interp %s --function data_pads --input dy=%t/dy3.npy --output-dir %t/data_pads
// RUN: %python %S/Inputs/check.py %t/data_pads/dx.npy "[[[12, 123, 230]]]"
func.func @data_pads(%dy: tensor<1x1x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>
  %dx = reram.conv_backward_data %dy, %w strides [1] pads [1, 1]
          dilations [1] groups 1
        : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %dx : tensor<1x1x3xf32>
}

// Two groups of one channel, dilation 2 (i = o + 2k), batch 2: group 0
// reads dy channel 0 through w[0] = [1, 2], group 1 dy channel 1 through
// w[1] = [3, 4].
// RUN: zara-interp %s --function data_groups_dilated --input dy=%t/dyg.npy --output-dir %t/data_groups
// RUN: %python %S/Inputs/check.py %t/data_groups/dx.npy "[[[1, 10, 2, 20], [300, 3000, 400, 4000]], [[1, 1, 2, 2], [3, 3, 4, 4]]]"
func.func @data_groups_dilated(%dy: tensor<2x2x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<2x2x4xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]]]> : tensor<2x1x2xf32>
  %dx = reram.conv_backward_data %dy, %w strides [1] pads [0, 0]
          dilations [2] groups 2
        : (tensor<2x2x2xf32>, tensor<2x1x2xf32>) -> tensor<2x2x4xf32>
  return %dx : tensor<2x2x4xf32>
}

// 2-D, stride 2, two input channels: every dy element returns as a 2x2
// block, times ones on channel 0 and [[1, 0], [0, -1]] on channel 1.
// RUN: zara-interp %s --function data_2d --input dy=%t/dyimg.npy --output-dir %t/data_2d
// RUN: %python %S/Inputs/check.py %t/data_2d/dx.npy "[[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]], [[1, 0, 2, 0], [0, -1, 0, -2], [3, 0, 4, 0], [0, -3, 0, -4]]]]"
func.func @data_2d(%dy: tensor<1x1x2x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x2x4x4xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, -1.0]]]]> : tensor<1x2x2x2xf32>
  %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [0, 0, 0, 0]
          dilations [1, 1] groups 1
        : (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  return %dx : tensor<1x2x4x4xf32>
}

// 3-D, stride 2 in depth: [1, 10] through w = [1, 3] gives [1, 3, 10, 30].
// RUN: zara-interp %s --function data_3d --input dy=%t/dyvol.npy --output-dir %t/data_3d
// RUN: %python %S/Inputs/check.py %t/data_3d/dx.npy "np.reshape([1, 3, 10, 30], (1, 1, 4, 1, 1))"
func.func @data_3d(%dy: tensor<1x1x2x1x1xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x4x1x1xf32> {reram.onnx_name = "dx"}) {
  %w = reram.constant dense<[[[[[1.0]], [[3.0]]]]]> : tensor<1x1x2x1x1xf32>
  %dx = reram.conv_backward_data %dy, %w strides [2, 1, 1]
          pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] groups 1
        : (tensor<1x1x2x1x1xf32>, tensor<1x1x2x1x1xf32>) -> tensor<1x1x4x1x1xf32>
  return %dx : tensor<1x1x4x1x1xf32>
}

//===----------------------------------------------------------------------===//
// conv_backward_weight
//===----------------------------------------------------------------------===//

// Stride 2: dw[k] = 1*x[k] + 10*x[2 + k] = [1 + 30, 2 + 40, 3 + 50].
// RUN: zara-interp %s --function weight_stride2 --input x=%t/x5.npy --input dy=%t/dy2.npy --output-dir %t/weight_stride2
// RUN: %python %S/Inputs/check.py %t/weight_stride2/dw.npy "[[[31, 42, 53]]]"
// RUN: %python %S/Inputs/check.py %t/weight_stride2/db.npy "[11]"
func.func @weight_stride2(%x: tensor<1x1x5xf32> {reram.onnx_name = "x"},
                          %dy: tensor<1x1x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2] pads [0, 0]
               dilations [1] groups 1
             : (tensor<1x1x5xf32>, tensor<1x1x2xf32>)
               -> (tensor<1x1x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3xf32>, tensor<1xf32>
}

// Pads 1/1: dw[k] = sum_o dy[o] * x[o + k - 1], x[-1] = x[3] = 0:
// [10*1 + 100*2, 1*1 + 10*2 + 100*3, 1*2 + 10*3].
// RUN: zara-interp %s --function weight_pads --input x=%t/x3.npy --input dy=%t/dy3.npy --output-dir %t/weight_pads
// RUN: %python %S/Inputs/check.py %t/weight_pads/dw.npy "[[[210, 321, 32]]]"
// RUN: %python %S/Inputs/check.py %t/weight_pads/db.npy "[111]"
func.func @weight_pads(%x: tensor<1x1x3xf32> {reram.onnx_name = "x"},
                       %dy: tensor<1x1x3xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x3xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1] pads [1, 1]
               dilations [1] groups 1
             : (tensor<1x1x3xf32>, tensor<1x1x3xf32>)
               -> (tensor<1x1x3xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x3xf32>, tensor<1xf32>
}

// Two groups, dilation 2, batch 2, summed over the batch:
// dw[0, 0, k] = (1*x0[k'] + 10*x0[k'+1]) + (1 + 1) with k' = 2k: [21 + 2, 43 + 2];
// dw[1, 0, k] = 100*x1[k'] + 1000*x1[k'+1] + (x1'[k'] + x1'[k'+1]):
// [500 + 6000 + 0, 700 + 8000 + 1]; db = [1 + 10 + 1 + 1, 100 + 1000 + 1 + 1].
// RUN: zara-interp %s --function weight_groups_batch --input x=%t/xg.npy --input dy=%t/dyg.npy --output-dir %t/weight_groups
// RUN: %python %S/Inputs/check.py %t/weight_groups/dw.npy "[[[23, 45]], [[6500, 8701]]]"
// RUN: %python %S/Inputs/check.py %t/weight_groups/db.npy "[13, 1102]"
func.func @weight_groups_batch(%x: tensor<2x2x4xf32> {reram.onnx_name = "x"},
                               %dy: tensor<2x2x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<2x1x2xf32> {reram.onnx_name = "dw"},
        tensor<2xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [1] pads [0, 0]
               dilations [2] groups 2
             : (tensor<2x2x4xf32>, tensor<2x2x2xf32>)
               -> (tensor<2x1x2xf32>, tensor<2xf32>)
  return %dw, %db : tensor<2x1x2xf32>, tensor<2xf32>
}

// 2-D, stride 2, x[i, j] = 4i + j: dw[k] = sum_o dy[o] * x[2o + k]
// = (20 + 800 + 10000) + 1111 * (4 k0 + k1).
// RUN: zara-interp %s --function weight_2d --input x=%t/ximg.npy --input dy=%t/dyimg2.npy --output-dir %t/weight_2d
// RUN: %python %S/Inputs/check.py %t/weight_2d/dw.npy "[[[[10820, 11931], [15264, 16375]]]]"
// RUN: %python %S/Inputs/check.py %t/weight_2d/db.npy "[1111]"
func.func @weight_2d(%x: tensor<1x1x4x4xf32> {reram.onnx_name = "x"},
                     %dy: tensor<1x1x2x2xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2x2xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2]
               pads [0, 0, 0, 0] dilations [1, 1] groups 1
             : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>)
               -> (tensor<1x1x2x2xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x2x2xf32>, tensor<1xf32>
}

// 3-D, stride 2 in depth: dw[k] = 1*x[k] + 10*x[2 + k] = [31, 42].
// RUN: zara-interp %s --function weight_3d --input x=%t/xvol.npy --input dy=%t/dyvol.npy --output-dir %t/weight_3d
// RUN: %python %S/Inputs/check.py %t/weight_3d/dw.npy "np.reshape([31, 42], (1, 1, 2, 1, 1))"
// RUN: %python %S/Inputs/check.py %t/weight_3d/db.npy "[11]"
func.func @weight_3d(%x: tensor<1x1x4x1x1xf32> {reram.onnx_name = "x"},
                     %dy: tensor<1x1x2x1x1xf32> {reram.onnx_name = "dy"})
    -> (tensor<1x1x2x1x1xf32> {reram.onnx_name = "dw"},
        tensor<1xf32> {reram.onnx_name = "db"}) {
  %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 1, 1]
               pads [0, 0, 0, 0, 0, 0] dilations [1, 1, 1] groups 1
             : (tensor<1x1x4x1x1xf32>, tensor<1x1x2x1x1xf32>)
               -> (tensor<1x1x2x1x1xf32>, tensor<1xf32>)
  return %dw, %db : tensor<1x1x2x1x1xf32>, tensor<1xf32>
}
