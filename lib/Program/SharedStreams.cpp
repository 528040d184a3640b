//===- SharedStreams.cpp - Shared instruction streams of .zara files ------===//
//
// Part of zara. Implements the writer's and the readers' side of shared
// streams (docs/ProgramFormat.md, "Shared streams").
//
// Sharing: each core's instructions and groups are turned into a candidate
// stream: `mvm` and `program_xbar` name groups by their index among the
// core's own groups, and every relocatable field (RelocField) is recorded
// and set to zero. Cores whose candidates serialize to the same bytes run
// one stream: the first such core's, with its values put back. A field whose
// values differ between those cores becomes a relocation; fields whose
// differences from the first core agree on every core share a parameter
// slot, so a layer's cores typically need one parameter per memory region
// (input, tile buffer share, output), one for the partner tile and one for
// the channel.
//
//===----------------------------------------------------------------------===//

#include "zara/Program/SharedStreams.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>
#include <map>
#include <optional>
#include <string>

using namespace llvm;
using namespace zara;
using namespace zara::program;

namespace {

/// A relocatable field of an instruction or a stream group, read and written
/// as a 64-bit value.
struct FieldRef {
  RelocField field;
  uint32_t index; ///< instruction (group for PreloadBase)
  int64_t *base = nullptr;
  uint32_t *u32 = nullptr;

  int64_t get() const { return base ? *base : int64_t(*u32); }
};

} // namespace

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The pattern operand `k` of `instr` (RelocField::Pattern0 + k), or null.
static PatternT *patternOperand(InstrT &instr, unsigned k) {
  OpUnion &op = instr.op;
  auto pick = [&](std::initializer_list<PatternT *> operands) -> PatternT * {
    return k < operands.size() ? operands.begin()[k] : nullptr;
  };
  switch (op.type) {
  case Op::ProgramXbar:
    return pick({op.AsProgramXbar()->src.get()});
  case Op::Mvm:
    return pick({op.AsMvm()->input.get(), op.AsMvm()->output.get()});
  case Op::Alu: {
    AluT *alu = op.AsAlu();
    return pick({alu->dst.get(), alu->a.get(), alu->b.get(), alu->c.get()});
  }
  case Op::Move:
    return pick({op.AsMove()->src.get(), op.AsMove()->dst.get()});
  case Op::Fill:
    return pick({op.AsFill()->dst.get()});
  case Op::Send:
    return pick({op.AsSend()->src.get()});
  case Op::Recv:
    return pick({op.AsRecv()->dst.get()});
  default:
    return nullptr;
  }
}

/// The field `field` of `instr`, if the instruction has it.
static std::optional<FieldRef> instrField(InstrT &instr, uint32_t index,
                                          RelocField field) {
  FieldRef ref{field, index};
  switch (field) {
  case RelocField::Pattern0:
  case RelocField::Pattern1:
  case RelocField::Pattern2:
  case RelocField::Pattern3:
    if (PatternT *p = patternOperand(
            instr, unsigned(field) - unsigned(RelocField::Pattern0))) {
      ref.base = &p->base;
      return ref;
    }
    return std::nullopt;
  case RelocField::Tile:
    if (SendT *send = instr.op.AsSend())
      ref.u32 = &send->dst_tile;
    else if (RecvT *recv = instr.op.AsRecv())
      ref.u32 = &recv->src_tile;
    else
      return std::nullopt;
    return ref;
  case RelocField::Channel:
    if (SendT *send = instr.op.AsSend())
      ref.u32 = &send->channel;
    else if (RecvT *recv = instr.op.AsRecv())
      ref.u32 = &recv->channel;
    else
      return std::nullopt;
    return ref;
  case RelocField::PreloadBase:
    return std::nullopt;
  }
  return std::nullopt;
}

