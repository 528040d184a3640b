//===- FixedPoint.cpp - Quantized crossbar arithmetic ---------------------===//
//
// Part of zara. The bit-level model of a crossbar MVM (see FixedPoint.h and
// docs/Hardware.md, "Numerics"). Signed inputs in two's complement are
// split into a sign slice (the MSB, weight -2^(ib-1)) and magnitude slices
// of dac.bits bits from the LSB (weights 2^(k*dac.bits)), so every slice the
// DACs drive is a non-negative level. Offset-encoded weights u = w +
// 2^(wb-1) are split into cells of bits_per_cell bits from the LSB; the
// shift-and-add subtracts 2^(wb-1) * sum(x) at the end. Differential weights
// use the same cells for max(w, 0) and max(-w, 0) and subtract the negative
// array's result.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/FixedPoint.h"

#include <algorithm>

using namespace zara;
using namespace zara::sim;
using namespace zara::sim::fixed;

SliceConfig SliceConfig::get(const HwConfig &hw) {
  SliceConfig c;
  c.weightBits = hw.numerics.weight_bits;
  c.inputBits = hw.numerics.input_bits;
  c.bitsPerCell = hw.crossbar.bits_per_cell;
  c.dacBits = hw.dac.bits;
  c.adcBits = hw.adc.bits;
  c.signedWeights = hw.numerics.signed_weights;
  return c;
}

unsigned SliceConfig::cells() const {
  unsigned bits = signedWeights == SignedWeights::Differential ? weightBits - 1
                                                               : weightBits;
  return (bits + bitsPerCell - 1) / bitsPerCell;
}

unsigned SliceConfig::slices() const {
  return dacBits == 0 ? 1 : 1 + (inputBits - 1 + dacBits - 1) / dacBits;
}

uint64_t fixed::maxColumnSum(const SliceConfig &config, unsigned rows) {
  uint64_t cellMax = (uint64_t(1) << config.bitsPerCell) - 1;
  if (config.dacBits == 0)
    return uint64_t(rows) * cellMax * uint64_t(maxMagnitude(config.inputBits));
  unsigned levelBits = std::min(config.dacBits, config.inputBits - 1);
  uint64_t levelMax = std::max<uint64_t>((uint64_t(1) << levelBits) - 1, 1);
  return uint64_t(rows) * cellMax * levelMax;
}

bool fixed::isAdcLossless(const SliceConfig &config, unsigned rows) {
  if (config.adcBits == 0)
    return true;
  if (config.adcBits >= 63)
    return true;
  uint64_t maxCode = config.dacBits == 0
                         ? (uint64_t(1) << (config.adcBits - 1)) - 1
                         : (uint64_t(1) << config.adcBits) - 1;
  return maxColumnSum(config, rows) <= maxCode;
}

int64_t fixed::adcConvert(const SliceConfig &config, int64_t sum) {
  unsigned a = config.adcBits;
  if (a == 0 || a >= 63)
    return sum;
  if (config.dacBits == 0) {
    int64_t hi = (int64_t(1) << (a - 1)) - 1, lo = -(int64_t(1) << (a - 1));
    return std::clamp(sum, lo, hi);
  }
  int64_t hi = (int64_t(1) << a) - 1;
  return std::clamp<int64_t>(sum, 0, hi);
}

void fixed::integerMvm(unsigned rows, unsigned cols, const int32_t *xq,
                       const int32_t *wq, int64_t *out) {
  std::fill(out, out + cols, 0);
  for (unsigned r = 0; r < rows; ++r) {
    int64_t x = xq[r];
    if (x == 0)
      continue;
    const int32_t *row = wq + size_t(r) * cols;
    for (unsigned c = 0; c < cols; ++c)
      out[c] += x * row[c];
  }
}

CellPlanes::CellPlanes(const SliceConfig &config, unsigned rows, unsigned cols,
                       const int32_t *wq)
    : config(config), rows(rows), cols(cols), numCells(config.cells()),
      polarities(config.signedWeights == SignedWeights::Differential ? 2 : 1) {
  planes.assign(size_t(polarities) * numCells * rows * cols, 0);
  uint32_t mask = (uint32_t(1) << config.bitsPerCell) - 1;
  int64_t offset = int64_t(1) << (config.weightBits - 1);
  for (unsigned r = 0; r < rows; ++r)
    for (unsigned c = 0; c < cols; ++c) {
      int64_t w = wq[size_t(r) * cols + c];
      // The unsigned magnitude each polarity stores.
      uint64_t stored[2];
      if (polarities == 1) {
        stored[0] = static_cast<uint64_t>(w + offset);
      } else {
        stored[0] = w > 0 ? uint64_t(w) : 0;
        stored[1] = w < 0 ? uint64_t(-w) : 0;
      }
      for (unsigned p = 0; p < polarities; ++p)
        for (unsigned j = 0; j < numCells; ++j)
          planes[((p * numCells + j) * rows + r) * cols + c] =
              static_cast<uint8_t>((stored[p] >> (j * config.bitsPerCell)) &
                                   mask);
    }
}

