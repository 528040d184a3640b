//===- TransposedConvForms.cpp - Forms of a transposed convolution --------===//
//
// Part of zara. Builds the forms of a transposed convolution that
// reram-deform-tconv and reram-lower-zero-insert emit, from `reram` ops
// only.
//
// The polyphase split, per spatial dimension (input H, kernel K, stride s,
// dilation dil, begin pad p, output O): the outputs o with
// (o + p) mod s == r form phase r. A tap k reaches them iff
// (dil*k) mod s == r; with g = gcd(dil, s) these taps are
// k_r + (s/g)*m, m < K_r = ceil((K - k_r)/(s/g)) (none when r is not a
// multiple of g, or k_r >= K), and output o = s*t + r - p reads input
// t - c_r - (dil/g)*m, c_r = (dil*k_r - r)/s. So phase r is a stride-1
// convolution with dilation dil/g of the original input with the reversed
// sub-kernel v_r[j] = w[k_r + (s/g)*(K_r-1-j)], begin pad
// c_r + (dil/g)*(K_r-1) - t0 for the first output t0 = ceil((p - r)/s), and
// the end pad that yields its ceil((O - o0)/s) outputs, o0 = s*t0 + r - p.
// Negative pads crop input elements no window reads. Every weight is in
// exactly one sub-kernel, so the layer's cell count is unchanged; only the
// inserted zeros are gone. d-dimensional phases are tuples of per-dimension
// phases.
//
// Weights are rearranged by ops on the weight value (transpose and reshape
// to convolution layout, strided_slice for a reversed sub-kernel), never by
// folding data here, so a weight may be a function argument.
//
//===----------------------------------------------------------------------===//

#include "TransposedConvForms.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <map>
#include <numeric>

using namespace mlir;
using namespace zara;
using namespace zara::reram;

//===----------------------------------------------------------------------===//
// TransposedConv
//===----------------------------------------------------------------------===//

TransposedConv TransposedConv::get(ConvTransposeOp op) {
  TransposedConv conv;
  conv.input = op.getInput();
  conv.weight = op.getWeight();
  conv.bias = op.getBias();
  conv.strides.assign(op.getStrides().begin(), op.getStrides().end());
  conv.padsBegin.assign(op.getPadsBegin().begin(), op.getPadsBegin().end());
  conv.padsEnd.assign(op.getPadsEnd().begin(), op.getPadsEnd().end());
  conv.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  conv.outputPadding.assign(op.getOutputPadding().begin(),
                            op.getOutputPadding().end());
  conv.groups = op.getGroups();
  conv.resultType = cast<RankedTensorType>(op.getOutput().getType());
  return conv;
}

TransposedConv TransposedConv::get(ConvBackwardDataOp op) {
  TransposedConv conv;
  conv.input = op.getOutputGrad();
  conv.weight = op.getWeight();
  conv.strides.assign(op.getStrides().begin(), op.getStrides().end());
  conv.padsBegin.assign(op.getPadsBegin().begin(), op.getPadsBegin().end());
  conv.padsEnd.assign(op.getPadsEnd().begin(), op.getPadsEnd().end());
  conv.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  conv.groups = op.getGroups();
  conv.resultType = cast<RankedTensorType>(op.getInputGrad().getType());
  ArrayRef<int64_t> dy = conv.getInputShape(), w = conv.getWeightShape();
  for (int64_t j = 0, d = conv.getNumSpatialDims(); j < d; ++j) {
    // The convolution's floor leaves H - (s(O-1) + dil(K-1) + 1 - p - q) in
    // [0, s) input positions after the last window.
    int64_t covered = conv.strides[j] * (dy[2 + j] - 1) +
                      conv.dilations[j] * (w[2 + j] - 1) + 1 -
                      conv.padsBegin[j] - conv.padsEnd[j];
    conv.outputPadding.push_back(conv.getOutputSize(j) - covered);
  }
  return conv;
}

ArrayRef<int64_t> TransposedConv::getInputShape() const {
  return cast<RankedTensorType>(input.getType()).getShape();
}

ArrayRef<int64_t> TransposedConv::getWeightShape() const {
  return cast<RankedTensorType>(weight.getType()).getShape();
}

