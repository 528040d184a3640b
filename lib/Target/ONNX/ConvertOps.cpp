//===- ConvertOps.cpp - ONNX operators to reram ops -----------------------===//
//
// Part of zara. One converter per ONNX operator (opsets 6 to 17). Each reads
// the node's attributes with their per-version defaults, resolves ONNX's
// conveniences into the canonical reram form (auto_pad and output_shape
// into explicit pads and output_padding; Gemm's transA/transB/alpha/beta
// into transposed or scaled constants, reram.transpose and reram.mul; the
// opset-6 `broadcast`/`axis` into NumPy broadcasting), computes the result
// shape, and builds the op, which its verifier then checks.
//
// Padding formulas (ONNX operator specification):
//  - Conv, SAME_*: out = ceil(in / s); total = max(0, (out - 1) s + ek - in)
//    with ek = (k - 1) d + 1; SAME_UPPER puts the odd pad at the end,
//    SAME_LOWER at the beginning.
//  - ConvTranspose with output_shape (or SAME_*, where out = in * s):
//    total = s (in - 1) + output_padding + ek - out; SAME_UPPER begins with
//    total / 2, every other mode ends with total / 2. A negative total (the
//    requested output is larger than the default) is extra output_padding at
//    the end, as in the backend test test_convtranspose_output_shape.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/Broadcast.h"
#include "zara/Support/ConvArithmetic.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace zara;
using namespace zara::onnx_import;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Row-major transpose of `data` (shape `shape`): output dimension j is
/// input dimension perm[j].
static std::vector<float> permuteData(ArrayRef<float> data,
                                      ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> perm) {
  size_t rank = shape.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (size_t i = rank; i-- > 1;)
    inStrides[i - 1] = inStrides[i] * shape[i];
  SmallVector<int64_t> outShape, strides;
  for (int64_t p : perm) {
    outShape.push_back(shape[p]);
    strides.push_back(inStrides[p]);
  }
  std::vector<float> out(data.size());
  SmallVector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (float &value : out) {
    value = data[offset];
    // Advance the output index (row-major) and the matching input offset.
    for (size_t j = rank; j-- > 0;) {
      offset += strides[j];
      if (++index[j] < outShape[j])
        break;
      offset -= strides[j] * outShape[j];
      index[j] = 0;
    }
  }
  return out;
}

static bool isIdentity(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (p != (int64_t)i)
      return false;
  return true;
}

/// The largest stride, dilation, pad, group or spatial size accepted:
/// products of a few of them stay far from int64 overflow.
static constexpr int64_t kMaxWindowValue = int64_t(1) << 31;

/// Floor division (ONNX's formulas are written for non-negative values).
static int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

namespace {
using Converter = LogicalResult (GraphImporter::*)();
} // namespace

bool GraphImporter::isSupported(const onnx::NodeProto &node) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return false;
  return llvm::StringSwitch<bool>(node.op_type())
      .Cases({"Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul"},
             true)
      .Cases({"BatchNormalization", "Relu", "LeakyRelu", "Tanh", "Sigmoid"},
             true)
      .Cases({"Reshape", "Flatten", "Concat", "Transpose", "Identity",
              "Constant"},
             true)
      .Default(false);
}

LogicalResult GraphImporter::convertNode() {
  StringRef op = node->op_type();
  if (op == "Conv")
    return convertConv();
  if (op == "ConvTranspose")
    return convertConvTranspose();
  if (op == "Gemm")
    return convertGemm();
  if (op == "MatMul")
    return convertMatMul();
  if (op == "Add" || op == "Sub" || op == "Mul")
    return convertElementwise();
  if (op == "BatchNormalization")
    return convertBatchNormalization();
  if (op == "Relu" || op == "LeakyRelu" || op == "Tanh" || op == "Sigmoid")
    return convertUnary();
  if (op == "Reshape")
    return convertReshape();
  if (op == "Flatten")
    return convertFlatten();
  if (op == "Concat")
    return convertConcat();
  if (op == "Transpose")
    return convertTranspose();
  if (op == "Identity")
    return convertIdentity();
  if (op == "Constant")
    return convertConstant();
  return nodeError() << "unsupported operator";
}

