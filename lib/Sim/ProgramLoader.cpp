//===- ProgramLoader.cpp - Verify, check and decode a .zara file ----------===//
//
// Part of zara. Turns the bytes of a program file into a validated
// `sim::Program`, in the order docs/ProgramFormat.md prescribes:
//
//   1. size and file identifier ("ZARA"), so a foreign file is named as such;
//   2. the version, read through the one-field table `ProgramHeader` (field
//      0 of every version), so a newer major version is reported with both
//      versions even when the rest of its layout is unknown;
//   3. the FlatBuffers verifier over the whole buffer;
//   4. the semantic check: hardware configuration ranges, DRAM layout of
//      weights and bindings, crossbar groups against the organisation,
//      cores, barriers, and every instruction: loop nesting and trip
//      counts, operand counts, crossbar ids and ownership, and every
//      pattern's address range over all loop iterations (affine addresses
//      have their extremes at the corners of the iteration box, computed in
//      128-bit arithmetic so no product can wrap).
//
// Nothing after this file checks an address again: execution relies on it.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/Program.h"

#include "zara/Program/Program_generated.h"
#include "zara/Program/SharedStreams.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

using namespace llvm;
using namespace zara;
using namespace zara::sim;
namespace fb = zara::program;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

StringRef zara::sim::getOpName(OpKind kind) {
  switch (kind) {
  case OpKind::Loop:
    return "loop";
  case OpKind::EndLoop:
    return "end_loop";
  case OpKind::ProgramXbar:
    return "program_xbar";
  case OpKind::Mvm:
    return "mvm";
  case OpKind::Alu:
    return "alu";
  case OpKind::Move:
    return "move";
  case OpKind::Fill:
    return "fill";
  case OpKind::Send:
    return "send";
  case OpKind::Recv:
    return "recv";
  case OpKind::Barrier:
    return "barrier";
  case OpKind::Halt:
    return "halt";
  }
  return "?";
}

StringRef zara::sim::getAluOpName(AluOp op) {
  static const char *const names[kNumAluOps] = {
      "copy",        "add",          "sub",
      "mul",         "max",          "min",
      "scale_shift", "add_imm",      "mul_imm",
      "relu",        "leaky_relu",   "tanh",
      "sigmoid",     "relu_grad",    "leaky_relu_grad",
      "tanh_grad",   "sigmoid_grad", "loss_diff",
      "reduce_sum",  "rsqrt"};
  return names[static_cast<unsigned>(op)];
}

unsigned zara::sim::getAluOperandCount(AluOp op) {
  switch (op) {
  case AluOp::Copy:
  case AluOp::AddImm:
  case AluOp::MulImm:
  case AluOp::Relu:
  case AluOp::LeakyRelu:
  case AluOp::Tanh:
  case AluOp::Sigmoid:
  case AluOp::ReduceSum:
  case AluOp::Rsqrt:
    return 1;
  case AluOp::ScaleShift:
    return 3;
  default:
    return 2;
  }
}

/// `text` with every byte that is not printable ASCII as \xNN: names from a
/// damaged file must not put raw bytes into a message.
static std::string printable(StringRef text) {
  std::string out;
  for (unsigned char c : text)
    out += isPrint(c) ? std::string(1, char(c))
                      : formatv("\\x{0:x-2}", unsigned(c)).str();
  return out;
}

//===----------------------------------------------------------------------===//
// Buffer-level checks (steps 1-3)
//===----------------------------------------------------------------------===//

/// "1 group", "2 groups".
static std::string plural(uint64_t n, StringRef noun) {
  return formatv("{0} {1}{2}", n, noun, n == 1 ? "" : "s").str();
}

static std::string formatVersion(unsigned major, unsigned minor) {
  return formatv("{0}.{1}", major, minor).str();
}

static const unsigned kReaderMajor =
    static_cast<unsigned>(fb::VersionMajor::Current);
static const unsigned kReaderMinor =
    static_cast<unsigned>(fb::VersionMinor::Current);

/// Verifier limits: deep enough for Program.fbs, and a table budget far
/// above any real program that still bounds a hostile file's DAG.
static flatbuffers::Verifier makeVerifier(StringRef bytes) {
  return flatbuffers::Verifier(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(),
      /*max_depth=*/64, /*max_tables=*/uint32_t(1) << 28);
}

