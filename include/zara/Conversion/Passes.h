//===- Passes.h - zara's conversion passes ----------------------*- C++ -*-===//
//
// Part of zara. Declares the passes that convert between zara's dialects.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_CONVERSION_PASSES_H
#define ZARA_CONVERSION_PASSES_H

#include "zara/Dialect/ZISA/IR/ZISADialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <string>

namespace zara {

#define GEN_PASS_DECL
#include "zara/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "zara/Conversion/Passes.h.inc"

} // namespace zara

#endif // ZARA_CONVERSION_PASSES_H