//===----------------------------------------------------------------------===//
// Conv and ConvTranspose
//===----------------------------------------------------------------------===//

FailureOr<GraphImporter::WindowAttrs>
GraphImporter::readWindowAttrs(Value input, Value weight) {
  ArrayRef<int64_t> in = shapeOf(input), w = shapeOf(weight);
  int64_t rank = in.size();
  if (rank < 3 || rank > 5)
    return nodeError() << "the input must have 1 to 3 spatial dimensions "
                          "(rank 3 to 5), got shape "
                       << formatShape(in);
  if ((int64_t)w.size() != rank)
    return nodeError() << "the weight has shape " << formatShape(w)
                       << " but the input has rank " << rank;
  if (llvm::any_of(in.drop_front(2), [](int64_t v) {
        return v > kMaxWindowValue;
      }) || llvm::any_of(w.drop_front(2), [](int64_t v) {
        return v > kMaxWindowValue;
      }))
    return nodeError() << "spatial sizes above " << kMaxWindowValue
                       << " are not supported";
  size_t d = rank - 2;
  WindowAttrs a;
  a.kernel.assign(w.begin() + 2, w.end());
  FailureOr<SmallVector<int64_t>> kernelShape =
      intsAttr("kernel_shape", a.kernel, d);
  FailureOr<SmallVector<int64_t>> strides =
      intsAttr("strides", SmallVector<int64_t>(d, 1), d);
  FailureOr<SmallVector<int64_t>> dilations =
      intsAttr("dilations", SmallVector<int64_t>(d, 1), d);
  FailureOr<SmallVector<int64_t>> pads =
      intsAttr("pads", SmallVector<int64_t>(2 * d, 0), 2 * d);
  if (failed(kernelShape) || failed(strides) || failed(dilations) ||
      failed(pads))
    return failure();
  if (*kernelShape != a.kernel)
    return nodeError() << "kernel_shape " << formatList(*kernelShape)
                       << " does not match the weight's spatial shape "
                       << formatList(a.kernel);
  // Bounded so that the window arithmetic cannot overflow.
  auto outside = [](ArrayRef<int64_t> values, int64_t min) {
    return llvm::any_of(values, [&](int64_t v) {
      return v < min || v > kMaxWindowValue;
    });
  };
  if (outside(*strides, 1))
    return nodeError() << "unsupported attribute value strides = "
                       << formatList(*strides);
  if (outside(*dilations, 1))
    return nodeError() << "unsupported attribute value dilations = "
                       << formatList(*dilations);
  if (outside(*pads, 0))
    return nodeError() << "unsupported attribute value pads = "
                       << formatList(*pads);
  a.strides = *strides;
  a.dilations = *dilations;
  a.pads = *pads;
  a.groups = intAttr("group", 1);
  if (a.groups < 1 || a.groups > kMaxWindowValue)
    return nodeError() << "unsupported attribute value group = " << a.groups;
  a.autoPad = stringAttr("auto_pad", "NOTSET");
  if (a.autoPad != "NOTSET" && a.autoPad != "SAME_UPPER" &&
      a.autoPad != "SAME_LOWER" && a.autoPad != "VALID")
    return nodeError() << "unsupported attribute value auto_pad = '"
                       << a.autoPad << "'";
  if (a.autoPad != "NOTSET" && llvm::any_of(a.pads, [](int64_t p) {
        return p != 0;
      }))
    return nodeError() << "attributes 'pads' and 'auto_pad' = " << a.autoPad
                       << " cannot be used together";
  return a;
}

LogicalResult GraphImporter::convertConv() {
  FailureOr<Value> x = operand(0), w = operand(1);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> b = optionalOperand(2);
  if (failed(b))
    return failure();
  FailureOr<WindowAttrs> a = readWindowAttrs(*x, *w);
  if (failed(a))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x), wt = shapeOf(*w);
  size_t d = in.size() - 2;
  SmallVector<int64_t> outShape = {in[0], wt[0]};
  for (size_t i = 0; i < d; ++i) {
    WindowDim dim;
    dim.input = in[2 + i];
    dim.kernel = a->kernel[i];
    dim.stride = a->strides[i];
    dim.dilation = a->dilations[i];
    if (a->autoPad == "VALID") {
      a->pads[i] = a->pads[d + i] = 0;
    } else if (a->autoPad != "NOTSET") {
      int64_t out = (dim.input + dim.stride - 1) / dim.stride;
      int64_t extent = (dim.kernel - 1) * dim.dilation + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * dim.stride + extent - dim.input);
      int64_t small = total / 2, large = total - total / 2;
      a->pads[i] = a->autoPad == "SAME_UPPER" ? small : large;
      a->pads[d + i] = a->autoPad == "SAME_UPPER" ? large : small;
    }
    dim.padBegin = a->pads[i];
    dim.padEnd = a->pads[d + i];
    std::optional<int64_t> out = convOutputSize(dim);
    if (!out)
      return nodeError() << "spatial dimension " << i
                         << " has no output: the dilated kernel ("
                         << (dim.kernel - 1) * dim.dilation + 1
                         << ") is larger than the padded input ("
                         << dim.input + dim.padBegin + dim.padEnd << ")";
    outShape.push_back(*out);
  }
  if (*b && shapeOf(*b).size() != 1)
    return nodeError() << "the bias must be 1-D, got shape "
                       << formatShape(shapeOf(*b));
  FailureOr<Value> result = build<reram::ConvOp>(
      RankedTensorType::get(outShape, builder.getF32Type()), *x, *w, *b,
      builder.getDenseI64ArrayAttr(a->strides),
      builder.getDenseI64ArrayAttr(a->pads),
      builder.getDenseI64ArrayAttr(a->dilations),
      builder.getI64IntegerAttr(a->groups));
  if (failed(result))
    return failure();
  return setResult(0, *result, isBatch(*x));
}

LogicalResult GraphImporter::convertConvTranspose() {
  FailureOr<Value> x = operand(0), w = operand(1);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> b = optionalOperand(2);
  if (failed(b))
    return failure();
  FailureOr<WindowAttrs> a = readWindowAttrs(*x, *w);
  if (failed(a))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x), wt = shapeOf(*w);
  size_t d = in.size() - 2;
  FailureOr<SmallVector<int64_t>> outputPadding =
      intsAttr("output_padding", SmallVector<int64_t>(d, 0), d);
  if (failed(outputPadding))
    return failure();
  if (llvm::any_of(*outputPadding,
                   [](int64_t p) { return p < 0 || p > kMaxWindowValue; }))
    return nodeError() << "unsupported attribute value output_padding = "
                       << formatList(*outputPadding);
  // output_shape lists the spatial sizes, or (as some exporters write it)
  // the whole shape.
  std::optional<SmallVector<int64_t>> outputShape;
  if (const onnx::AttributeProto *os = attr("output_shape")) {
    outputShape.emplace(os->ints().begin(), os->ints().end());
    if (outputShape->size() == d + 2)
      outputShape->erase(outputShape->begin(), outputShape->begin() + 2);
    if (outputShape->size() != d)
      return nodeError() << "attribute 'output_shape' has "
                         << os->ints_size() << " values, expected " << d;
    if (llvm::any_of(*outputShape,
                     [](int64_t v) { return v < 1 || v > kMaxWindowValue; }))
      return nodeError() << "unsupported attribute value output_shape = "
                         << formatList(*outputShape);
  }
  bool same = a->autoPad == "SAME_UPPER" || a->autoPad == "SAME_LOWER";
  SmallVector<int64_t> outShape = {in[0], wt[1] * a->groups};
  for (size_t i = 0; i < d; ++i) {
    WindowDim dim;
    dim.input = in[2 + i];
    dim.kernel = a->kernel[i];
    dim.stride = a->strides[i];
    dim.dilation = a->dilations[i];
    int64_t &padBegin = a->pads[i], &padEnd = a->pads[d + i];
    int64_t &extra = (*outputPadding)[i];
    if (outputShape || same) {
      int64_t target = outputShape ? (*outputShape)[i] : dim.input * dim.stride;
      int64_t extent = (dim.kernel - 1) * dim.dilation + 1;
      int64_t total = dim.stride * (dim.input - 1) + extra + extent - target;
      if (total >= 0) {
        int64_t half = floorDiv(total, 2);
        padBegin = a->autoPad == "SAME_UPPER" ? half : total - half;
        padEnd = total - padBegin;
      } else {
        padBegin = padEnd = 0;
        extra -= total;
        if (extra >= std::max(dim.stride, dim.dilation))
          return nodeError()
                 << "output size " << target << " of spatial dimension " << i
                 << " is out of reach: it needs output_padding " << extra
                 << ", which must be smaller than the stride (" << dim.stride
                 << ") or the dilation (" << dim.dilation << ")";
      }
    } else if (a->autoPad == "VALID") {
      padBegin = padEnd = 0;
    }
    dim.padBegin = padBegin;
    dim.padEnd = padEnd;
    dim.outputPadding = extra;
    std::optional<int64_t> out = convTransposeOutputSize(dim);
    if (!out)
      return nodeError() << "spatial dimension " << i
                         << " has no output: the pads (" << padBegin << ", "
                         << padEnd << ") remove the whole output";
    outShape.push_back(*out);
  }
  if (*b && shapeOf(*b).size() != 1)
    return nodeError() << "the bias must be 1-D, got shape "
                       << formatShape(shapeOf(*b));
  FailureOr<Value> result = build<reram::ConvTransposeOp>(
      RankedTensorType::get(outShape, builder.getF32Type()), *x, *w, *b,
      builder.getDenseI64ArrayAttr(a->strides),
      builder.getDenseI64ArrayAttr(a->pads),
      builder.getDenseI64ArrayAttr(a->dilations),
      builder.getDenseI64ArrayAttr(*outputPadding),
      builder.getI64IntegerAttr(a->groups));
  if (failed(result))
    return failure();
  return setResult(0, *result, isBatch(*x));
}