WindowDim TransposedConv::getDim(int64_t j) const {
  WindowDim dim;
  dim.input = getInputShape()[2 + j];
  dim.kernel = getWeightShape()[2 + j];
  dim.stride = strides[j];
  dim.dilation = dilations[j];
  dim.padBegin = padsBegin[j];
  dim.padEnd = padsEnd[j];
  dim.outputPadding = outputPadding[j];
  return dim;
}

//===----------------------------------------------------------------------===//
// Phase arithmetic
//===----------------------------------------------------------------------===//

SmallVector<PhaseDim> zara::reram::computePhases(const WindowDim &dim,
                                                 int64_t output) {
  int64_t s = dim.stride, dil = dim.dilation, p = dim.padBegin;
  int64_t g = std::gcd(dil, s);
  SmallVector<PhaseDim> phases;
  for (int64_t r = 0; r < s; ++r) {
    PhaseDim ph;
    ph.residue = r;
    ph.tapStep = s / g;
    ph.dilation = dil / g;
    // The first output o0 = s*t0 + r - p in [0, s), t0 = ceil((p - r)/s).
    ph.firstOutput = ((r - p) % s + s) % s;
    int64_t t0 = (ph.firstOutput + p - r) / s;
    ph.numOutputs =
        ph.firstOutput < output ? (output - 1 - ph.firstOutput) / s + 1 : 0;
    // dil*k mod s takes every multiple of g once for k in [0, s/g).
    if (r % g == 0) {
      for (int64_t k = 0; k < s / g; ++k)
        if (dil * k % s == r) {
          ph.firstTap = k;
          break;
        }
      if (ph.firstTap < dim.kernel)
        ph.numTaps = llvm::divideCeil(dim.kernel - ph.firstTap, ph.tapStep);
    }
    if (ph.numTaps > 0 && ph.numOutputs > 0) {
      int64_t span = ph.dilation * (ph.numTaps - 1);
      int64_t c = (dil * ph.firstTap - r) / s;
      ph.padBegin = c + span - t0;
      ph.padEnd = ph.numOutputs - dim.input - ph.padBegin + span;
      ph.croppedInput = dim.input - ph.getCropBegin() - ph.getCropEnd();
      // Tap j of output u reads input u - padBegin + dilation*j; for a fixed
      // tap the outputs read a contiguous range.
      for (int64_t j = 0; j < ph.numTaps && !ph.readsInput; ++j) {
        int64_t first = ph.dilation * j - ph.padBegin;
        ph.readsInput =
            first <= dim.input - 1 && first + ph.numOutputs - 1 >= 0;
      }
    }
    phases.push_back(ph);
  }
  return phases;
}

int64_t zara::reram::getPhaseWiseTaps(const TransposedConv &conv) {
  int64_t taps = 1;
  for (int64_t j = 0, d = conv.getNumSpatialDims(); j < d; ++j) {
    int64_t sum = 0;
    for (const PhaseDim &ph :
         computePhases(conv.getDim(j), conv.getOutputSize(j)))
      if (ph.isComputed())
        sum += ph.numOutputs * ph.numTaps;
    taps = product({taps, sum});
  }
  return taps;
}

int64_t zara::reram::getPixelWiseTaps(const TransposedConv &conv) {
  int64_t d = conv.getNumSpatialDims();
  return product({product(conv.getInputShape().drop_front(2)),
                  product(conv.getWeightShape().take_back(d))});
}

namespace {
/// The geometry of one dimension of the fused form: the phase outputs
/// t in [tLow, tLow + windows) of a stride-1 convolution with kernel K/s.
struct FusedDim {
  int64_t subKernel, tLow, windows, padBegin, padEnd, cropBegin, cropEnd;
};
} // namespace

