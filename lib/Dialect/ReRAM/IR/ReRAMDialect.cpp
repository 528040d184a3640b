//===- ReRAMDialect.cpp - ReRAM dialect -----------------------------------===//
//
// Part of zara. Registers the `reram` dialect and its ops.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
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
/// input or output; it must be a string.
static LogicalResult verifyOnnxName(Operation *op, NamedAttribute attr) {
  if (attr.getName() != ReRAMDialect::getOnnxNameAttrName())
    return op->emitError() << "unknown reram attribute '" << attr.getName()
                           << "' on a function argument or result";
  if (!isa<StringAttr>(attr.getValue()))
    return op->emitError() << "'" << attr.getName()
                           << "' must be a string attribute";
  return success();
}

LogicalResult ReRAMDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                     unsigned,
                                                     NamedAttribute attr) {
  return verifyOnnxName(op, attr);
}

LogicalResult ReRAMDialect::verifyRegionResultAttribute(Operation *op,
                                                        unsigned, unsigned,
                                                        NamedAttribute attr) {
  return verifyOnnxName(op, attr);
}
