//===- FixedPoint.h - Quantized crossbar arithmetic -------------*- C++ -*-===//
//
// Part of zara. The number formats of `zara-sim --mode quantized`
// (docs/Hardware.md, "Numerics"):
//
//   - weights: symmetric per column, s_w = max|W[:,c]| / (2^(wb-1) - 1),
//     w_q = round(W / s_w) in [-(2^(wb-1) - 1), 2^(wb-1) - 1];
//   - inputs: symmetric per input vector (block floating point at the DAC
//     stage), s_x = max|x| / (2^(ib-1) - 1), x_q likewise;
//   - rounding is half away from zero, in double precision;
//   - the crossbar computes sum_r x_q[r] w_q[r][c] bit-sliced: weights over
//     cells of bits_per_cell bits (offset or differential encoding), inputs
//     over DAC slices (a sign slice and magnitude slices of dac.bits bits,
//     or one signed slice for an ideal DAC), each (slice, cell) column sum
//     converted by an ADC that saturates at its largest code, and
//     recombined by shift-and-add;
//   - the result is y[c] = float(double(acc[c]) * (s_x * s_w[c])).
//
// When no column sum can exceed the ADC's range the bit-sliced result equals
// the integer product exactly, which `integerMvm` computes directly (the
// simulator's fast path). `bitSlicedMvm` is the slow path, used when the ADC
// can saturate.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SIM_FIXEDPOINT_H
#define ZARA_SIM_FIXEDPOINT_H

#include "zara/Sim/HwConfig.h"

#include "llvm/ADT/ArrayRef.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace zara {
namespace sim {
namespace fixed {

/// Rounds half away from zero (2.5 -> 3, -2.5 -> -3), saturating at
/// +-2^62. `v` must not be NaN. (Truncation is floor for the non-negative
/// |v| + 0.5; no libm call, so loops over it vectorize.)
inline int64_t roundHalfAway(double v) {
  double a = std::fabs(v) + 0.5;
  a = a < 4611686018427387904.0 ? a : 4611686018427387904.0;
  int64_t t = static_cast<int64_t>(a);
  return v < 0 ? -t : t;
}

/// The largest magnitude of a symmetric signed `bits`-bit value.
inline int64_t maxMagnitude(unsigned bits) {
  return (int64_t(1) << (bits - 1)) - 1;
}

/// The scale that maps `maxAbs` to maxMagnitude(bits); 1 for an all-zero
/// vector (every value then quantizes to 0).
inline double symmetricScale(double maxAbs, unsigned bits) {
  return maxAbs > 0 ? maxAbs / static_cast<double>(maxMagnitude(bits)) : 1.0;
}

/// round(v / scale), clamped to the symmetric range of `bits` bits.
inline int32_t quantize(double v, double scale, unsigned bits) {
  int64_t m = maxMagnitude(bits);
  int64_t q = roundHalfAway(v / scale);
  return static_cast<int32_t>(q < -m ? -m : q > m ? m : q);
}

/// The bit-slicing parameters of one configuration.
struct SliceConfig {
  unsigned weightBits = 16, inputBits = 16, bitsPerCell = 2, dacBits = 1,
           adcBits = 9;
  SignedWeights signedWeights = SignedWeights::Offset;

  static SliceConfig get(const HwConfig &hw);
  /// Cells per weight and polarity.
  unsigned cells() const;
  /// Input slices per MVM (HwConfig::inputSlices).
  unsigned slices() const;
};

/// The largest magnitude a column sum of one (slice, cell) read can reach on
/// a group of `rows` rows.
uint64_t maxColumnSum(const SliceConfig &config, unsigned rows);

/// True when no column sum of a `rows`-row group can saturate the ADC, so
/// the bit-sliced result is the exact integer product.
bool isAdcLossless(const SliceConfig &config, unsigned rows);

/// The ADC: the column sum clamped to the codes of `adcBits` bits, unsigned
/// [0, 2^a - 1] behind DAC slices, signed [-2^(a-1), 2^(a-1) - 1] behind an
/// ideal DAC; unchanged for an ideal ADC (adcBits = 0).
int64_t adcConvert(const SliceConfig &config, int64_t columnSum);

/// out[c] = sum_r xq[r] * wq[r * cols + c] in 64-bit integers.
void integerMvm(unsigned rows, unsigned cols, const int32_t *xq,
                const int32_t *wq, int64_t *out);

/// Quantized weights of one group, decomposed into cell planes for the
/// bit-sliced computation.
class CellPlanes {
public:
  CellPlanes() = default;
  /// Encodes `wq` (rows x cols, row-major) as `config` stores it.
  CellPlanes(const SliceConfig &config, unsigned rows, unsigned cols,
             const int32_t *wq);

  /// out[c] = the shift-and-add of the ADC-converted column sums of every
  /// (polarity, input slice, cell) read, minus the offset correction.
  void mvm(const int32_t *xq, int64_t *out) const;

  /// The value cell `cell` of polarity `polarity` stores for weight (r, c).
  uint8_t cell(unsigned polarity, unsigned cell, unsigned r, unsigned c) const {
    return planes[((polarity * numCells + cell) * rows + r) * cols + c];
  }

private:
  /// sums[c] = sum_r levels[r] * plane[r][c].
  template <typename SumT>
  void columnSums(const uint8_t *plane, const int32_t *levels,
                  SumT *sums) const;

  SliceConfig config;
  unsigned rows = 0, cols = 0, numCells = 0, polarities = 0;
  std::vector<uint8_t> planes; ///< [polarity][cell][row][col]
};

/// The bit-sliced MVM of `wq` (rows x cols) by `xq` without a cache: builds
/// the cell planes and runs them. For tests and one-off use.
void bitSlicedMvm(const SliceConfig &config, unsigned rows, unsigned cols,
                  const int32_t *xq, const int32_t *wq, int64_t *out);

} // namespace fixed
} // namespace sim
} // namespace zara

#endif // ZARA_SIM_FIXEDPOINT_H