//===----------------------------------------------------------------------===//
// Gemm and MatMul
//===----------------------------------------------------------------------===//

FailureOr<Value> GraphImporter::permuteOperand(unsigned i,
                                               ArrayRef<int64_t> perm,
                                               float scale) {
  if (ConstantTensor *c = constantInput(i)) {
    if (isIdentity(perm) && scale == 1.0f)
      return materialize(*c);
    FailureOr<std::vector<float>> data = readFloats(*c);
    if (failed(data))
      return failure();
    std::vector<float> result =
        isIdentity(perm) ? std::move(*data) : permuteData(*data, c->shape, perm);
    if (scale != 1.0f)
      for (float &v : result)
        v *= scale;
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(c->shape[p]);
    return createConstant(
        c->name, shape, std::move(result),
        NameLoc::get(builder.getStringAttr(c->name), fileLoc));
  }
  FailureOr<Value> v = operand(i);
  if (failed(v))
    return failure();
  Value result = *v;
  if (!isIdentity(perm)) {
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(shapeOf(result)[p]);
    FailureOr<Value> t = build<reram::TransposeOp>(
        RankedTensorType::get(shape, builder.getF32Type()), result,
        builder.getDenseI64ArrayAttr(perm));
    if (failed(t))
      return failure();
    result = *t;
  }
  if (scale != 1.0f) {
    FailureOr<Value> m = build<reram::MulOp>(result.getType(), result,
                                             scalarConstant(scale));
    if (failed(m))
      return failure();
    result = *m;
  }
  return result;
}

