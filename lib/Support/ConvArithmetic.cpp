//===- ConvArithmetic.cpp - Shape and MAC arithmetic of convolutions ------===//
//
// Part of zara. See ConvArithmetic.h.
//
//===----------------------------------------------------------------------===//

#include "zara/Support/ConvArithmetic.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace zara;

static bool isValid(const WindowDim &d) {
  return d.input >= 1 && d.kernel >= 1 && d.stride >= 1 && d.dilation >= 1 &&
         d.padBegin >= 0 && d.padEnd >= 0 && d.outputPadding >= 0;
}

// The sizes come from user input (attributes and tensor types), so every
// step is overflow-checked: an overflowing size is no size at all.
std::optional<int64_t> zara::convOutputSize(const WindowDim &d) {
  if (!isValid(d))
    return std::nullopt;
  int64_t span, padded;
  if (llvm::MulOverflow(d.dilation, d.kernel - 1, span) ||
      llvm::AddOverflow(span, int64_t(1), span) ||
      llvm::AddOverflow(d.input, d.padBegin, padded) ||
      llvm::AddOverflow(padded, d.padEnd, padded))
    return std::nullopt;
  if (padded < span)
    return std::nullopt;
  return (padded - span) / d.stride + 1;
}

std::optional<int64_t> zara::convTransposeOutputSize(const WindowDim &d) {
  if (!isValid(d))
    return std::nullopt;
  int64_t spread, span, out;
  if (llvm::MulOverflow(d.stride, d.input - 1, spread) ||
      llvm::MulOverflow(d.dilation, d.kernel - 1, span) ||
      llvm::AddOverflow(spread, span, out) ||
      llvm::AddOverflow(out, int64_t(1), out) ||
      llvm::AddOverflow(out, d.outputPadding, out) ||
      llvm::SubOverflow(out, d.padBegin, out) ||
      llvm::SubOverflow(out, d.padEnd, out))
    return std::nullopt;
  if (out < 1)
    return std::nullopt;
  return out;
}

int64_t zara::convUsefulTaps(const WindowDim &d, int64_t output) {
  // For each tap k, count the outputs o in [0, O) with
  // 0 <= o*s + k*δ - p < H, i.e. o in [ceil((p - kδ)/s), ceil((H + p - kδ)/s)).
  int64_t total = 0;
  for (int64_t k = 0; k < d.kernel; ++k) {
    int64_t shift = d.padBegin - k * d.dilation;
    int64_t lo = std::max<int64_t>(0, llvm::divideCeilSigned(shift, d.stride));
    int64_t hi = std::min<int64_t>(
        output, llvm::divideCeilSigned(d.input + shift, d.stride));
    if (hi > lo)
      total += hi - lo;
  }
  return total;
}

int64_t zara::convTransposeUsefulTaps(const WindowDim &d, int64_t output) {
  // For each tap k, count the inputs i in [0, H) with
  // 0 <= i*s + k*δ - p < O, i.e. i in [ceil((p - kδ)/s), ceil((O + p - kδ)/s)).
  int64_t total = 0;
  for (int64_t k = 0; k < d.kernel; ++k) {
    int64_t shift = d.padBegin - k * d.dilation;
    int64_t lo = std::max<int64_t>(0, llvm::divideCeilSigned(shift, d.stride));
    int64_t hi = std::min<int64_t>(
        d.input, llvm::divideCeilSigned(output + shift, d.stride));
    if (hi > lo)
      total += hi - lo;
  }
  return total;
}

/// The length of a sequence of `length` elements with `stride - 1` zeros
/// inserted between neighbours: stride * (length - 1) + 1, saturating.
static int64_t dilatedLength(int64_t length, int64_t stride) {
  int64_t spread = product({stride, length - 1});
  return spread == std::numeric_limits<int64_t>::max() ? spread : spread + 1;
}

int64_t zara::backwardIssuedTaps(BackwardOp op, const WindowDim &d,
                                 int64_t output) {
  switch (op) {
  case BackwardOp::ConvBackwardData:
  case BackwardOp::ConvTransposeBackwardData:
    // One window of K taps per element of dx.
    return product({d.input, d.kernel});
  case BackwardOp::ConvBackwardWeight:
    // Each tap spans dy with s-1 zeros between its elements.
    return product({d.kernel, dilatedLength(output, d.stride)});
  case BackwardOp::ConvTransposeBackwardWeight:
    // Each tap spans x with s-1 zeros between its elements.
    return product({d.kernel, dilatedLength(d.input, d.stride)});
  }
  llvm_unreachable("unknown backward op");
}

int64_t zara::backwardUsefulTaps(BackwardOp op, const WindowDim &d,
                                 int64_t output) {
  // A useful product is a product of the forward op (a pair of an original
  // input element and a tap, or of an original output element and a tap)
  // that stays inside both tensors, whichever of its three tensors the
  // backward op computes.
  switch (op) {
  case BackwardOp::ConvBackwardData:
  case BackwardOp::ConvBackwardWeight:
    return convUsefulTaps(d, output);
  case BackwardOp::ConvTransposeBackwardData:
  case BackwardOp::ConvTransposeBackwardWeight:
    return convTransposeUsefulTaps(d, output);
  }
  llvm_unreachable("unknown backward op");
}

int64_t zara::convUsefulTapsOverZeroInserted(const WindowDim &d,
                                             int64_t output,
                                             const ZeroInsertedDim &inserted) {
  // Direct enumeration: a dimension has at most a few thousand (o, k) pairs,
  // and this count only feeds reports.
  int64_t total = 0;
  for (int64_t k = 0; k < d.kernel; ++k)
    for (int64_t o = 0; o < output; ++o) {
      int64_t pos = o * d.stride + k * d.dilation - d.padBegin;
      if (pos < 0 || pos >= inserted.length)
        continue; // the convolution's own padding
      int64_t offset = pos - inserted.padBegin;
      if (offset >= 0 && offset % inserted.stride == 0 &&
          offset / inserted.stride < inserted.original)
        ++total;
    }
  return total;
}

int64_t zara::product(llvm::ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t v : values) {
    if (v != 0 && result > std::numeric_limits<int64_t>::max() / v)
      return std::numeric_limits<int64_t>::max();
    result *= v;
  }
  return result;
}
