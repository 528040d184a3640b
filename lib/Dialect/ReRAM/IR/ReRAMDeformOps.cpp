//===- ReRAMDeformOps.cpp - Verifiers of the deformation ops --------------===//
//
// Part of zara. Verifiers and folders of the ops that the zero-free
// deformation (strided_slice, interleave, depth_to_space, overlap_add,
// channel_sum) and the zero-insert baseline (zero_insert) introduce. As in
// ReRAMOps.cpp, each rule has a -verify-diagnostics test (test/Dialect/ReRAM/
// deform-tconv-ops-invalid.mlir) and messages name the quantity and both
// values. None of these ops multiplies, so none counts MACs.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/ConvArithmetic.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <optional>
#include <set>

using namespace mlir;
using namespace zara;
using namespace zara::reram;

/// The static shape of a value (every reram value is a ranked tensor).
static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Checks that `attr` has `expected` entries.
static LogicalResult checkLength(Operation *op, StringRef name,
                                 ArrayRef<int64_t> attr, int64_t expected,
                                 StringRef what = "") {
  if ((int64_t)attr.size() == expected)
    return success();
  return op->emitOpError("expected ")
         << expected << " " << name << what << ", got " << attr.size();
}

/// Checks that a tensor has rank 3, 4 or 5 (N x C x 1-3 spatial dims).
static LogicalResult checkActivationRank(Operation *op, StringRef what,
                                         Value v) {
  int64_t rank = shapeOf(v).size();
  if (rank >= 3 && rank <= 5)
    return success();
  return op->emitOpError() << what
                           << " must have rank 3, 4 or 5 (N x C x 1-3 spatial "
                              "dims), got rank "
                           << rank;
}

/// Checks that a tensor has no zero-sized dimension: a phase or a crop that
/// would be empty is left out by the passes instead.
static LogicalResult checkNonEmpty(Operation *op, StringRef what, Value v) {
  if (llvm::all_of(shapeOf(v), [](int64_t n) { return n > 0; }))
    return success();
  return op->emitOpError() << what << " must not have an empty dimension, got "
                           << v.getType();
}

//===----------------------------------------------------------------------===//
// StridedSliceOp
//===----------------------------------------------------------------------===//

LogicalResult StridedSliceOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  int64_t rank = in.size();
  if ((int64_t)out.size() != rank)
    return emitOpError("result rank ")
           << out.size() << " does not match input rank " << rank;
  if (failed(checkLength(*this, "offsets", getOffsets(), rank)) ||
      failed(checkLength(*this, "strides", getStrides(), rank)) ||
      failed(checkNonEmpty(*this, "result", getOutput())))
    return failure();
  for (int64_t j = 0; j < rank; ++j) {
    int64_t offset = getOffsets()[j], stride = getStrides()[j];
    if (stride == 0)
      return emitOpError("stride of dimension ") << j << " must not be 0";
    if (offset < 0 || offset >= in[j])
      return emitOpError("offset ")
             << offset << " of dimension " << j
             << " is outside the input's [0, " << in[j] << ")";
    // The last index read, overflow-checked so that a huge stride cannot
    // wrap into the valid range.
    std::optional<int64_t> step = llvm::checkedMul(out[j] - 1, stride);
    std::optional<int64_t> last =
        step ? llvm::checkedAdd(offset, *step) : std::nullopt;
    if (!last || *last < 0 || *last >= in[j]) {
      InFlightDiagnostic diag = emitOpError("dimension ") << j;
      if (last)
        diag << " reads index " << *last;
      else
        diag << " reads an index that overflows";
      return diag << " (offset " << offset << ", stride " << stride << ", "
                  << out[j] << " elements), outside the input's [0, " << in[j]
                  << ")";
    }
  }
  return success();
}

OpFoldResult StridedSliceOp::fold(FoldAdaptor) {
  // Taking every element in order is the identity; the stride of a
  // dimension of one element does not matter.
  if (getInput().getType() != getOutput().getType())
    return {};
  auto out = shapeOf(getOutput());
  for (auto [j, n] : llvm::enumerate(out))
    if (getOffsets()[j] != 0 || (getStrides()[j] != 1 && n != 1))
      return {};
  return getInput();
}

//===----------------------------------------------------------------------===//
// InterleaveOp
//===----------------------------------------------------------------------===//

