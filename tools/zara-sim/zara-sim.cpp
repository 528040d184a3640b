//===- zara-sim.cpp - The accelerator simulator driver --------------------===//
//
// Part of zara. Runs a compiled program on the simulated accelerator:
//
//   zara-sim PROGRAM.zara [--input NAME=FILE]... [--output-dir DIR]
//            [--mode ideal|quantized] [--stats FILE.json]
//            [--trace FILE.json] [--hw FILE.json]
//            [--hw-override KEY=VALUE]... [--threads 1|2] [--quiet]
//   zara-sim --print-default-hw
//
// The hardware configuration is the one embedded in the program; --hw
// replaces it (keys the file omits keep their embedded values) and
// --hw-override changes single fields after that. Every error is
// `zara-sim: error: ...` with exit code 1.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/HwConfig.h"
#include "zara/Sim/Program.h"
#include "zara/Sim/Simulator.h"
#include "zara/Support/NumPy.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <thread>

using namespace llvm;
using namespace zara;
using namespace zara::sim;

static cl::OptionCategory category("zara-sim options");

static cl::opt<std::string>
    programFile(cl::Positional, cl::desc("<program.zara>"), cl::cat(category));
static cl::list<std::string>
    inputs("input",
           cl::desc("Bind the ONNX input NAME to a .npy or TensorProto .pb "
                    "file"),
           cl::value_desc("NAME=FILE"), cl::cat(category));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Write each output as DIR/<ONNX name>.npy"),
              cl::value_desc("dir"), cl::cat(category));
static cl::opt<Mode>
    mode("mode", cl::desc("Crossbar arithmetic"), cl::init(Mode::Ideal),
         cl::values(clEnumValN(Mode::Ideal, "ideal", "float32 (default)"),
                    clEnumValN(Mode::Quantized, "quantized",
                               "fixed point, bit-sliced, with ADC saturation")),
         cl::cat(category));
// `--stats FILE` and `--threads N` are taken out of argv before llvm::cl
// sees them: libLLVM registers options of the same names (LLVM's
// statistics, its thread count).
static std::string statsFile;
/// --threads: 0 when not given.
static unsigned threads = 0;
static cl::opt<std::string>
    traceFile("trace", cl::desc("Write a Chrome trace-event JSON (Perfetto)"),
              cl::value_desc("file.json"), cl::cat(category));
static cl::opt<std::string>
    hwFile("hw",
           cl::desc("Replace the embedded hardware configuration (keys the "
                    "file omits keep their embedded values)"),
           cl::value_desc("file.json"), cl::cat(category));
static cl::list<std::string>
    hwOverrides("hw-override",
                cl::desc("Change one configuration field, e.g. adc.bits=6"),
                cl::value_desc("KEY=VALUE"), cl::cat(category));
static cl::opt<bool> quiet("quiet", cl::desc("No progress bar or warnings"),
                           cl::cat(category));
static cl::opt<bool>
    printDefaultHw("print-default-hw",
                   cl::desc("Print the default (ISAAC) configuration as JSON "
                            "and exit"),
                   cl::cat(category));
static cl::opt<bool>
    printHw("print-hw",
            cl::desc("Print the configuration the program would run with "
                     "(after --hw and --hw-override) and exit"),
            cl::cat(category));
static cl::opt<bool>
    noFastPath("no-fast-path",
               cl::desc("Quantized mode: bit-slice every MVM, even when the "
                        "ADC is lossless (for testing)"),
               cl::Hidden, cl::cat(category));

static int fail(const Twine &message) {
  errs() << "zara-sim: error: " << message << "\n";
  return 1;
}

/// A system error's message in our style (lowercase first letter).
static std::string describe(std::error_code ec) {
  std::string text = ec.message();
  if (!text.empty())
    text[0] = std::tolower(static_cast<unsigned char>(text[0]));
  return text;
}

