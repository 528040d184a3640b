//===- ImportProgram.cpp - .zara program files to zisa IR -----------------===//
//
// Part of zara. Reads a program file into a `zisa.program` op.
//
// A file is checked in the order docs/ProgramFormat.md prescribes, so a
// damaged or foreign file is refused before anything reads its contents:
//
//   1. size and file identifier ("ZARA");
//   2. the version, read through `ProgramHeader` (whose only field is field
//      0 of every version of `Program`), so a file of another major version
//      is named with both versions even when its layout is unknown;
//   3. the FlatBuffers verifier over the whole buffer;
//   4. the conversion, which refuses what the IR cannot hold (unknown enum
//      values and union members, indices of groups, cores and debug
//      entries out of range, unbalanced loops, 64-bit values beyond the
//      IR's signed attributes);
//   5. the zisa verifiers: the semantic checks of the simulator's loader.
//
// Every field is kept, so that exporting the result reproduces a file that
// the exporter wrote byte for byte. Debug entries become the locations of
// their instructions: the parsed `location` text when it prints back
// identically and names the entry's node, `loc("name")` otherwise. Ops
// without an entry are located at `<file>:0:<byte offset of their table>`.
//
//===----------------------------------------------------------------------===//

#include "zara/Target/Program/ImportProgram.h"
#include "zara/Dialect/ZISA/IR/ZISAOps.h"

#include "zara/Program/Program_generated.h"
#include "zara/Program/SharedStreams.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace zara;
using namespace zara::zisa;
namespace fb = zara::program;

static constexpr unsigned kReaderMajor =
    static_cast<unsigned>(fb::VersionMajor::Current);
static constexpr unsigned kReaderMinor =
    static_cast<unsigned>(fb::VersionMinor::Current);

namespace {

/// The state of one import.
class ProgramImporter {
public:
  ProgramImporter(StringRef bytes, MLIRContext *context, StringRef bufferName)
      : bytes(bytes), context(context), builder(context),
        fileLoc(FileLineColLoc::get(context, bufferName, 0, 0)),
        bufferName(bufferName) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult checkBuffer();
  FailureOr<HwConfigAttr> importHardware(const fb::HwConfig &hw);
  LogicalResult importWeights(ProgramOp program);
  LogicalResult importBindings(ProgramOp program);
  LogicalResult importDebugTable();
  LogicalResult importCore(uint32_t index, const fb::Core &core);
  LogicalResult importInstruction(const fb::Instr &instr, Location loc,
                                  Location tableLoc,
                                  SmallVectorImpl<Block *> &blocks);
  FailureOr<PatternAttr> importPattern(const fb::Pattern *pattern, Location loc,
                                       size_t depth);
  FailureOr<FlatSymbolRefAttr> importGroup(uint32_t index, Location loc);

  /// The location of a table: line 0, its byte offset as the column.
  Location locOf(const void *table) {
    auto offset = static_cast<const char *>(table) - bytes.data();
    return FileLineColLoc::get(context, bufferName, 0, unsigned(offset));
  }
  /// locOf(table), remembering what the table is.
  Location locOf(const void *table, const Twine &what) {
    auto offset = static_cast<const char *>(table) - bytes.data();
    tables[unsigned(offset)] = what.str();
    return locOf(table);
  }
  /// Converts an unsigned 64-bit field to the IR's signed attributes.
  FailureOr<int64_t> toSigned(uint64_t value, Location loc, StringRef what) {
    if (value > uint64_t(std::numeric_limits<int64_t>::max()))
      return emitError(loc)
             << what << " " << value << " does not fit in 63 bits";
    return int64_t(value);
  }

  StringRef bytes;
  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  StringRef bufferName;
  const fb::Program *file = nullptr;
  /// The flat form of a file with shared streams, and its buffer name.
  std::vector<uint8_t> expanded;
  std::string expandedName;
  /// The location of each debug table entry.
  SmallVector<Location> debugLocs;
  /// The symbol of each crossbar group, by index.
  SmallVector<FlatSymbolRefAttr> groupSymbols;
  /// What the table at a byte offset is ("core 0 (tile 0, core 1),
  /// instruction 12"), for notes on the verifiers' diagnostics.
  llvm::DenseMap<unsigned, std::string> tables;
};

} // namespace

