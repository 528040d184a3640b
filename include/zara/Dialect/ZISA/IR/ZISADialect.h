//===- ZISADialect.h - ZISA dialect declaration -----------------*- C++ -*-===//
//
// Part of zara. Declares the `zisa` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISADIALECT_H
#define ZARA_DIALECT_ZISA_IR_ZISADIALECT_H

#include "mlir/IR/Dialect.h"

#include "zara/Dialect/ZISA/IR/ZISAOpsDialect.h.inc"

#endif // ZARA_DIALECT_ZISA_IR_ZISADIALECT_H