/// Draws a progress bar on stderr once the run has taken a second.
namespace {
class ProgressBar {
public:
  void update(double fraction) {
    auto now = std::chrono::steady_clock::now();
    if (!shown && now - start < std::chrono::seconds(1))
      return;
    // Redraw at most ten times a second (and at the end).
    if (shown && fraction < 1.0 && now - drawn < std::chrono::milliseconds(100))
      return;
    shown = true;
    drawn = now;
    int width = 40, filled = int(fraction * width + 0.5);
    errs() << "\rzara-sim: [" << std::string(filled, '#')
           << std::string(width - filled, ' ') << "] "
           << format("%3d%%", int(fraction * 100 + 0.5));
  }
  ~ProgressBar() {
    if (shown)
      errs() << "\n";
  }

private:
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn;
  bool shown = false;
};
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  std::vector<const char *> args;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    if (i > 0 && (arg == "--stats" || arg == "-stats")) {
      if (i + 1 == argc)
        return fail("--stats needs a file name");
      statsFile = argv[++i];
      continue;
    }
    if (i > 0 &&
        (arg.consume_front("--stats=") || arg.consume_front("-stats="))) {
      statsFile = arg.str();
      continue;
    }
    StringRef threadsText;
    if (i > 0 && (arg == "--threads" || arg == "-threads")) {
      if (i + 1 == argc)
        return fail("--threads needs a value (1 or 2)");
      threadsText = argv[++i];
    } else if (i > 0 && (arg.consume_front("--threads=") ||
                         arg.consume_front("-threads="))) {
      threadsText = arg;
    } else {
      args.push_back(argv[i]);
      continue;
    }
    if (threadsText != "1" && threadsText != "2")
      return fail("--threads must be 1 or 2, not '" + threadsText + "'");
    threads = threadsText == "1" ? 1 : 2;
  }
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      int(args.size()), args.data(),
      "zara-sim: run a compiled program on the simulated ReRAM accelerator\n\n"
      "  --stats <file.json>  Write statistics JSON ('-': stdout)\n"
      "  --threads <1|2>      1: simulate on one thread; 2: apply the\n"
      "                       instructions' data movement and arithmetic on\n"
      "                       a second thread (same outputs and statistics).\n"
      "                       Default: 2 when the host has two or more\n"
      "                       hardware threads\n");

  if (printDefaultHw) {
    outs() << toJSON(HwConfig());
    return 0;
  }
  if (programFile.empty())
    return fail("no program given (zara-sim PROGRAM.zara ...)");

  ErrorOr<std::unique_ptr<MemoryBuffer>> file = MemoryBuffer::getFile(
      programFile, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return fail(programFile + ": " + describe(file.getError()));
  StringRef bytes = (*file)->getBuffer();

  // The configuration: embedded, replaced by --hw, edited by --hw-override.
  Expected<HwConfig> hw = readEmbeddedHwConfig(bytes);
  if (!hw)
    return fail(programFile + ": " + toString(hw.takeError()));
  if (!hwFile.empty()) {
    hw = readHwConfigFile(hwFile, *hw);
    if (!hw)
      return fail(toString(hw.takeError()));
  }
  for (const std::string &assignment : hwOverrides)
    if (Error e = applyOverride(*hw, assignment))
      return fail(toString(std::move(e)));
  if (printHw) {
    outs() << toJSON(*hw);
    return 0;
  }

  Expected<std::unique_ptr<Program>> program = loadProgram(bytes, &*hw);
  if (!program)
    return fail(programFile + ": " + toString(program.takeError()));

  ProgressBar bar;
  SimOptions options;
  options.mode = mode;
  options.fastPath = !noFastPath;
  options.trace = !traceFile.empty();
  options.threads =
      threads ? threads : (std::thread::hardware_concurrency() >= 2 ? 2 : 1);
  if (!quiet && sys::Process::StandardErrIsDisplayed())
    options.progress = [&bar](double f) { bar.update(f); };
  Simulator sim(**program, options);

  for (const std::string &binding : inputs) {
    auto [name, path] = StringRef(binding).split('=');
    if (name.empty() || path.empty())
      return fail("--input '" + binding + "': expected NAME=FILE");
    Expected<HostTensor> tensor = readTensorFile(path);
    if (!tensor)
      return fail(toString(tensor.takeError()));
    if (Error e = sim.setInput(name, tensor->shape, tensor->data))
      return fail("--input " + binding + ": " + toString(std::move(e)));
  }

  if (Error e = sim.run())
    return fail(programFile + ": " + toString(std::move(e)));

  if (!outputDir.empty()) {
    if (std::error_code ec = sys::fs::create_directories(outputDir))
      return fail(outputDir + ": " + describe(ec));
    std::vector<HostTensor> outputs = sim.getOutputs();
    for (size_t i = 0; i < outputs.size(); ++i) {
      SmallString<256> path(outputDir);
      sys::path::append(path, npy::outputFileName((*program)->outputs[i].name));
      if (Error e = writeTensorFile(path, outputs[i]))
        return fail(toString(std::move(e)));
    }
  }

  auto writeJSON = [&](StringRef path, auto &&write) -> int {
    std::error_code ec;
    ToolOutputFile out(path, ec, sys::fs::OF_Text);
    if (ec)
      return fail(path + ": " + describe(ec));
    write(out.os());
    out.keep();
    return 0;
  };
  if (!statsFile.empty())
    if (int rc =
            writeJSON(statsFile, [&](raw_ostream &os) { sim.writeStats(os); }))
      return rc;
  if (!traceFile.empty()) {
    if (int rc =
            writeJSON(traceFile, [&](raw_ostream &os) { sim.writeTrace(os); }))
      return rc;
    if (!quiet && sim.getStats().droppedTraceEvents)
      errs() << "zara-sim: warning: the trace keeps the first "
             << options.maxTraceEvents << " events; "
             << sim.getStats().droppedTraceEvents << " were dropped\n";
  }
  return 0;
}
