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

/// Product of the elements, saturating at INT64_MAX.
int64_t product(llvm::ArrayRef<int64_t> values);

} // namespace zara

#endif // ZARA_SUPPORT_CONVARITHMETIC_H