/// The fused geometry of every dimension, or std::nullopt when the layer
/// has no fused form.
static std::optional<SmallVector<FusedDim>>
getFusedDims(const TransposedConv &conv) {
  int64_t d = conv.getNumSpatialDims();
  if (llvm::all_of(conv.strides, [](int64_t s) { return s == 1; }))
    return std::nullopt;
  SmallVector<FusedDim> dims;
  for (int64_t j = 0; j < d; ++j) {
    WindowDim dim = conv.getDim(j);
    if (dim.dilation != 1 || dim.kernel % dim.stride != 0)
      return std::nullopt;
    int64_t s = dim.stride, p = dim.padBegin, out = conv.getOutputSize(j);
    FusedDim f;
    f.subKernel = dim.kernel / s;
    // Phase outputs y_r[t] land at o = s*t + r - p; the outputs [0, O)
    // need t from floor(p/s) to floor((O - 1 + p)/s).
    f.tLow = p / s;
    f.windows = (out - 1 + p) / s - f.tLow + 1;
    f.padBegin = f.subKernel - 1 - f.tLow;
    f.padEnd = f.windows - dim.input - f.padBegin + f.subKernel - 1;
    f.cropBegin = f.padBegin < 0 ? -f.padBegin : 0;
    f.cropEnd = f.padEnd < 0 ? -f.padEnd : 0;
    if (dim.input - f.cropBegin - f.cropEnd <= 0)
      return std::nullopt;
    dims.push_back(f);
  }
  return dims;
}

std::optional<int64_t> zara::reram::getFusedTaps(const TransposedConv &conv) {
  std::optional<SmallVector<FusedDim>> dims = getFusedDims(conv);
  if (!dims)
    return std::nullopt;
  int64_t taps = 1;
  for (auto [j, f] : llvm::enumerate(*dims))
    taps = product({taps, conv.strides[j], f.windows, f.subKernel});
  return taps;
}

bool zara::reram::hasUnitInput(const TransposedConv &conv) {
  return llvm::all_of(conv.getInputShape().drop_front(2),
                      [](int64_t h) { return h == 1; });
}

//===----------------------------------------------------------------------===//
// Op builders that skip the identity
//===----------------------------------------------------------------------===//