LogicalResult GraphImporter::convertGemm() {
  int64_t transA = intAttr("transA", 0), transB = intAttr("transB", 0);
  float alpha = floatAttr("alpha", 1.0f), beta = floatAttr("beta", 1.0f);
  FailureOr<SmallVector<int64_t>> aShape = inputShape(0);
  if (failed(aShape))
    return failure();
  FailureOr<SmallVector<int64_t>> bShape = inputShape(1);
  if (failed(bShape))
    return failure();
  if (aShape->size() != 2 || bShape->size() != 2)
    return nodeError() << "A and B must be 2-D, got shapes "
                       << formatShape(*aShape) << " and "
                       << formatShape(*bShape);
  // Fold alpha into a constant operand when there is one.
  bool bConst = constantInput(1), aConst = constantInput(0);
  float alphaA = !bConst && aConst ? alpha : 1.0f;
  float alphaB = bConst ? alpha : 1.0f;
  bool alphaAfter = !aConst && !bConst && alpha != 1.0f;
  SmallVector<int64_t> permA = transA ? SmallVector<int64_t>{1, 0}
                                      : SmallVector<int64_t>{0, 1};
  SmallVector<int64_t> permB = transB ? SmallVector<int64_t>{1, 0}
                                      : SmallVector<int64_t>{0, 1};
  FailureOr<Value> a = permuteOperand(0, permA, alphaA);
  if (failed(a))
    return failure();
  FailureOr<Value> b = permuteOperand(1, permB, alphaB);
  if (failed(b))
    return failure();
  int64_t m = shapeOf(*a)[0], n = shapeOf(*b)[1];
  Type resultType = RankedTensorType::get({m, n}, builder.getF32Type());
  FailureOr<Value> y = build<reram::MatMulOp>(resultType, *a, *b);
  if (failed(y))
    return failure();
  if (alphaAfter) {
    y = build<reram::MulOp>(resultType, *y, scalarConstant(alpha));
    if (failed(y))
      return failure();
  }
  if (hasInput(2) && beta != 0.0f) {
    FailureOr<SmallVector<int64_t>> cShape = inputShape(2);
    if (failed(cShape))
      return failure();
    SmallVector<int64_t> mn = {m, n};
    // Opset 6: without `broadcast`, C must already be M x N.
    if (opset < 7 && intAttr("broadcast", 0) == 0 && *cShape != mn)
      return nodeError() << "C has shape " << formatShape(*cShape)
                         << " but 'broadcast' is 0, which requires "
                         << formatShape(mn);
    std::optional<SmallVector<int64_t>> bc = broadcastShapes(*cShape, mn);
    if (!bc || *bc != mn)
      return nodeError() << "C of shape " << formatShape(*cShape)
                         << " does not broadcast to the " << formatShape(mn)
                         << " result";
    SmallVector<int64_t> identity;
    for (size_t i = 0; i < cShape->size(); ++i)
      identity.push_back(i);
    FailureOr<Value> c = permuteOperand(2, identity, beta);
    if (failed(c))
      return failure();
    y = build<reram::AddOp>(resultType, *y, *c);
    if (failed(y))
      return failure();
  }
  bool batch = !transA && !aConst && isBatch(values.lookup(node->input(0)));
  return setResult(0, *y, batch);
}

