//===- ZISAAttributes.cpp - ZISA attributes -------------------------------===//
//
// Part of zara. The assembly syntax and verifiers of affine addresses and
// patterns, and the hardware configuration's defaults and syntax.
//
// An affine address prints as a sum of terms, `100 + 7*i0 - i1`: the base
// first (left out when 0 and there are terms), then one `c*iK` term per
// non-zero coefficient. The parser accepts any sum of integer and `c*iK`
// terms and folds them into base and coefficients with checked arithmetic,
// so every printed form parses back to the same attribute and no input
// overflows silently. Address ranges are computed the same way: the extreme
// addresses of a pattern are the base plus the negative (for the lowest)
// or positive (for the highest) extents `coeff * (count - 1)` of every loop
// index and dimension.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ZISA/IR/ZISAAttributes.h"
#include "zara/Dialect/ZISA/IR/ZISADialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace zara::zisa;

#include "zara/Dialect/ZISA/IR/ZISAEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "zara/Dialect/ZISA/IR/ZISAAttributes.cpp.inc"

void ZISADialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "zara/Dialect/ZISA/IR/ZISAAttributes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// AffineAddrAttr
//===----------------------------------------------------------------------===//

LogicalResult
AffineAddrAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       int64_t base, ArrayRef<int64_t> coeffs) {
  (void)base;
  if (coeffs.size() > kMaxLoopDepth)
    return emitError() << "address has " << coeffs.size()
                       << " loop coefficients, at most " << kMaxLoopDepth
                       << " loops nest";
  if (!coeffs.empty() && coeffs.back() == 0)
    return emitError() << "address coefficients must not end with a zero";
  return success();
}

/// Parses the loop index name `iK`; the lexer reads `i0`... as an integer
/// type keyword, which `parseOptionalKeyword` accepts as well.
static OptionalParseResult parseOptionalLoopIndex(AsmParser &parser,
                                                  unsigned &depth) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (failed(parser.parseOptionalKeyword(&keyword)))
    return std::nullopt;
  if (keyword.size() < 2 || keyword[0] != 'i' ||
      keyword.drop_front().getAsInteger(10, depth) ||
      depth >= AffineAddrAttr::kMaxLoopDepth)
    return parser.emitError(loc, "expected a loop index i0 to i")
           << AffineAddrAttr::kMaxLoopDepth - 1 << ", got '" << keyword << "'";
  return success();
}

FailureOr<AffineAddrAttr> AffineAddrAttr::parseExpr(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t base = 0;
  SmallVector<int64_t> coeffs;
  auto overflow = [&] {
    return parser.emitError(loc, "address does not fit in 64 bits");
  };
  for (bool first = true;; first = false) {
    int64_t sign = 1;
    if (!first) {
      if (succeeded(parser.parseOptionalMinus()))
        sign = -1;
      else if (failed(parser.parseOptionalPlus()))
        break;
    } else if (succeeded(parser.parseOptionalMinus())) {
      sign = -1;
    }
    // A term: `N`, `N*iK` or `iK` (N may carry its own sign).
    int64_t value = 1;
    unsigned depth = 0;
    bool hasIndex;
    OptionalParseResult number = parser.parseOptionalInteger(value);
    if (number.has_value()) {
      if (failed(*number))
        return failure();
      hasIndex = succeeded(parser.parseOptionalStar());
      if (hasIndex) {
        OptionalParseResult index = parseOptionalLoopIndex(parser, depth);
        if (!index.has_value())
          return parser.emitError(parser.getCurrentLocation(),
                                  "expected a loop index after '*'");
        if (failed(*index))
          return failure();
      }
    } else {
      OptionalParseResult index = parseOptionalLoopIndex(parser, depth);
      if (!index.has_value())
        return parser.emitError(parser.getCurrentLocation(),
                                "expected an integer or a loop index");
      if (failed(*index))
        return failure();
      hasIndex = true;
    }
    std::optional<int64_t> term = llvm::checkedMul(sign, value);
    if (!term)
      return overflow();
    int64_t *slot = &base;
    if (hasIndex) {
      if (coeffs.size() <= depth)
        coeffs.resize(depth + 1, 0);
      slot = &coeffs[depth];
    }
    std::optional<int64_t> sum = llvm::checkedAdd(*slot, *term);
    if (!sum)
      return overflow();
    *slot = *sum;
  }
  // An ArrayRef, so the trimming builder is chosen over Base::getChecked.
  AffineAddrAttr addr =
      getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                 base, ArrayRef<int64_t>(coeffs));
  if (!addr)
    return failure();
  return addr;
}