static RankedTensorType tensorOf(ArrayRef<int64_t> shape, Value like) {
  return RankedTensorType::get(
      shape, cast<RankedTensorType>(like.getType()).getElementType());
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// A strided_slice of `v`, or `v` itself when the slice takes everything.
/// Dimensions of one element get stride 1, so that a reversed size-1
/// sub-kernel is recognised as the identity.
static Value slice(OpBuilder &b, Location loc, Value v,
                   ArrayRef<int64_t> offsets, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> shape) {
  SmallVector<int64_t> normStrides(strides);
  for (auto [j, n] : llvm::enumerate(shape))
    if (n == 1)
      normStrides[j] = 1;
  if (shape == shapeOf(v) &&
      llvm::all_of(offsets, [](int64_t o) { return o == 0; }) &&
      llvm::all_of(normStrides, [](int64_t s) { return s == 1; }))
    return v;
  return StridedSliceOp::create(b, loc, tensorOf(shape, v), v, offsets,
                                normStrides);
}

static Value reshape(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> shape) {
  if (shape == shapeOf(v))
    return v;
  return ReshapeOp::create(b, loc, tensorOf(shape, v), v);
}

static Value transpose(OpBuilder &b, Location loc, Value v,
                       ArrayRef<int64_t> perm) {
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return v;
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(shapeOf(v)[p]);
  return TransposeOp::create(b, loc, tensorOf(shape, v), v, perm);
}

static Value concat(OpBuilder &b, Location loc, ArrayRef<Value> values,
                    int64_t axis) {
  if (values.size() == 1)
    return values.front();
  SmallVector<int64_t> shape(shapeOf(values.front()));
  shape[axis] = 0;
  for (Value v : values)
    shape[axis] += shapeOf(v)[axis];
  return ConcatOp::create(b, loc, tensorOf(shape, values.front()), values,
                          axis);
}

Value zara::reram::buildConvLayoutWeight(OpBuilder &b, Location loc,
                                         Value weight, int64_t groups) {
  ArrayRef<int64_t> w = shapeOf(weight);
  int64_t rank = w.size();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (groups == 1) {
    std::swap(perm[0], perm[1]);
    return transpose(b, loc, weight, perm);
  }
  // Cin x Cout/g x K -> g x Cin/g x Cout/g x K -> g x Cout/g x Cin/g x K.
  int64_t cinG = w[0] / groups;
  SmallVector<int64_t> split{groups, cinG, w[1]};
  llvm::append_range(split, w.drop_front(2));
  Value v = reshape(b, loc, weight, split);
  SmallVector<int64_t> splitPerm =
      llvm::to_vector(llvm::seq<int64_t>(0, rank + 1));
  std::swap(splitPerm[1], splitPerm[2]);
  v = transpose(b, loc, v, splitPerm);
  SmallVector<int64_t> merged{groups * w[1], cinG};
  llvm::append_range(merged, w.drop_front(2));
  return reshape(b, loc, v, merged);
}

//===----------------------------------------------------------------------===//
// Phase-wise form
//===----------------------------------------------------------------------===//

Value zara::reram::buildPhaseWise(OpBuilder &b, Location loc,
                                  const TransposedConv &conv) {
  int64_t d = conv.getNumSpatialDims();
  ArrayRef<int64_t> in = conv.getInputShape();
  int64_t batch = in[0], cin = in[1], cout = conv.resultType.getShape()[1];
  int64_t cinG = cin / conv.groups;

  SmallVector<SmallVector<PhaseDim>> phases;
  bool covered = true;
  for (int64_t j = 0; j < d; ++j) {
    phases.push_back(computePhases(conv.getDim(j), conv.getOutputSize(j)));
    covered &= llvm::none_of(
        phases.back(), [](const PhaseDim &ph) { return ph.isBiasOnly(); });
  }

  Value convWeight;
  // Phases that crop the input alike share the slice.
  std::map<SmallVector<int64_t>, Value> crops;
  SmallVector<Value> results;
  SmallVector<int64_t> offsets;
  SmallVector<int64_t> residue(d, 0);
  SmallVector<int64_t> ones(d, 1);
  while (true) {
    SmallVector<const PhaseDim *> phase;
    for (int64_t j = 0; j < d; ++j)
      phase.push_back(&phases[j][residue[j]]);
    if (llvm::all_of(phase,
                     [](const PhaseDim *ph) { return ph->isComputed(); })) {
      if (!convWeight)
        convWeight = buildConvLayoutWeight(b, loc, conv.weight, conv.groups);

      SmallVector<int64_t> cropOffsets{0, 0}, cropShape{batch, cin};
      SmallVector<int64_t> wOffsets{0, 0}, wStrides{1, 1}, wShape{cout, cinG};
      SmallVector<int64_t> pads(2 * d), dilations, outShape{batch, cout};
      for (auto [j, ph] : llvm::enumerate(phase)) {
        cropOffsets.push_back(ph->getCropBegin());
        cropShape.push_back(ph->croppedInput);
        // Reversed: the sub-kernel's tap j is w[k_r + step*(K_r - 1 - j)].
        wOffsets.push_back(ph->firstTap + ph->tapStep * (ph->numTaps - 1));
        wStrides.push_back(-ph->tapStep);
        wShape.push_back(ph->numTaps);
        pads[j] = std::max<int64_t>(ph->padBegin, 0);
        pads[d + j] = std::max<int64_t>(ph->padEnd, 0);
        dilations.push_back(ph->dilation);
        outShape.push_back(ph->numOutputs);
        offsets.push_back(ph->firstOutput);
      }
      SmallVector<int64_t> cropKey(cropOffsets);
      llvm::append_range(cropKey, cropShape);
      Value &input = crops[cropKey];
      if (!input)
        input = slice(b, loc, conv.input, cropOffsets,
                      SmallVector<int64_t>(d + 2, 1), cropShape);
      Value subKernel = slice(b, loc, convWeight, wOffsets, wStrides, wShape);
      results.push_back(ConvOp::create(b, loc, tensorOf(outShape, input), input,
                                       subKernel, conv.bias, ones, pads,
                                       dilations, conv.groups));
    }
    // Next residue tuple, last dimension fastest.
    int64_t j = d - 1;
    for (; j >= 0; --j) {
      if (++residue[j] < conv.strides[j])
        break;
      residue[j] = 0;
    }
    if (j < 0)
      break;
  }

  if (results.size() == 1 &&
      llvm::all_of(conv.strides, [](int64_t s) { return s == 1; }))
    return results.front();
  return InterleaveOp::create(b, loc, conv.resultType, results,
                              covered ? Value() : conv.bias, conv.strides,
                              offsets);
}

//===----------------------------------------------------------------------===//
// Fused form
//===----------------------------------------------------------------------===//

FailureOr<Value> zara::reram::buildFused(OpBuilder &b, Location loc,
                                         const TransposedConv &conv) {
  std::optional<SmallVector<FusedDim>> dims = getFusedDims(conv);
  if (!dims)
    return failure();
  int64_t d = conv.getNumSpatialDims();
  ArrayRef<int64_t> in = conv.getInputShape();
  int64_t batch = in[0], cin = in[1], cout = conv.resultType.getShape()[1];
  int64_t groups = conv.groups, cinG = cin / groups, coutG = cout / groups;
  int64_t blocks = product(conv.strides);

  // The sub-kernels of all phases, phase-major within each group: output
  // channel g*(B*Cout/g) + phase*Cout/g + co.
  Value convWeight = buildConvLayoutWeight(b, loc, conv.weight, groups);
  SmallVector<Value> subKernels;
  SmallVector<int64_t> residue(d, 0);
  for (int64_t phase = 0; phase < blocks; ++phase) {
    SmallVector<int64_t> offsets{0, 0}, strides{1, 1}, shape{cout, cinG};
    for (int64_t j = 0; j < d; ++j) {
      int64_t s = conv.strides[j], kq = (*dims)[j].subKernel;
      offsets.push_back(residue[j] + s * (kq - 1));
      strides.push_back(-s);
      shape.push_back(kq);
    }
    Value v = slice(b, loc, convWeight, offsets, strides, shape);
    if (groups > 1) {
      SmallVector<int64_t> split{groups, coutG, cinG};
      llvm::append_range(split, ArrayRef<int64_t>(shape).drop_front(2));
      v = reshape(b, loc, v, split);
    }
    subKernels.push_back(v);
    for (int64_t j = d - 1; j >= 0; --j) {
      if (++residue[j] < conv.strides[j])
        break;
      residue[j] = 0;
    }
  }
  SmallVector<int64_t> fusedShape{blocks * cout, cinG};
  for (const FusedDim &f : *dims)
    fusedShape.push_back(f.subKernel);
  Value fusedWeight = reshape(
      b, loc, concat(b, loc, subKernels, groups > 1 ? 1 : 0), fusedShape);

  // Every phase channel gets the bias of its output channel.
  Value fusedBias;
  if (conv.bias) {
    int64_t split[] = {groups, coutG};
    SmallVector<Value> copies(blocks, reshape(b, loc, conv.bias, split));
    int64_t flat[] = {blocks * cout};
    fusedBias = reshape(b, loc, concat(b, loc, copies, 1), flat);
  }

  SmallVector<int64_t> cropOffsets{0, 0}, cropShape{batch, cin};
  SmallVector<int64_t> pads(2 * d), convShape{batch, blocks * cout};
  for (auto [j, f] : llvm::enumerate(*dims)) {
    cropOffsets.push_back(f.cropBegin);
    cropShape.push_back(in[2 + j] - f.cropBegin - f.cropEnd);
    pads[j] = std::max<int64_t>(f.padBegin, 0);
    pads[d + j] = std::max<int64_t>(f.padEnd, 0);
    convShape.push_back(f.windows);
  }
  Value input = slice(b, loc, conv.input, cropOffsets,
                      SmallVector<int64_t>(d + 2, 1), cropShape);
  SmallVector<int64_t> ones(d, 1);
  Value fused =
      ConvOp::create(b, loc, tensorOf(convShape, input), input, fusedWeight,
                     fusedBias, ones, pads, ones, groups);

  // Grouped: reorder the channels from group-major to phase-major.
  if (groups > 1) {
    SmallVector<int64_t> split{batch, groups, blocks, coutG};
    llvm::append_range(split, ArrayRef<int64_t>(convShape).drop_front(2));
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, d + 4));
    std::swap(perm[1], perm[2]);
    fused =
        reshape(b, loc, transpose(b, loc, reshape(b, loc, fused, split), perm),
                convShape);
  }

  SmallVector<int64_t> spaceShape{batch, cout};
  SmallVector<int64_t> outOffsets{0, 0};
  for (auto [j, f] : llvm::enumerate(*dims)) {
    spaceShape.push_back(f.windows * conv.strides[j]);
    // Position z = s*(t - tLow) + r holds output z - (p - s*tLow).
    outOffsets.push_back(conv.padsBegin[j] - conv.strides[j] * f.tLow);
  }
  Value space = DepthToSpaceOp::create(b, loc, tensorOf(spaceShape, fused),
                                       fused, conv.strides);
  return slice(b, loc, space, outOffsets, SmallVector<int64_t>(d + 2, 1),
               conv.resultType.getShape());
}

