//===- TrainingKernels.cpp - Reference kernels of the backward ops --------===//
//
// Part of zara. One enumeration of the forward op's products serves all
// four gradients. `forEachProduct` visits every (x element, w element,
// y element) triple that the forward op multiplies and accumulates,
// y[yi] += x[xi] * w[wi]: for a convolution, every output position o and
// tap k whose input position i = o*s + k*dil - p lies inside the input;
// for a transposed convolution, every input position i and tap k whose
// output position o = i*s + k*dil - p lies inside the output. Each
// gradient is then one accumulation per product, the adjoint of the
// forward definition. Geometry is promoted to three spatial dimensions
// (leading dimensions of size 1, stride 1, dilation 1, pad 0) so one loop
// nest serves 1-D, 2-D and 3-D.
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/TrainingKernels.h"

#include <cassert>

using namespace zara;
using namespace zara::interp;
using llvm::ArrayRef;

namespace {
/// A forward sliding-window op promoted to three spatial dimensions: the
/// sizes of its input x, output y and kernel, and its attributes.
struct Forward {
  bool transposed;
  int64_t batch, inChannels, outChannels, groups;
  int64_t x[3], y[3], kernel[3], stride[3], dilation[3], pad[3];
};
} // namespace

/// The forward geometry from the shapes of the forward op's input, weight
/// and output.
static Forward promote(bool transposed, ArrayRef<int64_t> xShape,
                       ArrayRef<int64_t> wShape, ArrayRef<int64_t> yShape,
                       const WindowParams &p) {
  int64_t d = xShape.size() - 2;
  assert(d >= 1 && d <= 3 && "1-D, 2-D or 3-D window op expected");
  assert((int64_t)wShape.size() == d + 2 && (int64_t)yShape.size() == d + 2);
  assert((int64_t)p.strides.size() == d && (int64_t)p.padsBegin.size() == d &&
         (int64_t)p.dilations.size() == d);
  Forward f;
  f.transposed = transposed;
  f.batch = xShape[0];
  f.inChannels = xShape[1];
  f.outChannels = yShape[1];
  f.groups = p.groups;
  assert(yShape[0] == f.batch && "batch mismatch");
  assert(f.inChannels % f.groups == 0 && f.outChannels % f.groups == 0);
  // Convolution weight: Cout x Cin/g; transposed: Cin x Cout/g.
  assert(transposed ? (wShape[0] == f.inChannels &&
                       wShape[1] == f.outChannels / f.groups)
                    : (wShape[0] == f.outChannels &&
                       wShape[1] == f.inChannels / f.groups));
  for (int64_t i = 0; i < 3; ++i) {
    int64_t src = i - (3 - d);
    bool real = src >= 0;
    f.x[i] = real ? xShape[2 + src] : 1;
    f.y[i] = real ? yShape[2 + src] : 1;
    f.kernel[i] = real ? wShape[2 + src] : 1;
    f.stride[i] = real ? p.strides[src] : 1;
    f.dilation[i] = real ? p.dilations[src] : 1;
    f.pad[i] = real ? p.padsBegin[src] : 0;
  }
  return f;
}

