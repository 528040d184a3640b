//===- ReRAMDialect.cpp - ReRAM dialect -----------------------------------===//
//
// Part of zara. Registers the `reram` dialect and its ops.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace zara::reram;

#include "zara/Dialect/ReRAM/IR/ReRAMOpsDialect.cpp.inc"

void ReRAMDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "zara/Dialect/ReRAM/IR/ReRAMOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *ReRAMDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

/// `reram.onnx_name` names a function argument or result after its ONNX graph
/// input or output; it must be a string, and it is the only attribute the
/// dialect defines on arguments and results. `what` is "argument" or
/// "result".
static LogicalResult verifyOnnxName(Operation *op, NamedAttribute attr,
                                    StringRef what, unsigned index) {
  StringRef name = attr.getName().getValue();
  if (name != ReRAMDialect::getOnnxNameAttrName())
    return op->emitOpError("unknown reram attribute '")
           << name << "' on " << what << " " << index;
  if (!isa<StringAttr>(attr.getValue()))
    return op->emitOpError("'")
           << name << "' on " << what << " " << index
           << " must be a string attribute";
  return success();
}

LogicalResult ReRAMDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                     unsigned argIndex,
                                                     NamedAttribute attr) {
  return verifyOnnxName(op, attr, "argument", argIndex);
}

LogicalResult ReRAMDialect::verifyRegionResultAttribute(Operation *op,
                                                        unsigned,
                                                        unsigned resultIndex,
                                                        NamedAttribute attr) {
  return verifyOnnxName(op, attr, "result", resultIndex);
}

std::optional<std::string> zara::reram::getONNXNodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = getONNXNodeName(inner))
        return name;
    return std::nullopt;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getONNXNodeName(callSite.getCallee());
  return std::nullopt;
}