template <typename SumT>
void CellPlanes::columnSums(const uint8_t *plane, const int32_t *levels,
                            SumT *sums) const {
  std::fill(sums, sums + cols, SumT(0));
  for (unsigned r = 0; r < rows; ++r) {
    SumT level = static_cast<SumT>(levels[r]);
    if (level == 0)
      continue;
    const uint8_t *row = plane + size_t(r) * cols;
    for (unsigned c = 0; c < cols; ++c)
      sums[c] += level * SumT(row[c]);
  }
}

void CellPlanes::mvm(const int32_t *xq, int64_t *out) const {
  std::fill(out, out + cols, 0);
  unsigned ib = config.inputBits;
  unsigned db = config.dacBits;
  // The slices: (levels driven on every row, weight in the shift-and-add).
  unsigned numSlices = config.slices();
  std::vector<int32_t> levels(rows);
  std::vector<int64_t> sums(cols);
  std::vector<int32_t> sums32(cols);
  // 32-bit column sums vectorize twice as wide; use them when no sum can
  // reach 2^31.
  bool narrowSums = maxColumnSum(config, rows) < (uint64_t(1) << 31);
  for (unsigned k = 0; k < numSlices; ++k) {
    int64_t sliceWeight;
    if (db == 0) {
      // An ideal DAC drives the signed value in one step.
      for (unsigned r = 0; r < rows; ++r)
        levels[r] = xq[r];
      sliceWeight = 1;
    } else if (k == 0) {
      // The sign slice: the MSB of the two's complement input.
      for (unsigned r = 0; r < rows; ++r)
        levels[r] = xq[r] < 0 ? 1 : 0;
      sliceWeight = -(int64_t(1) << (ib - 1));
    } else {
      unsigned shift = (k - 1) * db;
      uint32_t magnitudeMask = (uint32_t(1) << (ib - 1)) - 1;
      uint32_t levelMask = (uint32_t(1) << db) - 1;
      for (unsigned r = 0; r < rows; ++r) {
        // Low ib-1 bits of the two's complement pattern: x for x >= 0,
        // x + 2^(ib-1) for x < 0.
        uint32_t magnitude = static_cast<uint32_t>(xq[r]) & magnitudeMask;
        levels[r] = static_cast<int32_t>((magnitude >> shift) & levelMask);
      }
      sliceWeight = int64_t(1) << shift;
    }
    for (unsigned p = 0; p < polarities; ++p) {
      int64_t polaritySign = p == 0 ? 1 : -1;
      for (unsigned j = 0; j < numCells; ++j) {
        const uint8_t *plane =
            planes.data() + size_t(p * numCells + j) * rows * cols;
        if (narrowSums)
          columnSums<int32_t>(plane, levels.data(), sums32.data());
        else
          columnSums<int64_t>(plane, levels.data(), sums.data());
        if (narrowSums)
          std::copy(sums32.begin(), sums32.end(), sums.begin());
        int64_t weight = polaritySign * sliceWeight *
                         (int64_t(1) << (j * config.bitsPerCell));
        for (unsigned c = 0; c < cols; ++c)
          out[c] += weight * adcConvert(config, sums[c]);
      }
    }
  }
  if (polarities == 1) {
    // Offset encoding: subtract 2^(wb-1) * sum(x), computed digitally.
    int64_t xsum = 0;
    for (unsigned r = 0; r < rows; ++r)
      xsum += xq[r];
    int64_t correction = xsum * (int64_t(1) << (config.weightBits - 1));
    for (unsigned c = 0; c < cols; ++c)
      out[c] -= correction;
  }
}

void fixed::bitSlicedMvm(const SliceConfig &config, unsigned rows,
                         unsigned cols, const int32_t *xq, const int32_t *wq,
                         int64_t *out) {
  CellPlanes(config, rows, cols, wq).mvm(xq, out);
}