Attribute AffineAddrAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  FailureOr<AffineAddrAttr> addr = parseExpr(parser);
  if (failed(addr) || parser.parseGreater())
    return {};
  return *addr;
}

void AffineAddrAttr::printExpr(AsmPrinter &printer) const {
  bool first = true;
  // Prints `value` as the next term (`suffix` is `*iK` or empty), with the
  // sign as the operator; INT64_MIN keeps its own sign, having no positive
  // counterpart.
  auto printTerm = [&](int64_t value, StringRef index) {
    bool negative = value < 0 && value != std::numeric_limits<int64_t>::min();
    uint64_t magnitude = negative ? -value : value;
    if (!first)
      printer << (negative ? " - " : " + ");
    else if (negative)
      printer << "-";
    first = false;
    if (index.empty() || magnitude != 1) {
      if (value == std::numeric_limits<int64_t>::min())
        printer << value;
      else
        printer << magnitude;
      if (!index.empty())
        printer << "*";
    }
    printer << index;
  };
  if (getBase() != 0 || getCoeffs().empty())
    printTerm(getBase(), "");
  for (auto [depth, coeff] : llvm::enumerate(getCoeffs()))
    if (coeff != 0)
      printTerm(coeff, ("i" + Twine(depth)).str());
}

void AffineAddrAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printExpr(printer);
  printer << ">";
}

//===----------------------------------------------------------------------===//
// PatternAttr
//===----------------------------------------------------------------------===//

LogicalResult PatternAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  AffineAddrAttr addr, ArrayRef<int64_t> counts,
                                  ArrayRef<int64_t> strides) {
  if (!addr)
    return emitError() << "pattern needs an address";
  if (counts.size() != strides.size())
    return emitError() << "pattern has " << counts.size() << " counts but "
                       << strides.size() << " strides";
  if (counts.size() > kMaxDims)
    return emitError() << "pattern has " << counts.size()
                       << " dimensions, at most " << kMaxDims << " allowed";
  uint64_t elements = 1;
  for (int64_t count : counts) {
    if (count < 1 || count > std::numeric_limits<uint32_t>::max())
      return emitError() << "pattern dimension count " << count
                         << " is outside [1, 2^32)";
    elements = llvm::SaturatingMultiply(elements, uint64_t(count));
  }
  if (elements > std::numeric_limits<uint32_t>::max())
    return emitError() << "pattern has " << elements
                       << " elements, more than 2^32 - 1";
  return success();
}

/// Parses `[` integer list `]`.
static ParseResult parseIntegerList(AsmParser &parser,
                                    SmallVectorImpl<int64_t> &values) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                        [&]() -> ParseResult {
                                          int64_t value;
                                          if (parser.parseInteger(value))
                                            return failure();
                                          values.push_back(value);
                                          return success();
                                        });
}

Attribute PatternAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  FailureOr<AffineAddrAttr> addr = AffineAddrAttr::parseExpr(parser);
  if (failed(addr))
    return {};
  SmallVector<int64_t> counts, strides;
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("counts") || parseIntegerList(parser, counts) ||
        parser.parseComma() || parser.parseKeyword("strides") ||
        parseIntegerList(parser, strides))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    *addr, ArrayRef<int64_t>(counts),
                    ArrayRef<int64_t>(strides));
}

void PatternAttr::print(AsmPrinter &printer) const {
  printer << "<";
  getAddr().printExpr(printer);
  if (!getCounts().empty()) {
    printer << ", counts [";
    llvm::interleaveComma(getCounts(), printer);
    printer << "], strides [";
    llvm::interleaveComma(getStrides(), printer);
    printer << "]";
  }
  printer << ">";
}

int64_t PatternAttr::getNumElements() const {
  int64_t n = 1;
  for (int64_t count : getCounts()) {
    std::optional<int64_t> product = llvm::checkedMul(n, count);
    if (!product)
      return std::numeric_limits<int64_t>::max();
    n = *product;
  }
  return n;
}

