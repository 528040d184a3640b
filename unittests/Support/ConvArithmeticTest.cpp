//===- ConvArithmeticTest.cpp - Tests of the convolution arithmetic -------===//
//
// Part of zara. Checks the closed forms of ConvArithmetic.h against brute
// force enumeration of windows and taps, and against the published DCGAN-64
// figures of shared/reference/zero-free-deformation.md.
//
//===----------------------------------------------------------------------===//

#include "zara/Support/ConvArithmetic.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

using namespace zara;

namespace {

/// Brute force: enumerate (o, k) and test the input index of each product.
int64_t bruteConvUseful(const WindowDim &d, int64_t out) {
  int64_t n = 0;
  for (int64_t o = 0; o < out; ++o)
    for (int64_t k = 0; k < d.kernel; ++k) {
      int64_t i = o * d.stride + k * d.dilation - d.padBegin;
      n += (i >= 0 && i < d.input);
    }
  return n;
}

/// Brute force: enumerate (i, k) and test the output index of each product.
int64_t bruteTransposeUseful(const WindowDim &d, int64_t out) {
  int64_t n = 0;
  for (int64_t i = 0; i < d.input; ++i)
    for (int64_t k = 0; k < d.kernel; ++k) {
      int64_t o = i * d.stride + k * d.dilation - d.padBegin;
      n += (o >= 0 && o < out);
    }
  return n;
}

/// Largest output index reached by a transposed convolution, plus one, by
/// enumeration of the scatter (before cropping by the end pad).
int64_t bruteTransposeExtent(const WindowDim &d) {
  int64_t maxIndex = 0;
  for (int64_t i = 0; i < d.input; ++i)
    for (int64_t k = 0; k < d.kernel; ++k)
      maxIndex = std::max(maxIndex, i * d.stride + k * d.dilation);
  return maxIndex + 1;
}

/// A 0/1 marker sequence: 1 for an original element, 0 for an inserted or
/// padding zero. `at` reads 0 outside the sequence.
struct Marker {
  std::vector<int> bits;
  int at(int64_t i) const {
    return i >= 0 && i < (int64_t)bits.size() ? bits[i] : 0;
  }
};

/// `length` original elements with `stride - 1` zeros between neighbours,
/// preceded by `front` zeros (negative: the first -front positions are
/// cropped), as a sequence of `total` positions (zeros after the elements,
/// or cropping).
Marker zeroInserted(int64_t length, int64_t stride, int64_t front,
                    int64_t total) {
  Marker m;
  for (int64_t t = 0; t < total; ++t) {
    int64_t j = t - front;
    m.bits.push_back(j >= 0 && j % stride == 0 && j / stride < length);
  }
  return m;
}

/// (issued, useful) products of one dimension of a naive backward operator,
/// by building its operands as markers and running its loops. `d` is the
/// forward geometry and `out` the forward output length.
std::pair<int64_t, int64_t> bruteBackward(BackwardOp op, const WindowDim &d,
                                          int64_t out) {
  int64_t issued = 0, useful = 0;
  int64_t h = d.input, k = d.kernel, s = d.stride, dil = d.dilation;
  int64_t span = dil * (k - 1);
  switch (op) {
  case BackwardOp::ConvBackwardData: {
    // Transposed convolution of dy: insert zeros, pad span - p in front so
    // that the padded length is H + span, correlate with the flipped kernel.
    Marker dy = zeroInserted(out, s, span - d.padBegin, h + span);
    for (int64_t i = 0; i < h; ++i)
      for (int64_t t = 0; t < k; ++t) {
        ++issued;
        useful += dy.at(i + t * dil);
      }
    break;
  }
  case BackwardOp::ConvBackwardWeight: {
    // Each tap correlates the padded x with dy dilated by the stride.
    Marker x = zeroInserted(h, 1, d.padBegin, d.padBegin + h + d.padEnd);
    Marker dy = zeroInserted(out, s, 0, (out - 1) * s + 1);
    for (int64_t t = 0; t < k; ++t)
      for (int64_t j = 0; j < (int64_t)dy.bits.size(); ++j) {
        EXPECT_LT(t * dil + j, (int64_t)x.bits.size());
        ++issued;
        useful += dy.at(j) * x.at(t * dil + j);
      }
    break;
  }
  case BackwardOp::ConvTransposeBackwardData: {
    // A strided convolution of dy padded by p in front (and by whatever
    // the last window needs behind).
    Marker dy = zeroInserted(out, 1, d.padBegin, (h - 1) * s + span + 1);
    for (int64_t i = 0; i < h; ++i)
      for (int64_t t = 0; t < k; ++t) {
        ++issued;
        useful += dy.at(i * s + t * dil);
      }
    break;
  }
  case BackwardOp::ConvTransposeBackwardWeight: {
    // Each tap correlates x dilated by the stride with the padded dy.
    Marker x = zeroInserted(h, s, 0, (h - 1) * s + 1);
    Marker dy = zeroInserted(out, 1, d.padBegin, (h - 1) * s + span + 1);
    for (int64_t t = 0; t < k; ++t)
      for (int64_t j = 0; j < (int64_t)x.bits.size(); ++j) {
        ++issued;
        useful += x.at(j) * dy.at(j + t * dil);
      }
    break;
  }
  }
  return {issued, useful};
}

TEST(ConvArithmetic, ConvOutputSizeMatchesOnnxExamples) {
  // ONNX Conv docs: 5x5 input, 3x3 kernel, pads 1 -> 5; no pads -> 3;
  // stride 2, pads 1 -> 3.
  EXPECT_EQ(convOutputSize({5, 3, 1, 1, 1, 1, 0}), 5);
  EXPECT_EQ(convOutputSize({5, 3, 1, 0, 0, 1, 0}), 3);
  EXPECT_EQ(convOutputSize({5, 3, 2, 1, 1, 1, 0}), 3);
  // DCGAN discriminator: 64, k4 s2 p1 -> 32.
  EXPECT_EQ(convOutputSize({64, 4, 2, 1, 1, 1, 0}), 32);
  // Kernel larger than the padded input: no output.
  EXPECT_EQ(convOutputSize({2, 4, 1, 0, 0, 1, 0}), std::nullopt);
  // Invalid arguments.
  EXPECT_EQ(convOutputSize({5, 3, 0, 0, 0, 1, 0}), std::nullopt);
  EXPECT_EQ(convOutputSize({5, 3, 1, -1, 0, 1, 0}), std::nullopt);
}

TEST(ConvArithmetic, ConvTransposeOutputSizeMatchesScatter) {
  for (int64_t h = 1; h <= 6; ++h)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t dil = 1; dil <= 2; ++dil) {
          WindowDim d{h, k, s, 0, 0, dil, 0};
          EXPECT_EQ(convTransposeOutputSize(d), bruteTransposeExtent(d))
              << "h=" << h << " k=" << k << " s=" << s << " dil=" << dil;
        }
  // DCGAN generator layers.
  EXPECT_EQ(convTransposeOutputSize({1, 4, 1, 0, 0, 1, 0}), 4);
  EXPECT_EQ(convTransposeOutputSize({4, 4, 2, 1, 1, 1, 0}), 8);
  EXPECT_EQ(convTransposeOutputSize({32, 4, 2, 1, 1, 1, 0}), 64);
  // output_padding adds to the end.
  EXPECT_EQ(convTransposeOutputSize({3, 3, 2, 0, 0, 1, 1}), 8);
  // Pads that crop everything away.
  EXPECT_EQ(convTransposeOutputSize({1, 1, 1, 1, 0, 1, 0}), std::nullopt);
}

