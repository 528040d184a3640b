//===- Pipeline.cpp - zara's compilation pipeline -------------------------===//
//
// Part of zara. See Pipeline.h. Later stages (deformation, mapping,
// scheduling, ISA lowering) append their passes here.
//
//===----------------------------------------------------------------------===//

#include "zara/Compiler/Pipeline.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace zara;

std::optional<EmitStage> zara::parseEmitStage(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<EmitStage>>(name)
      .Case("reram", EmitStage::ReRAM)
      .Default(std::nullopt);
}

void zara::buildPipeline(OpPassManager &pm, const PipelineOptions &options) {
  // Only the import stage exists so far: nothing transforms the IR yet.
  if (!options.layerTable.empty()) {
    reram::PrintLayerTablePassOptions tableOptions;
    tableOptions.output = options.layerTable;
    pm.addPass(reram::createPrintLayerTablePass(tableOptions));
  }
}

void zara::registerPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "zara-pipeline",
      "The zara-compile pipeline, from imported reram IR to the --emit stage",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildPipeline(pm, options);
      });
}