FailureOr<std::pair<int64_t, int64_t>>
PatternAttr::getAddressRange(ArrayRef<int64_t> loopCounts) const {
  int64_t lo = getAddr().getBase(), hi = lo;
  // Adds the extent of an index running over [0, count) with step `step`.
  auto extend = [&](int64_t step, int64_t count) -> LogicalResult {
    std::optional<int64_t> extent = llvm::checkedMul(step, count - 1);
    if (!extent)
      return failure();
    std::optional<int64_t> bound =
        llvm::checkedAdd(*extent < 0 ? lo : hi, *extent);
    if (!bound)
      return failure();
    (*extent < 0 ? lo : hi) = *bound;
    return success();
  };
  ArrayRef<int64_t> coeffs = getAddr().getCoeffs();
  assert(coeffs.size() <= loopCounts.size() && "pattern deeper than its loops");
  for (auto [coeff, count] : llvm::zip(coeffs, loopCounts))
    if (failed(extend(coeff, count)))
      return failure();
  for (auto [count, stride] : llvm::zip(getCounts(), getStrides()))
    if (failed(extend(stride, count)))
      return failure();
  return std::make_pair(lo, hi);
}

//===----------------------------------------------------------------------===//
// HwConfigAttr
//===----------------------------------------------------------------------===//

/// Applies `fn(keyword, section, defaultSection)` to every section, in
/// Program.fbs order.
template <typename Fn>
static void forEachSection(HwConfigAttr config, MLIRContext *ctx, Fn &&fn) {
  fn("organisation", config.getOrganisation(), HwOrganisationAttr::get(ctx));
  fn("crossbar", config.getCrossbar(), HwCrossbarAttr::get(ctx));
  fn("write", config.getWrite(), HwWriteAttr::get(ctx));
  fn("dac", config.getDac(), HwDacAttr::get(ctx));
  fn("adc", config.getAdc(), HwAdcAttr::get(ctx));
  fn("sample_hold", config.getSampleHold(), HwSampleHoldAttr::get(ctx));
  fn("shift_add", config.getShiftAdd(), HwShiftAddAttr::get(ctx));
  fn("registers", config.getRegisters(), HwRegistersAttr::get(ctx));
  fn("buffer", config.getBuffer(), HwBufferAttr::get(ctx));
  fn("noc", config.getNoc(), HwNocAttr::get(ctx));
  fn("vector", config.getVector(), HwVectorAttr::get(ctx));
  fn("dram", config.getDram(), HwDramAttr::get(ctx));
  fn("timing", config.getTiming(), HwTimingAttr::get(ctx));
  fn("numerics", config.getNumerics(), HwNumericsAttr::get(ctx));
}

HwConfigAttr HwConfigAttr::getDefault(MLIRContext *ctx) {
  return get(ctx, HwOrganisationAttr::get(ctx), HwCrossbarAttr::get(ctx),
             HwWriteAttr::get(ctx), HwDacAttr::get(ctx), HwAdcAttr::get(ctx),
             HwSampleHoldAttr::get(ctx), HwShiftAddAttr::get(ctx),
             HwRegistersAttr::get(ctx), HwBufferAttr::get(ctx),
             HwNocAttr::get(ctx), HwVectorAttr::get(ctx), HwDramAttr::get(ctx),
             HwTimingAttr::get(ctx), HwNumericsAttr::get(ctx));
}

