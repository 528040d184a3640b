//===- Passes.h - ReRAM dialect passes --------------------------*- C++ -*-===//
//
// Part of zara. Declares the passes of the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_H
#define ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"

#include <string>

namespace zara::reram {

#define GEN_PASS_DECL
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"

} // namespace zara::reram

#endif // ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_H
