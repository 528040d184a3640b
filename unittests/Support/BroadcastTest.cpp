//===- BroadcastTest.cpp - Tests of NumPy shape broadcasting --------------===//
//
// Part of zara. Cases from NumPy's broadcasting rules.
//
//===----------------------------------------------------------------------===//

#include "zara/Support/Broadcast.h"

#include "gtest/gtest.h"

using namespace zara;

namespace {

using Shape = llvm::SmallVector<int64_t>;

TEST(Broadcast, NumPyRules) {
  EXPECT_EQ(broadcastShapes({256, 256, 3}, {3}), Shape({256, 256, 3}));
  EXPECT_EQ(broadcastShapes({8, 1, 6, 1}, {7, 1, 5}), Shape({8, 7, 6, 5}));
  EXPECT_EQ(broadcastShapes({5, 4}, {1}), Shape({5, 4}));
  EXPECT_EQ(broadcastShapes({15, 3, 5}, {15, 1, 5}), Shape({15, 3, 5}));
  EXPECT_EQ(broadcastShapes({}, {2, 3}), Shape({2, 3}));
  EXPECT_EQ(broadcastShapes({1, 64}, {64}), Shape({1, 64}));
}

TEST(Broadcast, Incompatible) {
  EXPECT_EQ(broadcastShapes({3}, {4}), std::nullopt);
  EXPECT_EQ(broadcastShapes({2, 1}, {8, 4, 3}), std::nullopt);
}

} // namespace