Attribute HwConfigAttr::parse(AsmParser &parser, Type) {
  MLIRContext *ctx = parser.getContext();
  HwConfigAttr defaults = getDefault(ctx);
  HwOrganisationAttr organisation = defaults.getOrganisation();
  HwCrossbarAttr crossbar = defaults.getCrossbar();
  HwWriteAttr write = defaults.getWrite();
  HwDacAttr dac = defaults.getDac();
  HwAdcAttr adc = defaults.getAdc();
  HwSampleHoldAttr sampleHold = defaults.getSampleHold();
  HwShiftAddAttr shiftAdd = defaults.getShiftAdd();
  HwRegistersAttr registers = defaults.getRegisters();
  HwBufferAttr buffer = defaults.getBuffer();
  HwNocAttr noc = defaults.getNoc();
  HwVectorAttr vector = defaults.getVector();
  HwDramAttr dram = defaults.getDram();
  HwTimingAttr timing = defaults.getTiming();
  HwNumericsAttr numerics = defaults.getNumerics();

  llvm::StringSet<> seen;
  // Parses one `keyword = <fields>` entry into the matching section.
  auto parseSection = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef keyword;
    if (parser.parseKeyword(&keyword) || parser.parseEqual())
      return failure();
    if (!seen.insert(keyword).second)
      return parser.emitError(loc, "duplicate section '") << keyword << "'";
    // Parses the section's own syntax into `slot`.
    auto into = [&](auto &slot) -> ParseResult {
      using SectionT = std::decay_t<decltype(slot)>;
      Attribute parsed = SectionT::parse(parser, Type());
      if (!parsed)
        return failure();
      slot = cast<SectionT>(parsed);
      return success();
    };
    if (keyword == "organisation")
      return into(organisation);
    if (keyword == "crossbar")
      return into(crossbar);
    if (keyword == "write")
      return into(write);
    if (keyword == "dac")
      return into(dac);
    if (keyword == "adc")
      return into(adc);
    if (keyword == "sample_hold")
      return into(sampleHold);
    if (keyword == "shift_add")
      return into(shiftAdd);
    if (keyword == "registers")
      return into(registers);
    if (keyword == "buffer")
      return into(buffer);
    if (keyword == "noc")
      return into(noc);
    if (keyword == "vector")
      return into(vector);
    if (keyword == "dram")
      return into(dram);
    if (keyword == "timing")
      return into(timing);
    if (keyword == "numerics")
      return into(numerics);
    return parser.emitError(loc, "unknown hardware configuration section '")
           << keyword << "'";
  };
  if (parser.parseLess())
    return {};
  if (failed(parser.parseOptionalGreater())) {
    if (parser.parseCommaSeparatedList(parseSection) || parser.parseGreater())
      return {};
  }
  return get(ctx, organisation, crossbar, write, dac, adc, sampleHold, shiftAdd,
             registers, buffer, noc, vector, dram, timing, numerics);
}

void HwConfigAttr::print(AsmPrinter &printer) const {
  printer << "<";
  bool first = true;
  forEachSection(*this, getContext(),
                 [&](StringRef keyword, auto section, auto defaults) {
                   if (section == defaults)
                     return;
                   if (!first)
                     printer << ", ";
                   first = false;
                   printer << keyword << " = ";
                   section.print(printer);
                 });
  printer << ">";
}

uint64_t HwConfigAttr::getBufferElements() const {
  uint64_t dataBits = getNumerics().getDataBits();
  if (dataBits == 0)
    return 0;
  uint64_t bytes = getBuffer().getBytes();
  if (bytes > std::numeric_limits<uint64_t>::max() / 8)
    return std::numeric_limits<uint64_t>::max() / dataBits;
  return bytes * 8 / dataBits;
}

uint64_t HwConfigAttr::getCellsPerWeight() const {
  uint64_t bitsPerCell = getCrossbar().getBitsPerCell();
  uint64_t weightBits = getNumerics().getWeightBits();
  // A differential pair carries the sign in the choice of array.
  if (getNumerics().getSignedWeights() == SignedWeights::differential &&
      weightBits > 0)
    weightBits -= 1;
  if (bitsPerCell == 0)
    return 0;
  return llvm::divideCeil(weightBits, bitsPerCell);
}

uint64_t HwConfigAttr::getPolarities() const {
  return getNumerics().getSignedWeights() == SignedWeights::differential ? 2
                                                                         : 1;
}

