//===- ReRAMTrainingOps.td - Backward operators of GAN training (gradients of the window ops) -*- tablegen -*-===//
//
// Part of zara. Included by ReRAMOps.td after the base classes; the
// verifiers live in lib/Dialect/ReRAM/IR/ReRAMTrainingOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD
#define ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD

#endif // ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD
