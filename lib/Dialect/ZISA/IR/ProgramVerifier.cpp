//===- ProgramVerifier.cpp - Whole-program checks of zisa.program ---------===//
//
// Part of zara. `zisa.program`'s region verifier: the checks that the
// simulator's loader makes before a program runs (docs/ISA.md), so that an
// imported or hand-written program that verifies also loads.
//
// The verifier walks the structure ops once (hardware configuration, DRAM
// layout of the weights and bindings, crossbar group placement, cores and
// barrier declarations), then every core's stream with a stack of the
// enclosing loop counts. Because every address is affine in the loop
// indices, the extreme addresses of a pattern are reached at the ends of
// the loop and dimension ranges: one interval per pattern proves it in
// bounds for every iteration. The stack also gives each instruction its
// execution count (the product of the enclosing counts), from which the
// verifier checks that every participant reaches each barrier equally
// often and that every (source tile, destination tile, channel) queue
// carries as many messages and elements as are received from it.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ZISA/IR/ZISAOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <tuple>

using namespace mlir;
using namespace zara::zisa;

namespace {

/// A (tile, core) pair.
using CoreId = std::pair<int64_t, int64_t>;

/// An execution count that saturates instead of wrapping; a saturated
/// count is unknown and takes part in no comparison.
struct Count {
  uint64_t value = 0;
  bool saturated = false;

  void add(Count other) {
    bool overflow = false;
    value = llvm::SaturatingAdd(value, other.value, &overflow);
    saturated |= overflow || other.saturated;
  }
  Count times(uint64_t factor) const {
    bool overflow = false;
    Count result{llvm::SaturatingMultiply(value, factor, &overflow), saturated};
    result.saturated |= overflow;
    return result;
  }
};

/// What the sends and the receives of one queue add up to.
struct QueueTotals {
  Count messages, elements;
  Operation *first = nullptr;
};

/// The state of the walk over one program.
class ProgramVerifier {
public:
  explicit ProgramVerifier(ProgramOp program)
      : program(program), hw(program.getHardware()) {}

  LogicalResult verify();

private:
  LogicalResult verifyHardware();
  LogicalResult verifyLayout();
  LogicalResult verifyGroup(XbarGroupOp group);
  LogicalResult verifyCoreStream(CoreOp core);
  LogicalResult verifyBlock(Block &block, CoreOp core,
                            SmallVectorImpl<int64_t> &loopCounts,
                            uint64_t executions, bool &saturated);
  LogicalResult verifyInstruction(Operation *op, CoreOp core,
                                  ArrayRef<int64_t> loopCounts, Count runs);
  LogicalResult verifyPattern(Operation *op, StringRef role, MemSpace mem,
                              PatternAttr pattern,
                              ArrayRef<int64_t> loopCounts);
  FailureOr<XbarGroupOp> lookupGroup(Operation *op, FlatSymbolRefAttr name,
                                     CoreOp core);
  LogicalResult verifyBarriers();
  LogicalResult verifyQueues();
  /// Elements of `data_bits` that fit in `bytes`.
  uint64_t elementsIn(uint64_t bytes) const {
    uint64_t dataBits = hw.getNumerics().getDataBits();
    if (dataBits == 0)
      return 0;
    return bytes > UINT64_MAX / 8 ? UINT64_MAX / dataBits
                                  : bytes * 8 / dataBits;
  }

  ProgramOp program;
  HwConfigAttr hw;
  uint64_t bufferSize = 0;
  llvm::DenseMap<StringAttr, XbarGroupOp> groups;
  llvm::DenseMap<CoreId, CoreOp> cores;
  llvm::MapVector<int64_t, BarrierDeclOp> barriers;
  /// Executions of each barrier id by each core.
  llvm::DenseMap<std::pair<int64_t, CoreId>, Count> barrierRuns;
  /// Queue (source tile, destination tile, channel) -> totals.
  llvm::MapVector<std::tuple<int64_t, int64_t, int64_t>, QueueTotals> sent,
      received;
};

} // namespace

