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
// The backward operators of training are deformed too: a convolution's
// data gradient is a transposed convolution of dy and takes the same forms;
// the weight gradients with a stride above 1 are strided correlations that
// split into stride-1 correlations of polyphase components (their bias
// gradient becomes a channel_sum of dy); a transposed convolution's data
// gradient, a plain strided convolution of dy, becomes a reram.conv. The
// patterns are exposed through populateDeformTransposedConvPatterns so that
// other pipelines can reuse them.
//
//===----------------------------------------------------------------------===//

#include "TransposedConvForms.h"

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <type_traits>

namespace zara::reram {
#define GEN_PASS_DEF_DEFORMTRANSPOSEDCONVPASS
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"
} // namespace zara::reram

using namespace mlir;
using namespace zara;
using namespace zara::reram;

/// The zero-free form of `conv` that `options` select (see the file
/// comment).
static Value buildZeroFree(PatternRewriter &rewriter, Location loc,
                           const TransposedConv &conv,
                           const DeformTransposedConvPassOptions &options) {
  bool pixel = false;
  if (hasUnitInput(conv))
    pixel = true;
  else if (options.form == DeformForm::Pixel)
    pixel = true;
  else if (options.form == DeformForm::Auto)
    pixel = getPixelWiseTaps(conv) < getPhaseWiseTaps(conv);
  if (pixel)
    return buildPixelWise(rewriter, loc, conv);
  if (options.fusePhases) {
    FailureOr<Value> fused = buildFused(rewriter, loc, conv);
    if (succeeded(fused))
      return *fused;
  }
  return buildPhaseWise(rewriter, loc, conv);
}

/// True when some stride exceeds 1.
static bool isStrided(ArrayRef<int64_t> strides) {
  return llvm::any_of(strides, [](int64_t s) { return s > 1; });
}

namespace {
/// Rewrites one `reram.conv_transpose`, or a convolution's data gradient
/// (`reram.conv_backward_data`: the transposed convolution of dy with the
/// forward weight), into the zero-free form the options select for it.
template <typename OpT>
struct DeformTransposedConvPattern : public OpRewritePattern<OpT> {
  DeformTransposedConvPattern(MLIRContext *context,
                              const DeformTransposedConvPassOptions &options)
      : OpRewritePattern<OpT>(context), options(options) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildZeroFree(rewriter, op.getLoc(),
                                         TransposedConv::get(op), options));
    return success();
  }

  DeformTransposedConvPassOptions options;
};

/// A transposed convolution's data gradient inserts no zeros: it becomes
/// the strided convolution of dy it is.
struct LowerConvTransposeBackwardDataPattern
    : public OpRewritePattern<ConvTransposeBackwardDataOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvTransposeBackwardDataOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildTransposeBackwardDataConv(rewriter, op.getLoc(), op));
    return success();
  }
};

/// The weight gradients with a stride above 1 become stride-1 phase-wise
/// correlations (their stride-1 forms are zero-free already and stay); the
/// bias gradient becomes a channel_sum of dy.
template <typename OpTy>
struct DeformBackwardWeightPattern : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!isStrided(op.getStrides()))
      return rewriter.notifyMatchFailure(op, "stride 1 inserts no zeros");
    constexpr bool transposed =
        std::is_same_v<OpTy, ConvTransposeBackwardWeightOp>;
    StridedCorrelation corr;
    corr.a = transposed ? op.getOutputGrad() : op.getInput();
    corr.b = transposed ? op.getInput() : op.getOutputGrad();
    corr.strides.assign(op.getStrides().begin(), op.getStrides().end());
    corr.padsBegin.assign(op.getPadsBegin().begin(), op.getPadsBegin().end());
    corr.dilations.assign(op.getDilations().begin(), op.getDilations().end());
    corr.groups = op.getGroups();
    corr.resultType = cast<RankedTensorType>(op.getWeightGrad().getType());
    Value dw = buildPhaseWiseCorrelation(rewriter, op.getLoc(), corr);
    Value db = ChannelSumOp::create(
        rewriter, op.getLoc(), op.getBiasGrad().getType(), op.getOutputGrad());
    rewriter.replaceOp(op, {dw, db});
    return success();
  }
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
    // Every op that would insert zeros matches, so none can be left.
    WalkResult left = getOperation().walk([](Operation *op) {
      bool zeros =
          isa<ConvTransposeOp, ConvBackwardDataOp>(op) ||
          (isa<ConvBackwardWeightOp>(op) &&
           isStrided(cast<ConvBackwardWeightOp>(op).getStrides())) ||
          (isa<ConvTransposeBackwardWeightOp>(op) &&
           isStrided(cast<ConvTransposeBackwardWeightOp>(op).getStrides()));
      if (!zeros)
        return WalkResult::advance();
      op->emitError("operator that inserts zeros was not deformed");
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
  MLIRContext *context = patterns.getContext();
  patterns.add<DeformTransposedConvPattern<ConvTransposeOp>,
               DeformTransposedConvPattern<ConvBackwardDataOp>>(context,
                                                                options);
  patterns.add<LowerConvTransposeBackwardDataPattern,
               DeformBackwardWeightPattern<ConvBackwardWeightOp>,
               DeformBackwardWeightPattern<ConvTransposeBackwardWeightOp>>(
      context);
}
