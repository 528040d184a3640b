//===- Pipeline.h - zara's compilation pipeline -----------------*- C++ -*-===//
//
// Part of zara. The staged compilation pipeline that `zara-compile` drives
// and `zara-opt --zara-pipeline` runs, kept in a library so both agree.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_COMPILER_PIPELINE_H
#define ZARA_COMPILER_PIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace zara {

/// The stages the compiler can stop after and emit, in pipeline order.
enum class EmitStage {
  /// The imported tensor-level `reram` IR.
  ReRAM,
};

/// Parses a stage name as given to `--emit`; std::nullopt if unknown.
std::optional<EmitStage> parseEmitStage(llvm::StringRef name);

/// Options of the pipeline, shared by `zara-compile` and `zara-opt`.
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<EmitStage> emit{
      *this, "emit", llvm::cl::desc("Stage to stop after"),
      llvm::cl::init(EmitStage::ReRAM),
      llvm::cl::values(clEnumValN(EmitStage::ReRAM, "reram",
                                  "imported tensor-level reram IR"))};
  Option<std::string> layerTable{
      *this, "layer-table",
      llvm::cl::desc("Write the per-layer table to this file ('-' for "
                     "stdout, empty for none)"),
      llvm::cl::init("")};
};

/// Adds the passes that take imported `reram` IR to `options.emit`.
void buildPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers the pipeline as `zara-pipeline` for `zara-opt`.
void registerPipelines();

} // namespace zara

#endif // ZARA_COMPILER_PIPELINE_H
