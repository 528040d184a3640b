//===- zara-translate.cpp - zara's translation driver ---------------------===//
//
// Part of zara. mlir-translate with zara's translations: `--import-onnx`.
//
//===----------------------------------------------------------------------===//

#include "zara/Target/ONNX/ImportONNX.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  zara::registerImportONNXTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "zara translation driver\n"));
}