LogicalResult GraphImporter::convertMatMul() {
  FailureOr<Value> a = operand(0), b = operand(1);
  if (failed(a) || failed(b))
    return failure();
  ArrayRef<int64_t> as = shapeOf(*a), bs = shapeOf(*b);
  if (as.size() != 2 || bs.size() != 2)
    return nodeError() << "only 2-D MatMul is supported, got shapes "
                       << formatShape(as) << " and " << formatShape(bs);
  FailureOr<Value> y = build<reram::MatMulOp>(
      RankedTensorType::get({as[0], bs[1]}, builder.getF32Type()), *a, *b);
  if (failed(y))
    return failure();
  return setResult(0, *y, isBatch(*a));
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::convertElementwise() {
  FailureOr<Value> a = operand(0), b = operand(1);
  if (failed(a) || failed(b))
    return failure();
  Value lhs = *a, rhs = *b;
  ArrayRef<int64_t> as = shapeOf(lhs);
  if (opset < 7) {
    // Opset 6: equal shapes, or B broadcast onto A (`broadcast` = 1),
    // aligned at `axis` when given, else at the trailing dimension.
    if (intAttr("broadcast", 0) == 0) {
      if (shapeOf(rhs) != as)
        return nodeError() << "operand shapes " << formatShape(as) << " and "
                           << formatShape(shapeOf(rhs))
                           << " differ but 'broadcast' is 0";
    } else {
      ArrayRef<int64_t> bs = shapeOf(rhs);
      if (const onnx::AttributeProto *axisAttr = attr("axis")) {
        int64_t axis = axisAttr->i();
        int64_t ra = as.size(), rb = bs.size();
        if (axis < 0)
          axis += ra;
        if (axis < 0 || axis + rb > ra)
          return nodeError() << "axis " << axisAttr->i()
                             << " cannot align B of shape " << formatShape(bs)
                             << " with A of shape " << formatShape(as);
        SmallVector<int64_t> aligned(bs);
        aligned.append(ra - axis - rb, 1);
        if (aligned.size() != bs.size()) {
          FailureOr<Value> r = build<reram::ReshapeOp>(
              RankedTensorType::get(aligned, builder.getF32Type()), rhs);
          if (failed(r))
            return failure();
          rhs = *r;
        }
      }
      std::optional<SmallVector<int64_t>> bc = broadcastShapes(as, shapeOf(rhs));
      if (!bc || ArrayRef<int64_t>(*bc) != as) {
        InFlightDiagnostic diag = nodeError();
        diag << "B of shape " << formatShape(shapeOf(*b));
        if (const onnx::AttributeProto *axisAttr = attr("axis"))
          diag << " aligned at axis " << axisAttr->i();
        return diag << " does not broadcast onto A of shape "
                    << formatShape(as);
      }
    }
  }
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(as, shapeOf(rhs));
  if (!shape)
    return nodeError() << "operand shapes " << formatShape(as) << " and "
                       << formatShape(shapeOf(rhs))
                       << " are not broadcast-compatible";
  Type type = RankedTensorType::get(*shape, builder.getF32Type());
  StringRef op = node->op_type();
  FailureOr<Value> y = op == "Add"   ? build<reram::AddOp>(type, lhs, rhs)
                       : op == "Sub" ? build<reram::SubOp>(type, lhs, rhs)
                                     : build<reram::MulOp>(type, lhs, rhs);
  if (failed(y))
    return failure();
  bool batch = (isBatch(lhs) && as.size() == shape->size()) ||
               (isBatch(rhs) && shapeOf(rhs).size() == shape->size());
  return setResult(0, *y, batch);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::convertBatchNormalization() {
  int outputs = llvm::count_if(node->output(),
                               [](const std::string &s) { return !s.empty(); });
  if (outputs > 1)
    return nodeError() << "the training form (" << outputs
                       << " outputs) is not supported, only inference (one "
                          "output)";
  if (opset < 7 && intAttr("is_test", 0) == 0)
    return nodeError() << "unsupported attribute value is_test = 0 (training "
                          "mode); only inference is supported";
  if (opset < 9 && intAttr("spatial", 1) == 0)
    return nodeError() << "unsupported attribute value spatial = 0 "
                          "(per-activation statistics)";
  if (opset >= 14 && intAttr("training_mode", 0) != 0)
    return nodeError() << "unsupported attribute value training_mode = "
                       << intAttr("training_mode", 0)
                       << "; only inference is supported";
  float epsilon = floatAttr("epsilon", 1e-5f);
  SmallVector<Value> operands;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  ArrayRef<int64_t> in = shapeOf(operands[0]);
  if (in.size() < 2)
    return nodeError() << "the input must have rank 2 or more, got shape "
                       << formatShape(in);
  static const char *names[] = {"X", "scale", "B", "mean", "var"};
  for (unsigned i = 1; i < 5; ++i)
    if (shapeOf(operands[i]).size() != 1)
      return nodeError() << names[i] << " must be 1-D, got shape "
                         << formatShape(shapeOf(operands[i]));
  FailureOr<Value> y = build<reram::BatchNormOp>(
      operands[0].getType(), operands[0], operands[1], operands[2],
      operands[3], operands[4], builder.getF32FloatAttr(epsilon));
  if (failed(y))
    return failure();
  return setResult(0, *y, isBatch(operands[0]));
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::convertUnary() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  StringRef op = node->op_type();
  Type type = x->getType();
  FailureOr<Value> y;
  if (op == "Relu")
    y = build<reram::ReluOp>(type, *x);
  else if (op == "Tanh")
    y = build<reram::TanhOp>(type, *x);
  else if (op == "Sigmoid")
    y = build<reram::SigmoidOp>(type, *x);
  else
    y = build<reram::LeakyReluOp>(type, *x,
                                  builder.getF32FloatAttr(
                                      floatAttr("alpha", 0.01f)));
  if (failed(y))
    return failure();
  return setResult(0, *y, isBatch(*x));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::convertReshape() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  if (!hasInput(1))
    return nodeError() << "missing input 1 (the target shape)";
  ConstantTensor *shapeConst = constantInput(1);
  if (!shapeConst) {
    if (!values.count(node->input(1)))
      return nodeError() << "input '" << node->input(1)
                         << "' is not defined (not a graph input, an "
                            "initializer or the output of an earlier node)";
    return nodeError() << "the target shape '" << node->input(1)
                       << "' is not a constant; only constant shapes are "
                          "supported";
  }
  if (shapeConst->shape.size() != 1)
    return nodeError() << "the target shape must be 1-D, got shape "
                       << formatShape(shapeConst->shape);
  FailureOr<std::vector<int64_t>> target = readInts(*shapeConst);
  if (failed(target))
    return failure();
  bool allowZero = opset >= 14 && intAttr("allowzero", 0) != 0;
  ArrayRef<int64_t> in = shapeOf(*x);
  SmallVector<int64_t> out(target->begin(), target->end());

  // A leading entry equal to the old batch (1) follows --batch.
  bool followed = false;
  if (batchChanged && isBatch(*x) && !out.empty() && out[0] != 0 &&
      out[0] != -1) {
    if (out[0] != 1)
      return nodeError() << "the target shape " << formatList(*target)
                         << " does not keep the batch in its leading "
                            "dimension; cannot change the batch to "
                         << options.batch;
    out[0] = options.batch;
    followed = true;
  }

  std::optional<size_t> inferred;
  for (size_t j = 0; j < out.size(); ++j) {
    int64_t &t = out[j];
    if (t == -1) {
      if (inferred)
        return nodeError() << "the target shape " << formatList(*target)
                           << " has more than one -1";
      inferred = j;
    } else if (t == 0) {
      if (allowZero)
        return nodeError() << "unsupported attribute value allowzero = 1 "
                              "with a 0 in the target shape "
                           << formatList(*target);
      if (j >= in.size())
        return nodeError() << "the target shape " << formatList(*target)
                           << " copies dimension " << j
                           << " but the input has rank " << in.size();
      t = in[j];
    } else if (t < -1) {
      return nodeError() << "invalid target shape " << formatList(*target);
    }
  }
  int64_t total = product(in);
  auto mismatch = [&]() {
    InFlightDiagnostic diag = nodeError();
    diag << "cannot reshape " << formatShape(in) << " (" << total
         << " elements) into " << formatList(*target);
    if (followed)
      diag << " with the batch changed to " << options.batch;
    return diag;
  };
  if (inferred) {
    SmallVector<int64_t> others(out);
    others.erase(others.begin() + *inferred);
    int64_t known = product(others);
    if (known == 0 || total % known != 0)
      return mismatch();
    out[*inferred] = total / known;
  }
  if (product(out) != total)
    return mismatch();
  FailureOr<Value> y = build<reram::ReshapeOp>(
      RankedTensorType::get(out, builder.getF32Type()), *x);
  if (failed(y))
    return failure();
  bool batch = isBatch(*x) && !out.empty() && out[0] == in[0];
  return setResult(0, *y, batch);
}

LogicalResult GraphImporter::convertFlatten() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size(), axis = intAttr("axis", 1);
  if (axis < 0 && opset < 11)
    return nodeError() << "negative axis " << axis
                       << " needs opset 11 or later (the model has opset "
                       << opset << ")";
  if (axis < -rank || axis > rank)
    return nodeError() << "axis " << axis << " is out of range for rank "
                       << rank;
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> out = {product(in.take_front(axis)),
                              product(in.drop_front(axis))};
  FailureOr<Value> y = build<reram::ReshapeOp>(
      RankedTensorType::get(out, builder.getF32Type()), *x);
  if (failed(y))
    return failure();
  return setResult(0, *y, isBatch(*x) && axis == 1);
}

LogicalResult GraphImporter::convertConcat() {
  SmallVector<Value> inputs;
  for (int i = 0; i < node->input_size(); ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return nodeError() << "needs at least one input";
  if (!attr("axis"))
    return nodeError() << "missing attribute 'axis'";
  int64_t axis = intAttr("axis", 0);
  int64_t rank = shapeOf(inputs[0]).size();
  if (axis < 0 && opset < 11)
    return nodeError() << "negative axis " << axis
                       << " needs opset 11 or later (the model has opset "
                       << opset << ")";
  if (axis < -rank || axis >= rank)
    return nodeError() << "axis " << axis << " is out of range for rank "
                       << rank;
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> out(shapeOf(inputs[0]));
  out[axis] = 0;
  for (auto [i, v] : llvm::enumerate(inputs)) {
    if ((int64_t)shapeOf(v).size() != rank)
      return nodeError() << "input " << i << " has shape "
                         << formatShape(shapeOf(v)) << ", expected rank "
                         << rank;
    out[axis] += shapeOf(v)[axis];
  }
  FailureOr<Value> y = build<reram::ConcatOp>(
      RankedTensorType::get(out, builder.getF32Type()), inputs,
      builder.getI64IntegerAttr(axis));
  if (failed(y))
    return failure();
  bool batch = axis != 0 && llvm::any_of(inputs, [&](Value v) {
                 return isBatch(v);
               });
  return setResult(0, *y, batch);
}

LogicalResult GraphImporter::convertTranspose() {
  FailureOr<SmallVector<int64_t>> shape = inputShape(0);
  if (failed(shape))
    return failure();
  size_t rank = shape->size();
  SmallVector<int64_t> reversed;
  for (size_t i = rank; i-- > 0;)
    reversed.push_back(i);
  FailureOr<SmallVector<int64_t>> perm = intsAttr("perm", reversed, rank);
  if (failed(perm))
    return failure();
  SmallVector<bool> seen(rank, false);
  for (int64_t p : *perm) {
    if (p < 0 || p >= (int64_t)rank || seen[p])
      return nodeError() << "unsupported attribute value perm = "
                         << formatList(*perm);
    seen[p] = true;
  }
  bool constant = constantInput(0);
  FailureOr<Value> y = permuteOperand(0, *perm, 1.0f);
  if (failed(y))
    return failure();
  bool batch = !constant && !perm->empty() && (*perm)[0] == 0 &&
               isBatch(values.lookup(node->input(0)));
  return setResult(0, *y, batch);
}

//===----------------------------------------------------------------------===//
// Identity and Constant
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::convertIdentity() {
  if (!hasInput(0))
    return nodeError() << "missing input 0";
  // A constant stays a constant (a Reshape may read it through Identity).
  if (ConstantTensor *c = constantInput(0)) {
    if (node->output_size() > 0 && !node->output(0).empty())
      constants[node->output(0)] = c;
    return success();
  }
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  return setResult(0, *x, isBatch(*x));
}

LogicalResult GraphImporter::convertConstant() {
  if (node->output_size() == 0 || node->output(0).empty())
    return success();
  onnx::NodeProto *mutableNode = graph.mutable_node(nodeIndex);
  for (onnx::AttributeProto &a : *mutableNode->mutable_attribute()) {
    StringRef name = a.name();
    onnx::TensorProto *tensor = nullptr;
    if (name == "value") {
      tensor = a.mutable_t();
    } else if (name == "value_float" || name == "value_floats" ||
               name == "value_int" || name == "value_ints") {
      tensor = &ownedTensors.emplace_back();
      if (name == "value_float") {
        tensor->set_data_type(onnx::TensorProto::FLOAT);
        tensor->add_float_data(a.f());
      } else if (name == "value_floats") {
        tensor->set_data_type(onnx::TensorProto::FLOAT);
        tensor->add_dims(a.floats_size());
        *tensor->mutable_float_data() = a.floats();
      } else if (name == "value_int") {
        tensor->set_data_type(onnx::TensorProto::INT64);
        tensor->add_int64_data(a.i());
      } else {
        tensor->set_data_type(onnx::TensorProto::INT64);
        tensor->add_dims(a.ints_size());
        *tensor->mutable_int64_data() = a.ints();
      }
    } else {
      return nodeError() << "unsupported attribute '" << name
                         << "' (only dense tensors, floats and ints)";
    }
    addConstant(node->output(0), tensor);
    return success();
  }
  return nodeError() << "has no value attribute";
}
