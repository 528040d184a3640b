//===- ConvArithmeticTest.cpp - Tests of the convolution arithmetic -------===//
//
// Part of zara. Checks the closed forms of ConvArithmetic.h against brute
// force enumeration of windows and taps, and against the published DCGAN-64
// figures of shared/reference/zero-free-deformation.md.
//
//===----------------------------------------------------------------------===//

#include "zara/Support/ConvArithmetic.h"

#include "gtest/gtest.h"

#include <limits>

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

TEST(ConvArithmetic, ProductSaturates) {
  EXPECT_EQ(product({}), 1);
  EXPECT_EQ(product({2, 3, 7}), 42);
  EXPECT_EQ(product({0, std::numeric_limits<int64_t>::max()}), 0);
  EXPECT_EQ(product({std::numeric_limits<int64_t>::max(), 2}),
            std::numeric_limits<int64_t>::max());
}

} // namespace