TEST(ConvArithmetic, UsefulTapsMatchBruteForce) {
  for (int64_t h = 1; h <= 7; ++h)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t dil = 1; dil <= 2; ++dil)
          for (int64_t p = 0; p <= 3; ++p)
            for (int64_t q = 0; q <= 3; ++q) {
              WindowDim d{h, k, s, p, q, dil, 0};
              if (auto out = convOutputSize(d)) {
                EXPECT_EQ(convUsefulTaps(d, *out), bruteConvUseful(d, *out));
              }
              for (int64_t a = 0; a < std::max(s, dil); ++a) {
                d.outputPadding = a;
                if (auto out = convTransposeOutputSize(d)) {
                  EXPECT_EQ(convTransposeUsefulTaps(d, *out),
                            bruteTransposeUseful(d, *out));
                }
              }
            }
}

TEST(ConvArithmetic, DcganGeneratorUsefulMacs) {
  // shared/reference/zero-free-deformation.md: useful MACs per sample of the
  // DCGAN-64 generator (K4; G1 s1 p0, the others s2 p1). The reference
  // rounds them to 0.82 M, 25.7 M, 29.5 M, 31.5 M and 3.05 M; these are the
  // exact values Cin * Cout * (useful taps per dimension)^2.
  struct Layer {
    int64_t h, cin, cout, s, p, useful;
  } layers[] = {{1, 100, 512, 1, 0, 819200},
                {4, 512, 256, 2, 1, 25690112},
                {8, 256, 128, 2, 1, 29491200},
                {16, 128, 64, 2, 1, 31490048},
                {32, 64, 3, 2, 1, 3048192}};
  for (const Layer &l : layers) {
    WindowDim d{l.h, 4, l.s, l.p, l.p, 1, 0};
    int64_t out = *convTransposeOutputSize(d);
    int64_t taps = convTransposeUsefulTaps(d, out);
    EXPECT_EQ(l.cin * l.cout * taps * taps, l.useful) << "h=" << l.h;
  }
}

