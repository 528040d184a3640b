//===- DeformOps.cpp - Evaluation of the deformation ops ------------------===//
//
// Part of zara. One `eval` function per op that the zero-free deformation
// and the zero-insert baseline introduce (strided_slice, interleave,
// depth_to_space, overlap_add, channel_sum, zero_insert), each written as the
// op's definition in ReRAMDeformOps.td: a loop over the result (a gather) or
// over the operand (a scatter), with the multi-index kept explicitly. They
// are independent of the pass that emits them, so zara-interp can check
// the pass against the original transposed convolution.
//
//===----------------------------------------------------------------------===//

#include "Evaluator.h"

using namespace mlir;
using namespace zara;
using namespace zara::interp;
using namespace zara::reram;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Row-major strides of `shape`.
static SmallVector<int64_t, 8> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t, 8> strides(shape.size(), 1);
  for (int64_t j = (int64_t)shape.size() - 2; j >= 0; --j)
    strides[j] = strides[j + 1] * shape[j + 1];
  return strides;
}

/// Advances `index` through `shape` like an odometer, last dimension
/// fastest. Returns false after the last index.
static bool next(SmallVectorImpl<int64_t> &index, ArrayRef<int64_t> shape) {
  for (int64_t j = (int64_t)shape.size() - 1; j >= 0; --j) {
    if (++index[j] < shape[j])
      return true;
    index[j] = 0;
  }
  return false;
}

/// Calls `fn` with every multi-index of `shape` in row-major order (none
/// when the shape has no elements).
template <typename Fn>
static void forEachIndex(ArrayRef<int64_t> shape, Fn fn) {
  if (getNumElements(shape) == 0)
    return;
  SmallVector<int64_t, 8> index(shape.size(), 0);
  do
    fn(ArrayRef<int64_t>(index));
  while (next(index, shape));
}

/// A tensor of `shape` whose element [n, c, ...] is `bias[c]`, or zeros
/// without a bias.
static Tensor filledWithBias(ArrayRef<int64_t> shape, const Tensor *bias) {
  Tensor result(shape);
  if (!bias)
    return result;
  int64_t plane = getNumElements(shape.drop_front(2));
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i)
    result.data[i] = bias->data[(i / plane) % shape[1]];
  return result;
}

LogicalResult Evaluator::eval(StridedSliceOp op) {
  // out[i] = in[offsets + i * strides].
  const Tensor &in = get(op.getInput());
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
  SmallVector<int64_t, 8> inStrides = rowMajorStrides(in.shape);
  Tensor result(outShape);
  int64_t flat = 0;
  forEachIndex(outShape, [&](ArrayRef<int64_t> index) {
    int64_t source = 0;
    for (size_t j = 0; j < index.size(); ++j)
      source += (offsets[j] + index[j] * strides[j]) * inStrides[j];
    result.data[flat++] = in.data[source];
  });
  set(op.getOutput(), std::move(result));
  return success();
}

LogicalResult Evaluator::eval(InterleaveOp op) {
  // Bias (or 0) everywhere, then out[n, c, o_i + t*s] = in_i[n, c, t].
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor result =
      filledWithBias(outShape, op.getBias() ? &get(op.getBias()) : nullptr);
  SmallVector<int64_t, 8> outStrides = rowMajorStrides(outShape);
  ArrayRef<int64_t> strides = op.getStrides();
  for (auto [i, value] : llvm::enumerate(op.getInputs())) {
    const Tensor &in = get(value);
    ArrayRef<int64_t> offsets = op.getInputOffsets(i);
    int64_t flat = 0;
    forEachIndex(in.shape, [&](ArrayRef<int64_t> index) {
      int64_t target = index[0] * outStrides[0] + index[1] * outStrides[1];
      for (size_t j = 0; j < strides.size(); ++j)
        target += (offsets[j] + index[2 + j] * strides[j]) * outStrides[2 + j];
      result.data[target] = in.data[flat++];
    });
  }
  set(op.getOutput(), std::move(result));
  return success();
}

