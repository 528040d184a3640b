//===- ReRAMTrainingOps.cpp - Verifiers and MAC counts of the backward ops ===//
//
// Part of zara. A backward op computes one gradient of a forward
// `reram.conv` or `reram.conv_transpose` and carries its attributes. Its
// verifier reassembles the forward op's three tensors (input x, weight w,
// output y; each is an operand or a result of the backward op) and checks
// every relation the forward verifier checks, naming each tensor as the
// backward op sees it ("input gradient", "weight gradient", ...), so a
// message points at the operand or result to fix. Each rule has a
// -verify-diagnostics case in test/Dialect/ReRAM/training-invalid.mlir.
//
// The MAC counts are those of the naive execution (zeros inserted into dy
// or x where the direct form of the gradient does so) and are computed per
// spatial dimension by ConvArithmetic's backwardIssuedTaps and
// backwardUsefulTaps, then multiplied by the channel factor. Every backward
// op pairs each of the forward weight's N * Cin * Cout/groups channel
// combinations (batch included) with its spatial products, so the channel
// factor is the same for all four.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/ConvArithmetic.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;
using namespace zara;
using namespace zara::reram;

/// The static shape of a value (every reram value is a ranked tensor).
static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

namespace {
/// One tensor of the forward op, with its name in the backward op.
struct NamedTensor {
  Value value;
  StringRef name;
};

/// The forward op that a backward op differentiates, seen from the backward
/// op: its input x, weight w and output y (by position in the forward op),
/// the bias gradient if the backward op computes one, and the attributes.
struct ForwardView {
  bool transposed;
  NamedTensor x, w, y;
  Value biasGrad;
  ArrayRef<int64_t> strides, pads, dilations, outputPadding;
  int64_t groups;
};
} // namespace

/// Checks the ranks, attribute lengths and ranges. Returns the number of
/// spatial dimensions on success.
static FailureOr<int64_t> verifyAttributes(Operation *op,
                                           const ForwardView &f) {
  // The output gradient is an operand of every backward op: the other
  // tensors are compared with it.
  int64_t rank = shapeOf(f.y.value).size();
  if (rank < 3 || rank > 5)
    return op->emitOpError()
           << f.y.name
           << " must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got "
              "rank "
           << rank;
  for (const NamedTensor &t : {f.x, f.w}) {
    int64_t r = shapeOf(t.value).size();
    if (r != rank)
      return op->emitOpError() << t.name << " rank " << r << " does not match "
                               << f.y.name << " rank " << rank;
  }
  int64_t d = rank - 2;
  if ((int64_t)f.strides.size() != d)
    return op->emitOpError("expected ")
           << d << " strides, got " << f.strides.size();
  if ((int64_t)f.dilations.size() != d)
    return op->emitOpError("expected ")
           << d << " dilations, got " << f.dilations.size();
  if ((int64_t)f.pads.size() != 2 * d)
    return op->emitOpError("expected ")
           << 2 * d << " pads (begin pads, then end pads), got "
           << f.pads.size();
  if (f.transposed && (int64_t)f.outputPadding.size() != d)
    return op->emitOpError("expected ")
           << d << " output_padding values, got " << f.outputPadding.size();
  if (llvm::any_of(f.strides, [](int64_t s) { return s < 1; }))
    return op->emitOpError("strides must be positive");
  if (llvm::any_of(f.dilations, [](int64_t s) { return s < 1; }))
    return op->emitOpError("dilations must be positive");
  if (llvm::any_of(f.pads, [](int64_t s) { return s < 0; }))
    return op->emitOpError("pads must be non-negative");
  for (int64_t i = 0; i < (int64_t)f.outputPadding.size(); ++i) {
    int64_t a = f.outputPadding[i];
    if (a < 0 || a >= std::max(f.strides[i], f.dilations[i]))
      return op->emitOpError("output_padding[")
             << i << "] = " << a
             << " must be non-negative and smaller than the stride or the "
                "dilation of its dimension";
  }
  if (llvm::any_of(shapeOf(f.w.value).drop_front(2),
                   [](int64_t k) { return k < 1; }))
    return op->emitOpError("kernel sizes (")
           << f.w.name << " spatial dimensions) must be positive";
  return d;
}

