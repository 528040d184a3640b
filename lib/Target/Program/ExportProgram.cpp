//===- ExportProgram.cpp - zisa IR to .zara program files -----------------===//
//
// Part of zara. Writes a verified `zisa.program` as the FlatBuffers program
// file of Program.fbs.
//
// The exporter fills the object API's `ProgramT` (flatc --gen-object-api)
// from the IR and serializes it with the generated `Program::Pack`, so the
// layout of a file is the one flatc's generated code defines: children
// before parents, every table's fields in the generated order, fields equal
// to their schema default left out, empty vectors and strings left out, the
// weight segment aligned to 64 bytes, vtables shared. The only other
// choices are the exporter's, and they are canonical (docs/Dialects/ZISA.md,
// "Canonical files"):
//
//   - ops of a kind are written in IR order; groups and cores are indexed by
//     that order, barrier participants by the index of their core;
//   - weight entries are sorted by address and packed into one segment from
//     the lowest address, gaps filled with zeros;
//   - cores share streams (`zara::program::shareStreams`) whenever every
//     group belongs to the core that uses it: every core is then a stream
//     core, in IR order, and groups are numbered in the order of their cores
//     and, within a core, in IR order;
//   - a loop is `Loop`, its body, `EndLoop`, both with the loop's debug id;
//   - the debug table lists each (name, location) once, in order of first
//     use by the instruction streams (cores in order); an instruction gets
//     an entry when its location contains a NameLoc: the name of the first
//     one, and the whole location as MLIR prints it (`loc("conv1")`).
//
// Importing such a file reproduces the IR (up to symbol names and
// locations of ops without a debug entry), so a second export reproduces
// the bytes. In assert builds the FlatBuffers verifier checks every file
// the exporter writes.
//
//===----------------------------------------------------------------------===//

#include "zara/Target/Program/ExportProgram.h"
#include "zara/Dialect/ZISA/IR/ZISAOps.h"

#include "zara/Program/Program_generated.h"
#include "zara/Program/SharedStreams.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Endian.h"

#include <map>

using namespace mlir;
using namespace zara;
using namespace zara::zisa;
namespace fb = zara::program;

namespace {

/// The state of one export.
class ProgramExporter {
public:
  explicit ProgramExporter(ProgramOp program) : program(program) {}

  LogicalResult run(SmallVectorImpl<uint8_t> &bytes);

private:
  std::unique_ptr<fb::HwConfigT> exportHardware(HwConfigAttr hw);
  LogicalResult exportWeights();
  LogicalResult exportBlock(Block &block,
                            std::vector<std::unique_ptr<fb::InstrT>> &out);
  LogicalResult
  exportInstruction(Operation *op,
                    std::vector<std::unique_ptr<fb::InstrT>> &out);
  int32_t getDebugId(Location loc);

  ProgramOp program;
  fb::ProgramT out;
  llvm::DenseMap<StringAttr, uint32_t> groupIndex;
  /// (name, location text) -> debug id.
  std::map<std::pair<std::string, std::string>, int32_t> debugIds;
};

} // namespace

/// A pattern as the file stores it.
static std::unique_ptr<fb::PatternT> exportPattern(PatternAttr pattern) {
  auto out = std::make_unique<fb::PatternT>();
  out->base = pattern.getAddr().getBase();
  llvm::append_range(out->loop_coeffs, pattern.getAddr().getCoeffs());
  for (auto [count, stride] :
       llvm::zip(pattern.getCounts(), pattern.getStrides()))
    out->dims.emplace_back(stride, uint32_t(count));
  return out;
}

/// A graph input or output binding.
template <typename BindingOpT>
static std::unique_ptr<fb::BindingT> exportBinding(BindingOpT op) {
  auto binding = std::make_unique<fb::BindingT>();
  binding->name = op.getName().str();
  llvm::append_range(binding->shape, cast<ShapedType>(op.getType()).getShape());
  binding->element_type = fb::ElementType::Float32;
  binding->address = op.getAddress();
  return binding;
}

