//===- TrainingKernels.h - Reference kernels of backward ops -*- C++ -*-===//
//
// Part of zara. Plain-loop, double-precision gradients of the convolution
// and the transposed convolution, written from the definition of the
// adjoint: a forward op is a set of products y[yi] += x[xi] * w[wi], one
// per (output or input position, tap) pair that stays inside the tensors,
// and each gradient accumulates the same products with one factor
// replaced by the output gradient:
//
//   dx[xi] += dy[yi] * w[wi]        dw[wi] += x[xi] * dy[yi]
//
// They neither call the forward kernels of Kernels.h nor insert zeros, so
// they check the deformed and the zero-inserting lowerings independently.
// Every kernel takes the shape of the gradient it computes from the
// caller (the op's verified result type).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_INTERPRETER_TRAININGKERNELS_H
#define ZARA_INTERPRETER_TRAININGKERNELS_H

#include "zara/Interpreter/Kernels.h"
#include "zara/Interpreter/Tensor.h"

#include "llvm/ADT/ArrayRef.h"

#include <utility>

namespace zara {
namespace interp {

/// Input gradient of a convolution (weight `Cout x Cin/g x K...`):
///   dx[n, ci, i] = sum over co in group(ci) and (o, k) with
///                  i = o*s + k*dil - p of
///                  dy[n, co, o] * w[co, ci mod Cin/g, k]
/// `inputShape` is the forward input's shape.
Tensor convBackwardData(const Tensor &outputGrad, const Tensor &weight,
                        const WindowParams &params,
                        llvm::ArrayRef<int64_t> inputShape);

/// Weight and bias gradients of a convolution:
///   dw[co, c, k] = sum_{n, o} dy[n, co, o] * x[n, group(co)*Cin/g + c,
///                                               o*s + k*dil - p]
///   db[co] = sum_{n, o} dy[n, co, o]
/// with input positions outside the tensor (padding) contributing nothing.
/// `weightShape` is the forward weight's shape.
std::pair<Tensor, Tensor>
convBackwardWeight(const Tensor &input, const Tensor &outputGrad,
                   const WindowParams &params,
                   llvm::ArrayRef<int64_t> weightShape);

/// Input gradient of a transposed convolution (weight `Cin x Cout/g x K...`):
///   dx[n, ci, i] = sum_{co, k} dy[n, group(ci)*Cout/g + co, i*s + k*dil - p]
///                              * w[ci, co, k]
/// with output positions outside the tensor (cropped) contributing nothing.
/// `inputShape` is the forward input's shape.
Tensor convTransposeBackwardData(const Tensor &outputGrad, const Tensor &weight,
                                 const WindowParams &params,
                                 llvm::ArrayRef<int64_t> inputShape);

/// Weight and bias gradients of a transposed convolution:
///   dw[ci, co, k] = sum_{n, i} x[n, ci, i]
///                   * dy[n, group(ci)*Cout/g + co, i*s + k*dil - p]
///   db[co] = sum_{n, o} dy[n, co, o]
/// `weightShape` is the forward weight's shape.
std::pair<Tensor, Tensor>
convTransposeBackwardWeight(const Tensor &input, const Tensor &outputGrad,
                            const WindowParams &params,
                            llvm::ArrayRef<int64_t> weightShape);

} // namespace interp
} // namespace zara

#endif // ZARA_INTERPRETER_TRAININGKERNELS_H
