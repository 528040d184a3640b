//===- zara-compile.cpp - zara's compiler driver --------------------------===//
//
// Part of zara. The user-facing driver:
//
//   zara-compile MODEL.onnx [-o OUT] [--emit=reram|deformed|mapped|isa|program]
//                [--batch N] [--hw FILE.json]
//                [--deform=subconv|zero-insert]
//                [--deform-form=auto|phase|pixel]
//                [--fuse-phases] [--layer-table FILE] [--report FILE.json]
//
// Imports the model, runs the pipeline of lib/Compiler up to the --emit
// stage and writes the result: a `.zara` program file by default
// (`<model>.zara` in the current directory without -o), MLIR text for the
// other stages (stdout without -o). Errors go to stderr with exit code 1.
//
//===----------------------------------------------------------------------===//

#include "zara/Compiler/Pipeline.h"
#include "zara/Compiler/Report.h"
#include "zara/Conversion/Passes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ZISA/IR/ZISADialect.h"
#include "zara/Sim/HwConfig.h"
#include "zara/Target/ONNX/ImportONNX.h"
#include "zara/Target/Program/ExportProgram.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required);
static cl::opt<std::string>
    outputFile("o",
               cl::desc("Output file ('-' for stdout); default: "
                        "<model>.zara for --emit=program, stdout otherwise"),
               cl::value_desc("file"), cl::init(""));
static cl::opt<zara::EmitStage> emit(
    "emit", cl::desc("Stage to stop after and write"),
    cl::init(zara::EmitStage::Program),
    cl::values(clEnumValN(zara::EmitStage::ReRAM, "reram",
                          "the imported tensor-level reram IR (MLIR text)"),
               clEnumValN(zara::EmitStage::Deformed, "deformed",
                          "the reram IR after the deformation stage "
                          "(MLIR text)"),
               clEnumValN(zara::EmitStage::Mapped, "mapped",
                          "the reram IR with the crossbar mapping "
                          "(MLIR text)"),
               clEnumValN(zara::EmitStage::Isa, "isa",
                          "the scheduled program in the zisa dialect "
                          "(MLIR text)"),
               clEnumValN(zara::EmitStage::Program, "program",
                          "the program file (.zara; the default)")));
static cl::opt<zara::DeformMode> deform(
    "deform", cl::desc("How to compile operators that would insert zeros"),
    cl::init(zara::DeformMode::SubConv),
    cl::values(clEnumValN(zara::DeformMode::SubConv, "subconv",
                          "zero-free sub-convolutions (ZARA; the default)"),
               clEnumValN(zara::DeformMode::ZeroInsert, "zero-insert",
                          "explicit zero insertion (the pre-ZARA baseline)")));
static cl::opt<zara::reram::DeformForm> deformForm(
    "deform-form",
    cl::desc("Zero-free form of each layer with --deform=subconv"),
    cl::init(zara::reram::DeformForm::Auto),
    cl::values(clEnumValN(zara::reram::DeformForm::Auto, "auto",
                          "the form with fewer issued MACs, per layer"),
               clEnumValN(zara::reram::DeformForm::Phase, "phase",
                          "phase-wise stride-1 sub-convolutions"),
               clEnumValN(zara::reram::DeformForm::Pixel, "pixel",
                          "pixel-wise matrix product and overlap-add")));
static cl::opt<bool> fusePhases(
    "fuse-phases",
    cl::desc("With --deform=subconv, emit layers with K % s == 0 as one "
             "convolution with s^d*Cout outputs and depth_to_space"),
    cl::init(false));
static cl::opt<int64_t>
    batch("batch", cl::desc("Batch size of the model's inputs"), cl::init(1));
static cl::opt<std::string> layerTable(
    "layer-table",
    cl::desc("Write the per-layer table (ONNX node, op, shapes, MACs) to "
             "this file; '-' for stdout"),
    cl::value_desc("file"), cl::init(""));

static cl::opt<std::string>
    hwFile("hw",
           cl::desc("Hardware configuration (JSON, docs/Hardware.md); the "
                    "ISAAC defaults when absent"),
           cl::value_desc("file.json"), cl::init(""));

