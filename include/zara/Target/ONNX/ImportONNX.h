//===- ImportONNX.h - Import ONNX models into the reram dialect -*- C++ -*-===//
//
// Part of zara. The ONNX importer: binary `.onnx` files and the ONNX text
// format become a `func.func` of tensor-level `reram` ops.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_TARGET_ONNX_IMPORTONNX_H
#define ZARA_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace zara {

/// Options of the ONNX importer.
struct ONNXImportOptions {
  /// The batch: dimension 0 of every graph input that feeds data (inputs
  /// that only feed weight operands have no batch), whether it is symbolic
  /// or fixed at 1 in the model. A fixed leading dimension other than 1 is
  /// the model's own batch: kept when `batch` is 1, an error otherwise. A
  /// Reshape to a constant shape whose leading entry is the old batch (1)
  /// follows; one that does not keep the batch in front is an error.
  int64_t batch = 1;
};

/// Imports the ONNX model held by the main buffer of `sourceMgr` (binary
/// protobuf or ONNX text format, told apart by content; opsets 6 to 17) into
/// a module holding one `func.func` named after the graph. Errors are
/// emitted as diagnostics located at the file and ONNX node (`node 'name'
/// (OpType): ...`); returns null on error. Never throws.
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
           const ONNXImportOptions &options = {});

/// Registers the `--import-onnx` translation (with its `--batch` option).
void registerImportONNXTranslation();

} // namespace zara

#endif // ZARA_TARGET_ONNX_IMPORTONNX_H
