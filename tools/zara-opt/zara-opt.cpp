//===- zara-opt.cpp - zara's optimizer driver -----------------------------===//
//
// Part of zara. mlir-opt with the reram and zisa dialects, reram's passes
// and the zara-compile pipeline (`--zara-pipeline`).
//
//===----------------------------------------------------------------------===//

#include "zara/Compiler/Pipeline.h"
#include "zara/Conversion/Passes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"
#include "zara/Dialect/ZISA/IR/ZISADialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<zara::reram::ReRAMDialect, zara::zisa::ZISADialect,
                  mlir::func::FuncDialect>();

  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  zara::reram::registerReRAMPasses();
  zara::registerConversionPasses();
  zara::registerPipelines();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "zara optimizer driver\n", registry));
}
