//===- Kernels.cpp - Reference kernels of the tensor-level ops ------------===//
//
// Part of zara. The sliding-window kernels promote 1-D and 2-D geometry to
// 3-D (leading spatial dimensions of size 1, stride 1, dilation 1, pad 0),
// so a single loop nest per op serves every rank: batch, channels, three
// output (or input) positions, input (or output) channels of the group and
// three kernel taps. Index arithmetic is hoisted to the loop that owns it;
// the innermost statement is one multiply-add in double.
//
// The transposed convolution is written as its definition, a scatter of
// `in * w` to `o = i*s + k*dil - p`; it never builds a zero-inserted input,
// so it is independent of the deformation and baseline lowerings that it
// is used to check.
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/Kernels.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace zara;
using namespace zara::interp;
using llvm::ArrayRef;
using llvm::SmallVector;

//===----------------------------------------------------------------------===//
// Sliding-window ops
//===----------------------------------------------------------------------===//

namespace {
/// A sliding-window geometry promoted to three spatial dimensions.
struct Geometry {
  int64_t batch, inChannels, outChannels, groups;
  int64_t in[3], out[3], kernel[3], stride[3], dilation[3], pad[3];

  int64_t inPlane() const { return in[0] * in[1] * in[2]; }
  int64_t outPlane() const { return out[0] * out[1] * out[2]; }
  int64_t taps() const { return kernel[0] * kernel[1] * kernel[2]; }
};
} // namespace

static Geometry promote(ArrayRef<int64_t> inShape, ArrayRef<int64_t> wShape,
                        ArrayRef<int64_t> outShape, const WindowParams &p) {
  int64_t d = inShape.size() - 2;
  assert(d >= 1 && d <= 3 && "1-D, 2-D or 3-D window op expected");
  assert((int64_t)wShape.size() == d + 2 && (int64_t)outShape.size() == d + 2);
  assert((int64_t)p.strides.size() == d && (int64_t)p.padsBegin.size() == d &&
         (int64_t)p.dilations.size() == d);
  Geometry g;
  g.batch = inShape[0];
  g.inChannels = inShape[1];
  g.outChannels = outShape[1];
  g.groups = p.groups;
  for (int64_t i = 0; i < 3; ++i) {
    // Spatial dimension `i` of the 3-D nest is the op's dimension `src`.
    int64_t src = i - (3 - d);
    bool real = src >= 0;
    g.in[i] = real ? inShape[2 + src] : 1;
    g.out[i] = real ? outShape[2 + src] : 1;
    g.kernel[i] = real ? wShape[2 + src] : 1;
    g.stride[i] = real ? p.strides[src] : 1;
    g.dilation[i] = real ? p.dilations[src] : 1;
    g.pad[i] = real ? p.padsBegin[src] : 0;
  }
  return g;
}

Tensor interp::conv(const Tensor &input, const Tensor &weight,
                    const Tensor *bias, const WindowParams &params,
                    ArrayRef<int64_t> resultShape) {
  Geometry g = promote(input.shape, weight.shape, resultShape, params);
  int64_t cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
  assert(weight.shape[0] == g.outChannels && weight.shape[1] == cinG);
  Tensor result(resultShape);
  const double *x = input.data.data(), *w = weight.data.data();
  double *y = result.data.data();
  int64_t inPlane = g.inPlane(), outPlane = g.outPlane(), taps = g.taps();

  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.outChannels; ++co) {
      int64_t group = co / coutG;
      double b = bias ? bias->data[co] : 0.0;
      double *yPlane = y + (n * g.outChannels + co) * outPlane;
      for (int64_t o0 = 0; o0 < g.out[0]; ++o0)
        for (int64_t o1 = 0; o1 < g.out[1]; ++o1)
          for (int64_t o2 = 0; o2 < g.out[2]; ++o2) {
            double acc = b;
            for (int64_t ci = 0; ci < cinG; ++ci) {
              const double *xPlane =
                  x + (n * g.inChannels + group * cinG + ci) * inPlane;
              const double *wTaps = w + (co * cinG + ci) * taps;
              for (int64_t k0 = 0; k0 < g.kernel[0]; ++k0) {
                int64_t i0 = o0 * g.stride[0] + k0 * g.dilation[0] - g.pad[0];
                if (i0 < 0 || i0 >= g.in[0])
                  continue; // padding zero
                for (int64_t k1 = 0; k1 < g.kernel[1]; ++k1) {
                  int64_t i1 = o1 * g.stride[1] + k1 * g.dilation[1] - g.pad[1];
                  if (i1 < 0 || i1 >= g.in[1])
                    continue;
                  const double *xRow = xPlane + (i0 * g.in[1] + i1) * g.in[2];
                  const double *wRow =
                      wTaps + (k0 * g.kernel[1] + k1) * g.kernel[2];
                  for (int64_t k2 = 0; k2 < g.kernel[2]; ++k2) {
                    int64_t i2 =
                        o2 * g.stride[2] + k2 * g.dilation[2] - g.pad[2];
                    if (i2 < 0 || i2 >= g.in[2])
                      continue;
                    acc += xRow[i2] * wRow[k2];
                  }
                }
              }
            }
            yPlane[(o0 * g.out[1] + o1) * g.out[2] + o2] = acc;
          }
    }
  return result;
}