/// Prints a core as `(tile, core)`.
static std::string str(CoreId id) {
  return ("(" + Twine(id.first) + ", " + Twine(id.second) + ")").str();
}

static CoreId idOf(CoreOp core) {
  return {int64_t(core.getTile()), int64_t(core.getCore())};
}

/// Prints a double as the range messages show it.
static std::string fmt(double value) {
  return llvm::formatv("{0}", llvm::format("%g", value)).str();
}

LogicalResult ProgramVerifier::verifyHardware() {
  // Every field against its range in HwConfig.def, as zara-sim validates a
  // configuration; getFields lists them in the same order.
  struct Range {
    llvm::StringLiteral section, key;
    double min, max;
    bool minExclusive, isEnum;
  };
  static const Range ranges[] = {
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  {#section,    #key,         double(min),                                     \
   double(max), minExclusive, llvm::StringLiteral(#kind) == "SIGNED"},
#include "zara/Sim/HwConfig.def"
  };
  SmallVector<HwField> fields = hw.getFields();
  assert(fields.size() == std::size(ranges) && "HwConfig.def out of sync");
  for (auto [field, range] : llvm::zip(fields, ranges)) {
    assert(field.section == range.section && field.key == range.key &&
           "HwConfigAttr::getFields is not in HwConfig.def order");
    if (range.isEnum)
      continue;
    double v = field.value;
    bool below = range.minExclusive ? !(v > range.min) : !(v >= range.min);
    if (below || !(v <= range.max))
      return program.emitOpError("hardware configuration field '")
             << range.section << "." << range.key << "' must be in "
             << (range.minExclusive ? "(" : "[") << fmt(range.min) << ", "
             << fmt(range.max) << "], got " << fmt(v);
  }
  // Capacities in elements must not round down to nothing.
  if (hw.getBufferElements() == 0)
    return program.emitOpError("hardware configuration: 'buffer.bytes' holds "
                               "no element of 'numerics.data_bits' bits");
  if (elementsIn(hw.getRegisters().getInputBytes()) == 0 ||
      elementsIn(hw.getRegisters().getOutputBytes()) == 0)
    return program.emitOpError(
        "hardware configuration: 'registers.input_bytes' and "
        "'registers.output_bytes' must hold at least one element of "
        "'numerics.data_bits' bits");
  bufferSize = hw.getBufferElements();

  uint64_t capacity = elementsIn(hw.getDram().getCapacityBytes());
  if (uint64_t(program.getDramSize()) > capacity)
    return program.emitOpError("dram_size of ")
           << program.getDramSize()
           << " elements exceeds what dram.capacity_bytes holds (" << capacity
           << ")";
  return success();
}

LogicalResult ProgramVerifier::verifyGroup(XbarGroupOp group) {
  auto org = hw.getOrganisation();
  auto xbar = hw.getCrossbar();
  if (group.getTile() >= org.getTiles() ||
      group.getCore() >= org.getCoresPerTile())
    return group.emitOpError("core ")
           << str({group.getTile(), group.getCore()}) << " is not on the chip ("
           << org.getTiles() << " tiles of " << org.getCoresPerTile()
           << " cores)";
  // An MVM holds its input vector in the input register and its results in
  // the output register.
  uint64_t maxRows = std::min<uint64_t>(
      xbar.getRows(), elementsIn(hw.getRegisters().getInputBytes()));
  uint64_t maxCols = elementsIn(hw.getRegisters().getOutputBytes());
  if (group.getRows() > maxRows)
    return group.emitOpError("rows ")
           << group.getRows() << " exceed the " << maxRows
           << " that crossbar rows and input register allow";
  if (group.getCols() > maxCols)
    return group.emitOpError("cols ")
           << group.getCols() << " exceed the " << maxCols
           << " that the output register allows";
  // Each weight column takes cells_per_weight physical columns, on an array
  // pair with differential weights.
  uint64_t physical = group.getCols() * hw.getCellsPerWeight();
  uint64_t arrays =
      llvm::divideCeil(physical, uint64_t(xbar.getCols())) * hw.getPolarities();
  if (group.getNumCrossbars() != arrays)
    return group.emitOpError("cols ")
           << group.getCols() << " of " << hw.getNumerics().getWeightBits()
           << "-bit weights need " << arrays << " crossbars ("
           << hw.getCellsPerWeight() << " cells per weight, " << xbar.getCols()
           << " columns per crossbar"
           << (hw.getPolarities() == 2 ? ", positive and negative" : "")
           << "), not " << group.getNumCrossbars();
  uint64_t end = group.getFirstCrossbar() + group.getNumCrossbars();
  if (end > org.getCrossbarsPerCore())
    return group.emitOpError("crossbars [")
           << group.getFirstCrossbar() << ", " << end
           << ") do not exist: cores have " << org.getCrossbarsPerCore();
  if (std::optional<PatternAttr> preload = group.getPreload()) {
    uint64_t expected = uint64_t(group.getRows()) * group.getCols();
    if (uint64_t(preload->getNumElements()) != expected)
      return group.emitOpError("'preload' has ")
             << preload->getNumElements() << " elements, the group's "
             << group.getRows() << " x " << group.getCols() << " weights need "
             << expected;
    return verifyPattern(group, "preload", MemSpace::dram, *preload, {});
  }
  return success();
}

LogicalResult ProgramVerifier::verifyLayout() {
  auto org = hw.getOrganisation();
  uint64_t dramSize = program.getDramSize();
  // DRAM regions [begin, end) that must not overlap: the weight segment
  // and the inputs among themselves, the outputs among themselves (an
  // output may alias an input: a copy-free identity).
  struct Region {
    uint64_t begin, end;
    Operation *op;
  };
  SmallVector<Region> exclusive, outputs;
  // Checks that `n` elements at `address` fit in DRAM and records them.
  auto addRegion = [&](Operation *op, uint64_t address, uint64_t n,
                       SmallVectorImpl<Region> &regions) -> LogicalResult {
    if (address > dramSize || n > dramSize - address)
      return op->emitOpError("elements [")
             << address << ", " << address + n << ") are outside DRAM [0, "
             << dramSize << ")";
    if (n != 0)
      regions.push_back({address, address + n, op});
    return success();
  };
  llvm::StringSet<> inputNames, outputNames;
  llvm::DenseSet<int64_t> barrierIds;
  for (Operation &op : program.getBody().front()) {
    LogicalResult result =
        TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](WeightsOp w) {
              return addRegion(w, w.getAddress(), w.getNumElements(),
                               exclusive);
            })
            .Case([&](InputOp in) -> LogicalResult {
              if (in.getName().empty())
                return in.emitOpError("input has an empty name");
              if (!inputNames.insert(in.getName()).second)
                return in.emitOpError("duplicate input '")
                       << in.getName() << "'";
              return addRegion(in, in.getAddress(), in.getNumElements(),
                               exclusive);
            })
            .Case([&](OutputOp out) -> LogicalResult {
              if (out.getName().empty())
                return out.emitOpError("output has an empty name");
              if (!outputNames.insert(out.getName()).second)
                return out.emitOpError("duplicate output '")
                       << out.getName() << "'";
              return addRegion(out, out.getAddress(), out.getNumElements(),
                               outputs);
            })
            .Case([&](XbarGroupOp group) {
              groups[group.getSymNameAttr()] = group;
              return verifyGroup(group);
            })
            .Case([&](BarrierDeclOp decl) -> LogicalResult {
              if (!barrierIds.insert(decl.getId()).second)
                return decl.emitOpError("barrier ")
                       << decl.getId() << " is declared twice";
              barriers[decl.getId()] = decl;
              return success();
            })
            .Case([&](CoreOp core) -> LogicalResult {
              if (core.getTile() >= org.getTiles() ||
                  core.getCore() >= org.getCoresPerTile())
                return core.emitOpError("core ")
                       << str(idOf(core)) << " is not on the chip ("
                       << org.getTiles() << " tiles of "
                       << org.getCoresPerTile() << " cores)";
              if (!cores.try_emplace(idOf(core), core).second)
                return core.emitOpError("core ")
                       << str(idOf(core)) << " has two instruction streams";
              return success();
            })
            .Default([](Operation *other) {
              return other->emitOpError("is not part of a zisa program");
            });
    if (failed(result))
      return failure();
  }
  if (cores.empty())
    return program.emitOpError("has no cores");

  for (SmallVectorImpl<Region> *regions : {&exclusive, &outputs}) {
    llvm::sort(*regions, [](const Region &a, const Region &b) {
      return a.begin < b.begin;
    });
    for (size_t i = 1; i < regions->size(); ++i) {
      const Region &prev = (*regions)[i - 1], &cur = (*regions)[i];
      if (cur.begin < prev.end) {
        InFlightDiagnostic diag = cur.op->emitOpError("elements [")
                                  << cur.begin << ", " << cur.end
                                  << ") overlap another DRAM region";
        diag.attachNote(prev.op->getLoc())
            << "the other region: [" << prev.begin << ", " << prev.end << ")";
        return diag;
      }
    }
  }
  return success();
}