Error zara::sim::verifyProgramBuffer(StringRef bytes) {
  if (bytes.size() < 8)
    return makeError("not a zara program: the file has " + Twine(bytes.size()) +
                     " bytes, fewer than a header");
  if (bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return makeError("the file is larger than a FlatBuffer can be (2 GiB)");
  StringRef identifier = bytes.substr(4, 4);
  if (identifier != fb::ProgramIdentifier()) {
    return makeError("not a zara program: file identifier '" +
                     printable(identifier) + "', expected 'ZARA'");
  }
  const uint8_t *data = reinterpret_cast<const uint8_t *>(bytes.data());
  {
    flatbuffers::Verifier verifier = makeVerifier(bytes);
    if (!verifier.VerifyBuffer<fb::ProgramHeader>(fb::ProgramIdentifier()))
      return makeError("the program file is damaged: its header does not "
                       "verify");
  }
  const fb::Version *version =
      flatbuffers::GetRoot<fb::ProgramHeader>(data)->version();
  unsigned major = version->major(), minor = version->minor();
  if (major > kReaderMajor)
    return makeError("program format version " + formatVersion(major, minor) +
                     " is newer than this zara-sim reads (" +
                     formatVersion(kReaderMajor, kReaderMinor) +
                     "); use a newer zara-sim");
  if (major < fb::kOldestReadableMajor)
    return makeError("program format version " + formatVersion(major, minor) +
                     " is older than this zara-sim reads (" +
                     formatVersion(fb::kOldestReadableMajor, 0) + " to " +
                     formatVersion(kReaderMajor, kReaderMinor) +
                     "); recompile the program");
  flatbuffers::Verifier verifier = makeVerifier(bytes);
  if (!fb::VerifyProgramBuffer(verifier))
    return makeError("the program file is damaged: the FlatBuffers verifier "
                     "rejects it");
  return Error::success();
}

Expected<HwConfig> zara::sim::readEmbeddedHwConfig(StringRef bytes) {
  if (Error e = verifyProgramBuffer(bytes))
    return std::move(e);
  return fromFlatBuffer(*fb::GetProgram(bytes.data())->hardware());
}

//===----------------------------------------------------------------------===//
// The semantic check (step 4)
//===----------------------------------------------------------------------===//

namespace {
using int128 = __int128;

/// Saturating unsigned arithmetic for instruction and work counts.
uint64_t satMul(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}
uint64_t satAdd(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

/// The semantic check of one program (step 4), filling a Program.
class Loader {
public:
  Loader(const fb::Program &file, StringRef bytes, const LoadLimits &limits)
      : file(file), bytes(bytes), limits(limits) {}

  Error load(Program &program, const HwConfig *hwOverride);

private:
  /// DRAM size, the weight segment and the bindings (step 4, "DRAM").
  Error loadMemoryLayout();
  /// Crossbar groups against the organisation and the number format.
  Error loadGroups();
  /// Cores on the chip, each once; the tiles in use.
  Error loadCores();
  /// Barrier ids and participants.
  Error loadBarriers();
  /// Debug entries and the distinct layer names they map to.
  Error loadDebug();
  /// One crossbar group (index `i` of Program::groups) of core `coreIndex`.
  Error loadGroup(uint32_t i, Group group, const fb::Pattern *preload,
                  int64_t preloadDelta, uint32_t coreIndex);
  /// One core's stream: loop structure, trip-count products, every
  /// instruction. A stream core (`shared`) adds its parameters to the
  /// stream's relocated fields and its first group to group operands.
  Error loadInstructions(
      uint32_t coreIndex,
      const flatbuffers::Vector<flatbuffers::Offset<fb::Instr>> *instrs,
      const fb::ResolvedStreamCore *shared);
  /// Decodes and checks one instruction's operands.
  Error loadInstruction(uint32_t coreIndex, uint32_t index,
                        const fb::Instr &instr, Instruction &out,
                        const fb::ResolvedStreamCore *shared);
  /// Decodes `pattern` in `space` at the current loop nest, its base moved
  /// by `delta`; returns the index of its shape and sets `base`.
  Expected<int32_t> loadPattern(const fb::Pattern *pattern, MemSpace space,
                                StringRef role, int64_t delta,
                                int32_t &base);
  /// The group exists and belongs to the core being checked.
  Error checkGroupOwner(uint32_t group);
  uint64_t memorySize(MemSpace space) const {
    return space == MemSpace::Dram ? p->dramSize
                                   : p->hw.elementsIn(p->hw.buffer.bytes);
  }

  const fb::Program &file;
  StringRef bytes;
  const LoadLimits &limits;
  Program *p = nullptr;

  // The instruction being checked, for messages and for patterns.
  uint32_t curCore = 0;
  std::vector<uint32_t> loopCounts; ///< enclosing loops' trip counts
  /// The addresses [lo, hi] the last pattern loadPattern took reaches.
  int128 lastLo = 0, lastHi = 0;
  DenseMap<uint32_t, uint32_t> barrierIndex;
  std::vector<int32_t> debugLayer; ///< debug id -> layer index
  /// The stream cores, resolved; they follow the file's `cores`.
  std::vector<fb::ResolvedStreamCore> streamCores;
  uint32_t numFlatCores = 0;
  /// The first group of each core in Program::groups (stream cores only).
  std::vector<uint32_t> firstGroup;
  /// Program::patterns' index of each distinct shape (Pattern's fields).
  StringMap<int32_t> shapeIndex;
};
} // namespace

Error Loader::load(Program &program, const HwConfig *hwOverride) {
  p = &program;
  p->versionMajor = file.version()->major();
  p->versionMinor = file.version()->minor();
  if (file.producer())
    p->producer = file.producer()->str();
  Expected<HwConfig> hw = fromFlatBuffer(*file.hardware());
  if (!hw)
    return hw.takeError();
  p->hw = hwOverride ? *hwOverride : *hw;
  if (Error e = loadMemoryLayout())
    return e;
  if (const auto *streamCores = file.stream_cores())
    for (uint32_t i = 0; i < streamCores->size(); ++i) {
      Expected<fb::ResolvedStreamCore> resolved =
          fb::resolveStreamCore(file, i);
      if (!resolved)
        return resolved.takeError();
      this->streamCores.push_back(std::move(*resolved));
    }
  if (Error e = loadCores())
    return e;
  if (Error e = loadGroups())
    return e;
  if (Error e = loadBarriers())
    return e;
  if (Error e = loadDebug())
    return e;
  for (uint32_t i = 0; i < numFlatCores; ++i)
    if (Error e =
            loadInstructions(i, file.cores()->Get(i)->instructions(), nullptr))
      return e;
  for (auto [i, shared] : llvm::enumerate(streamCores))
    if (Error e = loadInstructions(numFlatCores + i,
                                   shared.stream->instructions(), &shared))
      return e;
  // The weights outputs show, then the reads sorted and merged.
  uint64_t segmentEnd = p->weightsAddress + p->weights.size();
  for (const Binding &b : p->outputs)
    if (b.address < segmentEnd && b.address + b.size > p->weightsAddress)
      p->weightReads.push_back({std::max(b.address, p->weightsAddress),
                                std::min(b.address + b.size, segmentEnd)});
  llvm::sort(p->weightReads);
  size_t merged = 0;
  for (const std::pair<uint64_t, uint64_t> &r : p->weightReads) {
    if (merged && r.first <= p->weightReads[merged - 1].second)
      p->weightReads[merged - 1].second =
          std::max(p->weightReads[merged - 1].second, r.second);
    else
      p->weightReads[merged++] = r;
  }
  p->weightReads.resize(merged);
  if (p->dynamicInstructions > limits.maxInstructions)
    return makeError(formatv("the program executes {0} instructions, more "
                             "than zara-sim's limit of {1}",
                             p->dynamicInstructions, limits.maxInstructions)
                         .str());
  if (p->dynamicWork > limits.maxWork)
    return makeError(formatv("the program touches {0} elements and MACs, "
                             "more than zara-sim's limit of {1}",
                             p->dynamicWork, limits.maxWork)
                         .str());
  return Error::success();
}

Error Loader::loadMemoryLayout() {
  const HwConfig &hw = p->hw;
  p->dramSize = file.dram_size();
  if (p->dramSize > limits.maxDramElements)
    return makeError(formatv("the program declares {0} DRAM elements; "
                             "zara-sim simulates at most {1}",
                             p->dramSize, limits.maxDramElements)
                         .str());
  if (p->dramSize > hw.elementsIn(hw.dram.capacity_bytes))
    return makeError(formatv("the program declares {0} DRAM elements, more "
                             "than dram.capacity_bytes holds ({1})",
                             p->dramSize, hw.elementsIn(hw.dram.capacity_bytes))
                         .str());

  // Regions that must not overlap: [begin, end, description].
  struct Region {
    uint64_t begin, end;
    std::string what;
  };
  std::vector<Region> exclusive, outputs;

  // The weight segment: float32 values, 64-byte aligned in the file.
  p->weightsAddress = file.weights_address();
  if (const auto *weights = file.weights()) {
    if (weights->size() % 4 != 0)
      return makeError(formatv("the weight segment has {0} bytes, not a "
                               "whole number of float32 values",
                               weights->size())
                           .str());
    size_t offset =
        weights->data() - reinterpret_cast<const uint8_t *>(bytes.data());
    if (weights->size() != 0 && offset % 64 != 0)
      return makeError(formatv("the weight segment starts at byte {0}, which "
                               "is not 64-byte aligned",
                               offset)
                           .str());
    uint64_t count = weights->size() / 4;
    if (p->weightsAddress > p->dramSize ||
        count > p->dramSize - p->weightsAddress)
      return makeError(formatv("the weight segment [{0}, {1}) lies outside "
                               "DRAM (dram_size {2})",
                               p->weightsAddress, p->weightsAddress + count,
                               p->dramSize)
                           .str());
    const uint8_t *first = weights->data();
    if (sys::IsLittleEndianHost &&
        reinterpret_cast<uintptr_t>(first) % alignof(float) == 0) {
      p->weights = ArrayRef<float>(reinterpret_cast<const float *>(first),
                                   count);
    } else {
      p->weightStorage.resize(count);
      std::memcpy(p->weightStorage.data(), first, count * 4);
      if (!sys::IsLittleEndianHost)
        for (float &w : p->weightStorage) {
          uint32_t bits;
          std::memcpy(&bits, &w, 4);
          bits = byteswap(bits);
          std::memcpy(&w, &bits, 4);
        }
      p->weights = p->weightStorage;
    }
    if (count)
      exclusive.push_back(
          {p->weightsAddress, p->weightsAddress + count, "the weight segment"});
  }

  auto loadBindings =
      [&](const flatbuffers::Vector<flatbuffers::Offset<fb::Binding>> *list,
          std::vector<Binding> &out, StringRef kind,
          std::vector<Region> &regions) -> Error {
    if (!list)
      return Error::success();
    StringSet<> names;
    for (uint32_t i = 0; i < list->size(); ++i) {
      const fb::Binding *b = list->Get(i);
      Binding binding;
      binding.name = b->name()->str();
      std::string shown = printable(binding.name);
      if (binding.name.empty())
        return makeError(formatv("{0} {1} has an empty name", kind, i).str());
      if (!names.insert(binding.name).second)
        return makeError("two " + kind + "s are named '" + shown + "'");
      if (b->element_type() != fb::ElementType::Float32)
        return makeError(formatv("{0} '{1}' has element type {2}; zara-sim "
                                 "supports float32 (1)",
                                 kind, shown,
                                 static_cast<unsigned>(b->element_type()))
                             .str());
      uint64_t size = 1;
      if (const auto *shape = b->shape())
        for (int64_t dim : *shape) {
          if (dim < 0)
            return makeError(formatv("{0} '{1}' has a negative dimension "
                                     "{2}",
                                     kind, shown, dim)
                                 .str());
          size = satMul(size, static_cast<uint64_t>(dim));
          binding.shape.push_back(dim);
        }
      binding.address = b->address();
      binding.size = size;
      if (binding.address > p->dramSize || size > p->dramSize - binding.address)
        return makeError(formatv("{0} '{1}' [{2}, {3}) lies outside DRAM "
                                 "(dram_size {4})",
                                 kind, shown, binding.address,
                                 satAdd(binding.address, size), p->dramSize)
                             .str());
      if (size)
        regions.push_back({binding.address, binding.address + size,
                           (kind + " '" + shown + "'").str()});
      out.push_back(std::move(binding));
    }
    return Error::success();
  };
  if (Error e = loadBindings(file.inputs(), p->inputs, "input", exclusive))
    return e;
  if (Error e = loadBindings(file.outputs(), p->outputs, "output", outputs))
    return e;

  // Inputs and weights are disjoint; outputs are disjoint from each other
  // (an output may alias an input: a copy-free identity).
  for (std::vector<Region> *regions : {&exclusive, &outputs}) {
    std::vector<Region> sorted = *regions;
    llvm::sort(sorted, [](const Region &a, const Region &b) {
      return a.begin < b.begin;
    });
    for (size_t i = 1; i < sorted.size(); ++i)
      if (sorted[i].begin < sorted[i - 1].end)
        return makeError(sorted[i - 1].what + " and " + sorted[i].what +
                         " overlap in DRAM");
  }
  return Error::success();
}

Error Loader::loadCores() {
  const HwConfig &hw = p->hw;
  const auto *cores = file.cores();
  numFlatCores = cores ? cores->size() : 0;
  if (numFlatCores + streamCores.size() == 0)
    return makeError("the program has no cores");
  std::set<std::pair<uint32_t, uint32_t>> seen;
  std::set<uint32_t> tiles;
  // Stream cores count after the file's cores.
  for (uint32_t i = 0; i < numFlatCores + streamCores.size(); ++i) {
    Core core;
    if (i < numFlatCores) {
      core.tile = cores->Get(i)->tile();
      core.core = cores->Get(i)->core();
    } else {
      core.tile = streamCores[i - numFlatCores].core->tile();
      core.core = streamCores[i - numFlatCores].core->core();
    }
    if (core.tile >= hw.organisation.tiles)
      return makeError(formatv("core {0} is on tile {1}, but the chip has {2} "
                               "tiles",
                               i, core.tile, hw.organisation.tiles)
                           .str());
    if (core.core >= hw.organisation.cores_per_tile)
      return makeError(formatv("core {0} is core {1} of its tile, but tiles "
                               "have {2} cores",
                               i, core.core, hw.organisation.cores_per_tile)
                           .str());
    if (!seen.insert({core.tile, core.core}).second)
      return makeError(formatv("core {0} (tile {1}, core {2}) is declared "
                               "twice",
                               i, core.tile, core.core)
                           .str());
    tiles.insert(core.tile);
    p->cores.push_back(std::move(core));
  }
  p->usedTiles.assign(tiles.begin(), tiles.end());
  return Error::success();
}

Error Loader::loadGroups() {
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> coreAt;
  for (uint32_t c = 0; c < p->cores.size(); ++c)
    coreAt.try_emplace({p->cores[c].tile, p->cores[c].core}, c);
  if (const auto *groups = file.groups())
    for (uint32_t i = 0; i < groups->size(); ++i) {
      const fb::CrossbarGroup *g = groups->Get(i);
      Group group;
      group.tile = g->tile();
      group.core = g->core();
      group.firstCrossbar = g->first_crossbar();
      group.numCrossbars = g->num_crossbars();
      group.rows = g->rows();
      group.cols = g->cols();
      auto it = coreAt.find({group.tile, group.core});
      if (Error e = loadGroup(i, group, g->preload(), 0,
                              it == coreAt.end() ? UINT32_MAX : it->second))
        return e;
    }
  // Each stream core's copy of its stream's groups.
  for (auto [s, shared] : llvm::enumerate(streamCores)) {
    uint32_t coreIndex = numFlatCores + s;
    firstGroup.push_back(uint32_t(p->groups.size()));
    const auto *groups = shared.stream->groups();
    for (uint32_t k = 0; groups && k < groups->size(); ++k) {
      const fb::StreamGroup *g = groups->Get(k);
      Group group;
      group.tile = p->cores[coreIndex].tile;
      group.core = p->cores[coreIndex].core;
      group.firstCrossbar = g->first_crossbar();
      group.numCrossbars = g->num_crossbars();
      group.rows = g->rows();
      group.cols = g->cols();
      if (Error e = loadGroup(uint32_t(p->groups.size()), group, g->preload(),
                              shared.preloadDeltas[k], coreIndex))
        return e;
    }
  }
  return Error::success();
}

Error Loader::loadGroup(uint32_t i, Group group, const fb::Pattern *preload,
                        int64_t preloadDelta, uint32_t coreIndex) {
  const HwConfig &hw = p->hw;
  uint64_t maxRows = std::min<uint64_t>(
      hw.crossbar.rows, hw.elementsIn(hw.registers.input_bytes));
  uint64_t maxCols = hw.elementsIn(hw.registers.output_bytes);
  auto fail = [&](const Twine &message) {
    return makeError("crossbar group " + Twine(i) + ": " + message);
  };
  if (group.tile >= hw.organisation.tiles ||
      group.core >= hw.organisation.cores_per_tile)
    return fail(formatv("tile {0}, core {1} is not on the chip ({2} tiles "
                        "of {3} cores)",
                        group.tile, group.core, hw.organisation.tiles,
                        hw.organisation.cores_per_tile)
                    .str());
  if (group.rows == 0 || group.rows > maxRows)
    return fail(formatv("{0} rows; a group has 1 to {1} (crossbar rows and "
                        "input register)",
                        group.rows, maxRows)
                    .str());
  if (group.cols == 0 || group.cols > maxCols)
    return fail(formatv("{0} columns; a group has 1 to {1} (output "
                        "register)",
                        group.cols, maxCols)
                    .str());
  uint64_t arrays = hw.arraysForCols(group.cols);
  if (group.numCrossbars != arrays)
    return fail(
        formatv("{0} columns of {1}-bit weights need {2} "
                "({3} cells per weight, {4} columns per crossbar{5}), "
                "not {6}",
                group.cols, hw.numerics.weight_bits, plural(arrays, "crossbar"),
                hw.cellsPerWeight(), hw.crossbar.cols,
                hw.numerics.signed_weights == SignedWeights::Differential
                    ? ", positive and negative"
                    : "",
                group.numCrossbars)
            .str());
  if (uint64_t(group.firstCrossbar) + group.numCrossbars >
      hw.organisation.crossbars_per_core)
    return fail(formatv("crossbars [{0}, {1}) do not exist: cores have {2}",
                        group.firstCrossbar,
                        uint64_t(group.firstCrossbar) + group.numCrossbars,
                        hw.organisation.crossbars_per_core)
                    .str());
  if (preload) {
    int32_t base;
    Expected<int32_t> index =
        loadPattern(preload, MemSpace::Dram, "preload", preloadDelta, base);
    if (!index)
      return fail(toString(index.takeError()));
    if (p->patterns[*index].size != uint64_t(group.rows) * group.cols)
      return fail(formatv("preload pattern has {0} elements; the group's "
                          "{1} x {2} weights need {3}",
                          p->patterns[*index].size, group.rows, group.cols,
                          uint64_t(group.rows) * group.cols)
                      .str());
    group.preload = *index;
    group.preloadBase = base;
  }
  group.physicalCols = uint64_t(group.cols) * hw.cellsPerWeight();
  group.coreIndex = coreIndex;
  p->groups.push_back(group);
  return Error::success();
}

Error Loader::loadBarriers() {
  const auto *barriers = file.barriers();
  if (!barriers)
    return Error::success();
  for (uint32_t i = 0; i < barriers->size(); ++i) {
    const fb::BarrierDecl *b = barriers->Get(i);
    BarrierDecl decl;
    decl.id = b->id();
    if (!barrierIndex.try_emplace(decl.id, i).second)
      return makeError(formatv("barrier {0} is declared twice", decl.id).str());
    std::set<uint32_t> seen;
    if (b->participants())
      for (uint32_t core : *b->participants()) {
        if (core >= p->cores.size())
          return makeError(formatv("barrier {0} names core {1}, but the "
                                   "program has {2} cores",
                                   decl.id, core, p->cores.size())
                               .str());
        if (!seen.insert(core).second)
          return makeError(
              formatv("barrier {0} names core {1} twice", decl.id, core).str());
        decl.participants.push_back(core);
      }
    if (decl.participants.empty())
      return makeError(
          formatv("barrier {0} has no participants", decl.id).str());
    p->barriers.push_back(std::move(decl));
  }
  return Error::success();
}

Error Loader::loadDebug() {
  const auto *debug = file.debug();
  if (!debug)
    return Error::success();
  StringMap<int32_t> layerOf;
  for (uint32_t i = 0; i < debug->size(); ++i) {
    const fb::DebugEntry *entry = debug->Get(i);
    StringRef name = entry->name() ? entry->name()->string_view() : "";
    if (name.empty()) {
      debugLayer.push_back(-1);
      continue;
    }
    auto [it, inserted] =
        layerOf.try_emplace(name, static_cast<int32_t>(p->layerNames.size()));
    if (inserted) // statistics are JSON: names must be UTF-8
      p->layerNames.push_back(json::fixUTF8(name));
    debugLayer.push_back(it->second);
  }
  return Error::success();
}

Expected<int32_t> Loader::loadPattern(const fb::Pattern *pattern,
                                      MemSpace space, StringRef role,
                                      int64_t delta, int32_t &base) {
  if (!pattern)
    return makeError("has no " + role + " pattern");
  Pattern out;
  int64_t first = int64_t(uint64_t(pattern->base()) + uint64_t(delta));
  if (const auto *coeffs = pattern->loop_coeffs()) {
    if (coeffs->size() > loopCounts.size())
      return makeError(
          role + " pattern has " + plural(coeffs->size(), "loop coefficient") +
          ", but only " + plural(loopCounts.size(), "loop") +
          (loopCounts.size() == 1 ? " encloses" : " enclose") + " it");
    for (uint32_t j = 0; j < coeffs->size(); ++j)
      out.coeffs[j] = coeffs->Get(j);
    out.numCoeffs = coeffs->size();
  }
  int128 lo = first, hi = first;
  for (unsigned j = 0; j < out.numCoeffs; ++j) {
    int128 extent = int128(out.coeffs[j]) * (loopCounts[j] - 1);
    (extent < 0 ? lo : hi) += extent;
  }
  int128 size = 1;
  if (const auto *dims = pattern->dims()) {
    if (dims->size() > kMaxPatternDims)
      return makeError(formatv("{0} pattern has {1} dimensions; at most {2}",
                               role, dims->size(), kMaxPatternDims)
                           .str());
    for (uint32_t k = 0; k < dims->size(); ++k) {
      const fb::Dim *dim = dims->Get(k);
      if (dim->count() == 0)
        return makeError(
            formatv("{0} pattern dimension {1} has count 0", role, k).str());
      out.strides[k] = dim->stride();
      out.counts[k] = dim->count();
      int128 extent = int128(dim->stride()) * (dim->count() - 1);
      (extent < 0 ? lo : hi) += extent;
      size *= dim->count();
    }
    out.numDims = dims->size();
  }
  // More elements than its memory holds can only repeat addresses; the
  // bound keeps every operand's scratch space allocatable.
  uint64_t limit = memorySize(space);
  if (size > int128(limit))
    return makeError(formatv("{0} pattern has more elements than its memory "
                             "holds ({1})",
                             role, limit)
                         .str());
  out.size = static_cast<uint64_t>(size);
  if (lo < 0 || hi >= int128(limit)) {
    auto show = [](int128 v) {
      // The extremes fit in 96 bits; print them exactly.
      bool negative = v < 0;
      unsigned __int128 u = negative ? -(unsigned __int128)v : v;
      std::string digits;
      do {
        digits.insert(digits.begin(), char('0' + unsigned(u % 10)));
        u /= 10;
      } while (u);
      return (negative ? "-" : "") + digits;
    };
    return makeError(formatv("{0} pattern reaches {1} addresses [{2}, {3}], "
                             "outside [0, {4})",
                             role,
                             space == MemSpace::Dram ? "DRAM" : "tile buffer",
                             show(lo), show(hi), limit)
                         .str());
  }
  // Contiguous: the dimensions with count > 1 form one stride-1 run.
  uint64_t expected = 1;
  for (int k = out.numDims - 1; k >= 0; --k) {
    if (out.counts[k] == 1)
      continue;
    if (out.strides[k] != int64_t(expected)) {
      out.contiguous = false;
      break;
    }
    expected *= out.counts[k];
  }
  // The simulator keeps addresses in 32 bits (a memory as large is far
  // beyond what it would allocate anyway).
  if (hi > int128(INT32_MAX))
    return makeError(formatv("{0} pattern reaches {1} address {2}; zara-sim "
                             "addresses at most 2^31 elements",
                             role,
                             space == MemSpace::Dram ? "DRAM" : "tile buffer",
                             uint64_t(hi))
                         .str());
  base = int32_t(first); // lo <= first <= hi
  lastLo = lo;
  lastHi = hi;

  // One Pattern per shape: the fields that size and contiguity derive from.
  SmallVector<int64_t, 2 + kMaxLoopDepth + 2 * kMaxPatternDims> key;
  key.push_back(out.numCoeffs);
  key.push_back(out.numDims);
  key.append(out.coeffs, out.coeffs + out.numCoeffs);
  key.append(out.strides, out.strides + out.numDims);
  key.append(out.counts, out.counts + out.numDims);
  auto [it, inserted] = shapeIndex.try_emplace(
      StringRef(reinterpret_cast<const char *>(key.data()),
                key.size() * sizeof(int64_t)),
      int32_t(p->patterns.size()));
  if (inserted)
    p->patterns.push_back(out);
  return it->second;
}

Error Loader::checkGroupOwner(uint32_t group) {
  if (group >= p->groups.size())
    return makeError("uses crossbar group " + Twine(group) +
                     ", but the program has " +
                     plural(p->groups.size(), "group"));
  const Group &g = p->groups[group];
  if (g.coreIndex != curCore)
    return makeError(formatv("uses crossbar group {0}, which belongs to "
                             "tile {1}, core {2}",
                             group, g.tile, g.core)
                         .str());
  return Error::success();
}

Error Loader::loadInstructions(
    uint32_t coreIndex,
    const flatbuffers::Vector<flatbuffers::Offset<fb::Instr>> *instrs,
    const fb::ResolvedStreamCore *shared) {
  curCore = coreIndex;
  loopCounts.clear();
  std::vector<uint32_t> openLoops; // instruction indices
  uint64_t multiplier = 1;         // product of enclosing trip counts
  Core &out = p->cores[coreIndex];
  uint32_t n = instrs ? instrs->size() : 0;
  out.instructions.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const fb::Instr *instr = instrs->Get(i);
    Instruction &inst = out.instructions[i];
    auto where = [&] {
      return formatv("core {0} (tile {1}, core {2}), instruction {3}",
                     coreIndex, out.tile, out.core, i)
          .str();
    };
    if (Error e = loadInstruction(coreIndex, i, *instr, inst, shared)) {
      unsigned type = static_cast<unsigned>(instr->op_type());
      StringRef name = type >= 1 && type <= unsigned(OpKind::Halt) + 1
                           ? getOpName(static_cast<OpKind>(type - 1))
                           : StringRef("unknown");
      return makeError(where() + " (" + name + "): " + toString(std::move(e)));
    }
    uint64_t executions = multiplier;
    uint64_t work = 0;
    for (int32_t pi : inst.patterns)
      if (pi >= 0)
        work = satAdd(work, p->patterns[pi].size);
    if (inst.kind == OpKind::Mvm)
      work = satAdd(work, satMul(p->groups[inst.operand].rows,
                                 p->groups[inst.operand].cols));
    if (inst.kind == OpKind::Loop) {
      if (openLoops.size() == kMaxLoopDepth)
        return makeError(where() + " (loop): loops nest deeper than " +
                         Twine(kMaxLoopDepth));
      openLoops.push_back(i);
      loopCounts.push_back(inst.operand);
      multiplier = satMul(multiplier, inst.operand);
    } else if (inst.kind == OpKind::EndLoop) {
      if (openLoops.empty())
        return makeError(where() + " (end_loop): no loop is open");
      openLoops.pop_back();
      executions = multiplier; // once per iteration of the closed loop
      multiplier = 1;
      for (uint32_t count : llvm::drop_end(loopCounts))
        multiplier = satMul(multiplier, count);
      loopCounts.pop_back();
    }
    p->dynamicInstructions = satAdd(p->dynamicInstructions, executions);
    p->dynamicWork =
        satAdd(p->dynamicWork, satMul(executions, std::max<uint64_t>(work, 1)));
  }
  if (!openLoops.empty())
    return makeError(formatv("core {0} (tile {1}, core {2}), instruction {3} "
                             "(loop): the loop is not closed by an end_loop",
                             coreIndex, out.tile, out.core, openLoops.back())
                         .str());
  return Error::success();
}

Error Loader::loadInstruction(uint32_t coreIndex, uint32_t index,
                              const fb::Instr &instr, Instruction &inst,
                              const fb::ResolvedStreamCore *shared) {
  // A stream core's relocations: what to add to field f.
  auto delta = [&](fb::RelocField f) -> int64_t {
    return shared ? shared->delta(index, f) : 0;
  };
  // The group operand of mvm and program_xbar: a stream core's groups
  // start at firstGroup; the group must be this core's.
  auto useGroup = [&](uint32_t group) -> Error {
    if (shared) {
      uint32_t numGroups =
          shared->stream->groups() ? shared->stream->groups()->size() : 0;
      if (group >= numGroups)
        return makeError(formatv("uses group {0} of its shared stream, which "
                                 "has {1}",
                                 group, numGroups)
                             .str());
      group += firstGroup[coreIndex - numFlatCores];
    }
    inst.operand = group;
    return checkGroupOwner(group);
  };
  int32_t debugId = instr.debug_id();
  if (debugId < -1 || debugId >= int64_t(debugLayer.size()))
    return makeError(formatv("debug id {0} is not in the debug table ({1} "
                             "entries)",
                             debugId, debugLayer.size())
                         .str());
  inst.layer = debugId >= 0 ? debugLayer[debugId] : -1;
  const HwConfig &hw = p->hw;
  auto checkMem = [](fb::MemSpace m, StringRef role) -> Expected<MemSpace> {
    if (m != fb::MemSpace::Dram && m != fb::MemSpace::Buffer)
      return makeError(formatv("{0} memory space {1} is unknown", role,
                               static_cast<unsigned>(m))
                           .str());
    return static_cast<MemSpace>(m);
  };
  auto pattern = [&](const fb::Pattern *pat, MemSpace space, StringRef role,
                     int slot) -> Error {
    Expected<int32_t> pi = loadPattern(
        pat, space, role,
        delta(fb::RelocField(unsigned(fb::RelocField::Pattern0) + slot)),
        inst.bases[slot]);
    if (!pi)
      return pi.takeError();
    inst.patterns[slot] = *pi;
    int128 segmentEnd = int128(p->weightsAddress + p->weights.size());
    if (space == MemSpace::Dram && lastLo < segmentEnd &&
        lastHi >= int128(p->weightsAddress)) {
      if (role == "destination")
        p->writesWeightSegment = true;
      else
        p->weightReads.push_back(
            {uint64_t(std::max(lastLo, int128(p->weightsAddress))),
             uint64_t(std::min(lastHi + 1, segmentEnd))});
    }
    return Error::success();
  };
  auto sizeOf = [&](int slot) { return p->patterns[inst.patterns[slot]].size; };

  switch (instr.op_type()) {
  case fb::Op::Loop: {
    inst.kind = OpKind::Loop;
    inst.operand = instr.op_as_Loop()->count();
    if (inst.operand == 0)
      return makeError("the trip count is 0; loops run at least once");
    return Error::success();
  }
  case fb::Op::EndLoop:
    inst.kind = OpKind::EndLoop;
    return Error::success();
  case fb::Op::Halt:
    inst.kind = OpKind::Halt;
    return Error::success();
  case fb::Op::ProgramXbar: {
    inst.kind = OpKind::ProgramXbar;
    const fb::ProgramXbar *op = instr.op_as_ProgramXbar();
    if (Error e = useGroup(op->group()))
      return e;
    const Group &g = p->groups[inst.operand];
    if (op->mode() != fb::WriteMode::Whole && op->mode() != fb::WriteMode::Rows)
      return makeError(formatv("write mode {0} is unknown",
                               static_cast<unsigned>(op->mode()))
                           .str());
    inst.wholeArray = op->mode() == fb::WriteMode::Whole;
    inst.rowBegin = op->row_begin();
    inst.rowCount = op->row_count();
    if (inst.wholeArray && (inst.rowBegin != 0 || inst.rowCount != g.rows))
      return makeError(formatv("a whole-array write must cover rows [0, {0}) "
                               "of the group, not [{1}, {2})",
                               g.rows, inst.rowBegin,
                               uint64_t(inst.rowBegin) + inst.rowCount)
                           .str());
    if (inst.rowCount == 0 || uint64_t(inst.rowBegin) + inst.rowCount > g.rows)
      return makeError(formatv("rows [{0}, {1}) are not within the group's "
                               "{2} rows",
                               inst.rowBegin,
                               uint64_t(inst.rowBegin) + inst.rowCount, g.rows)
                           .str());
    if (Error e = pattern(op->src(), MemSpace::Dram, "source", 0))
      return e;
    uint64_t want = uint64_t(inst.rowCount) * g.cols;
    if (sizeOf(0) != want)
      return makeError(formatv("the source pattern has {0} elements; {1} rows "
                               "of {2} columns need {3}",
                               sizeOf(0), inst.rowCount, g.cols, want)
                           .str());
    return Error::success();
  }
  case fb::Op::Mvm: {
    inst.kind = OpKind::Mvm;
    const fb::Mvm *op = instr.op_as_Mvm();
    if (Error e = useGroup(op->group()))
      return e;
    const Group &g = p->groups[inst.operand];
    inst.accumulate = op->accumulate();
    if (Error e = pattern(op->input(), MemSpace::Buffer, "input", 0))
      return e;
    if (Error e = pattern(op->output(), MemSpace::Buffer, "output", 1))
      return e;
    if (sizeOf(0) != g.rows)
      return makeError(formatv("the input pattern has {0} elements, the group "
                               "has {1} rows",
                               sizeOf(0), g.rows)
                           .str());
    if (sizeOf(1) != g.cols)
      return makeError(formatv("the output pattern has {0} elements, the "
                               "group has {1} columns",
                               sizeOf(1), g.cols)
                           .str());
    return Error::success();
  }
  case fb::Op::Alu: {
    inst.kind = OpKind::Alu;
    const fb::Alu *op = instr.op_as_Alu();
    unsigned code = static_cast<unsigned>(op->op());
    if (code >= kNumAluOps)
      return makeError(formatv("ALU op {0} is unknown", code).str());
    inst.aluOp = static_cast<AluOp>(code);
    inst.imm = op->imm();
    StringRef name = getAluOpName(inst.aluOp);
    unsigned needed = getAluOperandCount(inst.aluOp);
    const fb::Pattern *sources[3] = {op->a(), op->b(), op->c()};
    if (Error e = pattern(op->dst(), MemSpace::Buffer, "destination", 0))
      return e;
    for (unsigned k = 0; k < 3; ++k) {
      const char *role = k == 0 ? "a" : k == 1 ? "b" : "c";
      if ((k < needed) != (sources[k] != nullptr))
        return makeError(formatv("{0} takes {1} operand{2}; operand {3} is "
                                 "{4}",
                                 name, needed, needed == 1 ? "" : "s", role,
                                 sources[k] ? "given" : "missing")
                             .str());
      if (sources[k])
        if (Error e = pattern(sources[k], MemSpace::Buffer,
                              (Twine("operand ") + role).str(), k + 1))
          return e;
    }
    if (inst.aluOp == AluOp::ReduceSum) {
      if (sizeOf(0) != 1)
        return makeError(formatv("reduce_sum writes one element, the "
                                 "destination pattern has {0}",
                                 sizeOf(0))
                             .str());
      return Error::success();
    }
    for (unsigned k = 1; k <= needed; ++k)
      if (sizeOf(k) != sizeOf(0))
        return makeError(formatv("operand {0} has {1} elements, the "
                                 "destination {2}",
                                 k == 1   ? "a"
                                 : k == 2 ? "b"
                                          : "c",
                                 sizeOf(k), sizeOf(0))
                             .str());
    return Error::success();
  }
  case fb::Op::Move: {
    inst.kind = OpKind::Move;
    const fb::Move *op = instr.op_as_Move();
    Expected<MemSpace> src = checkMem(op->src_mem(), "the source");
    if (!src)
      return src.takeError();
    Expected<MemSpace> dst = checkMem(op->dst_mem(), "the destination");
    if (!dst)
      return dst.takeError();
    inst.srcMem = *src;
    inst.dstMem = *dst;
    if (Error e = pattern(op->src(), *src, "source", 0))
      return e;
    if (Error e = pattern(op->dst(), *dst, "destination", 1))
      return e;
    if (sizeOf(0) != sizeOf(1))
      return makeError(formatv("the source pattern has {0} elements, the "
                               "destination {1}",
                               sizeOf(0), sizeOf(1))
                           .str());
    return Error::success();
  }
  case fb::Op::Fill: {
    inst.kind = OpKind::Fill;
    const fb::Fill *op = instr.op_as_Fill();
    Expected<MemSpace> mem = checkMem(op->mem(), "the");
    if (!mem)
      return mem.takeError();
    inst.srcMem = inst.dstMem = *mem;
    inst.imm = op->value();
    if (op->tag() != fb::Tag::Original && op->tag() != fb::Tag::Zero)
      return makeError(
          formatv("tag {0} is unknown", static_cast<unsigned>(op->tag()))
              .str());
    inst.tag = static_cast<Tag>(op->tag());
    return pattern(op->dst(), *mem, "destination", 0);
  }
  case fb::Op::Send:
  case fb::Op::Recv: {
    bool send = instr.op_type() == fb::Op::Send;
    inst.kind = send ? OpKind::Send : OpKind::Recv;
    Expected<uint32_t> tile = fb::relocateU32(
        send ? instr.op_as_Send()->dst_tile() : instr.op_as_Recv()->src_tile(),
        delta(fb::RelocField::Tile), "the tile");
    if (!tile)
      return tile.takeError();
    Expected<uint32_t> channel = fb::relocateU32(
        send ? instr.op_as_Send()->channel() : instr.op_as_Recv()->channel(),
        delta(fb::RelocField::Channel), "the channel");
    if (!channel)
      return channel.takeError();
    inst.channel = *channel;
    if (*tile >= hw.organisation.tiles)
      return makeError(formatv("tile {0} is not on the chip ({1} tiles)", *tile,
                               hw.organisation.tiles)
                           .str());
    inst.operand = *tile;
    return send ? pattern(instr.op_as_Send()->src(), MemSpace::Buffer, "source",
                          0)
                : pattern(instr.op_as_Recv()->dst(), MemSpace::Buffer,
                          "destination", 0);
  }
  case fb::Op::Barrier: {
    inst.kind = OpKind::Barrier;
    uint32_t id = instr.op_as_Barrier()->id();
    auto it = barrierIndex.find(id);
    if (it == barrierIndex.end())
      return makeError(formatv("barrier {0} is not declared", id).str());
    inst.operand = it->second;
    if (!llvm::is_contained(p->barriers[it->second].participants, coreIndex))
      return makeError(
          formatv("this core is not a participant of barrier {0}", id).str());
    return Error::success();
  }
  case fb::Op::NONE:
    return makeError("the instruction has no operation");
  }
  return makeError(formatv("instruction type {0} is unknown to this zara-sim "
                           "(it reads program format {1}.{2}; the file is "
                           "{3}.{4})",
                           static_cast<unsigned>(instr.op_type()), kReaderMajor,
                           kReaderMinor, p->versionMajor, p->versionMinor)
                       .str());
}

Expected<std::unique_ptr<Program>>
zara::sim::loadProgram(StringRef bytes, const HwConfig *hwOverride,
                       const LoadLimits &limits) {
  if (Error e = verifyProgramBuffer(bytes))
    return std::move(e);
  const fb::Program *file = fb::GetProgram(bytes.data());
  auto program = std::make_unique<Program>();
  Loader loader(*file, bytes, limits);
  if (Error e = loader.load(*program, hwOverride))
    return std::move(e);
  return program;
}