static fb::MemSpace exportMem(MemSpace mem) {
  return static_cast<fb::MemSpace>(static_cast<uint32_t>(mem));
}

std::unique_ptr<fb::HwConfigT>
ProgramExporter::exportHardware(HwConfigAttr hw) {
  auto f64 = [](const APFloat &value) { return value.convertToDouble(); };
  auto out = std::make_unique<fb::HwConfigT>();

  auto org = hw.getOrganisation();
  out->organisation = std::make_unique<fb::HwOrganisationT>();
  out->organisation->tiles = org.getTiles();
  out->organisation->cores_per_tile = org.getCoresPerTile();
  out->organisation->crossbars_per_core = org.getCrossbarsPerCore();

  auto xbar = hw.getCrossbar();
  out->crossbar = std::make_unique<fb::HwCrossbarT>();
  out->crossbar->rows = xbar.getRows();
  out->crossbar->cols = xbar.getCols();
  out->crossbar->bits_per_cell = xbar.getBitsPerCell();
  out->crossbar->read_latency_ns = f64(xbar.getReadLatencyNs());
  out->crossbar->read_energy_pj = f64(xbar.getReadEnergyPj());

  auto write = hw.getWrite();
  out->write = std::make_unique<fb::HwWriteT>();
  out->write->array_latency_ns = f64(write.getArrayLatencyNs());
  out->write->array_energy_pj = f64(write.getArrayEnergyPj());
  out->write->row_latency_ns = f64(write.getRowLatencyNs());
  out->write->row_energy_pj = f64(write.getRowEnergyPj());

  out->dac = std::make_unique<fb::HwDacT>();
  out->dac->bits = hw.getDac().getBits();
  out->dac->energy_pj = f64(hw.getDac().getEnergyPj());

  auto adc = hw.getAdc();
  out->adc = std::make_unique<fb::HwAdcT>();
  out->adc->bits = adc.getBits();
  out->adc->per_crossbar = adc.getPerCrossbar();
  out->adc->sample_rate_gsps = f64(adc.getSampleRateGsps());
  out->adc->energy_pj = f64(adc.getEnergyPj());

  out->sample_hold = std::make_unique<fb::HwSampleHoldT>();
  out->sample_hold->energy_pj = f64(hw.getSampleHold().getEnergyPj());

  out->shift_add = std::make_unique<fb::HwShiftAddT>();
  out->shift_add->latency_cycles = hw.getShiftAdd().getLatencyCycles();
  out->shift_add->energy_pj = f64(hw.getShiftAdd().getEnergyPj());

  auto regs = hw.getRegisters();
  out->registers = std::make_unique<fb::HwRegistersT>();
  out->registers->input_bytes = regs.getInputBytes();
  out->registers->output_bytes = regs.getOutputBytes();
  out->registers->input_energy_pj = f64(regs.getInputEnergyPj());
  out->registers->output_energy_pj = f64(regs.getOutputEnergyPj());

  auto buffer = hw.getBuffer();
  out->buffer = std::make_unique<fb::HwBufferT>();
  out->buffer->bytes = buffer.getBytes();
  out->buffer->port_bits = buffer.getPortBits();
  out->buffer->access_latency_cycles = buffer.getAccessLatencyCycles();
  out->buffer->access_energy_pj = f64(buffer.getAccessEnergyPj());

  auto noc = hw.getNoc();
  out->noc = std::make_unique<fb::HwNocT>();
  out->noc->flit_bits = noc.getFlitBits();
  out->noc->tiles_per_router = noc.getTilesPerRouter();
  out->noc->hop_latency_cycles = noc.getHopLatencyCycles();
  out->noc->energy_pj_per_flit_hop = f64(noc.getEnergyPjPerFlitHop());

  auto vec = hw.getVector();
  out->vector = std::make_unique<fb::HwVectorT>();
  out->vector->lanes = vec.getLanes();
  out->vector->latency_cycles = vec.getLatencyCycles();
  out->vector->transcendental_latency_cycles =
      vec.getTranscendentalLatencyCycles();
  out->vector->energy_pj = f64(vec.getEnergyPj());
  out->vector->mul_energy_pj = f64(vec.getMulEnergyPj());
  out->vector->transcendental_energy_pj = f64(vec.getTranscendentalEnergyPj());

  auto dram = hw.getDram();
  out->dram = std::make_unique<fb::HwDramT>();
  out->dram->capacity_bytes = dram.getCapacityBytes();
  out->dram->bandwidth_gbps = f64(dram.getBandwidthGbps());
  out->dram->latency_ns = f64(dram.getLatencyNs());
  out->dram->energy_pj_per_bit = f64(dram.getEnergyPjPerBit());

  out->timing = std::make_unique<fb::HwTimingT>();
  out->timing->clock_ghz = f64(hw.getTiming().getClockGhz());

  auto num = hw.getNumerics();
  out->numerics = std::make_unique<fb::HwNumericsT>();
  out->numerics->weight_bits = num.getWeightBits();
  out->numerics->input_bits = num.getInputBits();
  out->numerics->data_bits = num.getDataBits();
  out->numerics->signed_weights = static_cast<fb::SignedWeights>(
      static_cast<uint32_t>(num.getSignedWeights()));
  return out;
}