/// The group operand of `mvm` and `program_xbar`, or null.
static uint32_t *groupOperand(InstrT &instr) {
  if (MvmT *mvm = instr.op.AsMvm())
    return &mvm->group;
  if (ProgramXbarT *prog = instr.op.AsProgramXbar())
    return &prog->group;
  return nullptr;
}

/// Every relocatable field of a candidate stream, in a fixed order.
static std::vector<FieldRef> relocatableFields(StreamT &stream) {
  std::vector<FieldRef> fields;
  for (auto [i, instr] : llvm::enumerate(stream.instructions))
    for (unsigned f = 0; f <= unsigned(RelocField::Channel); ++f)
      if (auto ref = instrField(*instr, i, RelocField(f)))
        fields.push_back(*ref);
  for (auto [i, group] : llvm::enumerate(stream.groups))
    if (group->preload) {
      FieldRef ref{RelocField::PreloadBase, uint32_t(i)};
      ref.base = &group->preload->base;
      fields.push_back(ref);
    }
  return fields;
}

//===----------------------------------------------------------------------===//
// Sharing (writers)
//===----------------------------------------------------------------------===//

void zara::program::shareStreams(ProgramT &program) {
  if (!program.streams.empty() || !program.stream_cores.empty() ||
      program.cores.empty())
    return;
  const size_t numCores = program.cores.size();
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> coreAt;
  for (auto [i, core] : llvm::enumerate(program.cores))
    if (!coreAt.try_emplace({core->tile, core->core}, uint32_t(i)).second)
      return; // two cores at one place: the loader's error to report
  // Each group's owner and its index among the owner's groups.
  std::vector<uint32_t> owner(program.groups.size()),
      localIndex(program.groups.size());
  std::vector<uint32_t> numOwned(numCores, 0);
  for (auto [g, group] : llvm::enumerate(program.groups)) {
    auto it = coreAt.find({group->tile, group->core});
    if (it == coreAt.end())
      return;
    owner[g] = it->second;
    localIndex[g] = numOwned[it->second]++;
  }
  for (auto [c, core] : llvm::enumerate(program.cores))
    for (auto &instr : core->instructions)
      if (uint32_t *group = groupOperand(*instr))
        if (*group >= owner.size() || owner[*group] != c)
          return;

  // Candidate streams, with their relocatable values taken out.
  std::vector<StreamT> candidates(numCores);
  std::vector<std::vector<FieldRef>> fields(numCores);
  std::vector<std::vector<int64_t>> values(numCores);
  for (size_t c = 0; c < numCores; ++c) {
    StreamT &stream = candidates[c];
    stream.instructions = std::move(program.cores[c]->instructions);
    for (auto &instr : stream.instructions)
      if (uint32_t *group = groupOperand(*instr))
        *group = localIndex[*group];
  }
  for (auto [g, group] : llvm::enumerate(program.groups)) {
    auto sg = std::make_unique<StreamGroupT>();
    sg->first_crossbar = group->first_crossbar;
    sg->num_crossbars = group->num_crossbars;
    sg->rows = group->rows;
    sg->cols = group->cols;
    sg->preload = std::move(group->preload);
    candidates[owner[g]].groups.push_back(std::move(sg));
  }
  // Streams by their bytes with every relocatable field zero.
  std::map<std::string, uint32_t> streamOf;
  std::vector<uint32_t> streamOfCore(numCores);
  std::vector<std::vector<uint32_t>> members;
  for (size_t c = 0; c < numCores; ++c) {
    fields[c] = relocatableFields(candidates[c]);
    for (FieldRef &ref : fields[c]) {
      values[c].push_back(ref.get());
      if (ref.base)
        *ref.base = 0;
      else
        *ref.u32 = 0;
    }
    flatbuffers::FlatBufferBuilder builder(256);
    builder.Finish(Stream::Pack(builder, &candidates[c]));
    std::string key(reinterpret_cast<const char *>(builder.GetBufferPointer()),
                    builder.GetSize());
    auto [it, inserted] = streamOf.try_emplace(key, uint32_t(members.size()));
    if (inserted)
      members.emplace_back();
    members[it->second].push_back(uint32_t(c));
  }

  // Each stream: the first member's values, a slot per distinct column of
  // differences (modulo 2^64, as readers add them), the members' parameters.
  std::vector<std::vector<int64_t>> params(numCores);
  auto difference = [](int64_t value, int64_t from) {
    return int64_t(uint64_t(value) - uint64_t(from));
  };
  auto addStream = [&](ArrayRef<uint32_t> cores) -> bool {
    uint32_t first = cores.front();
    const std::vector<FieldRef> &refs = fields[first];
    std::map<std::vector<int64_t>, uint32_t> slotOf;
    std::vector<size_t> slotField; // a field of each slot
    std::vector<Relocation> relocations;
    for (size_t f = 0; f < refs.size(); ++f) {
      std::vector<int64_t> column;
      column.reserve(cores.size());
      for (uint32_t c : cores)
        column.push_back(difference(values[c][f], values[first][f]));
      if (llvm::all_of(column, [](int64_t d) { return d == 0; }))
        continue;
      auto [it, inserted] = slotOf.try_emplace(column, uint32_t(slotOf.size()));
      if (inserted)
        slotField.push_back(f);
      if (it->second > std::numeric_limits<uint16_t>::max())
        return false;
      relocations.emplace_back(refs[f].index, refs[f].field,
                               uint16_t(it->second));
    }
    for (size_t f = 0; f < refs.size(); ++f) {
      if (refs[f].base)
        *refs[f].base = values[first][f];
      else
        *refs[f].u32 = uint32_t(values[first][f]);
    }
    auto stream = std::make_unique<StreamT>();
    stream->instructions = std::move(candidates[first].instructions);
    stream->groups = std::move(candidates[first].groups);
    stream->relocations = std::move(relocations);
    stream->num_params = uint32_t(slotOf.size());
    for (uint32_t c : cores) {
      streamOfCore[c] = uint32_t(program.streams.size());
      for (size_t f : slotField)
        params[c].push_back(difference(values[c][f], values[first][f]));
    }
    program.streams.push_back(std::move(stream));
    return true;
  };
  for (const std::vector<uint32_t> &cores : members)
    if (!addStream(cores)) // more than 2^16 slots: a stream per core
      for (uint32_t c : cores)
        addStream(ArrayRef<uint32_t>(c));
  for (size_t c = 0; c < numCores; ++c) {
    program.stream_cores.emplace_back(program.cores[c]->tile,
                                      program.cores[c]->core, streamOfCore[c],
                                      uint32_t(program.stream_params.size()));
    llvm::append_range(program.stream_params, params[c]);
  }
  program.cores.clear();
  program.groups.clear();
}

