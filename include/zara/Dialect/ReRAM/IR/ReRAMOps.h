//===- ReRAMOps.h - ReRAM op declarations -----------------------*- C++ -*-===//
//
// Part of zara. Declares the ops of the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMOPS_H
#define ZARA_DIALECT_RERAM_IR_RERAMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ReRAM/IR/ReRAMInterfaces.h"

#define GET_OP_CLASSES
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h.inc"

#endif // ZARA_DIALECT_RERAM_IR_RERAMOPS_H
