//===- TransposedConvForms.h - Forms of a transposed conv -------*- C++ -*-===//
//
// Part of zara. Private to lib/Dialect/ReRAM/Transforms. The arithmetic of
// the polyphase split of a transposed convolution and the builders of its
// forms: phase-wise, fused, pixel-wise (zero-free) and zero-insert (naive).
// The patterns of reram-deform-tconv and reram-lower-zero-insert call them
// for `reram.conv_transpose`; backward operators that are transposed
// convolutions of a gradient (a strided convolution's data gradient) can
// describe themselves as a `TransposedConv` and reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_LIB_DIALECT_RERAM_TRANSFORMS_TRANSPOSEDCONVFORMS_H
#define ZARA_LIB_DIALECT_RERAM_TRANSFORMS_TRANSPOSEDCONVFORMS_H

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/ConvArithmetic.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallVector.h"

namespace zara::reram {

/// A transposed convolution: ONNX `ConvTranspose` semantics,
///   out[n, g*Cout/g + co, i*s + k*dil - pad_begin] +=
///       in[n, ci, i] * weight[ci, co, k]   (ci in group g)
/// plus the bias, with the result type giving the output size.
struct TransposedConv {
  mlir::Value input;  ///< N x Cin x H...
  mlir::Value weight; ///< Cin x Cout/g x K... (conv_transpose layout)
  mlir::Value bias;   ///< Cout, or null
  llvm::SmallVector<int64_t, 3> strides, padsBegin, padsEnd, dilations,
      outputPadding;
  int64_t groups = 1;
  mlir::RankedTensorType resultType; ///< N x Cout x O...

  /// The operands and attributes of `op`.
  static TransposedConv get(ConvTransposeOp op);
  /// The data gradient of a convolution as the transposed convolution of
  /// `dy` with the forward weight (whose conv layout `Cout x Cin/g x K...`
  /// is the transposed-convolution layout of a `Cout`-channel input): same
  /// strides, pads, dilations and groups, and the output_padding that gives
  /// the forward input's size, `H - (s(O-1) + dil(K-1) + 1 - p - q)`.
  static TransposedConv get(ConvBackwardDataOp op);

  int64_t getNumSpatialDims() const { return strides.size(); }
  llvm::ArrayRef<int64_t> getInputShape() const;
  llvm::ArrayRef<int64_t> getWeightShape() const;
  /// The geometry of spatial dimension `j`.
  WindowDim getDim(int64_t j) const;
  /// The output size of spatial dimension `j`.
  int64_t getOutputSize(int64_t j) const {
    return resultType.getShape()[2 + j];
  }
};

/// One phase of one spatial dimension: the outputs o with
/// (o + pad_begin) mod s == residue, computed as a stride-1 convolution of
/// the (not zero-inserted) input with the taps k with (dil*k) mod s ==
/// residue. With g = gcd(dil, s) those taps are firstTap + (s/g)*m,
/// m < numTaps, and they read input elements dil/g apart.
struct PhaseDim {
  int64_t residue = 0;     ///< r = (o + pad_begin) mod s
  int64_t firstTap = 0;    ///< smallest tap k with (dil*k) mod s == r
  int64_t tapStep = 1;     ///< s / gcd(dil, s): distance of the taps
  int64_t numTaps = 0;     ///< K_r; 0 when no tap reaches the phase
  int64_t dilation = 1;    ///< dil / gcd(dil, s): the sub-convolution's
  int64_t firstOutput = 0; ///< output position of the phase's first output
  int64_t numOutputs = 0;  ///< ceil((O - firstOutput) / s), or 0
  /// Pads of the sub-convolution on the input; negative values crop the
  /// input instead (elements that no window of the phase reads).
  int64_t padBegin = 0, padEnd = 0;
  /// Input length after the crops.
  int64_t croppedInput = 0;
  /// True when some window of the sub-convolution reads an input element
  /// (not only padding). With dilation > 1 and few outputs the windows may
  /// straddle the input without touching it.
  bool readsInput = false;

  /// Input elements cropped in front and behind.
  int64_t getCropBegin() const { return padBegin < 0 ? -padBegin : 0; }
  int64_t getCropEnd() const { return padEnd < 0 ? -padEnd : 0; }
  /// True when the phase has outputs but no tap of it reads an input
  /// element: its outputs hold only the bias.
  bool isBiasOnly() const { return numOutputs > 0 && !readsInput; }
  /// True when the phase has outputs that a sub-convolution computes.
  bool isComputed() const { return numOutputs > 0 && readsInput; }
};

/// The `s` phases of dimension `dim` of a transposed convolution whose
/// output has `output` positions, in residue order.
llvm::SmallVector<PhaseDim> computePhases(const WindowDim &dim, int64_t output);

/// Products per (input channel, output channel of its group) pair that the
/// phase-wise form issues: prod_j sum_{computed phases r} n_r * K_r.
int64_t getPhaseWiseTaps(const TransposedConv &conv);
/// Products per channel pair of the pixel-wise form: prod_j H_j * K_j.
int64_t getPixelWiseTaps(const TransposedConv &conv);
/// Products per channel pair of the fused form, or std::nullopt when the
/// layer has no fused form (see buildFused).
std::optional<int64_t> getFusedTaps(const TransposedConv &conv);

/// True when every spatial dimension of the input is 1.
bool hasUnitInput(const TransposedConv &conv);

/// The weight in convolution layout, `Cout x Cin/g x K...` (tap order
/// unchanged): `w_conv[g*Cout/g + co, ci, k] = w[g*Cin/g + ci, co, k]`.
mlir::Value buildConvLayoutWeight(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Value weight, int64_t groups);

/// The phase-wise form: one stride-1 `conv` per computed phase and an
/// `interleave` (left out when one phase covers the output).
mlir::Value buildPhaseWise(mlir::OpBuilder &b, mlir::Location loc,
                           const TransposedConv &conv);

/// The fused form: one stride-1 `conv` with s^d * Cout output channels over
/// the window all phases share, `depth_to_space` and a crop. Fails (and
/// builds nothing) unless every dilation is 1, every K % s == 0, some stride
/// is above 1 and the window reads at least one input element.
mlir::FailureOr<mlir::Value> buildFused(mlir::OpBuilder &b, mlir::Location loc,
                                        const TransposedConv &conv);

/// The pixel-wise form: per group a `matmul` of the input pixels and the
/// taps, then `overlap_add`. For a 1x1 input whose taps land on the output
/// one to one, a `reshape` and a bias `add` replace the overlap-add.
mlir::Value buildPixelWise(mlir::OpBuilder &b, mlir::Location loc,
                           const TransposedConv &conv);

/// The naive form: `zero_insert` of the input and a stride-1 `conv` with
/// the spatially reversed kernel in convolution layout.
mlir::Value buildZeroInsert(mlir::OpBuilder &b, mlir::Location loc,
                            const TransposedConv &conv);

/// A strided correlation, the common shape of both weight gradients:
///   R[cb, ca, k...] = sum over n, j... of
///       B[n, cb, j...] * A[n, group(cb)*Ca/g + ca, j*s + k*dil - pad_begin]
/// with A read as zero outside its extent. A convolution's weight gradient
/// has A = x and B = dy (R is `Cout x Cin/g x K...`), a transposed
/// convolution's has A = dy and B = x (R is `Cin x Cout/g x K...`). Executed
/// naively it correlates A with B dilated by s (or, for the transposed
/// convolution, the zero-inserted x with dy): zeros in every window.
struct StridedCorrelation {
  mlir::Value a, b;
  llvm::SmallVector<int64_t, 3> strides, padsBegin, dilations;
  int64_t groups = 1;
  mlir::RankedTensorType resultType; ///< Cb x Ca/g x K...
};

/// The zero-free form of a strided correlation: the taps split by the phase
/// (dil*k - p) mod s of the A elements they read; per phase tuple one
/// stride-1 `conv_backward_weight` of the phase's polyphase component of A
/// (a `strided_slice`, cropped to what the taps read) with B, dilation
/// dil/gcd(dil, s), yielding that phase's taps; an `interleave` with
/// strides s/gcd(dil, s) places them. Taps whose phase reads no element of A
/// are zero.
mlir::Value buildPhaseWiseCorrelation(mlir::OpBuilder &b, mlir::Location loc,
                                      const StridedCorrelation &corr);

/// The data gradient of a transposed convolution as the strided `conv` of
/// `dy` it is (no zeros to remove): the forward weight, strides, begin pads,
/// dilations and groups; end pad q - output_padding, or, when that is
/// negative, `dy` cropped by the positions no window reads.
mlir::Value buildTransposeBackwardDataConv(mlir::OpBuilder &b,
                                           mlir::Location loc,
                                           ConvTransposeBackwardDataOp op);

} // namespace zara::reram

#endif // ZARA_LIB_DIALECT_RERAM_TRANSFORMS_TRANSPOSEDCONVFORMS_H