/// Checks the batch and channel relations of the forward op.
static LogicalResult verifyChannels(Operation *op, const ForwardView &f) {
  auto x = shapeOf(f.x.value), w = shapeOf(f.w.value), y = shapeOf(f.y.value);
  int64_t g = f.groups;
  if (x[0] != y[0])
    return op->emitOpError()
           << f.x.name << " batch " << x[0] << " does not match " << f.y.name
           << " batch " << y[0];
  if (x[1] % g != 0)
    return op->emitOpError() << f.x.name << " channels (" << x[1]
                             << ") are not divisible by groups (" << g << ")";
  if (!f.transposed) {
    // Convolution weight: Cout x Cin/g x K...
    if (y[1] % g != 0)
      return op->emitOpError() << f.y.name << " channels (" << y[1]
                               << ") are not divisible by groups (" << g << ")";
    if (w[0] != y[1])
      return op->emitOpError()
             << f.w.name << " has " << w[0] << " output channels but the "
             << f.y.name << " has " << y[1] << " channels";
    if (w[1] * g != x[1])
      return op->emitOpError()
             << f.w.name << " expects " << w[1]
             << " input channels per group, but the " << f.x.name << " has "
             << x[1] << " channels in " << g << " group(s)";
  } else {
    // Transposed-convolution weight: Cin x Cout/g x K...
    if (w[0] != x[1])
      return op->emitOpError()
             << f.w.name << " has " << w[0] << " input channels but the "
             << f.x.name << " has " << x[1];
    if (y[1] != w[1] * g)
      return op->emitOpError()
             << f.y.name << " has " << y[1] << " channels but " << f.w.name
             << " and groups give " << w[1] * g;
  }
  if (f.biasGrad && shapeOf(f.biasGrad)[0] != y[1])
    return op->emitOpError("bias gradient has ")
           << shapeOf(f.biasGrad)[0] << " elements but the " << f.y.name
           << " has " << y[1] << " channels";
  return success();
}

/// The forward geometry of spatial dimension `i`.
static WindowDim windowDim(const ForwardView &f, int64_t d, int64_t i) {
  WindowDim dim;
  dim.input = shapeOf(f.x.value)[2 + i];
  dim.kernel = shapeOf(f.w.value)[2 + i];
  dim.stride = f.strides[i];
  dim.dilation = f.dilations[i];
  dim.padBegin = f.pads[i];
  dim.padEnd = f.pads[d + i];
  dim.outputPadding = f.transposed ? f.outputPadding[i] : 0;
  return dim;
}

/// Checks the output gradient's spatial sizes against the forward op's
/// window arithmetic.
static LogicalResult verifySpatialSizes(Operation *op, const ForwardView &f,
                                        int64_t d) {
  auto y = shapeOf(f.y.value);
  for (int64_t i = 0; i < d; ++i) {
    WindowDim dim = windowDim(f, d, i);
    std::optional<int64_t> expected =
        f.transposed ? convTransposeOutputSize(dim) : convOutputSize(dim);
    if (!expected) {
      InFlightDiagnostic diag =
          op->emitOpError("spatial dimension ")
          << i << " has no output: input " << dim.input << ", kernel "
          << dim.kernel << ", stride " << dim.stride << ", dilation "
          << dim.dilation << ", pads " << dim.padBegin << "/" << dim.padEnd;
      if (f.transposed)
        diag << ", output_padding " << dim.outputPadding;
      return diag;
    }
    if (y[2 + i] != *expected)
      return op->emitOpError()
             << f.y.name << " spatial dimension " << i << " is " << y[2 + i]
             << " but the "
             << (f.transposed ? "transposed-convolution" : "convolution")
             << " arithmetic of the " << f.x.name << " gives " << *expected;
  }
  return success();
}

static LogicalResult verifyForward(Operation *op, const ForwardView &f) {
  FailureOr<int64_t> d = verifyAttributes(op, f);
  if (failed(d) || failed(verifyChannels(op, f)))
    return failure();
  return verifySpatialSizes(op, f, *d);
}

