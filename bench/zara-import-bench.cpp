//===- zara-import-bench.cpp - Time and memory of the ONNX import alone ---===//
//
// Part of zara. A benchmark driver, not a user tool:
//
//   zara-import-bench MODEL.onnx [--batch N]
//
// Loads the libraries and the MLIR context, records the process's peak
// resident set size, imports the model with zara::importONNX (exactly what
// zara-compile runs first), and prints the import's wall time and how much
// the peak RSS grew during it. Printing the IR is left out on purpose: the
// foundation issue's target is on importing, and MLIR's printer turns each
// weight blob into a hex string twice its size, which zara-compile's
// whole-command figure (bench/import_dcgan.py) shows separately.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Target/ONNX/ImportONNX.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <sys/resource.h>

namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required);
static cl::opt<int64_t> batch("batch", cl::desc("Batch size"), cl::init(1));

/// Peak resident set size of this process so far, in bytes.
static int64_t peakRSS() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "zara ONNX import benchmark\n");

  mlir::DialectRegistry registry;
  registry.insert<zara::reram::ReRAMDialect, mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  int64_t before = peakRSS();

  auto start = std::chrono::steady_clock::now();
  std::string error;
  auto input = mlir::openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "zara-import-bench: error: " << error << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  zara::ONNXImportOptions options;
  options.batch = batch;
  auto module = zara::importONNX(sourceMgr, &context, options);
  auto end = std::chrono::steady_clock::now();
  if (!module)
    return 1;

  double seconds = std::chrono::duration<double>(end - start).count();
  int64_t after = peakRSS();
  llvm::outs() << "import_seconds " << llvm::format("%.4f", seconds) << "\n"
               << "peak_rss_before_bytes " << before << "\n"
               << "peak_rss_after_bytes " << after << "\n"
               << "import_rss_growth_bytes " << after - before << "\n";
  return 0;
}
