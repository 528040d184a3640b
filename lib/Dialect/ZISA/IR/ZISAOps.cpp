//===- ZISAOps.cpp - ZISA op verifiers and syntax -------------------------===//
//
// Part of zara. The checks that need nothing but the op itself: operand
// presence and element counts, loop depth, barrier participant lists,
// weight values. Everything that needs the program around an instruction
// (memory sizes, loop counts, crossbar groups, barriers and queues) is in
// ProgramVerifier.cpp.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ZISA/IR/ZISAOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"

#include <limits>

using namespace mlir;
using namespace zara::zisa;

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// Parses `[(tile, core), ...]` into a flat array `[tile, core, ...]`.
static ParseResult parseCorePairs(OpAsmParser &parser,
                                  DenseI64ArrayAttr &pairs) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            int64_t tile, core;
            if (parser.parseLParen() || parser.parseInteger(tile) ||
                parser.parseComma() || parser.parseInteger(core) ||
                parser.parseRParen())
              return failure();
            values.append({tile, core});
            return success();
          }))
    return failure();
  pairs = parser.getBuilder().getDenseI64ArrayAttr(values);
  return success();
}

/// Prints a flat array `[tile, core, ...]` as `[(tile, core), ...]`.
static void printCorePairs(OpAsmPrinter &printer, Operation *,
                           DenseI64ArrayAttr pairs) {
  ArrayRef<int64_t> values = pairs.asArrayRef();
  printer << "[";
  for (size_t i = 0; i + 1 < values.size(); i += 2)
    printer << (i ? ", " : "") << "(" << values[i] << ", " << values[i + 1]
            << ")";
  printer << "]";
}

/// Parses an enum attribute as its bare keyword (`whole`, `dram`, ...).
template <typename EnumAttrT>
static ParseResult parseEnum(OpAsmParser &parser, EnumAttrT &attr) {
  using EnumT = decltype(std::declval<EnumAttrT>().getValue());
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<EnumT> value = symbolizeEnum<EnumT>(keyword);
  if (!value)
    return parser.emitError(loc, "unknown ")
           << EnumAttrT::getMnemonic() << " '" << keyword << "'";
  attr = EnumAttrT::get(parser.getContext(), *value);
  return success();
}

/// Prints an enum attribute as its bare keyword.
template <typename EnumAttrT>
static void printEnum(OpAsmPrinter &printer, Operation *, EnumAttrT attr) {
  printer << stringifyEnum(attr.getValue());
}

#define GET_OP_CLASSES
#include "zara/Dialect/ZISA/IR/ZISAOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

void ProgramOp::build(OpBuilder &builder, OperationState &state,
                      StringAttr producer, int64_t dramSize,
                      HwConfigAttr hardware) {
  build(builder, state, producer, builder.getI64IntegerAttr(dramSize),
        hardware);
  state.regions.front()->emplaceBlock();
}

LogicalResult WeightsOp::verify() {
  auto type = cast<ShapedType>(getValue().getType());
  if (!type.getElementType().isF32() || !type.hasStaticShape())
    return emitOpError("value must be a statically shaped f32 tensor, got ")
           << type;
  if (!isa<DenseElementsAttr, DenseResourceElementsAttr>(getValue()))
    return emitOpError("value must be a dense or dense_resource attribute");
  // A blob whose data the context does not hold (elided, or not in the
  // file's resource section) cannot be exported; say so here, where the
  // resource name is at hand.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(getValue())) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return emitOpError("weight blob '")
             << resource.getRawHandle().getKey() << "' has no data";
    size_t expected = type.getNumElements() * sizeof(float);
    if (blob->getData().size() != expected)
      return emitOpError("weight blob '")
             << resource.getRawHandle().getKey() << "' holds "
             << blob->getData().size() << " bytes, " << type << " needs "
             << expected;
  }
  return success();
}

SmallVector<std::pair<int64_t, int64_t>> BarrierDeclOp::getParticipantCores() {
  SmallVector<std::pair<int64_t, int64_t>> cores;
  ArrayRef<int64_t> values = getParticipants();
  for (size_t i = 0; i + 1 < values.size(); i += 2)
    cores.emplace_back(values[i], values[i + 1]);
  return cores;
}

