//===- Pipeline.cpp - zara's compilation pipeline -------------------------===//
//
// Part of zara. See Pipeline.h. Later stages (deformation, mapping,
// scheduling, ISA lowering) append their passes here.
//
//===----------------------------------------------------------------------===//

#include "zara/Compiler/Pipeline.h"
#include "zara/Conversion/Passes.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace zara;

void zara::buildPipeline(OpPassManager &pm, const PipelineOptions &options) {
  if (options.emit >= EmitStage::Deformed) {
    if (options.deform == DeformMode::SubConv) {
      reram::DeformTransposedConvPassOptions deformOptions;
      deformOptions.form = options.deformForm;
      // The instruction-set lowering runs the phase-wise form (and the 1x1
      // matrix product); `auto` chooses among what the target runs.
      if (options.emit >= EmitStage::Isa &&
          options.deformForm == reram::DeformForm::Auto)
        deformOptions.form = reram::DeformForm::Phase;
      deformOptions.fusePhases = options.fusePhases;
      pm.addPass(reram::createDeformTransposedConvPass(deformOptions));
    } else {
      pm.addPass(reram::createLowerZeroInsertPass());
    }
    // The weight rearrangements of the rewrites fold into constants where
    // the weights are constants.
    pm.addPass(createCanonicalizerPass());
  }
  if (options.emit >= EmitStage::Mapped) {
    reram::MapCrossbarsPassOptions mapOptions;
    mapOptions.hw = options.hw;
    pm.addPass(reram::createMapCrossbarsPass(mapOptions));
  }
  if (!options.layerTable.empty()) {
    reram::PrintLayerTablePassOptions tableOptions;
    tableOptions.output = options.layerTable;
    pm.addPass(reram::createPrintLayerTablePass(tableOptions));
  }
  if (options.emit >= EmitStage::Isa) {
    LowerToZISAPassOptions lowerOptions;
    lowerOptions.hw = options.hw;
    pm.addPass(createLowerToZISAPass(lowerOptions));
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