//===----------------------------------------------------------------------===//
// Pixel-wise form
//===----------------------------------------------------------------------===//

Value zara::reram::buildPixelWise(OpBuilder &b, Location loc,
                                  const TransposedConv &conv) {
  int64_t d = conv.getNumSpatialDims();
  ArrayRef<int64_t> in = conv.getInputShape(), w = conv.getWeightShape();
  int64_t batch = in[0], cin = in[1], cout = conv.resultType.getShape()[1];
  int64_t groups = conv.groups, cinG = cin / groups, coutG = cout / groups;
  ArrayRef<int64_t> spatial = in.drop_front(2), kernel = w.drop_front(2);
  int64_t rows = product({batch, product(spatial)}), taps = product(kernel);
  bool unit = hasUnitInput(conv);

  // Per group: [N*H..., Cin/g] x [Cin/g, Cout/g*K...].
  SmallVector<Value> products;
  for (int64_t g = 0; g < groups; ++g) {
    SmallVector<int64_t> xOffsets(d + 2, 0), xShape{batch, cinG};
    xOffsets[1] = g * cinG;
    llvm::append_range(xShape, spatial);
    Value x = slice(b, loc, conv.input, xOffsets,
                    SmallVector<int64_t>(d + 2, 1), xShape);
    // N x C x H... -> N x H... x C; with H... all 1 the reshape alone does.
    if (!unit) {
      SmallVector<int64_t> perm{0};
      llvm::append_range(perm, llvm::seq<int64_t>(2, d + 2));
      perm.push_back(1);
      x = transpose(b, loc, x, perm);
    }
    int64_t xRows[] = {rows, cinG};
    x = reshape(b, loc, x, xRows);

    SmallVector<int64_t> wOffsets(d + 2, 0), wShape{cinG, coutG};
    wOffsets[0] = g * cinG;
    llvm::append_range(wShape, kernel);
    Value wg = slice(b, loc, conv.weight, wOffsets,
                     SmallVector<int64_t>(d + 2, 1), wShape);
    int64_t wCols[] = {cinG, coutG * taps};
    wg = reshape(b, loc, wg, wCols);
    int64_t outShape[] = {rows, coutG * taps};
    products.push_back(MatMulOp::create(b, loc, tensorOf(outShape, x), x, wg));
  }
  Value cols = concat(b, loc, products, 1);

  // A 1x1 input whose taps land one to one on the output: the product is the
  // result, up to the bias.
  bool oneToOne = unit;
  for (int64_t j = 0; j < d; ++j)
    oneToOne &= conv.padsBegin[j] == 0 && conv.getOutputSize(j) == kernel[j] &&
                (conv.dilations[j] == 1 || kernel[j] == 1);
  if (oneToOne) {
    Value y = reshape(b, loc, cols, conv.resultType.getShape());
    if (!conv.bias)
      return y;
    SmallVector<int64_t> biasShape(d + 1, 1);
    biasShape[0] = cout;
    return AddOp::create(b, loc, conv.resultType, y,
                         reshape(b, loc, conv.bias, biasShape));
  }

  SmallVector<int64_t> colsShape{batch};
  llvm::append_range(colsShape, spatial);
  colsShape.push_back(cout);
  llvm::append_range(colsShape, kernel);
  SmallVector<int64_t> pads(conv.padsBegin.begin(), conv.padsBegin.end());
  llvm::append_range(pads, conv.padsEnd);
  return OverlapAddOp::create(
      b, loc, conv.resultType, reshape(b, loc, cols, colsShape), conv.bias,
      conv.strides, pads, conv.dilations, conv.outputPadding);
}