static std::string formatVersion(unsigned major, unsigned minor) {
  return llvm::formatv("{0}.{1}", major, minor).str();
}

/// The verifier's limits: deep enough for Program.fbs, and a table budget
/// far above any real program that still bounds a hostile file.
static flatbuffers::Verifier makeVerifier(StringRef bytes) {
  return flatbuffers::Verifier(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(),
      /*max_depth=*/64, /*max_tables=*/uint32_t(1) << 28);
}

LogicalResult ProgramImporter::checkBuffer() {
  if (bytes.size() < 8)
    return emitError(fileLoc)
           << "not a zara program: the file has " << bytes.size()
           << " bytes, fewer than a FlatBuffers header";
  if (bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return emitError(fileLoc)
           << "the file is larger than a FlatBuffer can be (2 GiB)";
  StringRef identifier = bytes.substr(4, 4);
  if (identifier != fb::ProgramIdentifier()) {
    std::string shown;
    for (char c : identifier)
      shown += llvm::isPrint(c)
                   ? std::string(1, c)
                   : llvm::formatv("\\x{0:x-2}", (unsigned char)c).str();
    return emitError(fileLoc) << "not a zara program: file identifier '"
                              << shown << "', expected 'ZARA'";
  }
  {
    flatbuffers::Verifier verifier = makeVerifier(bytes);
    if (!verifier.VerifyBuffer<fb::ProgramHeader>(fb::ProgramIdentifier()))
      return emitError(fileLoc)
             << "the program file is damaged: its header does not verify";
  }
  const fb::Version *version =
      flatbuffers::GetRoot<fb::ProgramHeader>(bytes.data())->version();
  unsigned major = version->major(), minor = version->minor();
  if (major > kReaderMajor || major < fb::kOldestReadableMajor)
    return emitError(fileLoc)
           << "program format version " << formatVersion(major, minor) << " is "
           << (major > kReaderMajor ? "newer" : "older")
           << " than the versions this reader supports ("
           << formatVersion(fb::kOldestReadableMajor, 0) << " to "
           << formatVersion(kReaderMajor, kReaderMinor) << ")";
  flatbuffers::Verifier verifier = makeVerifier(bytes);
  if (!fb::VerifyProgramBuffer(verifier))
    return emitError(fileLoc) << "the program file is damaged: the "
                                 "FlatBuffers verifier rejects it";
  file = fb::GetProgram(bytes.data());
  // Shared streams are imported as one zisa.core per stream core; the
  // tables named in diagnostics are then those of the expanded file.
  if (fb::hasSharedStreams(*file)) {
    llvm::Expected<std::vector<uint8_t>> flat = fb::expandSharedStreams(*file);
    if (!flat)
      return emitError(fileLoc) << toString(flat.takeError());
    expanded = std::move(*flat);
    bytes = StringRef(reinterpret_cast<const char *>(expanded.data()),
                      expanded.size());
    expandedName = (bufferName + " (shared streams expanded)").str();
    bufferName = expandedName;
    file = fb::GetProgram(expanded.data());
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

FailureOr<HwConfigAttr>
ProgramImporter::importHardware(const fb::HwConfig &hw) {
  MLIRContext *ctx = context;
  auto f64 = [](double value) { return APFloat(value); };
  std::optional<SignedWeights> signedWeights = symbolizeSignedWeights(
      static_cast<uint32_t>(hw.numerics()->signed_weights()));
  if (!signedWeights)
    return emitError(locOf(hw.numerics()))
           << "hardware configuration: unknown numerics.signed_weights "
           << static_cast<uint32_t>(hw.numerics()->signed_weights());
  const auto *org = hw.organisation();
  const auto *xbar = hw.crossbar();
  const auto *write = hw.write();
  const auto *adc = hw.adc();
  const auto *regs = hw.registers();
  const auto *buffer = hw.buffer();
  const auto *noc = hw.noc();
  const auto *vec = hw.vector();
  const auto *dram = hw.dram();
  const auto *num = hw.numerics();
  return HwConfigAttr::get(
      ctx,
      HwOrganisationAttr::get(ctx, org->tiles(), org->cores_per_tile(),
                              org->crossbars_per_core()),
      HwCrossbarAttr::get(ctx, xbar->rows(), xbar->cols(),
                          xbar->bits_per_cell(), f64(xbar->read_latency_ns()),
                          f64(xbar->read_energy_pj())),
      HwWriteAttr::get(
          ctx, f64(write->array_latency_ns()), f64(write->array_energy_pj()),
          f64(write->row_latency_ns()), f64(write->row_energy_pj())),
      HwDacAttr::get(ctx, hw.dac()->bits(), f64(hw.dac()->energy_pj())),
      HwAdcAttr::get(ctx, adc->bits(), adc->per_crossbar(),
                     f64(adc->sample_rate_gsps()), f64(adc->energy_pj())),
      HwSampleHoldAttr::get(ctx, f64(hw.sample_hold()->energy_pj())),
      HwShiftAddAttr::get(ctx, hw.shift_add()->latency_cycles(),
                          f64(hw.shift_add()->energy_pj())),
      HwRegistersAttr::get(ctx, regs->input_bytes(), regs->output_bytes(),
                           f64(regs->input_energy_pj()),
                           f64(regs->output_energy_pj())),
      HwBufferAttr::get(ctx, buffer->bytes(), buffer->port_bits(),
                        buffer->access_latency_cycles(),
                        f64(buffer->access_energy_pj())),
      HwNocAttr::get(ctx, noc->flit_bits(), noc->tiles_per_router(),
                     noc->hop_latency_cycles(),
                     f64(noc->energy_pj_per_flit_hop())),
      HwVectorAttr::get(ctx, vec->lanes(), vec->latency_cycles(),
                        vec->transcendental_latency_cycles(),
                        f64(vec->energy_pj()), f64(vec->mul_energy_pj()),
                        f64(vec->transcendental_energy_pj())),
      HwDramAttr::get(ctx, dram->capacity_bytes(), f64(dram->bandwidth_gbps()),
                      f64(dram->latency_ns()), f64(dram->energy_pj_per_bit())),
      HwTimingAttr::get(ctx, f64(hw.timing()->clock_ghz())),
      HwNumericsAttr::get(ctx, num->weight_bits(), num->input_bits(),
                          num->data_bits(), *signedWeights));
}

LogicalResult ProgramImporter::importWeights(ProgramOp program) {
  // An empty segment is no segment: the exporter leaves empty vectors out.
  const auto *weights = file->weights();
  if (!weights || weights->size() == 0)
    return success();
  Location loc = locOf(weights);
  if (weights->size() % sizeof(float) != 0)
    return emitError(loc) << "the weight segment has " << weights->size()
                          << " bytes, not a whole number of float32 values";
  size_t offset =
      reinterpret_cast<const char *>(weights->data()) - bytes.data();
  if (weights->size() != 0 && offset % 64 != 0)
    return emitError(loc) << "the weight segment starts at byte " << offset
                          << ", which is not 64-byte aligned";
  FailureOr<int64_t> address =
      toSigned(file->weights_address(), loc, "weights_address");
  if (failed(address))
    return failure();
  // The file holds little-endian float32 values, the blob host-order ones.
  int64_t count = weights->size() / sizeof(float);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
      weights->size(), alignof(float), /*dataIsMutable=*/true);
  MutableArrayRef<char> data = blob.getMutableData();
  for (int64_t i = 0; i < count; ++i)
    llvm::support::endian::write32(
        data.data() + sizeof(float) * i,
        llvm::support::endian::read32le(weights->data() + sizeof(float) * i),
        llvm::endianness::native);
  auto type = RankedTensorType::get({count}, builder.getF32Type());
  auto value = DenseResourceElementsAttr::get(type, "weights", std::move(blob));
  builder.setInsertionPointToEnd(&program.getBody().front());
  WeightsOp::create(builder, loc, builder.getI64IntegerAttr(*address), value);
  return success();
}

LogicalResult ProgramImporter::importBindings(ProgramOp program) {
  builder.setInsertionPointToEnd(&program.getBody().front());
  for (bool isInput : {true, false}) {
    const auto *list = isInput ? file->inputs() : file->outputs();
    if (!list)
      continue;
    for (const fb::Binding *binding : *list) {
      Location loc =
          locOf(binding, Twine(isInput ? "input " : "output ") + "'" +
                             binding->name()->string_view() + "'");
      StringRef name = binding->name()->string_view();
      if (binding->element_type() != fb::ElementType::Float32)
        return emitError(loc) << (isInput ? "input" : "output") << " '" << name
                              << "' has element type "
                              << static_cast<unsigned>(binding->element_type())
                              << "; only float32 (1) is supported";
      SmallVector<int64_t> shape;
      int64_t elements = 1;
      if (const auto *dims = binding->shape())
        for (int64_t dim : *dims) {
          std::optional<int64_t> product = llvm::checkedMulUnsigned(
              uint64_t(elements), uint64_t(std::max<int64_t>(dim, 0)));
          if (dim < 0 || !product ||
              *product > std::numeric_limits<int64_t>::max())
            return emitError(loc)
                   << (isInput ? "input" : "output") << " '" << name
                   << "' has an invalid shape: dimension " << dim;
          elements = *product;
          shape.push_back(dim);
        }
      FailureOr<int64_t> address =
          toSigned(binding->address(), loc, "binding address");
      if (failed(address))
        return failure();
      auto type = RankedTensorType::get(shape, builder.getF32Type());
      auto nameAttr = builder.getStringAttr(name);
      auto addressAttr = builder.getI64IntegerAttr(*address);
      if (isInput)
        InputOp::create(builder, loc, nameAttr, addressAttr,
                        TypeAttr::get(type));
      else
        OutputOp::create(builder, loc, nameAttr, addressAttr,
                         TypeAttr::get(type));
    }
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

LogicalResult ProgramImporter::importDebugTable() {
  const auto *debug = file->debug();
  if (!debug)
    return success();
  for (const fb::DebugEntry *entry : *debug) {
    StringRef name = entry->name() ? entry->name()->string_view() : "";
    StringRef text = entry->location() ? entry->location()->string_view() : "";
    Location loc = NameLoc::get(builder.getStringAttr(name));
    if (!text.empty()) {
      // Keep the parsed location only if the exporter would write this
      // entry back: same name, same text.
      ScopedDiagnosticHandler silence(context,
                                      [](Diagnostic &) { return success(); });
      size_t read = 0;
      Attribute parsed = parseAttribute(text, context, Type(), &read);
      if (auto parsedLoc = dyn_cast_or_null<LocationAttr>(parsed);
          parsedLoc && read == text.size()) {
        NameLoc nameLoc = findNameLoc(parsedLoc);
        std::string printed;
        llvm::raw_string_ostream os(printed);
        Location(parsedLoc).print(os);
        if (nameLoc && nameLoc.getName() == name && printed == text)
          loc = parsedLoc;
      }
    }
    debugLocs.push_back(loc);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

FailureOr<PatternAttr>
ProgramImporter::importPattern(const fb::Pattern *pattern, Location loc,
                               size_t depth) {
  auto emit = [&] { return emitError(loc); };
  SmallVector<int64_t> coeffs, counts, strides;
  if (const auto *c = pattern->loop_coeffs()) {
    // Checked before trailing zeros are dropped, as the simulator does.
    if (c->size() > depth)
      return emitError(loc)
             << "a pattern has " << c->size() << " loop coefficients, but only "
             << depth << " loops enclose it";
    llvm::append_range(coeffs, *c);
  }
  if (const auto *dims = pattern->dims())
    for (const fb::Dim *dim : *dims) {
      counts.push_back(dim->count());
      strides.push_back(dim->stride());
    }
  auto addr = AffineAddrAttr::getChecked(emit, context, pattern->base(),
                                         ArrayRef<int64_t>(coeffs));
  if (!addr)
    return failure();
  auto result =
      PatternAttr::getChecked(emit, context, addr, ArrayRef<int64_t>(counts),
                              ArrayRef<int64_t>(strides));
  if (!result)
    return failure();
  return result;
}

FailureOr<FlatSymbolRefAttr> ProgramImporter::importGroup(uint32_t index,
                                                          Location loc) {
  if (index >= groupSymbols.size())
    return emitError(loc) << "uses crossbar group " << index
                          << ", but the program has " << groupSymbols.size()
                          << " groups";
  return groupSymbols[index];
}

/// Converts a file enum to the dialect's, refusing unknown values.
template <typename EnumT, typename FileEnumT>
static FailureOr<EnumT>
importEnum(FileEnumT value, Location loc, StringRef what,
           std::optional<EnumT> (*symbolize)(uint32_t)) {
  std::optional<EnumT> result = symbolize(static_cast<uint32_t>(value));
  if (!result)
    return emitError(loc) << "unknown " << what << " "
                          << static_cast<uint32_t>(value);
  return *result;
}

/// Creates the op of `instr` at `loc` (its debug entry's location, if any);
/// errors are reported at `tableLoc`, the instruction's table.
LogicalResult
ProgramImporter::importInstruction(const fb::Instr &instr, Location loc,
                                   Location tableLoc,
                                   SmallVectorImpl<Block *> &blocks) {
  builder.setInsertionPointToEnd(blocks.back());
  auto pattern = [&](const fb::Pattern *p) {
    return importPattern(p, tableLoc, blocks.size() - 1);
  };
  auto mem = [&](fb::MemSpace m) {
    return importEnum(m, tableLoc, "memory space", symbolizeMemSpace);
  };
  auto u32 = [&](uint32_t value) { return builder.getI64IntegerAttr(value); };

  switch (instr.op_type()) {
  case fb::Op::Loop: {
    auto loop = LoopOp::create(builder, loc, instr.op_as_Loop()->count());
    blocks.push_back(&loop.getBody().front());
    return success();
  }
  case fb::Op::EndLoop:
    if (blocks.size() == 1)
      return emitError(tableLoc) << "end_loop without an open loop";
    blocks.pop_back();
    return success();
  case fb::Op::ProgramXbar: {
    const fb::ProgramXbar *op = instr.op_as_ProgramXbar();
    auto group = importGroup(op->group(), tableLoc);
    auto mode =
        importEnum(op->mode(), tableLoc, "write mode", symbolizeWriteMode);
    auto src = pattern(op->src());
    if (failed(group) || failed(mode) || failed(src))
      return failure();
    ProgramXbarOp::create(builder, loc, *group,
                          WriteModeAttr::get(context, *mode),
                          u32(op->row_begin()), u32(op->row_count()), *src);
    return success();
  }
  case fb::Op::Mvm: {
    const fb::Mvm *op = instr.op_as_Mvm();
    auto group = importGroup(op->group(), tableLoc);
    auto input = pattern(op->input());
    auto output = pattern(op->output());
    if (failed(group) || failed(input) || failed(output))
      return failure();
    MvmOp::create(builder, loc, *group, *input, *output,
                  op->accumulate() ? builder.getUnitAttr() : UnitAttr());
    return success();
  }
  case fb::Op::Alu: {
    const fb::Alu *op = instr.op_as_Alu();
    auto kind =
        importEnum(op->op(), tableLoc, "ALU operation", symbolizeAluOpKind);
    auto dst = pattern(op->dst());
    if (failed(kind) || failed(dst))
      return failure();
    PatternAttr operands[3];
    const fb::Pattern *sources[3] = {op->a(), op->b(), op->c()};
    for (auto [source, operand] : llvm::zip(sources, operands)) {
      if (!source)
        continue;
      auto imported = pattern(source);
      if (failed(imported))
        return failure();
      operand = *imported;
    }
    AluOp::create(builder, loc, AluOpKindAttr::get(context, *kind), *dst,
                  operands[0], operands[1], operands[2],
                  builder.getF32FloatAttr(op->imm()));
    return success();
  }
  case fb::Op::Move: {
    const fb::Move *op = instr.op_as_Move();
    auto srcMem = mem(op->src_mem());
    auto dstMem = mem(op->dst_mem());
    auto src = pattern(op->src());
    auto dst = pattern(op->dst());
    if (failed(srcMem) || failed(dstMem) || failed(src) || failed(dst))
      return failure();
    MoveOp::create(builder, loc, MemSpaceAttr::get(context, *srcMem), *src,
                   MemSpaceAttr::get(context, *dstMem), *dst);
    return success();
  }
  case fb::Op::Fill: {
    const fb::Fill *op = instr.op_as_Fill();
    auto space = mem(op->mem());
    auto tag = importEnum(op->tag(), tableLoc, "tag", symbolizeTag);
    auto dst = pattern(op->dst());
    if (failed(space) || failed(tag) || failed(dst))
      return failure();
    FillOp::create(builder, loc, MemSpaceAttr::get(context, *space), *dst,
                   builder.getF32FloatAttr(op->value()),
                   TagAttr::get(context, *tag));
    return success();
  }
  case fb::Op::Send: {
    const fb::Send *op = instr.op_as_Send();
    auto src = pattern(op->src());
    if (failed(src))
      return failure();
    SendOp::create(builder, loc, u32(op->dst_tile()), u32(op->channel()), *src);
    return success();
  }
  case fb::Op::Recv: {
    const fb::Recv *op = instr.op_as_Recv();
    auto dst = pattern(op->dst());
    if (failed(dst))
      return failure();
    RecvOp::create(builder, loc, u32(op->src_tile()), u32(op->channel()), *dst);
    return success();
  }
  case fb::Op::Barrier:
    BarrierOp::create(builder, loc, u32(instr.op_as_Barrier()->id()));
    return success();
  case fb::Op::Halt:
    HaltOp::create(builder, loc);
    return success();
  case fb::Op::NONE:
    return emitError(tableLoc) << "the instruction has no operation";
  }
  return emitError(tableLoc)
         << "instruction type " << static_cast<unsigned>(instr.op_type())
         << " is unknown to this reader (program format "
         << formatVersion(kReaderMajor, kReaderMinor) << "; the file is "
         << formatVersion(file->version()->major(), file->version()->minor())
         << ")";
}

LogicalResult ProgramImporter::importCore(uint32_t index,
                                          const fb::Core &core) {
  std::string where = ("core " + Twine(index) + " (tile " + Twine(core.tile()) +
                       ", core " + Twine(core.core()) + ")")
                          .str();
  auto coreOp =
      CoreOp::create(builder, locOf(&core, where), core.tile(), core.core());
  SmallVector<Block *> blocks = {&coreOp.getBody().front()};
  OpBuilder::InsertionGuard guard(builder);
  if (const auto *instrs = core.instructions())
    for (auto [i, instr] : llvm::enumerate(*instrs)) {
      int32_t debugId = instr->debug_id();
      Location tableLoc = locOf(instr, where + ", instruction " + Twine(i));
      if (debugId < -1 || debugId >= int64_t(debugLocs.size()))
        return emitError(tableLoc)
               << "debug id " << debugId << " is not in the debug table ("
               << debugLocs.size() << " entries)";
      Location loc = debugId >= 0 ? debugLocs[debugId] : tableLoc;
      if (failed(importInstruction(*instr, loc, tableLoc, blocks)))
        return failure();
    }
  if (blocks.size() != 1)
    return emitError(locOf(&core))
           << "the instruction stream ends with " << blocks.size() - 1
           << (blocks.size() == 2 ? " loop" : " loops") << " open";
  return success();
}

OwningOpRef<ModuleOp> ProgramImporter::run() {
  context->loadDialect<ZISADialect>();
  // Errors are located at the table they concern; say which table it is.
  ScopedDiagnosticHandler notes(context, [&](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return failure();
    if (auto loc = dyn_cast<FileLineColLoc>(diag.getLocation()))
      if (loc.getFilename() == bufferName)
        if (auto it = tables.find(loc.getColumn()); it != tables.end())
          diag.attachNote() << "in " << it->second;
    return failure();
  });
  if (failed(checkBuffer()))
    return {};
  OwningOpRef<ModuleOp> module(ModuleOp::create(fileLoc));
  builder.setInsertionPointToEnd(module->getBody());

  FailureOr<HwConfigAttr> hw = importHardware(*file->hardware());
  FailureOr<int64_t> dramSize =
      toSigned(file->dram_size(), fileLoc, "dram_size");
  if (failed(hw) || failed(dramSize))
    return {};
  StringAttr producer;
  if (file->producer())
    producer = builder.getStringAttr(file->producer()->string_view());
  auto program =
      ProgramOp::create(builder, locOf(file), producer, *dramSize, *hw);
  if (failed(importWeights(program)) || failed(importBindings(program)) ||
      failed(importDebugTable()))
    return {};

  builder.setInsertionPointToEnd(&program.getBody().front());
  if (const auto *groups = file->groups())
    for (auto [i, g] : llvm::enumerate(*groups)) {
      auto name = builder.getStringAttr("g" + Twine(i));
      Location loc = locOf(g, "crossbar group " + Twine(i));
      PatternAttr preload;
      if (const fb::Pattern *p = g->preload()) {
        FailureOr<PatternAttr> imported = importPattern(p, loc, 0);
        if (failed(imported))
          return {};
        preload = *imported;
      }
      XbarGroupOp::create(builder, loc, name,
                          builder.getI64IntegerAttr(g->tile()),
                          builder.getI64IntegerAttr(g->core()),
                          builder.getI64IntegerAttr(g->first_crossbar()),
                          builder.getI64IntegerAttr(g->num_crossbars()),
                          builder.getI64IntegerAttr(g->rows()),
                          builder.getI64IntegerAttr(g->cols()), preload);
      groupSymbols.push_back(FlatSymbolRefAttr::get(name));
    }

  const auto *cores = file->cores();
  uint32_t numCores = cores ? cores->size() : 0;
  if (const auto *barriers = file->barriers())
    for (const fb::BarrierDecl *decl : *barriers) {
      SmallVector<int64_t> participants;
      if (decl->participants())
        for (uint32_t core : *decl->participants()) {
          if (core >= numCores) {
            emitError(locOf(decl))
                << "barrier " << decl->id() << " names core " << core
                << ", but the program has " << numCores << " cores";
            return {};
          }
          const fb::Core *c = cores->Get(core);
          participants.append({int64_t(c->tile()), int64_t(c->core())});
        }
      BarrierDeclOp::create(builder,
                            locOf(decl, "barrier " + Twine(decl->id())),
                            builder.getI64IntegerAttr(decl->id()),
                            builder.getDenseI64ArrayAttr(participants));
    }

  for (uint32_t i = 0; i < numCores; ++i) {
    builder.setInsertionPointToEnd(&program.getBody().front());
    if (failed(importCore(i, *cores->Get(i))))
      return {};
  }
  // The diagnostics name the table; a dump of the op (a whole program for
  // a program-level error) would bury them.
  bool printOp = context->shouldPrintOpOnDiagnostic();
  context->printOpOnDiagnostic(false);
  LogicalResult verified = verify(*module);
  context->printOpOnDiagnostic(printOp);
  if (failed(verified))
    return {};
  return module;
}

OwningOpRef<ModuleOp> zara::importProgram(StringRef bytes, MLIRContext *context,
                                          StringRef bufferName) {
  return ProgramImporter(bytes, context, bufferName).run();
}
