//===- SharedStreams.h - Shared streams of .zara files ----------*- C++ -*-===//
//
// Part of zara. Program format 2.0 lets cores that run the same
// instructions at other addresses share one stream (docs/ProgramFormat.md,
// "Shared streams"). Writers call `shareStreams` on a flat program; readers
// call `expandSharedStreams` on a verified file and read the flat result, so
// every check and every consumer downstream sees one stream per core as in
// format 1.x.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_PROGRAM_SHAREDSTREAMS_H
#define ZARA_PROGRAM_SHAREDSTREAMS_H

#include "zara/Program/Program_generated.h"

#include "llvm/Support/Error.h"

#include <string>

#include <cstdint>
#include <vector>

namespace zara {
namespace program {

/// The oldest major version readers still read: 1.x files are 2.0 files
/// without shared streams.
constexpr unsigned kOldestReadableMajor = 1;

/// Rewrites the flat program `program` (cores and groups; no streams) so
/// that cores whose instructions and groups differ only in relocatable
/// fields run one shared stream. Every core becomes a stream core, in
/// order, so core indices keep their meaning; groups are renumbered in the
/// order of their cores, which only the rewritten instructions refer to.
/// A program whose groups do not all belong to the core that uses them (a
/// group of no core, an instruction naming another core's group, two cores
/// at one place) is left flat. Deterministic: equal inputs give equal
/// outputs.
void shareStreams(ProgramT &program);

/// Whether `file` has shared streams to expand.
bool hasSharedStreams(const Program &file);

/// Relocatable fields of an instruction: RelocField::Pattern0 to Channel.
constexpr unsigned kInstrRelocFields = 6;

/// Whether `instr` has the field `field` (Pattern0 to Channel).
bool hasRelocField(const Instr &instr, RelocField field);

/// A stream core of a verified program with its parameters resolved into
/// what to add to each field of its stream.
struct ResolvedStreamCore {
  const StreamCore *core = nullptr;
  const Stream *stream = nullptr;
  /// instrDeltas[i * kInstrRelocFields + f]: added to field f of
  /// instruction i (modulo 2^64).
  std::vector<int64_t> instrDeltas;
  /// Added to the preload base of each stream group.
  std::vector<int64_t> preloadDeltas;

  int64_t delta(uint32_t instr, RelocField field) const {
    return instrDeltas[size_t(instr) * kInstrRelocFields + unsigned(field)];
  }
  /// "stream core 3 (tile 0, core 3)", for messages.
  std::string describe(uint32_t index) const;
};

/// Resolves stream core `index` of `file`. Errors, complete sentences that
/// name the stream core: a stream, parameters or a relocation's
/// instruction, group, field or slot out of range.
llvm::Expected<ResolvedStreamCore> resolveStreamCore(const Program &file,
                                                     uint32_t index);

/// `value + delta` as a uint32 field, or an error naming `what`.
llvm::Expected<uint32_t> relocateU32(uint32_t value, int64_t delta,
                                     const llvm::Twine &what);

/// The flat form of the verified program `file`: every stream core becomes
/// a `Core` after `file.cores()` and its groups `CrossbarGroup`s after
/// `file.groups()`, with its parameters added to the relocated fields; the
/// result has no streams. Errors (complete sentences naming the stream
/// core) are out-of-range streams, parameters, relocations, relocated
/// values and stream group indices.
llvm::Expected<std::vector<uint8_t>> expandSharedStreams(const Program &file);

} // namespace program
} // namespace zara

#endif // ZARA_PROGRAM_SHAREDSTREAMS_H