TEST(ConvArithmetic, BackwardTapsMatchNaiveForms) {
  const BackwardOp convOps[] = {BackwardOp::ConvBackwardData,
                                BackwardOp::ConvBackwardWeight};
  const BackwardOp transposeOps[] = {BackwardOp::ConvTransposeBackwardData,
                                     BackwardOp::ConvTransposeBackwardWeight};
  int64_t cases = 0;
  for (int64_t h = 1; h <= 9; ++h)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t dil = 1; dil <= 2; ++dil)
          for (int64_t p = 0; p <= 3; ++p)
            for (int64_t q = 0; q <= 3; ++q) {
              WindowDim d{h, k, s, p, q, dil, 0};
              if (auto out = convOutputSize(d))
                for (BackwardOp op : convOps) {
                  auto [issued, useful] = bruteBackward(op, d, *out);
                  EXPECT_EQ(backwardIssuedTaps(op, d, *out), issued);
                  EXPECT_EQ(backwardUsefulTaps(op, d, *out), useful);
                  ++cases;
                }
              for (int64_t a = 0; a < std::max(s, dil); ++a) {
                d.outputPadding = a;
                if (auto out = convTransposeOutputSize(d))
                  for (BackwardOp op : transposeOps) {
                    auto [issued, useful] = bruteBackward(op, d, *out);
                    EXPECT_EQ(backwardIssuedTaps(op, d, *out), issued);
                    EXPECT_EQ(backwardUsefulTaps(op, d, *out), useful);
                    ++cases;
                  }
              }
            }
  // Make sure the loops did not silently skip everything.
  EXPECT_GT(cases, 10000);
}