LogicalResult InterleaveOp::verify() {
  auto out = shapeOf(getOutput());
  if (failed(checkActivationRank(*this, "result", getOutput())))
    return failure();
  int64_t d = out.size() - 2;
  if (failed(checkLength(*this, "strides", getStrides(), d)))
    return failure();
  if (llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }))
    return emitOpError("strides must be positive");
  int64_t numInputs = getInputs().size();
  if (failed(checkLength(*this, "offsets", getOffsets(), d * numInputs,
                         " (" + std::to_string(d) + " per input)")))
    return failure();
  if (getBias() && shapeOf(getBias())[0] != out[1])
    return emitOpError("bias has ")
           << shapeOf(getBias())[0] << " elements but the result has " << out[1]
           << " channels";

  std::set<SmallVector<int64_t>> seen;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    auto in = shapeOf(input);
    if (in.size() != out.size())
      return emitOpError("input ")
             << index << " rank " << in.size() << " does not match result rank "
             << out.size();
    if (in[0] != out[0] || in[1] != out[1])
      return emitOpError("input ") << index << " is " << in[0] << "x" << in[1]
                                   << " in batch and channels, the result "
                                   << out[0] << "x" << out[1];
    ArrayRef<int64_t> offsets = getInputOffsets(index);
    for (int64_t j = 0; j < d; ++j) {
      int64_t s = getStrides()[j], o = offsets[j], size = out[2 + j];
      if (o < 0 || o >= s || o >= size)
        return emitOpError("offset ")
               << o << " of input " << index << " in spatial dimension " << j
               << " must be in [0, " << std::min(s, size) << ")";
      int64_t positions = llvm::divideCeil(size - o, s);
      if (in[2 + j] != positions)
        return emitOpError("input ")
               << index << " spatial dimension " << j << " is " << in[2 + j]
               << " but the result has " << positions << " positions at offset "
               << o << " and stride " << s;
    }
    if (!seen.insert(SmallVector<int64_t>(offsets)).second)
      return emitOpError("input ")
             << index << " has the same offsets as an earlier input";
  }
  return success();
}

