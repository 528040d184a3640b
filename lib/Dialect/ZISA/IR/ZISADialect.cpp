//===- ZISADialect.cpp - ZISA dialect -------------------------------------===//
//
// Part of zara. Registers the `zisa` dialect, its attributes and its ops.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ZISA/IR/ZISADialect.h"
#include "zara/Dialect/ZISA/IR/ZISAOps.h"

using namespace mlir;
using namespace zara::zisa;

#include "zara/Dialect/ZISA/IR/ZISAOpsDialect.cpp.inc"

void ZISADialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "zara/Dialect/ZISA/IR/ZISAOps.cpp.inc"
      >();
}