/// Issued or useful MACs of a verified backward op: the channel factor
/// N * Cin * Cout/groups (the batch times the weight's channel pairs) times
/// the product of the per-dimension counts.
static int64_t countMacs(const ForwardView &f, BackwardOp kind, bool useful) {
  auto x = shapeOf(f.x.value), w = shapeOf(f.w.value), y = shapeOf(f.y.value);
  int64_t d = x.size() - 2;
  int64_t total = product({x[0], w[0], w[1]});
  for (int64_t i = 0; i < d; ++i) {
    WindowDim dim = windowDim(f, d, i);
    total = product({total, useful ? backwardUsefulTaps(kind, dim, y[2 + i])
                                   : backwardIssuedTaps(kind, dim, y[2 + i])});
  }
  return total;
}

//===----------------------------------------------------------------------===//
// ConvBackwardDataOp
//===----------------------------------------------------------------------===//

static ForwardView forwardView(ConvBackwardDataOp op) {
  return {/*transposed=*/false,
          {op.getInputGrad(), "input gradient"},
          {op.getWeight(), "weight"},
          {op.getOutputGrad(), "output gradient"},
          /*biasGrad=*/{},
          op.getStrides(),
          op.getPads(),
          op.getDilations(),
          /*outputPadding=*/{},
          (int64_t)op.getGroups()};
}

LogicalResult ConvBackwardDataOp::verify() {
  return verifyForward(*this, forwardView(*this));
}

int64_t ConvBackwardDataOp::getIssuedMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvBackwardData, false);
}

int64_t ConvBackwardDataOp::getUsefulMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvBackwardData, true);
}

//===----------------------------------------------------------------------===//
// ConvBackwardWeightOp
//===----------------------------------------------------------------------===//

static ForwardView forwardView(ConvBackwardWeightOp op) {
  return {/*transposed=*/false,
          {op.getInput(), "input"},
          {op.getWeightGrad(), "weight gradient"},
          {op.getOutputGrad(), "output gradient"},
          op.getBiasGrad(),
          op.getStrides(),
          op.getPads(),
          op.getDilations(),
          /*outputPadding=*/{},
          (int64_t)op.getGroups()};
}

LogicalResult ConvBackwardWeightOp::verify() {
  return verifyForward(*this, forwardView(*this));
}

int64_t ConvBackwardWeightOp::getIssuedMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvBackwardWeight, false);
}

int64_t ConvBackwardWeightOp::getUsefulMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvBackwardWeight, true);
}

//===----------------------------------------------------------------------===//
// ConvTransposeBackwardDataOp
//===----------------------------------------------------------------------===//

static ForwardView forwardView(ConvTransposeBackwardDataOp op) {
  return {/*transposed=*/true,
          {op.getInputGrad(), "input gradient"},
          {op.getWeight(), "weight"},
          {op.getOutputGrad(), "output gradient"},
          /*biasGrad=*/{},
          op.getStrides(),
          op.getPads(),
          op.getDilations(),
          op.getOutputPadding(),
          (int64_t)op.getGroups()};
}

LogicalResult ConvTransposeBackwardDataOp::verify() {
  return verifyForward(*this, forwardView(*this));
}

int64_t ConvTransposeBackwardDataOp::getIssuedMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvTransposeBackwardData,
                   false);
}

int64_t ConvTransposeBackwardDataOp::getUsefulMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvTransposeBackwardData,
                   true);
}

//===----------------------------------------------------------------------===//
// ConvTransposeBackwardWeightOp
//===----------------------------------------------------------------------===//

static ForwardView forwardView(ConvTransposeBackwardWeightOp op) {
  return {/*transposed=*/true,
          {op.getInput(), "input"},
          {op.getWeightGrad(), "weight gradient"},
          {op.getOutputGrad(), "output gradient"},
          op.getBiasGrad(),
          op.getStrides(),
          op.getPads(),
          op.getDilations(),
          op.getOutputPadding(),
          (int64_t)op.getGroups()};
}

LogicalResult ConvTransposeBackwardWeightOp::verify() {
  return verifyForward(*this, forwardView(*this));
}

int64_t ConvTransposeBackwardWeightOp::getIssuedMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvTransposeBackwardWeight,
                   false);
}

int64_t ConvTransposeBackwardWeightOp::getUsefulMacs() {
  return countMacs(forwardView(*this), BackwardOp::ConvTransposeBackwardWeight,
                   true);
}
