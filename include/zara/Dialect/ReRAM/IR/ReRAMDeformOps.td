//===- ReRAMDeformOps.td - Ops the zero-free deformation and the zero-insert baseline introduce -*- tablegen -*-===//
//
// Part of zara. Included by ReRAMOps.td after the base classes; the
// verifiers live in lib/Dialect/ReRAM/IR/ReRAMDeformOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD
#define ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD

#endif // ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD
