//===- ImportProgram.h - .zara program files to zisa IR ---------*- C++ -*-===//
//
// Part of zara. Reads a FlatBuffers program file back into a `zisa.program`
// op.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_TARGET_PROGRAM_IMPORTPROGRAM_H
#define ZARA_TARGET_PROGRAM_IMPORTPROGRAM_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace zara {

/// Reads the `.zara` file `bytes` (named `bufferName` in diagnostics) into a
/// module holding one `zisa.program`. The file is checked in the order the
/// simulator checks it: size and file identifier, the version (a newer or
/// older major version is refused, naming both versions), the FlatBuffers
/// verifier, then the conversion and the zisa verifiers. Returns null after
/// emitting an error for any file that is not a valid program; never
/// crashes on damaged input. Ops are located at their debug table entry
/// (the ONNX node) or, without one, at `<bufferName>:0:<byte offset>` of
/// their table.
mlir::OwningOpRef<mlir::ModuleOp> importProgram(llvm::StringRef bytes,
                                                mlir::MLIRContext *context,
                                                llvm::StringRef bufferName);

/// Registers `--import-program` (a .zara file to zisa IR) with
/// mlir-translate.
void registerImportProgramTranslation();

} // namespace zara

#endif // ZARA_TARGET_PROGRAM_IMPORTPROGRAM_H