Tensor interp::convTranspose(const Tensor &input, const Tensor &weight,
                             const Tensor *bias, const WindowParams &params,
                             ArrayRef<int64_t> resultShape) {
  Geometry g = promote(input.shape, weight.shape, resultShape, params);
  int64_t cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
  assert(weight.shape[0] == g.inChannels && weight.shape[1] == coutG);
  Tensor result(resultShape);
  const double *x = input.data.data(), *w = weight.data.data();
  double *y = result.data.data();
  int64_t inPlane = g.inPlane(), outPlane = g.outPlane(), taps = g.taps();

  // Output positions that no input reaches keep the bias alone.
  if (bias)
    for (int64_t n = 0; n < g.batch; ++n)
      for (int64_t co = 0; co < g.outChannels; ++co)
        std::fill_n(y + (n * g.outChannels + co) * outPlane, outPlane,
                    bias->data[co]);

  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t ci = 0; ci < g.inChannels; ++ci) {
      int64_t group = ci / cinG;
      const double *xPlane = x + (n * g.inChannels + ci) * inPlane;
      for (int64_t co = 0; co < coutG; ++co) {
        double *yPlane =
            y + (n * g.outChannels + group * coutG + co) * outPlane;
        const double *wTaps = w + (ci * coutG + co) * taps;
        for (int64_t i0 = 0; i0 < g.in[0]; ++i0)
          for (int64_t i1 = 0; i1 < g.in[1]; ++i1)
            for (int64_t i2 = 0; i2 < g.in[2]; ++i2) {
              double xv = xPlane[(i0 * g.in[1] + i1) * g.in[2] + i2];
              for (int64_t k0 = 0; k0 < g.kernel[0]; ++k0) {
                int64_t o0 = i0 * g.stride[0] + k0 * g.dilation[0] - g.pad[0];
                if (o0 < 0 || o0 >= g.out[0])
                  continue; // cropped by the pads
                for (int64_t k1 = 0; k1 < g.kernel[1]; ++k1) {
                  int64_t o1 = i1 * g.stride[1] + k1 * g.dilation[1] - g.pad[1];
                  if (o1 < 0 || o1 >= g.out[1])
                    continue;
                  double *yRow = yPlane + (o0 * g.out[1] + o1) * g.out[2];
                  const double *wRow =
                      wTaps + (k0 * g.kernel[1] + k1) * g.kernel[2];
                  for (int64_t k2 = 0; k2 < g.kernel[2]; ++k2) {
                    int64_t o2 =
                        i2 * g.stride[2] + k2 * g.dilation[2] - g.pad[2];
                    if (o2 < 0 || o2 >= g.out[2])
                      continue;
                    yRow[o2] += xv * wRow[k2];
                  }
                }
              }
            }
      }
    }
  return result;
}

//===----------------------------------------------------------------------===//
// Matrix product and normalisation
//===----------------------------------------------------------------------===//

Tensor interp::matmul(const Tensor &lhs, const Tensor &rhs) {
  assert(lhs.getRank() == 2 && rhs.getRank() == 2 &&
         lhs.shape[1] == rhs.shape[0]);
  int64_t m = lhs.shape[0], k = lhs.shape[1], n = rhs.shape[1];
  int64_t shape[] = {m, n};
  Tensor result(shape);
  for (int64_t i = 0; i < m; ++i) {
    double *row = result.data.data() + i * n;
    for (int64_t j = 0; j < k; ++j) {
      double a = lhs.data[i * k + j];
      const double *b = rhs.data.data() + j * n;
      for (int64_t c = 0; c < n; ++c)
        row[c] += a * b[c];
    }
  }
  return result;
}