//===----------------------------------------------------------------------===//
// Zero-insert form
//===----------------------------------------------------------------------===//

Value zara::reram::buildZeroInsert(OpBuilder &b, Location loc,
                                   const TransposedConv &conv) {
  int64_t d = conv.getNumSpatialDims();
  ArrayRef<int64_t> in = conv.getInputShape(), w = conv.getWeightShape();
  int64_t cout = conv.resultType.getShape()[1], cinG = in[1] / conv.groups;

  // The kernel reversed in every spatial dimension, in conv layout.
  Value convWeight = buildConvLayoutWeight(b, loc, conv.weight, conv.groups);
  SmallVector<int64_t> wOffsets{0, 0}, wStrides{1, 1}, wShape{cout, cinG};
  for (int64_t j = 0; j < d; ++j) {
    wOffsets.push_back(w[2 + j] - 1);
    wStrides.push_back(-1);
    wShape.push_back(w[2 + j]);
  }
  Value flipped = slice(b, loc, convWeight, wOffsets, wStrides, wShape);

  // s-1 zeros between elements, dil*(K-1) - p in front, dil*(K-1) - q + a
  // behind.
  SmallVector<int64_t> pads(2 * d), zShape{in[0], in[1]};
  bool identity = true;
  for (int64_t j = 0; j < d; ++j) {
    int64_t span = conv.dilations[j] * (w[2 + j] - 1);
    pads[j] = span - conv.padsBegin[j];
    pads[d + j] = span - conv.padsEnd[j] + conv.outputPadding[j];
    zShape.push_back((in[2 + j] - 1) * conv.strides[j] + 1 + pads[j] +
                     pads[d + j]);
    identity &= conv.strides[j] == 1 && pads[j] == 0 && pads[d + j] == 0;
  }
  Value input = conv.input;
  if (!identity)
    input = ZeroInsertOp::create(b, loc, tensorOf(zShape, input), input,
                                 conv.strides, pads);
  SmallVector<int64_t> ones(d, 1), zeros(2 * d, 0);
  return ConvOp::create(b, loc, conv.resultType, input, flipped, conv.bias,
                        ones, zeros, conv.dilations, conv.groups);
}

