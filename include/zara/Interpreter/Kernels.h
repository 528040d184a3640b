//===- Kernels.h - Reference kernels of the tensor-level ops ----*- C++ -*-===//
//
// Part of zara. Plain-loop, double-precision implementations of the
// tensor-level `reram` operators, written as their mathematical definitions
// so that they serve as an oracle. No IR: the interpreter extracts operands
// and attributes from each op and calls one of these.
//
// Every kernel takes the result shape from the caller (the op's verified
// result type) rather than recomputing it, and writes every element of it.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_INTERPRETER_KERNELS_H
#define ZARA_INTERPRETER_KERNELS_H

#include "zara/Interpreter/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace zara {
namespace interp {

/// The attributes of a sliding-window op (conv, conv_transpose), one entry
/// per spatial dimension. The end pads and output_padding only shape the
/// result, whose size the caller passes in.
struct WindowParams {
  llvm::SmallVector<int64_t, 3> strides;
  llvm::SmallVector<int64_t, 3> padsBegin;
  llvm::SmallVector<int64_t, 3> dilations;
  int64_t groups = 1;
};

/// Convolution, `NC[D]HW` layout, weight `Cout x Cin/g x K...`:
///   out[n, co, o] = bias[co]
///       + sum_{ci, k} in[n, g*Cin/g + ci, o*s + k*dil - p] * w[co, ci, k]
/// where `g = co / (Cout/g)` and input indices outside the tensor are
/// padding zeros. `bias` may be null.
Tensor conv(const Tensor &input, const Tensor &weight, const Tensor *bias,
            const WindowParams &params, llvm::ArrayRef<int64_t> resultShape);

/// Transposed convolution, weight `Cin x Cout/g x K...`, in its scatter
/// definition: every input element adds a weighted kernel into the output,
///   out[n, g*Cout/g + co, i*s + k*dil - p] += in[n, ci, i] * w[ci, co, k]
/// with `g = ci / (Cin/g)`; contributions falling outside the output are
/// dropped, and output positions no input reaches hold only the bias.
/// `bias` may be null.
Tensor convTranspose(const Tensor &input, const Tensor &weight,
                     const Tensor *bias, const WindowParams &params,
                     llvm::ArrayRef<int64_t> resultShape);

/// Matrix product of `M x K` and `K x N`.
Tensor matmul(const Tensor &lhs, const Tensor &rhs);

/// Inference batch normalisation over dimension 1:
///   out = scale[c] * (in - mean[c]) / sqrt(variance[c] + epsilon) + bias[c]
Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &bias,
                 const Tensor &mean, const Tensor &variance, double epsilon);

/// The element-wise binary operators.
enum class BinaryKind { Add, Sub, Mul };

/// `lhs op rhs` with NumPy broadcasting to `resultShape`.
Tensor broadcastBinary(BinaryKind kind, const Tensor &lhs, const Tensor &rhs,
                       llvm::ArrayRef<int64_t> resultShape);

/// Applies `fn` to every element.
template <typename Fn> Tensor mapElements(const Tensor &input, Fn fn) {
  Tensor result = input;
  for (double &x : result.data)
    x = fn(x);
  return result;
}

/// Output dimension `j` is input dimension `permutation[j]`.
Tensor transpose(const Tensor &input, llvm::ArrayRef<int64_t> permutation);

/// Concatenation along `axis` to `resultShape`.
Tensor concat(llvm::ArrayRef<const Tensor *> inputs, int64_t axis,
              llvm::ArrayRef<int64_t> resultShape);

} // namespace interp
} // namespace zara

#endif // ZARA_INTERPRETER_KERNELS_H