OpFoldResult InterleaveOp::fold(FoldAdaptor) {
  // One phase at stride 1 is the whole result (the verifier made its type
  // the result type).
  if (getInputs().size() == 1 &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// DepthToSpaceOp
//===----------------------------------------------------------------------===//

LogicalResult DepthToSpaceOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (failed(checkActivationRank(*this, "input", getInput())))
    return failure();
  if (out.size() != in.size())
    return emitOpError("result rank ")
           << out.size() << " does not match input rank " << in.size();
  int64_t d = in.size() - 2;
  ArrayRef<int64_t> blocks = getBlockSizes();
  if (failed(checkLength(*this, "block_sizes", blocks, d)))
    return failure();
  if (llvm::any_of(blocks, [](int64_t b) { return b < 1; }))
    return emitOpError("block sizes must be positive");
  int64_t block = product(blocks);
  if (in[1] % block != 0)
    return emitOpError("input channels (")
           << in[1] << ") are not divisible by the block volume (" << block
           << ")";
  if (out[0] != in[0])
    return emitOpError("result batch ")
           << out[0] << " does not match input batch " << in[0];
  if (out[1] != in[1] / block)
    return emitOpError("result has ")
           << out[1] << " channels, expected " << in[1] / block;
  for (int64_t j = 0; j < d; ++j)
    if (out[2 + j] != product({in[2 + j], blocks[j]}))
      return emitOpError("result spatial dimension ")
             << j << " is " << out[2 + j] << ", expected "
             << product({in[2 + j], blocks[j]});
  return success();
}

//===----------------------------------------------------------------------===//
// OverlapAddOp
//===----------------------------------------------------------------------===//

LogicalResult OverlapAddOp::verify() {
  auto cols = shapeOf(getCols()), out = shapeOf(getOutput());
  int64_t rank = cols.size();
  if (rank != 4 && rank != 6 && rank != 8)
    return emitOpError("cols must have rank 4, 6 or 8 (N x H... x C x K... "
                       "for 1-3 spatial dims), got rank ")
           << rank;
  int64_t d = (rank - 2) / 2;
  if ((int64_t)out.size() != d + 2)
    return emitOpError("result rank ")
           << out.size() << " does not match " << d
           << " spatial dimensions (expected " << d + 2 << ")";
  if (failed(checkLength(*this, "strides", getStrides(), d)) ||
      failed(checkLength(*this, "dilations", getDilations(), d)) ||
      failed(checkLength(*this, "pads", getPads(), 2 * d,
                         " (begin pads, then end pads)")) ||
      failed(
          checkLength(*this, "output_padding values", getOutputPadding(), d)))
    return failure();
  if (llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }))
    return emitOpError("strides must be positive");
  if (llvm::any_of(getDilations(), [](int64_t s) { return s < 1; }))
    return emitOpError("dilations must be positive");
  if (llvm::any_of(getPads(), [](int64_t s) { return s < 0; }))
    return emitOpError("pads must be non-negative");
  for (int64_t j = 0; j < d; ++j) {
    int64_t a = getOutputPadding()[j];
    if (a < 0 || a >= std::max(getStrides()[j], getDilations()[j]))
      return emitOpError("output_padding[")
             << j << "] = " << a
             << " must be non-negative and smaller than the stride or the "
                "dilation of its dimension";
  }
  int64_t channels = cols[1 + d];
  if (out[0] != cols[0])
    return emitOpError("result batch ")
           << out[0] << " does not match cols batch " << cols[0];
  if (out[1] != channels)
    return emitOpError("result has ")
           << out[1] << " channels but cols has " << channels;
  if (getBias() && shapeOf(getBias())[0] != channels)
    return emitOpError("bias has ")
           << shapeOf(getBias())[0] << " elements but the result has "
           << channels << " channels";
  for (int64_t j = 0; j < d; ++j) {
    WindowDim dim;
    dim.input = cols[1 + j];
    dim.kernel = cols[2 + d + j];
    dim.stride = getStrides()[j];
    dim.dilation = getDilations()[j];
    dim.padBegin = getPads()[j];
    dim.padEnd = getPads()[d + j];
    dim.outputPadding = getOutputPadding()[j];
    std::optional<int64_t> expected = convTransposeOutputSize(dim);
    if (!expected)
      return emitOpError("spatial dimension ")
             << j << " has no output: input " << dim.input << ", kernel "
             << dim.kernel << ", stride " << dim.stride << ", dilation "
             << dim.dilation << ", pads " << dim.padBegin << "/" << dim.padEnd
             << ", output_padding " << dim.outputPadding;
    if (out[2 + j] != *expected)
      return emitOpError("result spatial dimension ")
             << j << " is " << out[2 + j]
             << " but the transposed-convolution arithmetic gives "
             << *expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ChannelSumOp
//===----------------------------------------------------------------------===//

LogicalResult ChannelSumOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (in.size() < 2)
    return emitOpError("input must have rank 2 or more (N x C x ...), got "
                       "rank ")
           << in.size();
  if (out[0] != in[1])
    return emitOpError("result has ")
           << out[0] << " elements but the input has " << in[1] << " channels";
  return success();
}

//===----------------------------------------------------------------------===//
// ZeroInsertOp
//===----------------------------------------------------------------------===//

LogicalResult ZeroInsertOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (failed(checkActivationRank(*this, "input", getInput())))
    return failure();
  if (out.size() != in.size())
    return emitOpError("result rank ")
           << out.size() << " does not match input rank " << in.size();
  int64_t d = in.size() - 2;
  if (failed(checkLength(*this, "strides", getStrides(), d)) ||
      failed(checkLength(*this, "pads", getPads(), 2 * d,
                         " (begin pads, then end pads)")))
    return failure();
  if (llvm::any_of(getStrides(), [](int64_t s) { return s < 1; }))
    return emitOpError("strides must be positive");
  if (out[0] != in[0] || out[1] != in[1])
    return emitOpError("result is ")
           << out[0] << "x" << out[1] << " in batch and channels, the input "
           << in[0] << "x" << in[1];
  for (int64_t j = 0; j < d; ++j) {
    // (H-1)*s + 1 + pads, overflow-checked: the pads may be large either
    // way.
    std::optional<int64_t> expected =
        llvm::checkedMul(in[2 + j] - 1, getStrides()[j]);
    for (int64_t term : {(int64_t)1, getPads()[j], getPads()[d + j]})
      if (expected)
        expected = llvm::checkedAdd(*expected, term);
    if (!expected || *expected < 1)
      return emitOpError("spatial dimension ")
             << j << " has no output: input " << in[2 + j] << ", stride "
             << getStrides()[j] << ", pads " << getPads()[j] << "/"
             << getPads()[d + j];
    if (out[2 + j] != *expected)
      return emitOpError("result spatial dimension ")
             << j << " is " << out[2 + j] << ", expected " << *expected;
  }
  return success();
}