//===----------------------------------------------------------------------===//
// Expansion (readers)
//===----------------------------------------------------------------------===//

bool zara::program::hasSharedStreams(const Program &file) {
  return (file.streams() && file.streams()->size()) ||
         (file.stream_cores() && file.stream_cores()->size());
}

static StringRef fieldName(RelocField field) {
  switch (field) {
  case RelocField::Pattern0:
    return "pattern 0";
  case RelocField::Pattern1:
    return "pattern 1";
  case RelocField::Pattern2:
    return "pattern 2";
  case RelocField::Pattern3:
    return "pattern 3";
  case RelocField::Tile:
    return "tile";
  case RelocField::Channel:
    return "channel";
  case RelocField::PreloadBase:
    return "preload base";
  }
  return "unknown field";
}

bool zara::program::hasRelocField(const Instr &instr, RelocField field) {
  switch (field) {
  case RelocField::Pattern0:
  case RelocField::Pattern1:
  case RelocField::Pattern2:
  case RelocField::Pattern3: {
    unsigned k = unsigned(field) - unsigned(RelocField::Pattern0);
    switch (instr.op_type()) {
    case Op::ProgramXbar:
      return k == 0 && instr.op_as_ProgramXbar()->src();
    case Op::Mvm:
      return (k == 0 && instr.op_as_Mvm()->input()) ||
             (k == 1 && instr.op_as_Mvm()->output());
    case Op::Alu: {
      const Alu *alu = instr.op_as_Alu();
      const Pattern *operands[] = {alu->dst(), alu->a(), alu->b(), alu->c()};
      return operands[k] != nullptr;
    }
    case Op::Move:
      return (k == 0 && instr.op_as_Move()->src()) ||
             (k == 1 && instr.op_as_Move()->dst());
    case Op::Fill:
      return k == 0 && instr.op_as_Fill()->dst();
    case Op::Send:
      return k == 0 && instr.op_as_Send()->src();
    case Op::Recv:
      return k == 0 && instr.op_as_Recv()->dst();
    default:
      return false;
    }
  }
  case RelocField::Tile:
  case RelocField::Channel:
    return instr.op_type() == Op::Send || instr.op_type() == Op::Recv;
  case RelocField::PreloadBase:
    return false;
  }
  return false;
}