LogicalResult Evaluator::eval(DepthToSpaceOp op) {
  // out[n, c, t*b + r] = in[n, rho(r)*C + c, t], rho row-major over blocks.
  const Tensor &in = get(op.getInput());
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  ArrayRef<int64_t> blocks = op.getBlockSizes();
  SmallVector<int64_t, 8> inStrides = rowMajorStrides(in.shape);
  int64_t channels = outShape[1];
  Tensor result(outShape);
  int64_t flat = 0;
  forEachIndex(outShape, [&](ArrayRef<int64_t> index) {
    int64_t block = 0, source = index[0] * inStrides[0];
    for (size_t j = 0; j < blocks.size(); ++j) {
      block = block * blocks[j] + index[2 + j] % blocks[j];
      source += index[2 + j] / blocks[j] * inStrides[2 + j];
    }
    source += (block * channels + index[1]) * inStrides[1];
    result.data[flat++] = in.data[source];
  });
  set(op.getOutput(), std::move(result));
  return success();
}

LogicalResult Evaluator::eval(OverlapAddOp op) {
  // out[n, c, i*s + k*dil - p] += cols[n, i..., c, k...], plus the bias.
  const Tensor &cols = get(op.getCols());
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor result =
      filledWithBias(outShape, op.getBias() ? &get(op.getBias()) : nullptr);
  SmallVector<int64_t, 8> outStrides = rowMajorStrides(outShape);
  size_t d = outShape.size() - 2;
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  ArrayRef<int64_t> pads = op.getPads();
  int64_t flat = 0;
  forEachIndex(cols.shape, [&](ArrayRef<int64_t> index) {
    double value = cols.data[flat++];
    int64_t target = index[0] * outStrides[0] + index[1 + d] * outStrides[1];
    bool inside = true;
    for (size_t j = 0; j < d; ++j) {
      int64_t o =
          index[1 + j] * strides[j] + index[2 + d + j] * dilations[j] - pads[j];
      inside &= o >= 0 && o < outShape[2 + j];
      target += o * outStrides[2 + j];
    }
    if (inside)
      result.data[target] += value;
  });
  set(op.getOutput(), std::move(result));
  return success();
}

LogicalResult Evaluator::eval(ChannelSumOp op) {
  // out[c] = sum over n, z... of in[n, c, z...].
  const Tensor &in = get(op.getInput());
  int64_t channels = in.shape[1];
  int64_t plane = getNumElements(ArrayRef<int64_t>(in.shape).drop_front(2));
  Tensor result(shapeOf(op.getOutput()));
  for (int64_t i = 0, e = in.getNumElements(); i < e; ++i)
    result.data[(i / plane) % channels] += in.data[i];
  set(op.getOutput(), std::move(result));
  return success();
}

LogicalResult Evaluator::eval(ZeroInsertOp op) {
  // out[n, c, pad_begin + i*s] = in[n, c, i] where inside; zeros elsewhere.
  const Tensor &in = get(op.getInput());
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  SmallVector<int64_t, 8> outStrides = rowMajorStrides(outShape);
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads();
  size_t d = outShape.size() - 2;
  Tensor result(outShape);
  int64_t flat = 0;
  forEachIndex(in.shape, [&](ArrayRef<int64_t> index) {
    double value = in.data[flat++];
    int64_t target = index[0] * outStrides[0] + index[1] * outStrides[1];
    bool inside = true;
    for (size_t j = 0; j < d; ++j) {
      int64_t o = pads[j] + index[2 + j] * strides[j];
      inside &= o >= 0 && o < outShape[2 + j];
      target += o * outStrides[2 + j];
    }
    if (inside)
      result.data[target] = value;
  });
  set(op.getOutput(), std::move(result));
  return success();
}
