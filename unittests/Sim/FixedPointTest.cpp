//===- FixedPointTest.cpp - Tests of the quantized crossbar arithmetic ----===//
//
// Part of zara. Rounding, quantization, the ADC and the bit-sliced MVM of
// zara/Sim/FixedPoint.h against values and small cases worked out by hand.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/FixedPoint.h"

#include "gtest/gtest.h"

#include <random>

using namespace zara;
using namespace zara::sim;
using namespace zara::sim::fixed;

namespace {

TEST(FixedPointTest, RoundHalfAwayFromZero) {
  EXPECT_EQ(roundHalfAway(2.5), 3);
  EXPECT_EQ(roundHalfAway(-2.5), -3);
  EXPECT_EQ(roundHalfAway(2.49), 2);
  EXPECT_EQ(roundHalfAway(-0.5), -1);
  EXPECT_EQ(roundHalfAway(0.0), 0);
}

TEST(FixedPointTest, Quantize) {
  EXPECT_EQ(maxMagnitude(16), 32767);
  EXPECT_EQ(maxMagnitude(8), 127);
  double s = symmetricScale(2.0, 8); // 2 / 127
  EXPECT_EQ(quantize(2.0, s, 8), 127);
  EXPECT_EQ(quantize(-2.0, s, 8), -127);
  EXPECT_EQ(quantize(1.0, s, 8), 64); // 63.5 rounds away from zero
  EXPECT_EQ(quantize(5.0, s, 8), 127) << "clamped";
  EXPECT_EQ(symmetricScale(0.0, 8), 1.0);
  EXPECT_EQ(quantize(0.0, 1.0, 8), 0);
}

TEST(FixedPointTest, Slicing) {
  SliceConfig c; // ISAAC: 16-bit, 2-bit cells, 1-bit DACs, 9-bit ADC
  EXPECT_EQ(c.cells(), 8u);
  EXPECT_EQ(c.slices(), 16u);
  EXPECT_EQ(maxColumnSum(c, 128), 384u);
  EXPECT_TRUE(isAdcLossless(c, 128));
  c.adcBits = 8;
  EXPECT_FALSE(isAdcLossless(c, 128));
  EXPECT_TRUE(isAdcLossless(c, 85)); // 85 * 3 = 255
  EXPECT_FALSE(isAdcLossless(c, 86));
  c.dacBits = 2;
  EXPECT_EQ(c.slices(), 9u);
  EXPECT_EQ(maxColumnSum(c, 10), 90u);
  c.dacBits = 0;
  EXPECT_EQ(c.slices(), 1u);
  EXPECT_EQ(maxColumnSum(c, 1), 3u * 32767u);
}

TEST(FixedPointTest, Adc) {
  SliceConfig c;
  c.adcBits = 4;
  EXPECT_EQ(adcConvert(c, 15), 15);
  EXPECT_EQ(adcConvert(c, 16), 15);
  EXPECT_EQ(adcConvert(c, 0), 0);
  c.dacBits = 0; // signed sums behind an ideal DAC
  EXPECT_EQ(adcConvert(c, -9), -8);
  EXPECT_EQ(adcConvert(c, 8), 7);
  c.adcBits = 0;
  EXPECT_EQ(adcConvert(c, 123456), 123456);
}

TEST(FixedPointTest, CellPlanesOffsetEncoding) {
  // 4-bit weights in 2-bit cells: w = -3 stores u = -3 + 8 = 5 = 0b0101.
  SliceConfig c;
  c.weightBits = 4;
  c.inputBits = 4;
  int32_t w[1] = {-3};
  CellPlanes planes(c, 1, 1, w);
  EXPECT_EQ(planes.cell(0, 0, 0, 0), 1);
  EXPECT_EQ(planes.cell(0, 1, 0, 0), 1);
  c.signedWeights = SignedWeights::Differential;
  CellPlanes pair(c, 1, 1, w); // 3 magnitude bits: 2 cells per polarity
  EXPECT_EQ(pair.cell(0, 0, 0, 0), 0);
  EXPECT_EQ(pair.cell(1, 0, 0, 0), 3);
  EXPECT_EQ(pair.cell(1, 1, 0, 0), 0);
}

TEST(FixedPointTest, WorkedExample) {
  // x = (3, -2), W = (5; -7), 4-bit numbers, 2-bit cells, 1-bit DACs.
  // Offset cells: u = (13, 1); slices of x: sign (0, 1), magnitude bits
  // of (3, 6): bit0 (1, 0), bit1 (1, 1), bit2 (0, 1).
  // Exact: 3 * 5 + (-2) * (-7) = 29.
  SliceConfig c;
  c.weightBits = 4;
  c.inputBits = 4;
  c.adcBits = 0;
  int32_t x[2] = {3, -2}, w[2] = {5, -7};
  int64_t out = 0;
  bitSlicedMvm(c, 2, 1, x, w, &out);
  EXPECT_EQ(out, 29);
  // With a 1-bit ADC every (slice, cell) sum saturates at 1:
  // cell0 of u = (1, 1), cell1 = (3, 0).
  //   sign  (0,1): cell0 1 -> 1, cell1 0 -> 0: -8 * (1) = -8
  //   bit0  (1,0): cell0 1, cell1 3 -> 1: 1 * (1 + 4 * 1) = 5
  //   bit1  (1,1): cell0 2 -> 1, cell1 3 -> 1: 2 * (1 + 4) = 10
  //   bit2  (0,1): cell0 1, cell1 0: 4 * 1 = 4
  // sum 11, minus the offset 8 * (3 - 2) = 8: 3.
  c.adcBits = 1;
  bitSlicedMvm(c, 2, 1, x, w, &out);
  EXPECT_EQ(out, 3);
}

TEST(FixedPointTest, LosslessEqualsIntegerProduct) {
  std::mt19937 rng(7);
  for (SignedWeights rep : {SignedWeights::Offset, SignedWeights::Differential})
    for (unsigned dac : {0u, 1u, 2u, 3u}) {
      SliceConfig c;
      c.signedWeights = rep;
      c.dacBits = dac;
      c.adcBits = 0;
      unsigned rows = 37, cols = 5;
      std::uniform_int_distribution<int32_t> dist(-32767, 32767);
      std::vector<int32_t> x(rows), w(rows * cols);
      for (int32_t &v : x)
        v = dist(rng);
      for (int32_t &v : w)
        v = dist(rng);
      x[0] = -32767;
      w[0] = 32767;
      std::vector<int64_t> exact(cols), sliced(cols);
      integerMvm(rows, cols, x.data(), w.data(), exact.data());
      bitSlicedMvm(c, rows, cols, x.data(), w.data(), sliced.data());
      EXPECT_EQ(exact, sliced) << "dac bits " << dac;
      // The smallest lossless ADC gives the same.
      for (c.adcBits = 1; !isAdcLossless(c, rows); ++c.adcBits)
        ;
      bitSlicedMvm(c, rows, cols, x.data(), w.data(), sliced.data());
      EXPECT_EQ(exact, sliced) << "adc bits " << c.adcBits;
    }
}

} // namespace
