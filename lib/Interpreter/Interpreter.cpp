//===- Interpreter.cpp - Reference interpreter of reram IR ----------------===//
//
// Part of zara. Walks the single block of a function in order, evaluating
// each op into a map from SSA values to tensors, and frees every value after
// its last use so that memory stays bounded by the live set. The op kinds
// are dispatched to one evaluation function each (see Evaluator.h).
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/Interpreter.h"
#include "Evaluator.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cassert>

using namespace mlir;
using namespace zara;
using namespace zara::interp;
using namespace zara::reram;

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

std::string interp::getInputName(func::FuncOp func, unsigned index) {
  if (auto name = func.getArgAttrOfType<StringAttr>(
          index, ReRAMDialect::getOnnxNameAttrName()))
    return name.str();
  return "input_" + std::to_string(index);
}

std::string interp::getOutputName(func::FuncOp func, unsigned index) {
  if (auto name = func.getResultAttrOfType<StringAttr>(
          index, ReRAMDialect::getOnnxNameAttrName()))
    return name.str();
  return "output_" + std::to_string(index);
}

//===----------------------------------------------------------------------===//
// Evaluator
//===----------------------------------------------------------------------===//

const Tensor &Evaluator::get(Value value) const {
  auto it = values.find(value);
  assert(it != values.end() && "value used before its definition or freed");
  return it->second;
}

void Evaluator::set(Value value, Tensor tensor) {
  assert(ArrayRef<int64_t>(tensor.shape) ==
             cast<RankedTensorType>(value.getType()).getShape() &&
         "kernel result does not have the op's result shape");
  values[value] = std::move(tensor);
}

LogicalResult Evaluator::evaluate(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<ConstantOp, ConvOp, ConvTransposeOp, MatMulOp, BatchNormOp, ReluOp,
            LeakyReluOp, TanhOp, SigmoidOp, AddOp, SubOp, MulOp, ReshapeOp,
            TransposeOp, ConcatOp>(
          [&](auto concreteOp) { return eval(concreteOp); })
      .Case<StridedSliceOp, InterleaveOp, DepthToSpaceOp, OverlapAddOp,
            ChannelSumOp, ZeroInsertOp>(
          [&](auto concreteOp) { return eval(concreteOp); })
      .Case<ConvBackwardDataOp, ConvBackwardWeightOp,
            ConvTransposeBackwardDataOp, ConvTransposeBackwardWeightOp>(
          [&](auto concreteOp) { return eval(concreteOp); })
      .Default([](Operation *op) {
        return op->emitError()
               << "unsupported op '" << op->getName()
               << "': the interpreter executes tensor-level reram ops";
      });
}

/// Checks that `type` is a statically shaped tensor, the only kind of value
/// the interpreter holds.
static bool isStaticTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape();
}

FailureOr<SmallVector<Tensor>> Evaluator::run(func::FuncOp func,
                                              std::vector<Tensor> arguments) {
  if (func.isExternal())
    return func.emitError()
           << "function '" << func.getSymName() << "' has no body";
  if (!func.getBody().hasOneBlock())
    return func.emitError()
           << "function '" << func.getSymName() << "' has more than one block";
  Block &body = func.front();
  if (arguments.size() != body.getNumArguments())
    return func.emitError()
           << "function '" << func.getSymName() << "' takes "
           << body.getNumArguments() << " arguments, got " << arguments.size();
  for (auto [index, arg] : llvm::enumerate(body.getArguments())) {
    if (!isStaticTensor(arg.getType()))
      return func.emitError()
             << "argument #" << index << " has type " << arg.getType()
             << "; the interpreter takes statically shaped tensors";
    ArrayRef<int64_t> expected =
        cast<RankedTensorType>(arg.getType()).getShape();
    if (ArrayRef<int64_t>(arguments[index].shape) != expected)
      return func.emitError()
             << "input '" << getInputName(func, index) << "' has shape "
             << formatShape(arguments[index].shape) << ", expected "
             << formatShape(expected);
    values[arg] = std::move(arguments[index]);
  }

  // The last op that reads each value; the value is freed after it.
  llvm::DenseMap<Value, Operation *> lastUser;
  for (Operation &op : body)
    for (Value operand : op.getOperands())
      lastUser[operand] = &op;

  for (Operation &op : body) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      SmallVector<Tensor> results;
      for (Value v : ret.getOperands()) {
        if (!isStaticTensor(v.getType()))
          return ret.emitError() << "result of type " << v.getType()
                                 << " is not a statically shaped tensor";
        results.push_back(get(v));
      }
      return results;
    }
    for (Type type : op.getResultTypes())
      if (!isStaticTensor(type))
        return op.emitError() << "result of type " << type
                              << " is not a statically shaped tensor";
    if (failed(evaluate(&op)))
      return failure();
    for (Value operand : op.getOperands())
      if (lastUser.lookup(operand) == &op)
        values.erase(operand);
  }
  return func.emitError() << "function '" << func.getSymName()
                          << "' does not end in func.return";
}

FailureOr<SmallVector<Tensor>>
interp::interpret(func::FuncOp func, std::vector<Tensor> arguments) {
  Evaluator evaluator;
  return evaluator.run(func, std::move(arguments));
}

FailureOr<Tensor> Evaluator::runConstant(Value value) {
  // Depth-first post-order over the defining ops; an op may be pushed more
  // than once and is evaluated the first time all its operands are done.
  SmallVector<std::pair<Operation *, bool>> stack;
  llvm::DenseSet<Operation *> done;
  auto push = [&](Value v) -> LogicalResult {
    Operation *def = v.getDefiningOp();
    if (!def)
      return emitError(v.getLoc())
             << "value is not a compile-time constant: it depends on a "
                "function argument";
    if (!done.contains(def))
      stack.push_back({def, false});
    return success();
  };
  if (failed(push(value)))
    return failure();
  while (!stack.empty()) {
    auto [op, expanded] = stack.back();
    if (done.contains(op)) {
      stack.pop_back();
      continue;
    }
    if (expanded) {
      stack.pop_back();
      if (failed(evaluate(op)))
        return failure();
      done.insert(op);
      continue;
    }
    stack.back().second = true;
    for (Value operand : op->getOperands())
      if (failed(push(operand)))
        return failure();
  }
  return get(value);
}

FailureOr<Tensor> interp::evaluateConstant(Value value) {
  Evaluator evaluator;
  return evaluator.runConstant(value);
}