TEST(ConvArithmetic, BackwardTapsOfDcganLayers) {
  // DCGAN-64 generator G2 (4 -> 8, K4 s2 p1): the backward-weight's naive
  // correlation spans the zero-inserted 4-element input, 2*3 + 1 = 7
  // positions per tap; its backward-data is a strided convolution, 4
  // windows of 4 taps. Its useful products are the forward op's, 14 per
  // dimension (25,690,112 = 512 * 256 * 14^2 per sample).
  WindowDim g2{4, 4, 2, 1, 1, 1, 0};
  EXPECT_EQ(
      backwardIssuedTaps(BackwardOp::ConvTransposeBackwardWeight, g2, 8), 28);
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvTransposeBackwardData, g2, 8),
            16);
  EXPECT_EQ(
      backwardUsefulTaps(BackwardOp::ConvTransposeBackwardWeight, g2, 8), 14);
  EXPECT_EQ(backwardUsefulTaps(BackwardOp::ConvTransposeBackwardData, g2, 8),
            14);
  // DCGAN-64 discriminator D1 (64 -> 32, K4 s2 p1): the backward-data is a
  // transposed convolution of dy onto 64 positions, 4 taps each; the
  // backward-weight correlates with dy dilated to 2*31 + 1 = 63 positions.
  WindowDim d1{64, 4, 2, 1, 1, 1, 0};
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvBackwardData, d1, 32), 256);
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvBackwardWeight, d1, 32), 252);
  // 128 forward products per dimension minus the two that read padding.
  EXPECT_EQ(backwardUsefulTaps(BackwardOp::ConvBackwardData, d1, 32), 126);
  EXPECT_EQ(backwardUsefulTaps(BackwardOp::ConvBackwardWeight, d1, 32), 126);
}

TEST(ConvArithmetic, BackwardIssuedTapsSaturate) {
  constexpr int64_t max = std::numeric_limits<int64_t>::max();
  WindowDim huge{max / 2, 4, 4, 0, 0, 1, 0};
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvTransposeBackwardWeight, huge,
                               1),
            max);
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvBackwardWeight, huge, max / 2),
            max);
  EXPECT_EQ(backwardIssuedTaps(BackwardOp::ConvBackwardData, huge, 1), max);
}

TEST(ConvArithmetic, ProductSaturates) {
  EXPECT_EQ(product({}), 1);
  EXPECT_EQ(product({2, 3, 7}), 42);
  EXPECT_EQ(product({0, std::numeric_limits<int64_t>::max()}), 0);
  EXPECT_EQ(product({std::numeric_limits<int64_t>::max(), 2}),
            std::numeric_limits<int64_t>::max());
}

} // namespace

namespace {

TEST(ConvArithmetic, ZeroInsertBaselineKeepsTransposedUsefulTaps) {
  // The naive form of a transposed convolution (zero insertion with pads
  // dil*(K-1) - p in front, then a stride-1 convolution with the flipped
  // kernel) performs exactly the transposed convolution's useful products
  // on original elements: the two counts must agree for every geometry.
  for (int64_t h = 1; h <= 7; ++h)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t dil = 1; dil <= 2; ++dil)
          for (int64_t p = 0; p <= 3; ++p)
            for (int64_t q = 0; q <= 3; ++q)
              for (int64_t a = 0; a < std::max(s, dil); ++a) {
                WindowDim t{h, k, s, p, q, dil, a};
                std::optional<int64_t> out = convTransposeOutputSize(t);
                if (!out)
                  continue;
                ZeroInsertedDim z;
                z.original = h;
                z.stride = s;
                z.padBegin = dil * (k - 1) - p;
                z.length = (h - 1) * s + 1 + z.padBegin +
                           (dil * (k - 1) - q + a);
                if (z.length < 1)
                  continue;
                // Stride-1 convolution over the zero-inserted input.
                WindowDim c{z.length, k, 1, 0, 0, dil, 0};
                ASSERT_EQ(convOutputSize(c), out);
                EXPECT_EQ(convUsefulTapsOverZeroInserted(c, *out, z),
                          convTransposeUsefulTaps(t, *out))
                    << "h=" << h << " k=" << k << " s=" << s
                    << " dil=" << dil << " p=" << p << " q=" << q
                    << " a=" << a;
              }
}

} // namespace