LogicalResult BarrierDeclOp::verify() {
  if (getParticipants().size() % 2 != 0)
    return emitOpError("participants must be (tile, core) pairs");
  if (getParticipants().empty())
    return emitOpError("barrier ") << getId() << " has no participants";
  llvm::DenseSet<std::pair<int64_t, int64_t>> seen;
  for (auto [tile, core] : getParticipantCores()) {
    if (tile < 0 || core < 0 || tile > std::numeric_limits<uint32_t>::max() ||
        core > std::numeric_limits<uint32_t>::max())
      return emitOpError("participant (")
             << tile << ", " << core << ") is not a valid core";
    if (!seen.insert({tile, core}).second)
      return emitOpError("core (")
             << tile << ", " << core << ") is listed twice";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Control
//===----------------------------------------------------------------------===//

unsigned LoopOp::getDepth() {
  unsigned depth = 0;
  for (Operation *parent = (*this)->getParentOp();
       isa_and_nonnull<LoopOp>(parent); parent = parent->getParentOp())
    ++depth;
  return depth;
}

LogicalResult LoopOp::verify() {
  if (getDepth() >= AffineAddrAttr::kMaxLoopDepth)
    return emitOpError("loops nest ")
           << getDepth() + 1 << " deep, at most "
           << AffineAddrAttr::kMaxLoopDepth << " allowed";
  return success();
}

//===----------------------------------------------------------------------===//
// Crossbars
//===----------------------------------------------------------------------===//

LogicalResult ProgramXbarOp::verify() {
  if (getMode() == WriteMode::whole && getRowBegin() != 0)
    return emitOpError("a whole-array write starts at row 0, not ")
           << getRowBegin();
  return success();
}

//===----------------------------------------------------------------------===//
// Vector unit and data movement
//===----------------------------------------------------------------------===//

AluOp::Operands AluOp::getOperandsUsed(AluOpKind kind) {
  //            a     b      c      imm
  switch (kind) {
  case AluOpKind::copy:
  case AluOpKind::relu:
  case AluOpKind::tanh:
  case AluOpKind::sigmoid:
  case AluOpKind::reduce_sum:
    return {true, false, false, false};
  case AluOpKind::add:
  case AluOpKind::sub:
  case AluOpKind::mul:
  case AluOpKind::max:
  case AluOpKind::min:
  case AluOpKind::relu_grad:
  case AluOpKind::tanh_grad:
  case AluOpKind::sigmoid_grad:
  case AluOpKind::loss_diff:
    return {true, true, false, false};
  case AluOpKind::scale_shift:
    return {true, true, true, false};
  case AluOpKind::add_imm:
  case AluOpKind::mul_imm:
  case AluOpKind::leaky_relu:
  case AluOpKind::rsqrt:
    return {true, false, false, true};
  case AluOpKind::leaky_relu_grad:
    return {true, true, false, true};
  }
  llvm_unreachable("unknown ALU operation");
}

LogicalResult AluOp::verify() {
  Operands used = getOperandsUsed(getKind());
  StringRef kind = stringifyAluOpKind(getKind());
  std::pair<StringRef, std::optional<PatternAttr>> operands[] = {
      {"a", getA()}, {"b", getB()}, {"c", getC()}};
  bool uses[] = {used.a, used.b, used.c};
  int64_t n = getDst().getNumElements();
  for (auto [operand, use] : llvm::zip(operands, uses)) {
    auto [name, pattern] = operand;
    if (use && !pattern)
      return emitOpError("'") << kind << "' needs operand '" << name << "'";
    if (!use && pattern)
      return emitOpError("'") << kind << "' takes no operand '" << name << "'";
    if (!pattern)
      continue;
    // reduce_sum folds all of `a` into dst's single element.
    int64_t expected = getKind() == AluOpKind::reduce_sum ? -1 : n;
    if (expected >= 0 && pattern->getNumElements() != expected)
      return emitOpError("operand '")
             << name << "' has " << pattern->getNumElements()
             << " elements, 'dst' has " << n;
  }
  if (getKind() == AluOpKind::reduce_sum && n != 1)
    return emitOpError("'reduce_sum' writes one element, 'dst' has ") << n;
  return success();
}

LogicalResult MoveOp::verify() {
  if (getSrc().getNumElements() != getDst().getNumElements())
    return emitOpError("'src' has ")
           << getSrc().getNumElements() << " elements, 'dst' has "
           << getDst().getNumElements();
  return success();
}
