//===- Interpreter.h - Reference interpreter of reram IR --------*- C++ -*-===//
//
// Part of zara. Executes a function of tensor-level `reram` IR in double
// precision with plain loops: the oracle that every lowering of the
// compiler is checked against (tool: zara-interp).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_INTERPRETER_INTERPRETER_H
#define ZARA_INTERPRETER_INTERPRETER_H

#include "zara/Interpreter/Tensor.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace mlir {
class Value;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace zara {
namespace interp {

/// The ONNX name of argument `index` of `func` (its `reram.onnx_name`
/// attribute), or `input_<index>` when it has none.
std::string getInputName(mlir::func::FuncOp func, unsigned index);

/// The ONNX name of result `index` of `func` (its `reram.onnx_name`
/// attribute), or `output_<index>` when it has none.
std::string getOutputName(mlir::func::FuncOp func, unsigned index);

/// Executes the verified function `func` on `arguments` (one per function
/// argument, in order, shaped as the argument types) and returns its results
/// in order. Errors — an argument of the wrong shape, an op the interpreter
/// does not know, a constant whose data is missing — are emitted as
/// diagnostics located at the function or the op, and yield failure.
mlir::FailureOr<llvm::SmallVector<Tensor>>
interpret(mlir::func::FuncOp func, std::vector<Tensor> arguments);

/// Computes `value`, a value every operand chain of which ends in
/// `reram.constant` ops (no function arguments), at compile time: the
/// compiler's constant folding of weight rearrangements (transposes, slices
/// of deformed kernels) and of batch-norm statistics. Emits a diagnostic and
/// fails when the chain reaches anything else.
mlir::FailureOr<Tensor> evaluateConstant(mlir::Value value);

} // namespace interp
} // namespace zara

#endif // ZARA_INTERPRETER_INTERPRETER_H
