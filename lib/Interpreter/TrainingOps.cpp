//===- TrainingOps.cpp - Evaluation of the backward reram ops -------------===//
//
// Part of zara. One `eval` function per backward op: each extracts its
// operands and the forward op's attributes and calls the kernel of
// TrainingKernels.h, which computes the gradient in double from the
// adjoint definition. The result types give the shapes of the gradients.
//
//===----------------------------------------------------------------------===//

#include "Evaluator.h"

#include "zara/Interpreter/TrainingKernels.h"

using namespace mlir;
using namespace zara;
using namespace zara::interp;
using namespace zara::reram;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// The forward op's strides, begin pads, dilations and groups. The end pads
/// and output_padding only fix sizes, which the tensors' shapes state.
template <typename OpTy> static WindowParams forwardParams(OpTy op) {
  WindowParams params;
  params.strides.assign(op.getStrides().begin(), op.getStrides().end());
  params.padsBegin.assign(op.getPadsBegin().begin(), op.getPadsBegin().end());
  params.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  params.groups = (int64_t)op.getGroups();
  return params;
}

LogicalResult Evaluator::eval(ConvBackwardDataOp op) {
  set(op.getInputGrad(),
      convBackwardData(get(op.getOutputGrad()), get(op.getWeight()),
                       forwardParams(op), shapeOf(op.getInputGrad())));
  return success();
}

LogicalResult Evaluator::eval(ConvBackwardWeightOp op) {
  auto [dw, db] =
      convBackwardWeight(get(op.getInput()), get(op.getOutputGrad()),
                         forwardParams(op), shapeOf(op.getWeightGrad()));
  set(op.getWeightGrad(), std::move(dw));
  set(op.getBiasGrad(), std::move(db));
  return success();
}

LogicalResult Evaluator::eval(ConvTransposeBackwardDataOp op) {
  set(op.getInputGrad(),
      convTransposeBackwardData(get(op.getOutputGrad()), get(op.getWeight()),
                                forwardParams(op), shapeOf(op.getInputGrad())));
  return success();
}

LogicalResult Evaluator::eval(ConvTransposeBackwardWeightOp op) {
  auto [dw, db] = convTransposeBackwardWeight(
      get(op.getInput()), get(op.getOutputGrad()), forwardParams(op),
      shapeOf(op.getWeightGrad()));
  set(op.getWeightGrad(), std::move(dw));
  set(op.getBiasGrad(), std::move(db));
  return success();
}
