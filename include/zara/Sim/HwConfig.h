//===- HwConfig.h - The accelerator's hardware configuration ----*- C++ -*-===//
//
// Part of zara. The parameters of the simulated ReRAM accelerator: its
// organisation, crossbars, converters, buffers, network, vector unit, DRAM,
// clock, per-event energies and number formats. One JSON format
// (docs/Hardware.md, docs/hw/isaac.json) whose sections and keys are the
// tables and fields `HwConfig` of Program.fbs, so a compiled program carries
// exactly the configuration it was compiled for.
//
// The fields are listed once, with their defaults and ranges, in
// HwConfig.def; the JSON reader and writer, `--hw-override KEY=VALUE`, the
// range checks and the program-file conversion all expand that list (a field
// missing from the structs below does not compile). Member names are the
// JSON keys (snake_case) on purpose: they are a file format.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SIM_HWCONFIG_H
#define ZARA_SIM_HWCONFIG_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace flatbuffers {
class FlatBufferBuilder;
template <typename T> struct Offset;
} // namespace flatbuffers

namespace zara {
namespace program {
struct HwConfig;
} // namespace program

namespace sim {

/// How signed weights map onto unsigned cell conductances.
enum class SignedWeights : uint8_t {
  Offset = 0,       ///< w + 2^(weight_bits-1) in one array (ISAAC)
  Differential = 1, ///< max(w, 0) and max(-w, 0) in an array pair
};

/// The hardware configuration. Default-constructed, it is the ISAAC
/// configuration of docs/Hardware.md (the defaults of HwConfig.def).
struct HwConfig {
  struct {
    uint32_t tiles, cores_per_tile, crossbars_per_core;
  } organisation;
  struct {
    uint32_t rows, cols, bits_per_cell;
    double read_latency_ns, read_energy_pj;
  } crossbar;
  struct {
    double array_latency_ns, array_energy_pj, row_latency_ns, row_energy_pj;
  } write;
  struct {
    uint32_t bits;
    double energy_pj;
  } dac;
  struct {
    uint32_t bits, per_crossbar;
    double sample_rate_gsps, energy_pj;
  } adc;
  struct {
    double energy_pj;
  } sample_hold;
  struct {
    uint32_t latency_cycles;
    double energy_pj;
  } shift_add;
  struct {
    uint32_t input_bytes, output_bytes;
    double input_energy_pj, output_energy_pj;
  } registers;
  struct {
    uint64_t bytes;
    uint32_t port_bits, access_latency_cycles;
    double access_energy_pj;
  } buffer;
  struct {
    uint32_t flit_bits, tiles_per_router, hop_latency_cycles;
    double energy_pj_per_flit_hop;
  } noc;
  struct {
    uint32_t lanes, latency_cycles, transcendental_latency_cycles;
    double energy_pj, mul_energy_pj, transcendental_energy_pj;
  } vector;
  struct {
    uint64_t capacity_bytes;
    double bandwidth_gbps, latency_ns, energy_pj_per_bit;
  } dram;
  struct {
    double clock_ghz;
  } timing;
  struct {
    uint32_t weight_bits, input_bits, data_bits;
    SignedWeights signed_weights;
  } numerics;

  /// The ISAAC defaults.
  HwConfig();

  bool operator==(const HwConfig &other) const;
  bool operator!=(const HwConfig &other) const { return !(*this == other); }

  //===--------------------------------------------------------------------===//
  // Derived quantities
  //===--------------------------------------------------------------------===//

  /// Converts a latency in ns to whole cycles of the digital clock (rounded
  /// up; a few ulps of floating-point noise are forgiven).
  uint64_t cycles(double ns) const;
  /// Cells per weight and array polarity: ceil(weight_bits / bits_per_cell)
  /// (offset), ceil((weight_bits - 1) / bits_per_cell) (differential).
  uint32_t cellsPerWeight() const;
  /// Physical arrays of a group with `cols` logical columns (both
  /// polarities for differential weights).
  uint64_t arraysForCols(uint64_t cols) const;
  /// Input slices streamed through the DACs per MVM: a sign slice plus
  /// ceil((input_bits - 1) / dac.bits) magnitude slices; 1 for an ideal DAC.
  uint32_t inputSlices() const;
  /// Elements of `data_bits` that fit in `bytes`.
  uint64_t elementsIn(uint64_t bytes) const {
    return bytes * 8 / numerics.data_bits;
  }
  /// Port-wide tile buffer words that `n` elements occupy (inline: the
  /// simulator asks for every instruction).
  uint64_t bufferWords(uint64_t n) const {
    return (n * numerics.data_bits + buffer.port_bits - 1) / buffer.port_bits;
  }
};

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

/// Checks every field against its range (HwConfig.def) and the fields'
/// consistency; the message names the key.
llvm::Error validate(const HwConfig &config);

/// Parses a JSON configuration. Keys that are absent keep their value in
/// `base` (a partial file such as {"adc": {"bits": 6}} is fine); unknown
/// keys, values of the wrong type and values out of range are errors that
/// name the key. The result is validated.
llvm::Expected<HwConfig> parseHwConfig(llvm::StringRef json,
                                       const HwConfig &base = HwConfig());

/// Reads and parses the JSON file at `path`; errors start with "<path>: ".
llvm::Expected<HwConfig> readHwConfigFile(llvm::StringRef path,
                                          const HwConfig &base = HwConfig());

/// Applies one `KEY=VALUE` override (`adc.bits=6`,
/// `numerics.signed_weights=differential`) and revalidates.
llvm::Error applyOverride(HwConfig &config, llvm::StringRef assignment);

/// The configuration as JSON: every key, in HwConfig.def's order, numbers in
/// their shortest round-tripping form, two-space indentation, a final
/// newline. Deterministic: docs/hw/isaac.json is `toJSON(HwConfig())`.
std::string toJSON(const HwConfig &config);

//===----------------------------------------------------------------------===//
// Program files
//===----------------------------------------------------------------------===//

/// Reads the configuration embedded in a (verified) program and validates
/// it.
llvm::Expected<HwConfig> fromFlatBuffer(const program::HwConfig &table);

/// Serializes `config` as Program.fbs's HwConfig table. Writes every field
/// (FlatBuffers omits those equal to the schema default, 0).
flatbuffers::Offset<program::HwConfig>
toFlatBuffer(flatbuffers::FlatBufferBuilder &builder, const HwConfig &config);

} // namespace sim
} // namespace zara

#endif // ZARA_SIM_HWCONFIG_H
