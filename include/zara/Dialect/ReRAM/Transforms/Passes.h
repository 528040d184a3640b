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

#include <algorithm>
#include <cstdint>
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

/// How the copies of a crossbar op share its output positions
/// (docs/Mapping.md, "Replication"): copy r takes the rectangle (r /
/// colSplit, r % colSplit) of `rowSplit` bands of `rowsPer` rows (first
/// spatial dimension, `rows` in all) by `colSplit` bands of `colsPer`
/// columns (last spatial dimension, `cols`). The mapper picks copy counts
/// by it and the lowering (reram-lower-to-zisa) splits the work by it.
struct ReplicaSplit {
  int64_t rowSplit, rowsPer, colSplit, colsPer;

  static ReplicaSplit get(int64_t replication, int64_t rows, int64_t cols) {
    ReplicaSplit s;
    s.rowSplit = std::min(replication, rows);
    s.rowsPer = (rows + s.rowSplit - 1) / s.rowSplit;
    s.rowSplit = (rows + s.rowsPer - 1) / s.rowsPer;
    s.colSplit = std::max<int64_t>(1, std::min(replication / s.rowSplit, cols));
    s.colsPer = (cols + s.colSplit - 1) / s.colSplit;
    s.colSplit = (cols + s.colsPer - 1) / s.colsPer;
    return s;
  }
  /// Copies that get output positions; the others would idle.
  int64_t copiesUsed() const { return rowSplit * colSplit; }
  /// Output positions (rows x columns) of the largest rectangle.
  int64_t positionsPerCopy() const { return rowsPer * colsPer; }
};

#define GEN_PASS_REGISTRATION
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"

} // namespace zara::reram

#endif // ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_H
