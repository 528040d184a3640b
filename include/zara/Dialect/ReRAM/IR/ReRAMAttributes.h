//===- ReRAMAttributes.h - ReRAM dialect attributes -------------*- C++ -*-===//
//
// Part of zara. Declares the attributes of the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_H
#define ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"

#define GET_ATTRDEF_CLASSES
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h.inc"

#endif // ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_H
