//===- TranslateRegistration.cpp - Register the ONNX translation ----------===//
//
// Part of zara. Registers `--import-onnx` for zara-translate.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;

void zara::registerImportONNXTranslation() {
  static llvm::cl::opt<int64_t> batch(
      "batch", llvm::cl::desc("Batch size of the imported model's inputs"),
      llvm::cl::init(1));
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model (binary or text) into reram IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        ONNXImportOptions options;
        options.batch = batch;
        return importONNX(sourceMgr, context, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<reram::ReRAMDialect, func::FuncDialect>();
      });
}