SmallVector<HwField> HwConfigAttr::getFields() const {
  auto f64 = [](APFloat value) { return value.convertToDouble(); };
  HwOrganisationAttr org = getOrganisation();
  HwCrossbarAttr xbar = getCrossbar();
  HwWriteAttr write = getWrite();
  HwDacAttr dac = getDac();
  HwAdcAttr adc = getAdc();
  HwShiftAddAttr shiftAdd = getShiftAdd();
  HwRegistersAttr regs = getRegisters();
  HwBufferAttr buffer = getBuffer();
  HwNocAttr noc = getNoc();
  HwVectorAttr vec = getVector();
  HwDramAttr dram = getDram();
  HwNumericsAttr num = getNumerics();
  SmallVector<HwField> fields = {
      {"organisation", "tiles", double(org.getTiles())},
      {"organisation", "cores_per_tile", double(org.getCoresPerTile())},
      {"organisation", "crossbars_per_core", double(org.getCrossbarsPerCore())},
      {"crossbar", "rows", double(xbar.getRows())},
      {"crossbar", "cols", double(xbar.getCols())},
      {"crossbar", "bits_per_cell", double(xbar.getBitsPerCell())},
      {"crossbar", "read_latency_ns", f64(xbar.getReadLatencyNs())},
      {"crossbar", "read_energy_pj", f64(xbar.getReadEnergyPj())},
      {"write", "array_latency_ns", f64(write.getArrayLatencyNs())},
      {"write", "array_energy_pj", f64(write.getArrayEnergyPj())},
      {"write", "row_latency_ns", f64(write.getRowLatencyNs())},
      {"write", "row_energy_pj", f64(write.getRowEnergyPj())},
      {"dac", "bits", double(dac.getBits())},
      {"dac", "energy_pj", f64(dac.getEnergyPj())},
      {"adc", "bits", double(adc.getBits())},
      {"adc", "per_crossbar", double(adc.getPerCrossbar())},
      {"adc", "sample_rate_gsps", f64(adc.getSampleRateGsps())},
      {"adc", "energy_pj", f64(adc.getEnergyPj())},
      {"sample_hold", "energy_pj", f64(getSampleHold().getEnergyPj())},
      {"shift_add", "latency_cycles", double(shiftAdd.getLatencyCycles())},
      {"shift_add", "energy_pj", f64(shiftAdd.getEnergyPj())},
      {"registers", "input_bytes", double(regs.getInputBytes())},
      {"registers", "output_bytes", double(regs.getOutputBytes())},
      {"registers", "input_energy_pj", f64(regs.getInputEnergyPj())},
      {"registers", "output_energy_pj", f64(regs.getOutputEnergyPj())},
      {"buffer", "bytes", double(buffer.getBytes())},
      {"buffer", "port_bits", double(buffer.getPortBits())},
      {"buffer", "access_latency_cycles",
       double(buffer.getAccessLatencyCycles())},
      {"buffer", "access_energy_pj", f64(buffer.getAccessEnergyPj())},
      {"noc", "flit_bits", double(noc.getFlitBits())},
      {"noc", "tiles_per_router", double(noc.getTilesPerRouter())},
      {"noc", "hop_latency_cycles", double(noc.getHopLatencyCycles())},
      {"noc", "energy_pj_per_flit_hop", f64(noc.getEnergyPjPerFlitHop())},
      {"vector", "lanes", double(vec.getLanes())},
      {"vector", "latency_cycles", double(vec.getLatencyCycles())},
      {"vector", "transcendental_latency_cycles",
       double(vec.getTranscendentalLatencyCycles())},
      {"vector", "energy_pj", f64(vec.getEnergyPj())},
      {"vector", "mul_energy_pj", f64(vec.getMulEnergyPj())},
      {"vector", "transcendental_energy_pj",
       f64(vec.getTranscendentalEnergyPj())},
      {"dram", "capacity_bytes", double(dram.getCapacityBytes())},
      {"dram", "bandwidth_gbps", f64(dram.getBandwidthGbps())},
      {"dram", "latency_ns", f64(dram.getLatencyNs())},
      {"dram", "energy_pj_per_bit", f64(dram.getEnergyPjPerBit())},
      {"timing", "clock_ghz", f64(getTiming().getClockGhz())},
      {"numerics", "weight_bits", double(num.getWeightBits())},
      {"numerics", "input_bits", double(num.getInputBits())},
      {"numerics", "data_bits", double(num.getDataBits())},
      {"numerics", "signed_weights", double(num.getSignedWeights())},
  };
  // One entry per field of HwConfig.def, in its order: a field added there
  // must be added to ZISAAttributes.td, the translations and this list.
  constexpr size_t kNumFields = 0
#define HW_FIELD(section, key, kind, def, min, max, minExclusive) +1
#include "zara/Sim/HwConfig.def"
      ;
  static_assert(kNumFields == 48, "HwConfig.def changed: update the "
                                  "hardware configuration attributes");
  assert(fields.size() == kNumFields && "a field is missing from the list");
  return fields;
}
