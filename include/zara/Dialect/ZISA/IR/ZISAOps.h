//===- ZISAOps.h - ZISA op declarations -------------------------*- C++ -*-===//
//
// Part of zara. Declares the ops of the `zisa` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISAOPS_H
#define ZARA_DIALECT_ZISA_IR_ZISAOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"

#include "zara/Dialect/ZISA/IR/ZISAAttributes.h"
#include "zara/Dialect/ZISA/IR/ZISADialect.h"

#define GET_OP_CLASSES
#include "zara/Dialect/ZISA/IR/ZISAOps.h.inc"

#endif // ZARA_DIALECT_ZISA_IR_ZISAOPS_H