std::string ResolvedStreamCore::describe(uint32_t index) const {
  return formatv("stream core {0} (tile {1}, core {2})", index, core->tile(),
                 core->core())
      .str();
}

Expected<ResolvedStreamCore>
zara::program::resolveStreamCore(const Program &file, uint32_t index) {
  ResolvedStreamCore out;
  out.core = file.stream_cores()->Get(index);
  const StreamCore &sc = *out.core;
  const std::string where = out.describe(index);
  const auto *streams = file.streams();
  const size_t numStreams = streams ? streams->size() : 0;
  if (sc.stream() >= numStreams)
    return makeError(formatv("{0} runs stream {1}, but the program has {2} "
                             "streams",
                             where, sc.stream(), numStreams));
  out.stream = streams->Get(sc.stream());
  const Stream &stream = *out.stream;
  const auto *params = file.stream_params();
  const size_t numParams = params ? params->size() : 0;
  const uint64_t end = uint64_t(sc.params_begin()) + stream.num_params();
  if (end > numParams)
    return makeError(formatv("{0}: its parameters [{1}, {2}) for stream {3} "
                             "are past the {4} stream parameters",
                             where, sc.params_begin(), end, sc.stream(),
                             numParams));
  const auto *instrs = stream.instructions();
  const auto *groups = stream.groups();
  const uint32_t numInstrs = instrs ? instrs->size() : 0;
  const uint32_t numGroups = groups ? groups->size() : 0;
  out.instrDeltas.assign(size_t(numInstrs) * kInstrRelocFields, 0);
  out.preloadDeltas.assign(numGroups, 0);
  if (const auto *relocs = stream.relocations())
    for (uint32_t r = 0; r < relocs->size(); ++r) {
      const Relocation *reloc = relocs->Get(r);
      bool group = reloc->field() == RelocField::PreloadBase;
      auto fail = [&](const Twine &message) {
        return makeError(formatv(
            "{0}: relocation {1} of stream {2} ({3} of "
            "{4} {5}) {6}",
            where, r, sc.stream(), fieldName(reloc->field()),
            group ? "group" : "instruction", reloc->index(), message.str()));
      };
      if (reloc->slot() >= stream.num_params())
        return fail(formatv("uses parameter {0}, but the stream has {1}",
                            reloc->slot(), stream.num_params()));
      int64_t delta = params->Get(sc.params_begin() + reloc->slot());
      int64_t *target = nullptr;
      if (group) {
        if (reloc->index() < numGroups &&
            groups->Get(reloc->index())->preload())
          target = &out.preloadDeltas[reloc->index()];
      } else if (unsigned(reloc->field()) < kInstrRelocFields &&
                 reloc->index() < numInstrs &&
                 hasRelocField(*instrs->Get(reloc->index()), reloc->field())) {
        target = &out.instrDeltas[size_t(reloc->index()) * kInstrRelocFields +
                                  unsigned(reloc->field())];
      }
      if (!target)
        return fail("names a field the stream does not have");
      *target = int64_t(uint64_t(*target) + uint64_t(delta));
    }
  return out;
}

