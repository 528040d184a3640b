//===- ReRAMOps.cpp - ReRAM op verifiers, folders and interfaces ----------===//
//
// Part of zara. Every shape relation of the tensor-level ops is checked
// here; the importer relies on these verifiers to reject inconsistent
// models, so each rule has a -verify-diagnostics test (invalid.mlir), and
// the messages name the quantity and both values because they reach users
// prefixed with the ONNX node.
//
// The MAC counts of MacCountOpInterface are computed per spatial dimension
// by ConvArithmetic and multiplied (saturating) by the channel factors. The
// folders never copy a dense_resource blob: a reshape retypes it, a
// transpose leaves it alone.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/Broadcast.h"
#include "zara/Support/ConvArithmetic.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;
using namespace zara;
using namespace zara::reram;

#include "zara/Dialect/ReRAM/IR/ReRAMInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "zara/Dialect/ReRAM/IR/ReRAMOps.cpp.inc"

/// The static shape of a value (every reram value is a ranked tensor).
static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

//===----------------------------------------------------------------------===//
// Sliding-window ops
//===----------------------------------------------------------------------===//

namespace {
/// The operands and attributes that conv and conv_transpose share.
struct WindowOperands {
  Value input, weight, bias, output;
  ArrayRef<int64_t> strides, pads, dilations, outputPadding;
  int64_t groups;
};
} // namespace

/// Checks the attributes that do not depend on the op kind: ranks, attribute
/// lengths and ranges. Returns the number of spatial dimensions on success.
static FailureOr<int64_t> verifyWindowCommon(Operation *op,
                                             const WindowOperands &w,
                                             bool transposed) {
  auto inShape = shapeOf(w.input);
  int64_t rank = inShape.size();
  if (rank < 3 || rank > 5)
    return op->emitOpError("input must have rank 3, 4 or 5 (N x C x 1-3 "
                           "spatial dims), got rank ")
           << rank;
  if ((int64_t)shapeOf(w.weight).size() != rank)
    return op->emitOpError("weight rank ")
           << shapeOf(w.weight).size() << " does not match input rank "
           << rank;
  if ((int64_t)shapeOf(w.output).size() != rank)
    return op->emitOpError("result rank ")
           << shapeOf(w.output).size() << " does not match input rank "
           << rank;
  int64_t d = rank - 2;
  if ((int64_t)w.strides.size() != d)
    return op->emitOpError("expected ")
           << d << " strides, got " << w.strides.size();
  if ((int64_t)w.dilations.size() != d)
    return op->emitOpError("expected ")
           << d << " dilations, got " << w.dilations.size();
  if ((int64_t)w.pads.size() != 2 * d)
    return op->emitOpError("expected ")
           << 2 * d << " pads (begin pads, then end pads), got "
           << w.pads.size();
  if (transposed && (int64_t)w.outputPadding.size() != d)
    return op->emitOpError("expected ")
           << d << " output_padding values, got " << w.outputPadding.size();
  if (llvm::any_of(w.strides, [](int64_t s) { return s < 1; }))
    return op->emitOpError("strides must be positive");
  if (llvm::any_of(w.dilations, [](int64_t s) { return s < 1; }))
    return op->emitOpError("dilations must be positive");
  if (llvm::any_of(w.pads, [](int64_t s) { return s < 0; }))
    return op->emitOpError("pads must be non-negative");
  for (int64_t i = 0; i < (int64_t)w.outputPadding.size(); ++i) {
    int64_t a = w.outputPadding[i];
    if (a < 0 || a >= std::max(w.strides[i], w.dilations[i]))
      return op->emitOpError("output_padding[")
             << i << "] = " << a
             << " must be non-negative and smaller than the stride or the "
                "dilation of its dimension";
  }
  if (llvm::any_of(shapeOf(w.weight).drop_front(2),
                   [](int64_t k) { return k < 1; }))
    return op->emitOpError("kernel sizes must be positive");
  return d;
}

