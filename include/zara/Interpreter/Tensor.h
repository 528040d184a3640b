//===- Tensor.h - The reference interpreter's tensor value ------*- C++ -*-===//
//
// Part of zara. A dense row-major tensor of doubles, the only value type of
// the reference interpreter (zara-interp).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_INTERPRETER_TENSOR_H
#define ZARA_INTERPRETER_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zara {
namespace interp {

/// A dense tensor of doubles in row-major (C) order. The interpreter
/// computes in double whatever the IR's element type, so that it can serve
/// as an oracle for f32 code.
struct Tensor {
  Tensor() = default;
  /// A tensor of `shape` with every element set to `fill`.
  explicit Tensor(llvm::ArrayRef<int64_t> shape, double fill = 0.0);
  /// A tensor of `shape` holding `data` (row-major).
  Tensor(llvm::ArrayRef<int64_t> shape, std::vector<double> data);

  int64_t getRank() const { return shape.size(); }
  int64_t getNumElements() const { return data.size(); }

  llvm::SmallVector<int64_t, 5> shape;
  std::vector<double> data;
};

/// Number of elements of `shape` (1 for rank 0).
int64_t getNumElements(llvm::ArrayRef<int64_t> shape);

/// Formats a shape as MLIR writes it in a tensor type, e.g. "1x3x64x64"
/// ("scalar" for rank 0).
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace interp
} // namespace zara

#endif // ZARA_INTERPRETER_TENSOR_H
