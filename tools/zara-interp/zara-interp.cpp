//===- zara-interp.cpp - Reference interpreter driver ---------------------===//
//
// Part of zara. Executes a function of tensor-level reram IR:
//
//   zara-interp FILE.mlir --input NAME=FILE [--input ...] --output-dir DIR
//               [--function NAME]
//
// Inputs are `.npy` (float32/float64, C order) or ONNX TensorProto `.pb`
// files, bound by the ONNX names of the function's arguments. Each result is
// written as DIR/<ONNX output name>.npy in float32 (`/` and `\` in the name
// become `_`, as zara-sim does). Every error is reported
// as `zara-interp: error: ...` with exit code 1.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Interpreter/Interpreter.h"
#include "zara/Interpreter/TensorIO.h"
#include "zara/Support/NumPy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace zara;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required);
static cl::list<std::string>
    inputs("input", cl::desc("Bind the ONNX input NAME to a .npy or .pb file"),
           cl::value_desc("NAME=FILE"));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Directory for the results"),
                                      cl::value_desc("dir"), cl::Required);
static cl::opt<std::string>
    functionName("function",
                 cl::desc("Function to run (default: the only public one)"),
                 cl::value_desc("name"));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "zara-interp: error: " << message << "\n";
  return 1;
}

/// `file:line:col`, and the ONNX node name of a NameLoc, for diagnostics.
static std::string formatLocation(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()))
        .str();
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string child = formatLocation(name.getChildLoc());
    return (child.empty() ? "" : child + ": ") + "node '" +
           name.getName().str() + "'";
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return formatLocation(call.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (std::string s = formatLocation(part); !s.empty())
        return s;
  return "";
}

static void printDiagnostic(Diagnostic &diag) {
  StringRef severity =
      diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
      : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
      : diag.getSeverity() == DiagnosticSeverity::Note    ? "note"
                                                          : "remark";
  std::string where = formatLocation(diag.getLocation());
  llvm::errs() << "zara-interp: " << severity << ": "
               << (where.empty() ? "" : where + ": ") << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note);
}

/// The function to run: `--function`, or the module's only public function.
static func::FuncOp selectFunction(ModuleOp module) {
  if (!functionName.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(functionName);
    if (!func)
      fail("no function named '" + functionName + "' in '" + inputFile + "'");
    return func;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() == 1)
    return candidates.front();
  std::string names;
  for (auto func : candidates)
    names += (names.empty() ? "'" : ", '") + func.getSymName().str() + "'";
  fail("'" + inputFile + "' has " + llvm::Twine(candidates.size()) +
       " public functions" + (names.empty() ? "" : " (" + names + ")") +
       "; choose one with --function");
  return nullptr;
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "zara reference interpreter\n");

  DialectRegistry registry;
  registry.insert<reram::ReRAMDialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler handler(&context, [](Diagnostic &diag) {
    printDiagnostic(diag);
    return success();
  });

  std::string error;
  auto buffer = openInputFile(inputFile, &error);
  if (!buffer)
    return fail(error);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  func::FuncOp func = selectFunction(*module);
  if (!func)
    return 1;

  // Bind each --input to the argument of that ONNX name.
  llvm::StringMap<unsigned> argIndex;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    argIndex[interp::getInputName(func, i)] = i;
  std::vector<interp::Tensor> arguments(func.getNumArguments());
  std::vector<bool> bound(func.getNumArguments(), false);
  for (StringRef binding : inputs) {
    auto [name, path] = binding.split('=');
    if (name.empty() || path.empty())
      return fail("--input expects NAME=FILE, got '" + binding + "'");
    auto it = argIndex.find(name);
    if (it == argIndex.end()) {
      std::string known;
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        known += (i ? ", '" : "'") + interp::getInputName(func, i) + "'";
      return fail("unknown input '" + name + "'; the function's inputs are " +
                  (known.empty() ? "none" : known));
    }
    unsigned index = it->second;
    if (bound[index])
      return fail("input '" + name + "' is given twice");
    llvm::Expected<interp::Tensor> tensor = interp::readTensorFile(path);
    if (!tensor)
      return fail(llvm::toString(tensor.takeError()));
    Type argType = func.getArgumentTypes()[index];
    auto expected = dyn_cast<RankedTensorType>(argType);
    if (!expected || !expected.hasStaticShape()) {
      std::string typeName;
      llvm::raw_string_ostream(typeName) << argType;
      return fail("input '" + name + "' has type " + typeName +
                  "; zara-interp takes statically shaped tensors");
    }
    if (ArrayRef<int64_t>(tensor->shape) != expected.getShape())
      return fail("input '" + name + "' ('" + path + "') has shape " +
                  interp::formatShape(tensor->shape) + ", expected " +
                  interp::formatShape(expected.getShape()));
    arguments[index] = std::move(*tensor);
    bound[index] = true;
  }
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (!bound[i])
      return fail("missing input '" + interp::getInputName(func, i) +
                  "'; pass --input " + interp::getInputName(func, i) + "=FILE");

  FailureOr<SmallVector<interp::Tensor>> results =
      interp::interpret(func, std::move(arguments));
  if (failed(results))
    return 1;

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create the output directory '" + outputDir +
                "': " + ec.message());
  if (!llvm::sys::fs::is_directory(outputDir))
    return fail("the output directory '" + outputDir + "' is not a directory");
  for (auto [index, result] : llvm::enumerate(*results)) {
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(
        path, npy::outputFileName(interp::getOutputName(func, index)));
    if (llvm::Error err = interp::writeTensorFile(path, result))
      return fail(llvm::toString(std::move(err)));
  }
  return 0;
}