/// Checks the output shape against the window arithmetic of each dimension.
static LogicalResult verifySpatialSizes(Operation *op, const WindowOperands &w,
                                        int64_t d, bool transposed) {
  auto inShape = shapeOf(w.input);
  auto wShape = shapeOf(w.weight);
  auto outShape = shapeOf(w.output);
  for (int64_t i = 0; i < d; ++i) {
    WindowDim dim;
    dim.input = inShape[2 + i];
    dim.kernel = wShape[2 + i];
    dim.stride = w.strides[i];
    dim.dilation = w.dilations[i];
    dim.padBegin = w.pads[i];
    dim.padEnd = w.pads[d + i];
    dim.outputPadding = transposed ? w.outputPadding[i] : 0;
    std::optional<int64_t> expected =
        transposed ? convTransposeOutputSize(dim) : convOutputSize(dim);
    if (!expected) {
      InFlightDiagnostic diag = op->emitOpError("spatial dimension ")
                                << i << " has no output: input " << dim.input
                                << ", kernel " << dim.kernel << ", stride "
                                << dim.stride << ", dilation " << dim.dilation
                                << ", pads " << dim.padBegin << "/"
                                << dim.padEnd;
      if (transposed)
        diag << ", output_padding " << dim.outputPadding;
      return diag;
    }
    if (outShape[2 + i] != *expected)
      return op->emitOpError("result spatial dimension ")
             << i << " is " << outShape[2 + i] << " but "
             << (transposed ? "the transposed-convolution" : "the convolution")
             << " arithmetic gives " << *expected;
  }
  return success();
}

/// Checks that an optional bias has one element per output channel.
static LogicalResult verifyBias(Operation *op, Value bias, int64_t channels) {
  if (!bias)
    return success();
  int64_t n = shapeOf(bias)[0];
  if (n != channels)
    return op->emitOpError("bias has ")
           << n << " elements but the result has " << channels
           << " channels";
  return success();
}

LogicalResult ConvOp::verify() {
  WindowOperands w{getInput(),   getWeight(),    getBias(), getOutput(),
                   getStrides(), getPads(),      getDilations(), {},
                   (int64_t)getGroups()};
  FailureOr<int64_t> d = verifyWindowCommon(*this, w, /*transposed=*/false);
  if (failed(d))
    return failure();
  auto in = shapeOf(getInput()), wt = shapeOf(getWeight()),
       out = shapeOf(getOutput());
  int64_t g = getGroups();
  if (in[1] % g != 0)
    return emitOpError("input channels (")
           << in[1] << ") are not divisible by groups (" << g << ")";
  if (wt[0] % g != 0)
    return emitOpError("output channels (")
           << wt[0] << ") are not divisible by groups (" << g << ")";
  if (wt[1] * g != in[1])
    return emitOpError("weight expects ")
           << wt[1] << " input channels per group, but the input has "
           << in[1] << " channels in " << g << " group(s)";
  if (out[0] != in[0])
    return emitOpError("result batch ")
           << out[0] << " does not match input batch " << in[0];
  if (out[1] != wt[0])
    return emitOpError("result has ")
           << out[1] << " channels but the weight has " << wt[0]
           << " output channels";
  if (failed(verifyBias(*this, getBias(), wt[0])))
    return failure();
  return verifySpatialSizes(*this, w, *d, /*transposed=*/false);
}

