//===- DeformTransposedConv.cpp - Zero-free transposed convolutions -------===//
//
// Part of zara. Implements `reram-deform-tconv`.
//
// Every `reram.conv_transpose` is rewritten into a form that never reads a
// zero-inserted operand (TransposedConvForms.h builds them; the math is in
// docs/Rationale/TransposedConvDeformation.md):
//
// - a 1x1 input is a matrix product (plus a reshape and the bias, or an
//   overlap-add when pads or dilation move the taps), whatever the form;
// - otherwise the form is chosen per layer: `form=auto` compares the
//   multiply-accumulates the phase-wise sub-convolutions issue (their
//   border windows read padding) with those of the pixel-wise matrix
//   product (every input element times every tap, cropped ones included)
//   and takes the smaller, the phase-wise form on a tie;
// - a phase-wise layer becomes the fused form under `fuse-phases` when it
//   has one (every K % s == 0, dilation 1).
//
// The patterns are exposed through populateDeformTransposedConvPatterns so
// that other pipelines (and the backward operators, once they are
// deformed) can reuse them.
//
//===----------------------------------------------------------------------===//

#include "TransposedConvForms.h"

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace zara::reram {
#define GEN_PASS_DEF_DEFORMTRANSPOSEDCONVPASS
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"
} // namespace zara::reram

using namespace mlir;
using namespace zara;
using namespace zara::reram;

namespace {
/// Rewrites one `reram.conv_transpose` into the zero-free form the options
/// select for it.
struct DeformConvTransposePattern : public OpRewritePattern<ConvTransposeOp> {
  DeformConvTransposePattern(MLIRContext *context,
                             const DeformTransposedConvPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(ConvTransposeOp op,
                                PatternRewriter &rewriter) const override {
    TransposedConv conv = TransposedConv::get(op);
    Location loc = op.getLoc();

    bool pixel = false;
    if (hasUnitInput(conv))
      pixel = true;
    else if (options.form == DeformForm::Pixel)
      pixel = true;
    else if (options.form == DeformForm::Auto)
      pixel = getPixelWiseTaps(conv) < getPhaseWiseTaps(conv);

    Value result;
    if (pixel) {
      result = buildPixelWise(rewriter, loc, conv);
    } else if (options.fusePhases) {
      FailureOr<Value> fused = buildFused(rewriter, loc, conv);
      result = succeeded(fused) ? *fused : buildPhaseWise(rewriter, loc, conv);
    } else {
      result = buildPhaseWise(rewriter, loc, conv);
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  DeformTransposedConvPassOptions options;
};

} // namespace

namespace zara::reram {
namespace {
struct DeformTransposedConvPass
    : public impl::DeformTransposedConvPassBase<DeformTransposedConvPass> {
  using Base::Base;

  void runOnOperation() override {
    DeformTransposedConvPassOptions options;
    options.form = form;
    options.fusePhases = fusePhases;
    RewritePatternSet patterns(&getContext());
    populateDeformTransposedConvPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // Every conv_transpose matches, so none can be left.
    WalkResult left = getOperation().walk([](ConvTransposeOp op) {
      op.emitError("transposed convolution was not deformed");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
} // namespace zara::reram

void zara::reram::populateDeformTransposedConvPatterns(
    RewritePatternSet &patterns,
    const DeformTransposedConvPassOptions &options) {
  patterns.add<DeformConvTransposePattern>(patterns.getContext(), options);
}
