//===- Evaluator.h - The interpreter's per-op evaluation --------*- C++ -*-===//
//
// Part of zara. Private to lib/Interpreter. The evaluator holds the value of
// every live SSA value and has one `eval` function per op kind; `evaluate`
// dispatches to them with a TypeSwitch.
//
// To support a new op: declare `LogicalResult eval(NewOp op)` here, define it
// next to its siblings (ForwardOps.cpp for the forward ops; backward and
// deformation ops get files of their own), add `NewOp` to the `.Case` list in
// Interpreter.cpp, and put the loops in Kernels.cpp if they are more than a
// few lines. An `eval` function reads its operands with `get`, computes in
// double and stores each result with `set`; it returns failure only after
// emitting a diagnostic (the IR is verified, so shape errors are asserts).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_LIB_INTERPRETER_EVALUATOR_H
#define ZARA_LIB_INTERPRETER_EVALUATOR_H

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Interpreter/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace zara {
namespace interp {

class Evaluator {
public:
  /// Runs the body of `func` on `arguments`; see `interpret`.
  mlir::FailureOr<llvm::SmallVector<Tensor>> run(mlir::func::FuncOp func,
                                                 std::vector<Tensor> arguments);

  /// Evaluates the constant chain ending in `value`; see `evaluateConstant`.
  mlir::FailureOr<Tensor> runConstant(mlir::Value value);

private:
  /// Evaluates one op of the body (not the terminator).
  mlir::LogicalResult evaluate(mlir::Operation *op);

  // Forward ops (ForwardOps.cpp).
  mlir::LogicalResult eval(reram::ConstantOp op);
  mlir::LogicalResult eval(reram::ConvOp op);
  mlir::LogicalResult eval(reram::ConvTransposeOp op);
  mlir::LogicalResult eval(reram::MatMulOp op);
  mlir::LogicalResult eval(reram::BatchNormOp op);
  mlir::LogicalResult eval(reram::ReluOp op);
  mlir::LogicalResult eval(reram::LeakyReluOp op);
  mlir::LogicalResult eval(reram::TanhOp op);
  mlir::LogicalResult eval(reram::SigmoidOp op);
  mlir::LogicalResult eval(reram::AddOp op);
  mlir::LogicalResult eval(reram::SubOp op);
  mlir::LogicalResult eval(reram::MulOp op);
  mlir::LogicalResult eval(reram::ReshapeOp op);
  mlir::LogicalResult eval(reram::TransposeOp op);
  mlir::LogicalResult eval(reram::ConcatOp op);

  // Deformation and zero-insert ops (DeformOps.cpp).
  mlir::LogicalResult eval(reram::StridedSliceOp op);
  mlir::LogicalResult eval(reram::InterleaveOp op);
  mlir::LogicalResult eval(reram::DepthToSpaceOp op);
  mlir::LogicalResult eval(reram::OverlapAddOp op);
  mlir::LogicalResult eval(reram::ChannelSumOp op);
  mlir::LogicalResult eval(reram::ZeroInsertOp op);

  // Training ops (TrainingOps.cpp).
  mlir::LogicalResult eval(reram::ConvBackwardDataOp op);
  mlir::LogicalResult eval(reram::ConvBackwardWeightOp op);
  mlir::LogicalResult eval(reram::ConvTransposeBackwardDataOp op);
  mlir::LogicalResult eval(reram::ConvTransposeBackwardWeightOp op);

  /// The value of `value`, which must have been computed and still be live.
  const Tensor &get(mlir::Value value) const;
  /// Records the value of `value`, an op result of tensor type whose shape
  /// `tensor` must have.
  void set(mlir::Value value, Tensor tensor);

  llvm::DenseMap<mlir::Value, Tensor> values;
};

} // namespace interp
} // namespace zara

#endif // ZARA_LIB_INTERPRETER_EVALUATOR_H
