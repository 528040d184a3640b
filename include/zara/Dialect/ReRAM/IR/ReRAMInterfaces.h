//===- ReRAMInterfaces.h - ReRAM op interfaces ------------------*- C++ -*-===//
//
// Part of zara. Declares the op interfaces of the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_H
#define ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_H

#include "mlir/IR/OpDefinition.h"

#include "zara/Dialect/ReRAM/IR/ReRAMInterfaces.h.inc"

#endif // ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_H
