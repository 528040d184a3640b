//===- Pipeline.h - zara's compilation pipeline -----------------*- C++ -*-===//
//
// Part of zara. The staged compilation pipeline that `zara-compile` drives
// and `zara-opt --zara-pipeline` runs, kept in a library so both agree.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_COMPILER_PIPELINE_H
#define ZARA_COMPILER_PIPELINE_H

#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace zara {

/// The stages the compiler can stop after and emit, in pipeline order.
enum class EmitStage {
  /// The imported tensor-level `reram` IR.
  ReRAM,
  /// After the deformation stage: zero-free sub-convolutions
  /// (`--deform=subconv`) or the zero-insert baseline (`--deform=zero-insert`).
  Deformed,
  /// After crossbar mapping: every crossbar op carries `reram.mapping`.
  Mapped,
  /// After scheduling and lowering: one `zisa.program` (printed as MLIR).
  Isa,
  /// The same program written as a `.zara` file (zara-compile only; in
  /// `zara-opt --zara-pipeline` it is the same as `isa`).
  Program,
};

/// How the deformation stage compiles operators that would insert zeros.
enum class DeformMode {
  /// ZARA's zero-free form (`reram-deform-tconv`), the default.
  SubConv,
  /// The naive pre-ZARA baseline (`reram-lower-zero-insert`).
  ZeroInsert,
};

/// Options of the pipeline, shared by `zara-compile` and `zara-opt`.
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<EmitStage> emit{
      *this, "emit", llvm::cl::desc("Stage to stop after"),
      llvm::cl::init(EmitStage::ReRAM),
      llvm::cl::values(clEnumValN(EmitStage::ReRAM, "reram",
                                  "imported tensor-level reram IR"),
                       clEnumValN(EmitStage::Deformed, "deformed",
                                  "reram IR after the deformation stage"),
                       clEnumValN(EmitStage::Mapped, "mapped",
                                  "reram IR with the crossbar mapping"),
                       clEnumValN(EmitStage::Isa, "isa",
                                  "the scheduled zisa program"),
                       clEnumValN(EmitStage::Program, "program",
                                  "the scheduled zisa program"))};
  Option<DeformMode> deform{
      *this, "deform",
      llvm::cl::desc("How to compile operators that would insert zeros"),
      llvm::cl::init(DeformMode::SubConv),
      llvm::cl::values(
          clEnumValN(DeformMode::SubConv, "subconv",
                     "zero-free sub-convolutions (ZARA)"),
          clEnumValN(DeformMode::ZeroInsert, "zero-insert",
                     "explicit zero insertion (the pre-ZARA baseline)"))};
  Option<reram::DeformForm> deformForm{
      *this, "deform-form",
      llvm::cl::desc("Zero-free form of each layer with --deform=subconv"),
      llvm::cl::init(reram::DeformForm::Auto),
      llvm::cl::values(
          clEnumValN(reram::DeformForm::Auto, "auto",
                     "the form with fewer issued MACs, per layer"),
          clEnumValN(reram::DeformForm::Phase, "phase",
                     "phase-wise stride-1 sub-convolutions"),
          clEnumValN(reram::DeformForm::Pixel, "pixel",
                     "pixel-wise matrix product and overlap-add"))};
  Option<bool> fusePhases{
      *this, "fuse-phases",
      llvm::cl::desc("With --deform=subconv, emit phase-wise layers with "
                     "K % s == 0 as one convolution and depth_to_space"),
      llvm::cl::init(false)};
  Option<std::string> layerTable{
      *this, "layer-table",
      llvm::cl::desc("Write the per-layer table to this file ('-' for "
                     "stdout, empty for none)"),
      llvm::cl::init("")};
  Option<std::string> hw{
      *this, "hw",
      llvm::cl::desc("Hardware configuration JSON file (empty: the ISAAC "
                     "defaults)"),
      llvm::cl::init("")};
};

/// Adds the passes that take imported `reram` IR to `options.emit`.
void buildPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers the pipeline as `zara-pipeline` for `zara-opt`.
void registerPipelines();

} // namespace zara

#endif // ZARA_COMPILER_PIPELINE_H