LogicalResult ProgramExporter::exportWeights() {
  SmallVector<WeightsOp> entries(program.getBody().getOps<WeightsOp>());
  if (entries.empty())
    return success();
  llvm::stable_sort(entries, [](WeightsOp a, WeightsOp b) {
    return a.getAddress() < b.getAddress();
  });
  uint64_t begin = entries.front().getAddress();
  uint64_t end = begin;
  for (WeightsOp entry : entries)
    end = std::max<uint64_t>(end, entry.getAddress() + entry.getNumElements());
  out.weights_address = begin;
  out.weights.assign((end - begin) * sizeof(float), 0);
  for (WeightsOp entry : entries) {
    uint8_t *dst =
        out.weights.data() + (entry.getAddress() - begin) * sizeof(float);
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(entry.getValue())) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob)
        return entry.emitOpError("weight blob has no data");
      // The blob holds the host's float32 values; the file little-endian.
      ArrayRef<char> data = blob->getData();
      for (size_t i = 0; i + sizeof(float) <= data.size(); i += sizeof(float))
        llvm::support::endian::write32le(
            dst + i, llvm::support::endian::read32(data.data() + i,
                                                   llvm::endianness::native));
      continue;
    }
    auto dense = cast<DenseElementsAttr>(entry.getValue());
    size_t i = 0;
    for (APFloat value : dense.getValues<APFloat>())
      llvm::support::endian::write32le(
          dst + sizeof(float) * i++,
          uint32_t(value.bitcastToAPInt().getZExtValue()));
  }
  return success();
}

