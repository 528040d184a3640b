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
#include "zara/Sim/HwConfig.h"

#include <string>

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace zara::reram {

/// The zero-free form `reram-deform-tconv` gives a transposed convolution.
enum class DeformForm {
  Auto,  ///< per layer, the form that issues fewer MACs
  Phase, ///< phase-wise stride-1 sub-convolutions and an interleave
  Pixel, ///< pixel-wise matrix product and overlap-add
};

#define GEN_PASS_DECL
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"

/// Adds the patterns of `reram-deform-tconv`: every `reram.conv_transpose`
/// and `reram.conv_backward_data` becomes zero-free stride-1 convolutions
/// (or matrix products) in the form `options` select, the weight gradients
/// with a stride above 1 stride-1 phase-wise weight gradients, and
/// `reram.conv_transpose_backward_data` a strided `reram.conv`.
void populateDeformTransposedConvPatterns(
    mlir::RewritePatternSet &patterns,
    const DeformTransposedConvPassOptions &options = {});

/// Adds the pattern of `reram-lower-zero-insert`: every
/// `reram.conv_transpose` becomes `reram.zero_insert` and a stride-1
/// `reram.conv` with the flipped kernel (the naive baseline).
void populateLowerZeroInsertPatterns(mlir::RewritePatternSet &patterns);

/// The hardware configuration a pass's `hw` option names: the ISAAC
/// defaults when `path` is empty, else the file, read with the simulator's
/// code (zara::sim::readHwConfigFile). An unreadable or invalid file is an
/// error emitted on `op`.
mlir::FailureOr<sim::HwConfig> readHwOption(mlir::Operation *op,
                                            llvm::StringRef path);

#define GEN_PASS_REGISTRATION
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"

} // namespace zara::reram

#endif // ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_H