LogicalResult ConvTransposeOp::verify() {
  WindowOperands w{getInput(),   getWeight(), getBias(),      getOutput(),
                   getStrides(), getPads(),   getDilations(), getOutputPadding(),
                   (int64_t)getGroups()};
  FailureOr<int64_t> d = verifyWindowCommon(*this, w, /*transposed=*/true);
  if (failed(d))
    return failure();
  auto in = shapeOf(getInput()), wt = shapeOf(getWeight()),
       out = shapeOf(getOutput());
  int64_t g = getGroups();
  if (in[1] % g != 0)
    return emitOpError("input channels (")
           << in[1] << ") are not divisible by groups (" << g << ")";
  if (wt[0] != in[1])
    return emitOpError("weight has ")
           << wt[0] << " input channels but the input has " << in[1];
  if (out[0] != in[0])
    return emitOpError("result batch ")
           << out[0] << " does not match input batch " << in[0];
  if (out[1] != wt[1] * g)
    return emitOpError("result has ")
           << out[1] << " channels but weight and groups give " << wt[1] * g;
  if (failed(verifyBias(*this, getBias(), wt[1] * g)))
    return failure();
  return verifySpatialSizes(*this, w, *d, /*transposed=*/true);
}

/// The per-dimension geometry of a window op, for the MAC counts.
template <typename OpTy>
static SmallVector<WindowDim> windowDims(OpTy op) {
  auto in = shapeOf(op.getInput()), wt = shapeOf(op.getWeight());
  int64_t d = op.getNumSpatialDims();
  SmallVector<WindowDim> dims;
  for (int64_t i = 0; i < d; ++i) {
    WindowDim dim;
    dim.input = in[2 + i];
    dim.kernel = wt[2 + i];
    dim.stride = op.getStrides()[i];
    dim.dilation = op.getDilations()[i];
    dim.padBegin = op.getPads()[i];
    dim.padEnd = op.getPads()[d + i];
    dims.push_back(dim);
  }
  return dims;
}

int64_t ConvOp::getIssuedMacs() {
  auto wt = shapeOf(getWeight()), out = shapeOf(getOutput());
  // Every output element times every tap of its group's input channels.
  return product({product(out), product(wt.drop_front(1))});
}

int64_t ConvOp::getUsefulMacs() {
  auto wt = shapeOf(getWeight()), out = shapeOf(getOutput());
  // A convolution over a zero_insert result (the naive transposed
  // convolution of the baseline) must not count the inserted zeros as data.
  auto inserted = getInput().getDefiningOp<ZeroInsertOp>();
  int64_t taps = 1;
  for (auto [i, dim] : llvm::enumerate(windowDims(*this))) {
    int64_t useful;
    if (inserted) {
      ZeroInsertedDim z;
      z.original = shapeOf(inserted.getInput())[2 + i];
      z.stride = inserted.getStrides()[i];
      z.padBegin = inserted.getPads()[i];
      z.length = shapeOf(inserted.getOutput())[2 + i];
      useful = convUsefulTapsOverZeroInserted(dim, out[2 + i], z);
    } else {
      useful = convUsefulTaps(dim, out[2 + i]);
    }
    taps = product({taps, useful});
  }
  return product({out[0], out[1], wt[1], taps});
}

int64_t ConvTransposeOp::getIssuedMacs() {
  // Zero-inserting form: a stride-1 convolution over the dilated, padded
  // input, one window per output element, every tap of Cin/g channels.
  auto wt = shapeOf(getWeight()), out = shapeOf(getOutput());
  int64_t cinPerGroup = wt[0] / getGroups();
  return product({product(out), cinPerGroup, product(wt.drop_front(2))});
}

int64_t ConvTransposeOp::getUsefulMacs() {
  auto in = shapeOf(getInput()), wt = shapeOf(getWeight()),
       out = shapeOf(getOutput());
  int64_t taps = 1;
  for (auto [i, dim] : llvm::enumerate(windowDims(*this)))
    taps = product({taps, convTransposeUsefulTaps(dim, out[2 + i])});
  // Every input channel reaches the Cout/g outputs of its group.
  return product({in[0], in[1], wt[1], taps});
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  // ODS guarantees that all three are 2-D.
  auto a = shapeOf(getLhs()), b = shapeOf(getRhs()), c = shapeOf(getOutput());
  if (a[1] != b[0])
    return emitOpError("contracting dimensions differ: lhs is ")
           << a[0] << "x" << a[1] << ", rhs is " << b[0] << "x" << b[1];
  if (c[0] != a[0] || c[1] != b[1])
    return emitOpError("result must be ")
           << a[0] << "x" << b[1] << ", got " << c[0] << "x" << c[1];
  return success();
}

int64_t MatMulOp::getIssuedMacs() {
  auto a = shapeOf(getLhs()), b = shapeOf(getRhs());
  return product({a[0], a[1], b[1]});
}

int64_t MatMulOp::getUsefulMacs() { return getIssuedMacs(); }

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  auto in = shapeOf(getInput());
  if (in.size() < 2)
    return emitOpError("input must have rank 2 or more (N x C x ...), got "
                       "rank ")
           << in.size();
  if (getInput().getType() != getOutput().getType())
    return emitOpError("result type must match the input type");
  for (auto [name, v] : {std::pair<StringRef, Value>{"scale", getScale()},
                         {"bias", getBias()},
                         {"mean", getMean()},
                         {"variance", getVariance()}}) {
    if (shapeOf(v)[0] != in[1])
      return emitOpError() << name << " has " << shapeOf(v)[0]
                           << " elements but the input has " << in[1]
                           << " channels";
  }
  // Written so that NaN fails too.
  if (!(getEpsilon().convertToFloat() >= 0))
    return emitOpError("epsilon must be non-negative, got ")
           << (double)getEpsilon().convertToFloat();
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBroadcast(Operation *op, Value lhs, Value rhs,
                                     Value out) {
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(shapeOf(lhs), shapeOf(rhs));
  if (!shape)
    return op->emitOpError("operand shapes ")
           << lhs.getType() << " and " << rhs.getType()
           << " are not broadcast-compatible";
  if (ArrayRef<int64_t>(*shape) != shapeOf(out))
    return op->emitOpError("result type ")
           << out.getType() << " does not match the broadcast shape of "
           << lhs.getType() << " and " << rhs.getType();
  return success();
}

LogicalResult AddOp::verify() {
  return verifyBroadcast(*this, getLhs(), getRhs(), getOutput());
}
LogicalResult SubOp::verify() {
  return verifyBroadcast(*this, getLhs(), getRhs(), getOutput());
}
LogicalResult MulOp::verify() {
  return verifyBroadcast(*this, getLhs(), getRhs(), getOutput());
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  int64_t in = product(shapeOf(getInput()));
  int64_t out = product(shapeOf(getOutput()));
  if (in != out)
    return emitOpError("cannot reshape ")
           << in << " elements into " << out << " elements";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  auto type = cast<RankedTensorType>(getOutput().getType());
  if (getInput().getType() == type)
    return getInput();
  // A reshape of a constant is the same elements with the result type; a
  // resource keeps its blob, so folding never copies weights.
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(type);
  if (auto resource =
          dyn_cast_if_present<DenseResourceElementsAttr>(adaptor.getInput()))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  // reshape(reshape(x)) == reshape(x) with the outer type.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> perm = getPermutation();
  if (perm.size() != in.size())
    return emitOpError("permutation length ")
           << perm.size() << " does not match input rank " << in.size();
  SmallVector<bool> seen(in.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= (int64_t)in.size() || seen[p])
      return emitOpError("permutation must be a permutation of 0..")
             << in.size() - 1;
    seen[p] = true;
  }
  if (out.size() != in.size())
    return emitOpError("result rank ")
           << out.size() << " does not match input rank " << in.size();
  for (size_t j = 0; j < perm.size(); ++j)
    if (out[j] != in[perm[j]])
      return emitOpError("result dimension ")
             << j << " is " << out[j] << " but input dimension " << perm[j]
             << " is " << in[perm[j]];
  return success();
}

/// Transposes the f32 elements of `value` (of type `inType`) by `perm` into
/// `outType`.
static DenseElementsAttr transposeElements(DenseElementsAttr value,
                                           RankedTensorType inType,
                                           RankedTensorType outType,
                                           ArrayRef<int64_t> perm) {
  if (value.isSplat())
    return value.resizeSplat(outType);
  ArrayRef<int64_t> inShape = inType.getShape(), outShape = outType.getShape();
  int64_t rank = inShape.size();
  // Row-major strides of the input, gathered in result-dimension order.
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * inShape[i + 1];
  SmallVector<int64_t> gatherStrides;
  for (int64_t p : perm)
    gatherStrides.push_back(inStrides[p]);

  auto values = value.getValues<float>();
  SmallVector<float> result;
  result.reserve(outType.getNumElements());
  SmallVector<int64_t> index(rank, 0);
  for (int64_t n = 0, e = outType.getNumElements(); n < e; ++n) {
    int64_t source = 0;
    for (int64_t j = 0; j < rank; ++j)
      source += index[j] * gatherStrides[j];
    result.push_back(values[source]);
    // Advance the result index like an odometer, last dimension fastest.
    for (int64_t j = rank - 1; j >= 0; --j) {
      if (++index[j] < outShape[j])
        break;
      index[j] = 0;
    }
  }
  return DenseElementsAttr::get(outType, ArrayRef<float>(result));
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  auto inType = cast<RankedTensorType>(getInput().getType());
  auto outType = cast<RankedTensorType>(getOutput().getType());
  // Only `dense` constants fold: transposing a `dense_resource` weight would
  // copy it into a new attribute.
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    return transposeElements(dense, inType, outType, perm);
  // transpose(transpose(x, p1), p2) == transpose(x, p1 o p2): result dim k is
  // inner result dim p2[k], which is input dim p1[p2[k]].
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(innerPerm[p]);
    setPermutation(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto out = shapeOf(getOutput());
  int64_t axis = getAxis();
  if (axis >= (int64_t)out.size())
    return emitOpError("axis ") << axis << " is out of range for rank "
                                << out.size();
  int64_t sum = 0;
  for (auto [idx, v] : llvm::enumerate(getInputs())) {
    auto s = shapeOf(v);
    if (s.size() != out.size())
      return emitOpError("input ")
             << idx << " rank " << s.size() << " does not match result rank "
             << out.size();
    for (size_t i = 0; i < s.size(); ++i)
      if ((int64_t)i != axis && s[i] != out[i])
        return emitOpError("input ")
               << idx << " dimension " << i << " is " << s[i]
               << " but the result's is " << out[i];
    sum += s[axis];
  }
  if (sum != out[axis])
    return emitOpError("result dimension ")
           << axis << " is " << out[axis] << " but the inputs add up to "
           << sum;
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  // One input: the verifier made its type the result type.
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  // A blob is raw bytes: make sure it has the size and alignment of its type
  // before anything reads it as floats. A blob that is not loaded (elided on
  // printing, or never given) is not checked.
  auto resource = dyn_cast<DenseResourceElementsAttr>(getValue());
  if (!resource)
    return success();
  DenseResourceElementsHandle handle = resource.getRawHandle();
  const AsmResourceBlob *blob = handle.getBlob();
  if (!blob)
    return success();
  auto type = cast<RankedTensorType>(getOutput().getType());
  int64_t expected = product({type.getNumElements(), (int64_t)sizeof(float)});
  if ((int64_t)blob->getData().size() != expected)
    return emitOpError("dense_resource blob '")
           << handle.getKey() << "' holds " << blob->getData().size()
           << " bytes but " << type << " needs " << expected;
  if (blob->getDataAlignment() % alignof(float) != 0)
    return emitOpError("dense_resource blob '")
           << handle.getKey() << "' is aligned to " << blob->getDataAlignment()
           << " bytes but f32 elements need " << alignof(float);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }
