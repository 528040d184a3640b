//===- Broadcast.h - NumPy broadcasting of shapes ---------------*- C++ -*-===//
//
// Part of zara. The multidirectional (NumPy, ONNX) broadcast of two static
// shapes, shared by the reram verifiers and the ONNX importer. No IR.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SUPPORT_BROADCAST_H
#define ZARA_SUPPORT_BROADCAST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace zara {

/// The broadcast of shapes `a` and `b`: aligned at the trailing dimension, a
/// dimension of size 1 stretches to the other's size. std::nullopt when two
/// aligned dimensions differ and neither is 1.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

} // namespace zara

#endif // ZARA_SUPPORT_BROADCAST_H
