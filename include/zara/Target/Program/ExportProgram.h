//===- ExportProgram.h - zisa IR to .zara program files ---------*- C++ -*-===//
//
// Part of zara. Serializes a `zisa.program` op into the FlatBuffers program
// file of include/zara/Program/Program.fbs.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_TARGET_PROGRAM_EXPORTPROGRAM_H
#define ZARA_TARGET_PROGRAM_EXPORTPROGRAM_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

namespace mlir {
class Operation;
} // namespace mlir

namespace zara {
namespace zisa {
class ProgramOp;
} // namespace zisa

/// Serializes a verified `program` into the bytes of a `.zara` file. The
/// bytes depend on nothing but the program (docs/Dialects/ZISA.md,
/// "Canonical files"), so export is deterministic and importing a file this
/// function wrote and exporting it again gives the same bytes. Fails with a
/// diagnostic on the program when it cannot be represented (a weight blob
/// without data).
mlir::LogicalResult exportProgram(zisa::ProgramOp program,
                                  llvm::SmallVectorImpl<uint8_t> &bytes);

/// Exports the only `zisa.program` in `op` (a module, or the program op
/// itself) to `os`. Emits an error when there is none or more than one.
mlir::LogicalResult exportProgram(mlir::Operation *op, llvm::raw_ostream &os);

/// Registers `--export-program` (zisa IR to a .zara file) and
/// `--test-program-roundtrip` (IR to a file and back to IR) with
/// mlir-translate.
void registerExportProgramTranslation();

} // namespace zara

#endif // ZARA_TARGET_PROGRAM_EXPORTPROGRAM_H
