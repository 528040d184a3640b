//===- ReRAMDialect.h - ReRAM dialect declaration ---------------*- C++ -*-===//
//
// Part of zara. Declares the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMDIALECT_H
#define ZARA_DIALECT_RERAM_IR_RERAMDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "zara/Dialect/ReRAM/IR/ReRAMOpsDialect.h.inc"

#endif // ZARA_DIALECT_RERAM_IR_RERAMDIALECT_H
