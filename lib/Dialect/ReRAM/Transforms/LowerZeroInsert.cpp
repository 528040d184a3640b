//===- LowerZeroInsert.cpp - The naive zero-insert transposed convolution -===//
//
// Part of zara. Implements `reram-lower-zero-insert`, the pre-ZARA baseline.
//
// Every `reram.conv_transpose` (any stride, including 1) becomes
// `reram.zero_insert` (s-1 zeros between input elements, dil*(K-1) - p
// zeros in front and dil*(K-1) - q + output_padding behind, negative
// amounts cropping) and a stride-1 `reram.conv` with the same dilation,
// groups and bias and the kernel reversed in every spatial dimension with
// input and output channels swapped. That convolution's issued MACs are
// the naive form's, zeros included, so the same compiler reports both the
// baseline and the zero-free deformation, and the two can be checked
// against each other through zara-interp.
//
//===----------------------------------------------------------------------===//

#include "TransposedConvForms.h"

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace zara::reram {
#define GEN_PASS_DEF_LOWERZEROINSERTPASS
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"
} // namespace zara::reram

using namespace mlir;
using namespace zara;
using namespace zara::reram;

namespace {
/// Rewrites one `reram.conv_transpose` into zero insertion and a stride-1
/// convolution.
struct LowerConvTransposePattern : public OpRewritePattern<ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvTransposeOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildZeroInsert(rewriter, op.getLoc(), TransposedConv::get(op)));
    return success();
  }
};

} // namespace

namespace zara::reram {
namespace {
struct LowerZeroInsertPass
    : public impl::LowerZeroInsertPassBase<LowerZeroInsertPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateLowerZeroInsertPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
} // namespace zara::reram

void zara::reram::populateLowerZeroInsertPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConvTransposePattern>(patterns.getContext());
}