/// The first NameLoc in `loc`, or null.
static NameLoc findNameLoc(Location loc) {
  NameLoc found;
  loc->walk([&](Location inner) {
    if (auto name = dyn_cast<NameLoc>(inner)) {
      found = name;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

int32_t ProgramExporter::getDebugId(Location loc) {
  NameLoc nameLoc = findNameLoc(loc);
  if (!nameLoc)
    return -1;
  std::string name = nameLoc.getName().str();
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  auto [it, inserted] = debugIds.try_emplace({name, text}, out.debug.size());
  if (inserted) {
    auto entry = std::make_unique<fb::DebugEntryT>();
    entry->name = std::move(name);
    entry->location = std::move(text);
    out.debug.push_back(std::move(entry));
  }
  return it->second;
}

LogicalResult ProgramExporter::exportInstruction(
    Operation *op, std::vector<std::unique_ptr<fb::InstrT>> &instrs) {
  auto instr = std::make_unique<fb::InstrT>();
  instr->debug_id = getDebugId(op->getLoc());
  int32_t debugId = instr->debug_id;
  fb::OpUnion &u = instr->op;

  if (auto loop = dyn_cast<LoopOp>(op)) {
    fb::LoopT begin;
    begin.count = loop.getCount();
    u.Set(std::move(begin));
    instrs.push_back(std::move(instr));
    if (failed(exportBlock(loop.getBody().front(), instrs)))
      return failure();
    auto end = std::make_unique<fb::InstrT>();
    end->debug_id = debugId;
    end->op.Set(fb::EndLoopT());
    instrs.push_back(std::move(end));
    return success();
  }

  TypeSwitch<Operation *>(op)
      .Case([&](ProgramXbarOp write) {
        fb::ProgramXbarT t;
        assert(groupIndex.count(write.getGroupAttr().getAttr()) &&
               "exporting an unverified program");
        t.group = groupIndex.lookup(write.getGroupAttr().getAttr());
        t.mode =
            static_cast<fb::WriteMode>(static_cast<uint32_t>(write.getMode()));
        t.row_begin = write.getRowBegin();
        t.row_count = write.getRowCount();
        t.src = exportPattern(write.getSrc());
        u.Set(std::move(t));
      })
      .Case([&](MvmOp mvm) {
        fb::MvmT t;
        assert(groupIndex.count(mvm.getGroupAttr().getAttr()) &&
               "exporting an unverified program");
        t.group = groupIndex.lookup(mvm.getGroupAttr().getAttr());
        t.input = exportPattern(mvm.getInput());
        t.output = exportPattern(mvm.getOutput());
        t.accumulate = mvm.getAccumulate();
        u.Set(std::move(t));
      })
      .Case([&](AluOp alu) {
        fb::AluT t;
        t.op = static_cast<fb::AluOp>(static_cast<uint32_t>(alu.getKind()));
        t.dst = exportPattern(alu.getDst());
        if (auto a = alu.getA())
          t.a = exportPattern(*a);
        if (auto b = alu.getB())
          t.b = exportPattern(*b);
        if (auto c = alu.getC())
          t.c = exportPattern(*c);
        t.imm = alu.getImm().convertToFloat();
        u.Set(std::move(t));
      })
      .Case([&](MoveOp move) {
        fb::MoveT t;
        t.src_mem = exportMem(move.getSrcMem());
        t.src = exportPattern(move.getSrc());
        t.dst_mem = exportMem(move.getDstMem());
        t.dst = exportPattern(move.getDst());
        u.Set(std::move(t));
      })
      .Case([&](FillOp fill) {
        fb::FillT t;
        t.mem = exportMem(fill.getMem());
        t.dst = exportPattern(fill.getDst());
        t.value = fill.getValue().convertToFloat();
        t.tag = static_cast<fb::Tag>(static_cast<uint32_t>(fill.getTag()));
        u.Set(std::move(t));
      })
      .Case([&](SendOp send) {
        fb::SendT t;
        t.dst_tile = send.getDstTile();
        t.channel = send.getChannel();
        t.src = exportPattern(send.getSrc());
        u.Set(std::move(t));
      })
      .Case([&](RecvOp recv) {
        fb::RecvT t;
        t.src_tile = recv.getSrcTile();
        t.channel = recv.getChannel();
        t.dst = exportPattern(recv.getDst());
        u.Set(std::move(t));
      })
      .Case([&](BarrierOp barrier) {
        fb::BarrierT t;
        t.id = barrier.getId();
        u.Set(std::move(t));
      })
      .Case([&](HaltOp) { u.Set(fb::HaltT()); });
  if (u.type == fb::Op::NONE)
    return op->emitOpError("is not an instruction");
  instrs.push_back(std::move(instr));
  return success();
}

LogicalResult
ProgramExporter::exportBlock(Block &block,
                             std::vector<std::unique_ptr<fb::InstrT>> &instrs) {
  for (Operation &op : block)
    if (failed(exportInstruction(&op, instrs)))
      return failure();
  return success();
}

LogicalResult ProgramExporter::run(SmallVectorImpl<uint8_t> &bytes) {
  out.version = std::make_unique<fb::Version>(
      static_cast<uint16_t>(fb::VersionMajor::Current),
      static_cast<uint16_t>(fb::VersionMinor::Current));
  if (auto producer = program.getProducer())
    out.producer = producer->str();
  out.hardware = exportHardware(program.getHardware());
  out.dram_size = program.getDramSize();
  if (failed(exportWeights()))
    return failure();

  // Indices of groups and cores: their order among their kind.
  std::map<std::pair<int64_t, int64_t>, uint32_t> coreIndex;
  for (Operation &op : program.getBody().front()) {
    if (auto group = dyn_cast<XbarGroupOp>(op))
      groupIndex[group.getSymNameAttr()] = groupIndex.size();
    else if (auto core = dyn_cast<CoreOp>(op))
      coreIndex.try_emplace({int64_t(core.getTile()), int64_t(core.getCore())},
                            coreIndex.size());
  }

  for (Operation &op : program.getBody().front()) {
    if (auto input = dyn_cast<InputOp>(op)) {
      out.inputs.push_back(exportBinding(input));
    } else if (auto output = dyn_cast<OutputOp>(op)) {
      out.outputs.push_back(exportBinding(output));
    } else if (auto group = dyn_cast<XbarGroupOp>(op)) {
      auto g = std::make_unique<fb::CrossbarGroupT>();
      g->tile = group.getTile();
      g->core = group.getCore();
      g->first_crossbar = group.getFirstCrossbar();
      g->num_crossbars = group.getNumCrossbars();
      g->rows = group.getRows();
      g->cols = group.getCols();
      if (std::optional<PatternAttr> preload = group.getPreload())
        g->preload = exportPattern(*preload);
      out.groups.push_back(std::move(g));
    } else if (auto decl = dyn_cast<BarrierDeclOp>(op)) {
      auto b = std::make_unique<fb::BarrierDeclT>();
      b->id = decl.getId();
      for (auto participant : decl.getParticipantCores()) {
        auto it = coreIndex.find(participant);
        if (it == coreIndex.end())
          return decl.emitOpError("participant (")
                 << participant.first << ", " << participant.second
                 << ") has no zisa.core";
        b->participants.push_back(it->second);
      }
      out.barriers.push_back(std::move(b));
    }
  }

  for (CoreOp core : program.getBody().getOps<CoreOp>()) {
    auto c = std::make_unique<fb::CoreT>();
    c->tile = core.getTile();
    c->core = core.getCore();
    if (failed(exportBlock(core.getBody().front(), c->instructions)))
      return failure();
    out.cores.push_back(std::move(c));
  }
  fb::shareStreams(out);

  flatbuffers::FlatBufferBuilder builder(1024);
  fb::FinishProgramBuffer(builder, fb::Program::Pack(builder, &out));
#ifndef NDEBUG
  {
    flatbuffers::Verifier verifier(builder.GetBufferPointer(),
                                   builder.GetSize(), /*max_depth=*/64,
                                   /*max_tables=*/uint32_t(1) << 28);
    assert(fb::VerifyProgramBuffer(verifier) &&
           "the exporter wrote a program the FlatBuffers verifier rejects");
  }
#endif
  bytes.assign(builder.GetBufferPointer(),
               builder.GetBufferPointer() + builder.GetSize());
  return success();
}

LogicalResult zara::exportProgram(ProgramOp program,
                                  SmallVectorImpl<uint8_t> &bytes) {
  return ProgramExporter(program).run(bytes);
}

LogicalResult zara::exportProgram(Operation *op, raw_ostream &os) {
  ProgramOp program = dyn_cast<ProgramOp>(op);
  if (!program) {
    SmallVector<ProgramOp> programs;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        llvm::append_range(programs, block.getOps<ProgramOp>());
    if (programs.size() != 1)
      return op->emitError("expected exactly one 'zisa.program', found ")
             << programs.size();
    program = programs.front();
  }
  SmallVector<uint8_t> bytes;
  if (failed(exportProgram(program, bytes)))
    return failure();
  os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return success();
}