LogicalResult ProgramVerifier::verifyPattern(Operation *op, StringRef role,
                                             MemSpace mem, PatternAttr pattern,
                                             ArrayRef<int64_t> loopCounts) {
  size_t used = pattern.getAddr().getCoeffs().size();
  if (used > loopCounts.size())
    return op->emitOpError("'")
           << role << "' uses loop index i" << used - 1 << " but only "
           << loopCounts.size() << " loops enclose it";
  FailureOr<std::pair<int64_t, int64_t>> range =
      pattern.getAddressRange(loopCounts);
  if (failed(range))
    return op->emitOpError("'") << role << "' addresses overflow 64 bits";
  uint64_t size =
      mem == MemSpace::dram ? uint64_t(program.getDramSize()) : bufferSize;
  auto [lo, hi] = *range;
  if (lo < 0 || uint64_t(hi) >= size)
    return op->emitOpError("'")
           << role << "' reaches "
           << (mem == MemSpace::dram ? "DRAM" : "tile buffer") << " addresses ["
           << lo << ", " << hi << "], outside [0, " << size << ")";
  return success();
}

FailureOr<XbarGroupOp> ProgramVerifier::lookupGroup(Operation *op,
                                                    FlatSymbolRefAttr name,
                                                    CoreOp core) {
  XbarGroupOp group = groups.lookup(name.getAttr());
  if (!group)
    return op->emitOpError("'") << name << "' is not a crossbar group";
  CoreId owner{group.getTile(), group.getCore()};
  if (owner != idOf(core))
    return op->emitOpError("group ")
           << name << " belongs to core " << str(owner) << ", not to core "
           << str(idOf(core));
  return group;
}

LogicalResult ProgramVerifier::verifyInstruction(Operation *op, CoreOp core,
                                                 ArrayRef<int64_t> loopCounts,
                                                 Count runs) {
  auto check = [&](StringRef role, MemSpace mem, PatternAttr pattern) {
    return verifyPattern(op, role, mem, pattern, loopCounts);
  };
  auto org = hw.getOrganisation();
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ProgramXbarOp write) -> LogicalResult {
        FailureOr<XbarGroupOp> group =
            lookupGroup(op, write.getGroupAttr(), core);
        if (failed(group))
          return failure();
        uint64_t rows = group->getRows(), cols = group->getCols();
        uint64_t end = write.getRowBegin() + write.getRowCount();
        if (end > rows)
          return write.emitOpError("rows [")
                 << write.getRowBegin() << ", " << end << ") exceed group "
                 << write.getGroupAttr() << "'s " << rows << " rows";
        if (write.getMode() == WriteMode::whole && write.getRowCount() != rows)
          return write.emitOpError("a whole-array write programs all ")
                 << rows << " rows of group " << write.getGroupAttr()
                 << ", not " << write.getRowCount();
        uint64_t expected = write.getRowCount() * cols;
        if (uint64_t(write.getSrc().getNumElements()) != expected)
          return write.emitOpError("'src' has ")
                 << write.getSrc().getNumElements() << " elements, "
                 << write.getRowCount() << " rows of group "
                 << write.getGroupAttr() << " need " << expected;
        return check("src", MemSpace::dram, write.getSrc());
      })
      .Case([&](MvmOp mvm) -> LogicalResult {
        FailureOr<XbarGroupOp> group =
            lookupGroup(op, mvm.getGroupAttr(), core);
        if (failed(group))
          return failure();
        if (uint64_t(mvm.getInput().getNumElements()) != group->getRows())
          return mvm.emitOpError("'input' has ")
                 << mvm.getInput().getNumElements() << " elements, group "
                 << mvm.getGroupAttr() << " has " << group->getRows()
                 << " rows";
        if (uint64_t(mvm.getOutput().getNumElements()) != group->getCols())
          return mvm.emitOpError("'output' has ")
                 << mvm.getOutput().getNumElements() << " elements, group "
                 << mvm.getGroupAttr() << " has " << group->getCols()
                 << " cols";
        if (failed(check("input", MemSpace::buffer, mvm.getInput())))
          return failure();
        return check("output", MemSpace::buffer, mvm.getOutput());
      })
      .Case([&](AluOp alu) -> LogicalResult {
        if (failed(check("dst", MemSpace::buffer, alu.getDst())))
          return failure();
        std::pair<StringRef, std::optional<PatternAttr>> operands[] = {
            {"a", alu.getA()}, {"b", alu.getB()}, {"c", alu.getC()}};
        for (auto [role, pattern] : operands)
          if (pattern && failed(check(role, MemSpace::buffer, *pattern)))
            return failure();
        return success();
      })
      .Case([&](MoveOp move) -> LogicalResult {
        if (failed(check("src", move.getSrcMem(), move.getSrc())))
          return failure();
        return check("dst", move.getDstMem(), move.getDst());
      })
      .Case([&](FillOp fill) {
        return check("dst", fill.getMem(), fill.getDst());
      })
      .Case([&](SendOp send) -> LogicalResult {
        if (send.getDstTile() >= org.getTiles())
          return send.emitOpError("dst_tile ")
                 << send.getDstTile() << " is outside the chip's "
                 << org.getTiles() << " tiles";
        auto &totals =
            sent[{int64_t(core.getTile()), int64_t(send.getDstTile()),
                  int64_t(send.getChannel())}];
        totals.messages.add(runs);
        totals.elements.add(runs.times(send.getSrc().getNumElements()));
        if (!totals.first)
          totals.first = send;
        return check("src", MemSpace::buffer, send.getSrc());
      })
      .Case([&](RecvOp recv) -> LogicalResult {
        if (recv.getSrcTile() >= org.getTiles())
          return recv.emitOpError("src_tile ")
                 << recv.getSrcTile() << " is outside the chip's "
                 << org.getTiles() << " tiles";
        auto &totals =
            received[{int64_t(recv.getSrcTile()), int64_t(core.getTile()),
                      int64_t(recv.getChannel())}];
        totals.messages.add(runs);
        totals.elements.add(runs.times(recv.getDst().getNumElements()));
        if (!totals.first)
          totals.first = recv;
        return check("dst", MemSpace::buffer, recv.getDst());
      })
      .Case([&](BarrierOp barrier) -> LogicalResult {
        BarrierDeclOp decl = barriers.lookup(barrier.getId());
        if (!decl)
          return barrier.emitOpError("barrier ")
                 << barrier.getId() << " is not declared";
        if (!llvm::is_contained(decl.getParticipantCores(), idOf(core)))
          return barrier.emitOpError("core ")
                 << str(idOf(core)) << " is not a participant of barrier "
                 << barrier.getId();
        barrierRuns[{int64_t(barrier.getId()), idOf(core)}].add(runs);
        return success();
      })
      .Default([](Operation *) { return success(); });
}

LogicalResult ProgramVerifier::verifyBlock(Block &block, CoreOp core,
                                           SmallVectorImpl<int64_t> &loopCounts,
                                           uint64_t executions,
                                           bool &saturated) {
  for (Operation &op : block) {
    if (auto loop = dyn_cast<LoopOp>(op)) {
      bool overflow = false;
      uint64_t inner = llvm::SaturatingMultiply(
          executions, uint64_t(loop.getCount()), &overflow);
      bool innerSaturated = saturated || overflow;
      loopCounts.push_back(loop.getCount());
      LogicalResult result = verifyBlock(loop.getBody().front(), core,
                                         loopCounts, inner, innerSaturated);
      loopCounts.pop_back();
      if (failed(result))
        return failure();
      continue;
    }
    if (failed(verifyInstruction(&op, core, loopCounts,
                                 Count{executions, saturated})))
      return failure();
  }
  return success();
}

LogicalResult ProgramVerifier::verifyCoreStream(CoreOp core) {
  SmallVector<int64_t> loopCounts;
  bool saturated = false;
  return verifyBlock(core.getBody().front(), core, loopCounts, 1, saturated);
}

LogicalResult ProgramVerifier::verifyBarriers() {
  for (auto &[id, decl] : barriers) {
    std::optional<std::pair<CoreId, Count>> reference;
    for (CoreId participant : decl.getParticipantCores()) {
      if (!cores.count(participant))
        return decl.emitOpError("participant ")
               << str(participant) << " has no zisa.core";
      Count runs = barrierRuns.lookup({id, participant});
      if (runs.saturated)
        continue;
      if (!reference) {
        reference = {participant, runs};
        continue;
      }
      if (runs.value != reference->second.value)
        return decl.emitOpError("barrier ")
               << id << " is reached " << reference->second.value
               << " times by core " << str(reference->first) << " but "
               << runs.value << " times by core " << str(participant);
    }
  }
  return success();
}

