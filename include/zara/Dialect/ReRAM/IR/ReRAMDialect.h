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

#include <optional>
#include <string>

namespace zara::reram {

/// The ONNX node an op came from: the name of the first NameLoc in `loc`
/// (looking through fused and call-site locations), or std::nullopt. The
/// importer locates every op at a NameLoc of its ONNX node, and the rewrites
/// keep it, so reports can attribute work to ONNX nodes.
std::optional<std::string> getONNXNodeName(mlir::Location loc);

} // namespace zara::reram

#endif // ZARA_DIALECT_RERAM_IR_RERAMDIALECT_H