Expected<uint32_t> zara::program::relocateU32(uint32_t value, int64_t delta,
                                              const Twine &what) {
  int64_t result = int64_t(value) + delta;
  if (delta < -int64_t(value) ||
      delta > int64_t(std::numeric_limits<uint32_t>::max()) - int64_t(value))
    return makeError(
        formatv("{0} {1} + {2} is out of range", what.str(), value, delta));
  return uint32_t(result);
}

Expected<std::vector<uint8_t>>
zara::program::expandSharedStreams(const Program &file) {
  std::unique_ptr<ProgramT> flat(file.UnPack());
  flat->streams.clear();
  flat->stream_cores.clear();
  flat->stream_params.clear();
  const auto *streamCores = file.stream_cores();
  for (uint32_t i = 0; streamCores && i < streamCores->size(); ++i) {
    Expected<ResolvedStreamCore> resolved = resolveStreamCore(file, i);
    if (!resolved)
      return resolved.takeError();
    const StreamCore &sc = *resolved->core;
    const Stream &stream = *resolved->stream;
    auto core = std::make_unique<CoreT>();
    core->tile = sc.tile();
    core->core = sc.core();
    const uint32_t groupBase = uint32_t(flat->groups.size());
    const uint32_t numGroups = stream.groups() ? stream.groups()->size() : 0;
    if (const auto *instrs = stream.instructions())
      for (uint32_t k = 0; k < instrs->size(); ++k) {
        std::unique_ptr<InstrT> instr(instrs->Get(k)->UnPack());
        for (unsigned f = 0; f < kInstrRelocFields; ++f) {
          int64_t delta = resolved->delta(k, RelocField(f));
          if (delta == 0)
            continue;
          std::optional<FieldRef> ref = instrField(*instr, k, RelocField(f));
          assert(ref && "resolveStreamCore checked the field");
          if (ref->base) {
            *ref->base = int64_t(uint64_t(*ref->base) + uint64_t(delta));
          } else {
            Expected<uint32_t> value = relocateU32(
                *ref->u32, delta,
                formatv("{0}, instruction {1}: {2}", resolved->describe(i), k,
                        fieldName(RelocField(f))));
            if (!value)
              return value.takeError();
            *ref->u32 = *value;
          }
        }
        if (uint32_t *group = groupOperand(*instr)) {
          if (*group >= numGroups)
            return makeError(formatv("{0}, instruction {1}: group {2} is not "
                                     "one of the stream's {3} groups",
                                     resolved->describe(i), k, *group,
                                     numGroups));
          *group += groupBase;
        }
        core->instructions.push_back(std::move(instr));
      }
    for (uint32_t g = 0; g < numGroups; ++g) {
      std::unique_ptr<StreamGroupT> sg(stream.groups()->Get(g)->UnPack());
      auto group = std::make_unique<CrossbarGroupT>();
      group->tile = sc.tile();
      group->core = sc.core();
      group->first_crossbar = sg->first_crossbar;
      group->num_crossbars = sg->num_crossbars;
      group->rows = sg->rows;
      group->cols = sg->cols;
      group->preload = std::move(sg->preload);
      if (group->preload)
        group->preload->base = int64_t(uint64_t(group->preload->base) +
                                       uint64_t(resolved->preloadDeltas[g]));
      flat->groups.push_back(std::move(group));
    }
    flat->cores.push_back(std::move(core));
  }
  flatbuffers::FlatBufferBuilder builder(1024);
  FinishProgramBuffer(builder, Program::Pack(builder, flat.get()));
  return std::vector<uint8_t>(builder.GetBufferPointer(),
                              builder.GetBufferPointer() + builder.GetSize());
}
