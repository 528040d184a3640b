//===- ZISAAttributes.h - ZISA attributes and enums -------------*- C++ -*-===//
//
// Part of zara. Declares the enums, patterns and hardware configuration
// attributes of the `zisa` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_H
#define ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/APFloat.h"

#include "zara/Dialect/ZISA/IR/ZISAEnums.h.inc"
#include "zara/Dialect/ZISA/IR/ZISAHwDefaults.h"

namespace zara {
namespace zisa {
/// One field of a hardware configuration, for checks that treat all fields
/// alike.
struct HwField {
  llvm::StringLiteral section, key;
  double value;
};
} // namespace zisa
} // namespace zara

#define GET_ATTRDEF_CLASSES
#include "zara/Dialect/ZISA/IR/ZISAAttributes.h.inc"

#endif // ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_H
