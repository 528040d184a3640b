//===- ForwardOps.cpp - Evaluation of the forward reram ops ---------------===//
//
// Part of zara. One `eval` function per forward tensor-level op: each
// extracts operands and attributes, converts f32 attributes to double and
// calls the kernel of Kernels.h. Constants are decoded from `dense` and
// `dense_resource` attributes here.
//
//===----------------------------------------------------------------------===//

#include "Evaluator.h"

#include "zara/Interpreter/Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace zara;
using namespace zara::interp;
using namespace zara::reram;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::eval(ConstantOp op) {
  ElementsAttr attr = op.getValue();
  auto type = cast<ShapedType>(attr.getType());
  if (!type.getElementType().isF32())
    return op.emitError() << "constant of element type "
                          << type.getElementType()
                          << " is not supported; expected f32";
  int64_t count = type.getNumElements();

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    std::vector<double> data;
    data.reserve(count);
    for (float value : dense.getValues<float>())
      data.push_back(value);
    set(op.getOutput(), Tensor(type.getShape(), std::move(data)));
    return success();
  }

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    AsmResourceBlob *blob = handle.getBlob();
    if (!blob)
      return op.emitError()
             << "constant 'dense_resource<" << handle.getKey()
             << ">' has no data (the resource was elided when the IR was "
                "printed, or is missing from the file's dialect_resources)";
    ArrayRef<char> bytes = blob->getData();
    if ((int64_t)bytes.size() != count * (int64_t)sizeof(float))
      return op.emitError() << "constant 'dense_resource<" << handle.getKey()
                            << ">' holds " << bytes.size() << " bytes, but "
                            << type << " needs " << count * sizeof(float);
    // Resource blobs hold the elements in the host's byte order.
    std::vector<double> data(count);
    for (int64_t i = 0; i < count; ++i) {
      float value;
      std::memcpy(&value, bytes.data() + i * sizeof(float), sizeof(float));
      data[i] = value;
    }
    set(op.getOutput(), Tensor(type.getShape(), std::move(data)));
    return success();
  }

  return op.emitError() << "unsupported constant attribute " << attr
                        << "; expected dense or dense_resource";
}

//===----------------------------------------------------------------------===//
// Sliding-window ops
//===----------------------------------------------------------------------===//

template <typename OpTy> static WindowParams windowParams(OpTy op) {
  WindowParams params;
  params.strides.assign(op.getStrides().begin(), op.getStrides().end());
  params.padsBegin.assign(op.getPadsBegin().begin(), op.getPadsBegin().end());
  params.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  params.groups = (int64_t)op.getGroups();
  return params;
}

LogicalResult Evaluator::eval(ConvOp op) {
  const Tensor *bias = op.getBias() ? &get(op.getBias()) : nullptr;
  set(op.getOutput(), conv(get(op.getInput()), get(op.getWeight()), bias,
                           windowParams(op), shapeOf(op.getOutput())));
  return success();
}

LogicalResult Evaluator::eval(ConvTransposeOp op) {
  const Tensor *bias = op.getBias() ? &get(op.getBias()) : nullptr;
  set(op.getOutput(),
      convTranspose(get(op.getInput()), get(op.getWeight()), bias,
                    windowParams(op), shapeOf(op.getOutput())));
  return success();
}

//===----------------------------------------------------------------------===//
// Matrix product and normalisation
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::eval(MatMulOp op) {
  set(op.getOutput(), matmul(get(op.getLhs()), get(op.getRhs())));
  return success();
}

LogicalResult Evaluator::eval(BatchNormOp op) {
  double epsilon = op.getEpsilonAttr().getValueAsDouble();
  set(op.getOutput(),
      batchNorm(get(op.getInput()), get(op.getScale()), get(op.getBias()),
                get(op.getMean()), get(op.getVariance()), epsilon));
  return success();
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::eval(ReluOp op) {
  set(op.getOutput(), mapElements(get(op.getInput()),
                                  [](double x) { return x > 0 ? x : 0.0; }));
  return success();
}

LogicalResult Evaluator::eval(LeakyReluOp op) {
  double alpha = op.getAlphaAttr().getValueAsDouble();
  set(op.getOutput(), mapElements(get(op.getInput()), [alpha](double x) {
        return x >= 0 ? x : alpha * x;
      }));
  return success();
}

LogicalResult Evaluator::eval(TanhOp op) {
  set(op.getOutput(),
      mapElements(get(op.getInput()), [](double x) { return std::tanh(x); }));
  return success();
}

LogicalResult Evaluator::eval(SigmoidOp op) {
  set(op.getOutput(), mapElements(get(op.getInput()), [](double x) {
        return 1.0 / (1.0 + std::exp(-x));
      }));
  return success();
}

LogicalResult Evaluator::eval(AddOp op) {
  set(op.getOutput(),
      broadcastBinary(BinaryKind::Add, get(op.getLhs()), get(op.getRhs()),
                      shapeOf(op.getOutput())));
  return success();
}

LogicalResult Evaluator::eval(SubOp op) {
  set(op.getOutput(),
      broadcastBinary(BinaryKind::Sub, get(op.getLhs()), get(op.getRhs()),
                      shapeOf(op.getOutput())));
  return success();
}

LogicalResult Evaluator::eval(MulOp op) {
  set(op.getOutput(),
      broadcastBinary(BinaryKind::Mul, get(op.getLhs()), get(op.getRhs()),
                      shapeOf(op.getOutput())));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::eval(ReshapeOp op) {
  // Row-major reshape keeps the element order.
  set(op.getOutput(), Tensor(shapeOf(op.getOutput()), get(op.getInput()).data));
  return success();
}

LogicalResult Evaluator::eval(TransposeOp op) {
  set(op.getOutput(), transpose(get(op.getInput()), op.getPermutation()));
  return success();
}

LogicalResult Evaluator::eval(ConcatOp op) {
  SmallVector<const Tensor *> inputs;
  for (Value v : op.getInputs())
    inputs.push_back(&get(v));
  set(op.getOutput(), concat(inputs, op.getAxis(), shapeOf(op.getOutput())));
  return success();
}
