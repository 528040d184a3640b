//===- zara-translate.cpp - zara's translation driver ---------------------===//
//
// Part of zara. mlir-translate with zara's translations: `--import-onnx`,
// `--export-program`, `--import-program` and `--test-program-roundtrip`.
//
// `--import-program` prints locations (`--mlir-print-debuginfo`) unless
// told otherwise: the instructions' locations are the program's debug
// table, so without them exporting the printed IR again would lose it.
//
//===----------------------------------------------------------------------===//

#include "zara/Target/ONNX/ImportONNX.h"
#include "zara/Target/Program/ExportProgram.h"
#include "zara/Target/Program/ImportProgram.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

int main(int argc, char **argv) {
  zara::registerImportONNXTranslation();
  zara::registerExportProgramTranslation();
  zara::registerImportProgramTranslation();

  llvm::SmallVector<char *> args(argv, argv + argc);
  auto is = [&](llvm::StringRef flag) {
    return llvm::any_of(args, [&](llvm::StringRef arg) {
      return arg.ltrim('-').starts_with(flag);
    });
  };
  static char printDebugInfo[] = "--mlir-print-debuginfo";
  if (is("import-program") && !is("mlir-print-debuginfo"))
    args.push_back(printDebugInfo);
  return mlir::failed(mlir::mlirTranslateMain(int(args.size()), args.data(),
                                              "zara translation driver\n"));
}
