//===- TranslateRegistration.cpp - Register the program translations ------===//
//
// Part of zara. Registers `--export-program`, `--import-program` and
// `--test-program-roundtrip` for zara-translate, after the serialize,
// deserialize and round-trip translations of SPIR-V: the round trip lets
// lit tests check the binary format as text.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ZISA/IR/ZISADialect.h"
#include "zara/Dialect/ZISA/IR/ZISAOps.h"
#include "zara/Target/Program/ExportProgram.h"
#include "zara/Target/Program/ImportProgram.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static void registerZISA(DialectRegistry &registry) {
  registry.insert<zara::zisa::ZISADialect>();
}

void zara::registerImportProgramTranslation() {
  TranslateToMLIRRegistration registration(
      "import-program", "Import a .zara program file into zisa IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return importProgram(buffer->getBuffer(), context,
                             buffer->getBufferIdentifier());
      },
      registerZISA);
}

/// Exports the program in `op`, imports the bytes into a fresh context and
/// prints the result: the file as the importer sees it.
static LogicalResult roundTrip(Operation *op, raw_ostream &os) {
  std::string bytes;
  llvm::raw_string_ostream stream(bytes);
  if (failed(zara::exportProgram(op, stream)))
    return failure();
  MLIRContext context(op->getContext()->getDialectRegistry());
  OwningOpRef<ModuleOp> module =
      zara::importProgram(bytes, &context, "<round trip>");
  if (!module)
    return failure();
  module->print(os);
  return success();
}

void zara::registerExportProgramTranslation() {
  TranslateFromMLIRRegistration exportRegistration(
      "export-program", "Export zisa IR as a .zara program file",
      [](Operation *op, raw_ostream &os) {
        return zara::exportProgram(op, os);
      },
      registerZISA);
  TranslateFromMLIRRegistration roundTripRegistration(
      "test-program-roundtrip",
      "Export zisa IR as a .zara file and import it again",
      [](Operation *op, raw_ostream &os) { return roundTrip(op, os); },
      registerZISA);
}