Tensor interp::batchNorm(const Tensor &input, const Tensor &scale,
                         const Tensor &bias, const Tensor &mean,
                         const Tensor &variance, double epsilon) {
  assert(input.getRank() >= 2);
  int64_t channels = input.shape[1];
  int64_t inner = getNumElements(ArrayRef<int64_t>(input.shape).drop_front(2));
  Tensor result = input;
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i) {
    int64_t c = (i / inner) % channels;
    result.data[i] = scale.data[c] * (input.data[i] - mean.data[c]) /
                         std::sqrt(variance.data[c] + epsilon) +
                     bias.data[c];
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Element-wise and data movement
//===----------------------------------------------------------------------===//

/// Row-major strides of `shape`, aligned at the trailing dimension to a
/// shape of rank `rank`; broadcast dimensions (size 1, or missing) get
/// stride 0 so that every output index reads the one element.
static SmallVector<int64_t, 5> broadcastStrides(ArrayRef<int64_t> shape,
                                                size_t rank) {
  SmallVector<int64_t, 5> strides(rank, 0);
  int64_t stride = 1;
  for (int64_t j = shape.size() - 1; j >= 0; --j) {
    strides[rank - shape.size() + j] = shape[j] == 1 ? 0 : stride;
    stride *= shape[j];
  }
  return strides;
}

template <typename Fn>
static Tensor broadcastWith(const Tensor &lhs, const Tensor &rhs,
                            ArrayRef<int64_t> resultShape, Fn fn) {
  size_t rank = resultShape.size();
  SmallVector<int64_t, 5> ls = broadcastStrides(lhs.shape, rank);
  SmallVector<int64_t, 5> rs = broadcastStrides(rhs.shape, rank);
  Tensor result(resultShape);
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i) {
    int64_t rem = i, l = 0, r = 0;
    for (int64_t j = rank - 1; j >= 0; --j) {
      int64_t c = rem % resultShape[j];
      rem /= resultShape[j];
      l += c * ls[j];
      r += c * rs[j];
    }
    result.data[i] = fn(lhs.data[l], rhs.data[r]);
  }
  return result;
}

Tensor interp::broadcastBinary(BinaryKind kind, const Tensor &lhs,
                               const Tensor &rhs,
                               ArrayRef<int64_t> resultShape) {
  switch (kind) {
  case BinaryKind::Add:
    return broadcastWith(lhs, rhs, resultShape,
                         [](double a, double b) { return a + b; });
  case BinaryKind::Sub:
    return broadcastWith(lhs, rhs, resultShape,
                         [](double a, double b) { return a - b; });
  case BinaryKind::Mul:
    return broadcastWith(lhs, rhs, resultShape,
                         [](double a, double b) { return a * b; });
  }
  llvm_unreachable("unknown binary kind");
}

Tensor interp::transpose(const Tensor &input, ArrayRef<int64_t> permutation) {
  size_t rank = input.shape.size();
  assert(permutation.size() == rank);
  SmallVector<int64_t, 5> inStrides(rank, 1), outShape(rank);
  for (int64_t j = rank - 2; j >= 0; --j)
    inStrides[j] = inStrides[j + 1] * input.shape[j + 1];
  for (size_t j = 0; j < rank; ++j)
    outShape[j] = input.shape[permutation[j]];
  Tensor result(outShape);
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i) {
    int64_t rem = i, src = 0;
    for (int64_t j = rank - 1; j >= 0; --j) {
      src += (rem % outShape[j]) * inStrides[permutation[j]];
      rem /= outShape[j];
    }
    result.data[i] = input.data[src];
  }
  return result;
}

Tensor interp::concat(ArrayRef<const Tensor *> inputs, int64_t axis,
                      ArrayRef<int64_t> resultShape) {
  Tensor result(resultShape);
  int64_t outer = getNumElements(resultShape.take_front(axis));
  int64_t outRow = getNumElements(resultShape.drop_front(axis));
  int64_t offset = 0;
  for (const Tensor *in : inputs) {
    int64_t inRow =
        getNumElements(ArrayRef<int64_t>(in->shape).drop_front(axis));
    for (int64_t o = 0; o < outer; ++o)
      std::copy_n(in->data.data() + o * inRow, inRow,
                  result.data.data() + o * outRow + offset);
    offset += inRow;
  }
  assert(offset == outRow && "inputs do not fill the result");
  return result;
}
