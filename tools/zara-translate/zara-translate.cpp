//===- zara-translate.cpp - zara's translation driver ---------------------===//
//
// Part of zara. mlir-translate with zara's translations: `--import-onnx`,
// `--export-program`, `--import-program` and `--test-program-roundtrip`.
//
//===----------------------------------------------------------------------===//

#include "zara/Target/ONNX/ImportONNX.h"
#include "zara/Target/Program/ExportProgram.h"
#include "zara/Target/Program/ImportProgram.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  zara::registerImportONNXTranslation();
  zara::registerExportProgramTranslation();
  zara::registerImportProgramTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "zara translation driver\n"));
}