static cl::opt<std::string> reportFile(
    "report",
    cl::desc("Write the compile report (per ONNX node: kind, issued and "
             "useful MACs; once mapped, crossbars, replication, windows and "
             "the time lower bound) as JSON to this file"),
    cl::value_desc("file.json"), cl::init(""));

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "zara compiler driver\n");

  if (batch < 1) {
    llvm::errs() << "zara-compile: error: --batch must be at least 1, got "
                 << batch << "\n";
    return 1;
  }

  // Read the configuration up front: its errors are the user's, and the
  // report needs it.
  zara::sim::HwConfig hw;
  if (!hwFile.empty()) {
    llvm::Expected<zara::sim::HwConfig> read =
        zara::sim::readHwConfigFile(hwFile);
    if (!read) {
      llvm::errs() << "zara-compile: error: "
                   << llvm::toString(read.takeError()) << "\n";
      return 1;
    }
    hw = *read;
  }

  DialectRegistry registry;
  registry.insert<zara::reram::ReRAMDialect, zara::zisa::ZISADialect,
                  func::FuncDialect>();
  MLIRContext context(registry);
  // Errors name the ONNX node; the op's generic form would only add noise.
  context.printOpOnDiagnostic(false);
  context.loadAllAvailableDialects();

  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "zara-compile: error: " << error << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  zara::ONNXImportOptions importOptions;
  importOptions.batch = batch;
  OwningOpRef<ModuleOp> module =
      zara::importONNX(sourceMgr, &context, importOptions);
  if (!module)
    return 1;

  zara::CompileReport report;
  if (!reportFile.empty())
    report.recordImported(*module);

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  // The report reads the mapped IR, so the lowering runs as a second
  // pass manager after it.
  zara::PipelineOptions options;
  options.emit = std::min(emit.getValue(), zara::EmitStage::Mapped);
  options.deform = deform;
  options.deformForm = deformForm;
  // Compiling to the instruction set, `auto` means the forms the lowering
  // runs: the phase-wise one (the pipeline below stops at `mapped`).
  if (emit >= zara::EmitStage::Isa &&
      deformForm == zara::reram::DeformForm::Auto)
    options.deformForm = zara::reram::DeformForm::Phase;
  options.fusePhases = fusePhases;
  options.layerTable = layerTable;
  options.hw = hwFile;
  zara::buildPipeline(pm, options);
  if (failed(pm.run(*module)))
    return 1;

  if (!reportFile.empty() && failed(report.recordCompiled(*module, hw)))
    return 1;
  if (emit >= zara::EmitStage::Isa) {
    PassManager lower(&context);
    if (failed(applyPassManagerCLOptions(lower)))
      return 1;
    zara::LowerToZISAPassOptions lowerOptions;
    lowerOptions.hw = hwFile;
    lowerOptions.producer = "zara-compile " + inputFile;
    lower.addPass(zara::createLowerToZISAPass(lowerOptions));
    if (failed(lower.run(*module)))
      return 1;
    report.recordScheduled(*module);
  }
  if (!reportFile.empty()) {
    auto reportOut = openOutputFile(reportFile, &error);
    if (!reportOut) {
      llvm::errs() << "zara-compile: error: " << error << "\n";
      return 1;
    }
    report.writeJSON(reportOut->os());
    reportOut->keep();
  }

  std::string outputPath = outputFile;
  if (outputPath.empty())
    outputPath = emit == zara::EmitStage::Program
                     ? llvm::sys::path::stem(inputFile).str() + ".zara"
                     : "-";
  auto output = openOutputFile(outputPath, &error);
  if (!output) {
    llvm::errs() << "zara-compile: error: " << error << "\n";
    return 1;
  }
  if (emit == zara::EmitStage::Program) {
    if (failed(zara::exportProgram(module->getOperation(), output->os())))
      return 1;
  } else {
    module->print(output->os());
  }
  output->keep();
  return 0;
}