//===----------------------------------------------------------------------===//
// Backward operators
//===----------------------------------------------------------------------===//

Value zara::reram::buildTransposeBackwardDataConv(
    OpBuilder &b, Location loc, ConvTransposeBackwardDataOp op) {
  // dx[i] = sum_k dy[i*s + dil*k - p] * w[k]: the reads end at
  // (H-1)s + dil(K-1) - p = O - 1 - a + q, so the end pad is q - a, and a
  // negative one crops dy positions that no window reads.
  Value dy = op.getOutputGrad();
  ArrayRef<int64_t> in = shapeOf(dy);
  int64_t d = op.getNumSpatialDims();
  SmallVector<int64_t> pads(op.getPadsBegin()), shape(in.take_front(2));
  pads.resize(2 * d);
  for (int64_t j = 0; j < d; ++j) {
    int64_t end = op.getPadsEnd()[j] - op.getOutputPadding()[j];
    pads[d + j] = std::max<int64_t>(end, 0);
    shape.push_back(in[2 + j] + std::min<int64_t>(end, 0));
  }
  // Every window reads only cropped positions: the gradient is zero.
  auto resultType = cast<RankedTensorType>(op.getInputGrad().getType());
  if (llvm::any_of(shape, [](int64_t n) { return n <= 0; }))
    return ConstantOp::create(
        b, loc, resultType,
        DenseElementsAttr::get(resultType, b.getF32FloatAttr(0.0f)));
  Value input = slice(b, loc, dy, SmallVector<int64_t>(d + 2, 0),
                      SmallVector<int64_t>(d + 2, 1), shape);
  return ConvOp::create(b, loc, op.getInputGrad().getType(), input,
                        op.getWeight(), Value(), op.getStrides(), pads,
                        op.getDilations(), op.getGroups());
}

namespace {
/// One tap phase of one dimension of a strided correlation: the taps
/// firstTap + step*m, m < numTaps, read A at s*t + residue, i.e. the
/// polyphase component A_r[t] = A[s*t + residue] at t = j + shift +
/// dilation*m for B index j.
struct CorrelationPhase {
  int64_t firstTap = 0, step = 1, numTaps = 0, dilation = 1;
  int64_t residue = 0, shift = 0;
  /// Pads of the stride-1 correlation of A_r (negative: crop A_r).
  int64_t padBegin = 0, padEnd = 0;
  /// First element of A and length of the cropped component.
  int64_t aOffset = 0, aLength = 0;
  bool readsA = false;
};
} // namespace

/// The tap phases of dimension `j`, of which only those that read A are
/// returned.
static SmallVector<CorrelationPhase>
correlationPhases(const StridedCorrelation &corr, int64_t j) {
  int64_t s = corr.strides[j], dil = corr.dilations[j], p = corr.padsBegin[j];
  int64_t kernel = corr.resultType.getShape()[2 + j];
  int64_t aSize = shapeOf(corr.a)[2 + j], bSize = shapeOf(corr.b)[2 + j];
  int64_t g = std::gcd(dil, s);
  SmallVector<CorrelationPhase> phases;
  for (int64_t k0 = 0; k0 < std::min(s / g, kernel); ++k0) {
    CorrelationPhase ph;
    ph.firstTap = k0;
    ph.step = s / g;
    ph.numTaps = llvm::divideCeil(kernel - k0, ph.step);
    ph.dilation = dil / g;
    // Tap k0 reads A at s*j + dil*k0 - p = s*(j + shift) + residue.
    int64_t e = dil * k0 - p;
    ph.residue = ((e % s) + s) % s;
    ph.shift = (e - ph.residue) / s;
    int64_t length =
        ph.residue < aSize ? llvm::divideCeil(aSize - ph.residue, s) : 0;
    // conv_backward_weight semantics: B index j, tap m read
    // A_r[j + dilation*m - padBegin].
    int64_t span = ph.dilation * (ph.numTaps - 1);
    ph.padBegin = -ph.shift;
    ph.padEnd = bSize - length - ph.padBegin + span;
    int64_t cropBegin = std::max<int64_t>(-ph.padBegin, 0);
    int64_t cropEnd = std::max<int64_t>(-ph.padEnd, 0);
    ph.aOffset = ph.residue + s * cropBegin;
    ph.aLength = length - cropBegin - cropEnd;
    // For a fixed tap the B elements read a contiguous range of A_r, which
    // may be empty (residue past the end of A).
    for (int64_t m = 0; m < ph.numTaps && !ph.readsA && length > 0; ++m) {
      int64_t first = ph.shift + ph.dilation * m;
      ph.readsA = first <= length - 1 && first + bSize - 1 >= 0;
    }
    if (ph.readsA)
      phases.push_back(ph);
  }
  return phases;
}

Value zara::reram::buildPhaseWiseCorrelation(OpBuilder &b, Location loc,
                                             const StridedCorrelation &corr) {
  int64_t d = corr.strides.size();
  ArrayRef<int64_t> a = shapeOf(corr.a), out = corr.resultType.getShape();
  SmallVector<SmallVector<CorrelationPhase>> phases;
  SmallVector<int64_t> steps;
  for (int64_t j = 0; j < d; ++j) {
    phases.push_back(correlationPhases(corr, j));
    steps.push_back(corr.strides[j] /
                    std::gcd(corr.dilations[j], corr.strides[j]));
  }

  SmallVector<Value> taps;
  SmallVector<int64_t> offsets;
  SmallVector<int64_t> index(d, 0);
  bool any = llvm::all_of(phases, [](const auto &p) { return !p.empty(); });
  while (any) {
    SmallVector<int64_t> aOffsets{0, 0}, aStrides{1, 1},
        aShape(a.take_front(2));
    SmallVector<int64_t> pads(2 * d), dilations, tapShape(out.take_front(2));
    for (int64_t j = 0; j < d; ++j) {
      const CorrelationPhase &ph = phases[j][index[j]];
      aOffsets.push_back(ph.aOffset);
      aStrides.push_back(corr.strides[j]);
      aShape.push_back(ph.aLength);
      pads[j] = std::max<int64_t>(ph.padBegin, 0);
      pads[d + j] = std::max<int64_t>(ph.padEnd, 0);
      dilations.push_back(ph.dilation);
      tapShape.push_back(ph.numTaps);
      offsets.push_back(ph.firstTap);
    }
    Value component = slice(b, loc, corr.a, aOffsets, aStrides, aShape);
    int64_t channels[] = {out[0]};
    auto grad = ConvBackwardWeightOp::create(
        b, loc, tensorOf(tapShape, corr.a), tensorOf(channels, corr.a),
        component, corr.b, SmallVector<int64_t>(d, 1), pads, dilations,
        corr.groups);
    taps.push_back(grad.getWeightGrad());
    int64_t j = d - 1;
    for (; j >= 0; --j) {
      if (++index[j] < (int64_t)phases[j].size())
        break;
      index[j] = 0;
    }
    if (j < 0)
      break;
  }
  if (taps.size() == 1 && llvm::all_of(steps, [](int64_t s) { return s == 1; }))
    return taps.front();
  return InterleaveOp::create(b, loc, corr.resultType, taps, Value(), steps,
                              offsets);
}
