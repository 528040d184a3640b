//===- ConvArithmetic.h - Shape and MAC arithmetic of convolutions -*- C++ -*-===//
//
// Part of zara. Output sizes and multiply-accumulate counts of convolutions
// and transposed convolutions, per spatial dimension. Pure integer
// arithmetic, no IR: the verifiers, the importer and the reports share it.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SUPPORT_CONVARITHMETIC_H
#define ZARA_SUPPORT_CONVARITHMETIC_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>

namespace zara {

/// The geometry of one spatial dimension of a sliding-window op.
struct WindowDim {
  int64_t input = 1;    ///< input length H
  int64_t kernel = 1;   ///< kernel length K
  int64_t stride = 1;   ///< stride s
  int64_t padBegin = 0; ///< pad p (begin)
  int64_t padEnd = 0;   ///< pad q (end)
  int64_t dilation = 1; ///< dilation δ
  int64_t outputPadding = 0; ///< output_padding a (transposed only)
};

/// Output length of a convolution:
/// floor((H + p + q - δ(K-1) - 1) / s) + 1. Returns std::nullopt when the
/// dilated kernel does not fit into the padded input (no output window), an
/// argument is out of range or the arithmetic overflows.
std::optional<int64_t> convOutputSize(const WindowDim &d);

/// Output length of a transposed convolution:
/// s(H-1) + δ(K-1) + 1 + a - p - q. Returns std::nullopt when it is not
/// positive, an argument is out of range or the arithmetic overflows.
std::optional<int64_t> convTransposeOutputSize(const WindowDim &d);

/// Number of (output, tap) pairs of a convolution dimension whose input
/// index o*s + k*δ - p falls inside [0, H): the products with an original
/// (non-padding) input element. `output` is the output length.
int64_t convUsefulTaps(const WindowDim &d, int64_t output);

/// Number of (input, tap) pairs of a transposed-convolution dimension whose
/// output index i*s + k*δ - p falls inside [0, O): the products with an
/// original input element that reach the output. `output` is O.
int64_t convTransposeUsefulTaps(const WindowDim &d, int64_t output);

/// The backward (training) operators of the sliding-window ops.
enum class BackwardOp {
  ConvBackwardData,           ///< dx of a convolution
  ConvBackwardWeight,         ///< dw of a convolution
  ConvTransposeBackwardData,  ///< dx of a transposed convolution
  ConvTransposeBackwardWeight ///< dw of a transposed convolution
};

/// Products per spatial dimension that the naive form of a backward
/// operator issues, zeros included. `d` is the forward op's geometry (its
/// input length H, kernel K, ...) and `output` the forward output length O.
/// The naive forms, as accelerators without a zero-free deformation run
/// them:
/// - ConvBackwardData: a transposed convolution of dy (zeros inserted into
///   dy), one window of K taps per dx element: H * K;
/// - ConvBackwardWeight: per tap, a correlation of the padded x with dy
///   dilated by s (zeros inserted into dy): K * (s(O-1) + 1);
/// - ConvTransposeBackwardData: a strided convolution of the padded dy, one
///   window per dx element: H * K;
/// - ConvTransposeBackwardWeight: per tap, a correlation of x dilated by s
///   (zeros inserted into x) with the padded dy: K * (s(H-1) + 1).
/// Saturates at INT64_MAX.
int64_t backwardIssuedTaps(BackwardOp op, const WindowDim &d, int64_t output);

/// The products among backwardIssuedTaps whose operands are both original
/// elements, neither an inserted nor a padding zero: the (o, k) pairs of
/// the forward op with o*s + k*δ - p inside [0, H) for a convolution, the
/// (i, k) pairs with i*s + k*δ - p inside [0, O) for a transposed one.
int64_t backwardUsefulTaps(BackwardOp op, const WindowDim &d, int64_t output);

/// The placement of original elements in a zero-inserted dimension: element
/// i of the original (length `original`) sits at `padBegin + i * stride`
/// of the zero-inserted dimension (length `length`); every other position
/// holds an inserted or padding zero. Negative `padBegin` crops.
struct ZeroInsertedDim {
  int64_t original = 1;
  int64_t stride = 1;
  int64_t padBegin = 0;
  int64_t length = 1;
};

/// Number of (output, tap) pairs of a convolution dimension `d` (whose
/// `input` is the zero-inserted length) whose input position holds an
/// original element of `inserted`: the useful products of a convolution
/// that reads a zero-inserted operand, as the naive transposed convolution
/// does. `output` is the convolution's output length.
int64_t convUsefulTapsOverZeroInserted(const WindowDim &d, int64_t output,
                                       const ZeroInsertedDim &inserted);

/// Product of the elements, saturating at INT64_MAX.
int64_t product(llvm::ArrayRef<int64_t> values);

} // namespace zara

#endif // ZARA_SUPPORT_CONVARITHMETIC_H