LogicalResult ProgramVerifier::verifyQueues() {
  auto describe = [](const QueueTotals &totals) {
    return (Twine(totals.messages.value) + " messages (" +
            Twine(totals.elements.value) + " elements)")
        .str();
  };
  // Every sent queue must be received from, in equal amounts.
  for (auto &[key, send] : sent) {
    auto [from, to, channel] = key;
    auto it = received.find(key);
    QueueTotals recv = it == received.end() ? QueueTotals() : it->second;
    if (send.messages.saturated || send.elements.saturated ||
        recv.messages.saturated || recv.elements.saturated)
      continue;
    if (send.messages.value != recv.messages.value ||
        send.elements.value != recv.elements.value)
      return send.first->emitOpError("tile ")
             << from << " sends " << describe(send) << " to tile " << to
             << " on channel " << channel << ", which receives "
             << describe(recv);
  }
  for (auto &[key, recv] : received) {
    if (sent.count(key))
      continue;
    auto [from, to, channel] = key;
    return recv.first->emitOpError("tile ")
           << to << " receives " << describe(recv) << " from tile " << from
           << " on channel " << channel << ", which sends nothing";
  }
  return success();
}

LogicalResult ProgramVerifier::verify() {
  if (failed(verifyHardware()) || failed(verifyLayout()))
    return failure();
  for (auto &op : program.getBody().front())
    if (auto core = dyn_cast<CoreOp>(op))
      if (failed(verifyCoreStream(core)))
        return failure();
  if (failed(verifyBarriers()))
    return failure();
  return verifyQueues();
}

LogicalResult ProgramOp::verifyRegions() {
  return ProgramVerifier(*this).verify();
}
