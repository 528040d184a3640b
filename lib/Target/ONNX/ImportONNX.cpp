//===- ImportONNX.cpp - ONNX importer (work in progress) ------------------===//
#include "zara/Target/ONNX/ImportONNX.h"
#include "onnx/onnx_pb.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/SourceMgr.h"
using namespace mlir;
OwningOpRef<ModuleOp> zara::importONNX(llvm::SourceMgr &sourceMgr,
                                       MLIRContext *context,
                                       const ONNXImportOptions &) {
  auto *buf = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  emitError(FileLineColLoc::get(context, buf->getBufferIdentifier(), 0, 0),
            "not implemented");
  return {};
}
