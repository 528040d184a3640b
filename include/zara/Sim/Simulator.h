//===- Simulator.h - The instruction-level accelerator simulator -*- C++
//-*-===//
//
// Part of zara. Runs a validated program (Program.h) functionally, in fp32
// (`ideal`) or in the bit-sliced fixed-point arithmetic of the crossbars
// (`quantized`), and at the same time times it (per-resource occupancy,
// in-order issue per core, overlap across cores and tiles) and charges the
// energy of every event (docs/ISA.md). No MLIR: the library can be embedded.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SIM_SIMULATOR_H
#define ZARA_SIM_SIMULATOR_H

#include "zara/Sim/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace zara {
namespace sim {

/// The functional arithmetic of the crossbars.
enum class Mode { Ideal, Quantized };

struct SimOptions {
  Mode mode = Mode::Ideal;
  /// In quantized mode, compute MVMs of groups whose ADC cannot saturate as
  /// one integer product. Off: always bit-sliced (identical results; for
  /// testing the fast path).
  bool fastPath = true;
  /// Record trace events (one per phase per resource).
  bool trace = false;
  /// 1: one thread. 2: the functional effects of the instructions (data
  /// movement and arithmetic) are applied on a second thread while the
  /// scheduler times the next ones. Outputs and statistics are the same.
  unsigned threads = 1;
  /// Most trace events kept; later ones are dropped and counted.
  uint64_t maxTraceEvents = 4000000;
  /// Called now and then with the fraction of instructions executed.
  std::function<void(double)> progress;
};

/// Energy by component, pJ (docs/ISA.md, "Energy model").
struct Energy {
  double crossbar = 0, adc = 0, dac = 0, digital = 0, buffer = 0, noc = 0,
         write = 0;
  double total() const {
    return crossbar + adc + dac + digital + buffer + noc + write;
  }
  Energy &operator+=(const Energy &o) {
    crossbar += o.crossbar;
    adc += o.adc;
    dac += o.dac;
    digital += o.digital;
    buffer += o.buffer;
    noc += o.noc;
    write += o.write;
    return *this;
  }
};

/// Statistics of one ONNX node (all instructions whose debug entry names it).
struct LayerStats {
  std::string name;
  /// Sum of the instructions' latencies (issue to completion).
  uint64_t cycles = 0;
  double energyPj = 0;
  uint64_t crossbarActivations = 0, macsIssued = 0, macsUseful = 0;
};

/// The run's statistics, as `--stats` writes them.
struct Stats {
  uint64_t cycles = 0;
  double timeNs = 0;
  Energy energy;
  uint64_t instructions = 0, crossbarActivations = 0, adcConversions = 0,
           macsIssued = 0, macsUseful = 0, cellWrites = 0;
  /// Layers that executed at least one instruction, in debug-table order.
  std::vector<LayerStats> layers;
  /// Trace events dropped beyond SimOptions::maxTraceEvents.
  uint64_t droppedTraceEvents = 0;
};

/// A float32 tensor in row-major order.
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
};

class Simulator {
public:
  Simulator(const Program &program, SimOptions options);
  ~Simulator();
  Simulator(const Simulator &) = delete;
  Simulator &operator=(const Simulator &) = delete;

  /// Binds input `name`; its shape must be the binding's.
  llvm::Error setInput(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<float> data);

  /// Runs the program once. Every input must be bound. Run-time errors
  /// (deadlock, a message of the wrong size, a group whose crossbars another
  /// group has reprogrammed) name the core and instruction.
  llvm::Error run();

  /// The program's outputs after `run`, in binding order.
  std::vector<HostTensor> getOutputs() const;

  const Stats &getStats() const;

  /// Writes the statistics JSON (issue 4's contract).
  void writeStats(llvm::raw_ostream &os) const;
  /// Writes the Chrome trace-event JSON (one track per resource).
  void writeTrace(llvm::raw_ostream &os) const;

private:
  class Impl;
  std::unique_ptr<Impl> impl;
};

/// Reads a tensor file: `.npy` (float32 or float64, C order; recognised by
/// its magic string) or a serialized ONNX TensorProto (`.pb`, FLOAT or
/// DOUBLE). Errors name the file.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

/// Decodes a serialized ONNX TensorProto (a small protobuf reader: no
/// protobuf dependency).
llvm::Expected<HostTensor> parseTensorProto(llvm::StringRef bytes);

/// Writes `tensor` as a float32 `.npy` file.
llvm::Error writeTensorFile(llvm::StringRef path, const HostTensor &tensor);

} // namespace sim
} // namespace zara

#endif // ZARA_SIM_SIMULATOR_H