/// Calls `fn(xi, wi, yi)`, with flat row-major indices into x, w and y,
/// for every product x[xi] * w[wi] that the forward op adds to y[yi].
template <typename Fn> static void forEachProduct(const Forward &f, Fn fn) {
  int64_t cinG = f.inChannels / f.groups, coutG = f.outChannels / f.groups;
  int64_t xPlane = f.x[0] * f.x[1] * f.x[2];
  int64_t yPlane = f.y[0] * f.y[1] * f.y[2];
  int64_t taps = f.kernel[0] * f.kernel[1] * f.kernel[2];
  // The loops run over positions `a` of one tensor and compute the
  // positions b = a*s + k*dil - p of the other: a is the output of a
  // convolution and the input of a transposed convolution.
  const int64_t *a = f.transposed ? f.x : f.y;
  const int64_t *b = f.transposed ? f.y : f.x;

  for (int64_t n = 0; n < f.batch; ++n)
    for (int64_t g = 0; g < f.groups; ++g)
      for (int64_t ci = 0; ci < cinG; ++ci)
        for (int64_t co = 0; co < coutG; ++co) {
          int64_t xBase = (n * f.inChannels + g * cinG + ci) * xPlane;
          int64_t yBase = (n * f.outChannels + g * coutG + co) * yPlane;
          int64_t wBase = (f.transposed ? (g * cinG + ci) * coutG + co
                                        : (g * coutG + co) * cinG + ci) *
                          taps;
          for (int64_t k0 = 0; k0 < f.kernel[0]; ++k0)
            for (int64_t k1 = 0; k1 < f.kernel[1]; ++k1)
              for (int64_t k2 = 0; k2 < f.kernel[2]; ++k2) {
                int64_t wi = wBase + (k0 * f.kernel[1] + k1) * f.kernel[2] + k2;
                for (int64_t a0 = 0; a0 < a[0]; ++a0) {
                  int64_t b0 = a0 * f.stride[0] + k0 * f.dilation[0] - f.pad[0];
                  if (b0 < 0 || b0 >= b[0])
                    continue;
                  for (int64_t a1 = 0; a1 < a[1]; ++a1) {
                    int64_t b1 =
                        a1 * f.stride[1] + k1 * f.dilation[1] - f.pad[1];
                    if (b1 < 0 || b1 >= b[1])
                      continue;
                    for (int64_t a2 = 0; a2 < a[2]; ++a2) {
                      int64_t b2 =
                          a2 * f.stride[2] + k2 * f.dilation[2] - f.pad[2];
                      if (b2 < 0 || b2 >= b[2])
                        continue;
                      int64_t aFlat = (a0 * a[1] + a1) * a[2] + a2;
                      int64_t bFlat = (b0 * b[1] + b1) * b[2] + b2;
                      int64_t xi = xBase + (f.transposed ? aFlat : bFlat);
                      int64_t yi = yBase + (f.transposed ? bFlat : aFlat);
                      fn(xi, wi, yi);
                    }
                  }
                }
              }
        }
}

/// db[c] = sum of dy over the batch and every spatial position.
static Tensor biasGradient(const Tensor &outputGrad) {
  int64_t batch = outputGrad.shape[0], channels = outputGrad.shape[1];
  int64_t plane =
      getNumElements(ArrayRef<int64_t>(outputGrad.shape).drop_front(2));
  int64_t shape[] = {channels};
  Tensor result(shape);
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < plane; ++i)
        result.data[c] += outputGrad.data[(n * channels + c) * plane + i];
  return result;
}

Tensor interp::convBackwardData(const Tensor &outputGrad, const Tensor &weight,
                                const WindowParams &params,
                                ArrayRef<int64_t> inputShape) {
  Forward f = promote(/*transposed=*/false, inputShape, weight.shape,
                      outputGrad.shape, params);
  Tensor dx(inputShape);
  const double *dy = outputGrad.data.data(), *w = weight.data.data();
  forEachProduct(f, [&](int64_t xi, int64_t wi, int64_t yi) {
    dx.data[xi] += dy[yi] * w[wi];
  });
  return dx;
}

std::pair<Tensor, Tensor>
interp::convBackwardWeight(const Tensor &input, const Tensor &outputGrad,
                           const WindowParams &params,
                           ArrayRef<int64_t> weightShape) {
  Forward f = promote(/*transposed=*/false, input.shape, weightShape,
                      outputGrad.shape, params);
  Tensor dw(weightShape);
  const double *x = input.data.data(), *dy = outputGrad.data.data();
  forEachProduct(f, [&](int64_t xi, int64_t wi, int64_t yi) {
    dw.data[wi] += x[xi] * dy[yi];
  });
  return {std::move(dw), biasGradient(outputGrad)};
}

Tensor interp::convTransposeBackwardData(const Tensor &outputGrad,
                                         const Tensor &weight,
                                         const WindowParams &params,
                                         ArrayRef<int64_t> inputShape) {
  Forward f = promote(/*transposed=*/true, inputShape, weight.shape,
                      outputGrad.shape, params);
  Tensor dx(inputShape);
  const double *dy = outputGrad.data.data(), *w = weight.data.data();
  forEachProduct(f, [&](int64_t xi, int64_t wi, int64_t yi) {
    dx.data[xi] += dy[yi] * w[wi];
  });
  return dx;
}

std::pair<Tensor, Tensor> interp::convTransposeBackwardWeight(
    const Tensor &input, const Tensor &outputGrad, const WindowParams &params,
    ArrayRef<int64_t> weightShape) {
  Forward f = promote(/*transposed=*/true, input.shape, weightShape,
                      outputGrad.shape, params);
  Tensor dw(weightShape);
  const double *x = input.data.data(), *dy = outputGrad.data.data();
  forEachProduct(f, [&](int64_t xi, int64_t wi, int64_t yi) {
    dw.data[wi] += x[xi] * dy[yi];
  });
  return {std::move(dw), biasGradient(outputGrad)};
}
