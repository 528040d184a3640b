//===- ReRAMDeformOps.td - Ops the zero-free deformation and the zero-insert baseline introduce -*- tablegen -*-===//
//
// Part of zara. Included by ReRAMOps.td after the base classes; the
// verifiers live in lib/Dialect/ReRAM/IR/ReRAMDeformOps.cpp.
//
// These ops only move data (or, for `overlap_add`, add): the multiplications
// of a deformed transposed convolution stay in `conv` and `matmul`, so none
// of them implements MacCountOpInterface. Their exact use by the passes is
// described in docs/Rationale/TransposedConvDeformation.md.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD
#define ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD

//===----------------------------------------------------------------------===//
// Phase split and interleave
//===----------------------------------------------------------------------===//

def ReRAM_StridedSliceOp : ReRAM_Op<"strided_slice", [Pure]> {
  let summary = "strided slice of a tensor (phase gather, crop, reversal)";
  let description = [{
    Gathers every `strides[j]`-th element of each dimension `j`, starting at
    `offsets[j]`; the result type gives the number of elements taken:

    ```
    out[i_0, ..., i_(r-1)] = in[offsets[0] + i_0 * strides[0], ...,
                                offsets[r-1] + i_(r-1) * strides[r-1]]
    ```

    `offsets` and `strides` have one entry per dimension (rank `r`). A
    stride is non-zero and may be negative, which walks the dimension
    backwards from its offset. Every index read is inside the input (the
    verifier checks the first and the last one of each dimension), so the op
    never reads padding.

    The zero-free deformation uses it three ways: to split a tensor into
    its polyphase components (offset `r`, stride `s`: "split by phase"), to
    take the spatially reversed sub-kernel of one phase out of a weight
    (offset `r + s*(K_r-1)`, stride `-s`) and, with stride 1, to crop.
    A slice that takes every element in order folds to its input.

    Example (phase (1, 0) of a 2-D activation at stride 2, and the flipped
    phase-(1, 1) sub-kernel of a 4x4 kernel):

    ```mlir
    %p = reram.strided_slice %x offsets [0, 0, 1, 0] strides [1, 1, 2, 2]
         : tensor<1x8x9x9xf32> -> tensor<1x8x4x5xf32>
    %k = reram.strided_slice %w offsets [0, 0, 3, 3] strides [1, 1, -2, -2]
         : tensor<16x8x4x4xf32> -> tensor<16x8x2x2xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$strides);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `offsets` $offsets `strides` $strides attr-dict
    `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def ReRAM_InterleaveOp : ReRAM_Op<"interleave", [Pure,
    AttrSizedOperandSegments]> {
  let summary = "interleave phase results into every s-th output position";
  let description = [{
    The phase scatter: writes each input, a polyphase component of the
    result, into every `strides[j]`-th position of each spatial dimension
    `j`, starting at its offset. For `d` spatial dimensions and inputs
    `in_0 .. in_(m-1)` with offsets `o_i` (`d` values each):

    ```
    out[n, c, o_i + t * s] = in_i[n, c, t]
    out[n, c, z]           = bias[c]   (0 without bias) where no input writes
    ```

    Operands and attributes:

    - `inputs`: zero or more `N x C x n...` tensors, rank `d + 2`;
    - `bias` (optional): `C` values for the positions no input writes (the
      outputs of empty phases, which no kernel tap reaches);
    - `strides`: `d` positive values;
    - `offsets`: `d` values per input, input after input; each in
      `[0, s)` and smaller than the output size, and no two inputs have the
      same offsets.

    An input's spatial size is exactly the number of output positions of its
    phase, `ceil((O - o) / s)` for output size `O`, so the phases tile the
    output without overlap and without gaps of their own. When all phases
    have equal size this is depth-to-space; unlike `depth_to_space` it also
    takes the uneven phases of `K % s != 0` and leaves out empty ones. One
    input with stride 1 everywhere folds to that input.

    Example (the four phases of a stride-2 layer, one of them empty):

    ```mlir
    %y = reram.interleave %p00, %p01, %p10 bias %b strides [2, 2]
           offsets [0, 0, 0, 1, 1, 0]
         : (tensor<1x4x3x3xf32>, tensor<1x4x3x2xf32>, tensor<1x4x2x3xf32>,
            tensor<4xf32>) -> tensor<1x4x5x5xf32>
    ```
  }];
  let arguments = (ins Variadic<ReRAM_Tensor>:$inputs,
                       Optional<ReRAM_Tensor1D>:$bias,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$offsets);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $inputs (`bias` $bias^)? `strides` $strides `offsets` $offsets attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The `d` output offsets of input `index`.
    ::llvm::ArrayRef<int64_t> getInputOffsets(unsigned index) {
      size_t d = getStrides().size();
      return getOffsets().slice(index * d, d);
    }
  }];
}

def ReRAM_DepthToSpaceOp : ReRAM_Op<"depth_to_space", [Pure]> {
  let summary = "rearrange channel blocks into spatial blocks";
  let description = [{
    Moves blocks of channels into spatial blocks of `block_sizes[j]`
    positions along each spatial dimension `j`, in ONNX's `DCR` order (the
    block index is the major part of the input channel). For `d` spatial
    dimensions, `B = prod(block_sizes)`, an input `N x (B*C) x T...` gives
    `N x C x (T*b)...` with

    ```
    out[n, c, t * b + r] = in[n, rho(r) * C + c, t]
    ```

    where `rho(r)` is the row-major index of the block position
    `(r_0, .., r_(d-1))` in `block_sizes`. The fused form of the zero-free
    deformation uses it: when `K % s == 0` every phase has the same window,
    one stride-1 convolution with `s^d * Cout` output channels (phase-major)
    computes all phases, and this op interleaves them.

    Example (the fused form of the second DCGAN-64 generator layer, before
    its one-pixel crop):

    ```mlir
    %y = reram.depth_to_space %x block_sizes [2, 2]
         : tensor<1x1024x5x5xf32> -> tensor<1x256x10x10xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input, DenseI64ArrayAttr:$block_sizes);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `block_sizes` $block_sizes attr-dict `:` type($input) `->`
    type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pixel-wise form
//===----------------------------------------------------------------------===//

def ReRAM_OverlapAddOp : ReRAM_Op<"overlap_add", [Pure]> {
  let summary = "scatter-accumulate per-pixel kernel products (col2im)";
  let description = [{
    The second half of the pixel-wise form of a transposed convolution
    (RED's "pixel-wise mapping"): a matrix product first multiplies every
    input element by every kernel tap, giving one `C x K...` patch per input
    position; this op adds each patch into the output at the position the
    transposed convolution puts it:

    ```
    out[n, c, i*s + k*dil - pad_begin] += cols[n, i..., c, k...]
    ```

    plus the bias; contributions that land outside the output are dropped
    and positions nothing reaches hold the bias alone. For `d` spatial
    dimensions:

    - `cols`: `N x H... x C x K...`, rank `2d + 2`;
    - `bias` (optional): `C` values;
    - `strides`, `dilations`: `d` positive values; `pads`: `2d`
      non-negative values (begin pads, then end pads); `output_padding`:
      `d` values, each smaller than the stride or the dilation;

    with the result `N x C x O...`,
    `O = s*(H-1) + dil*(K-1) + 1 + output_padding - pad_begin - pad_end`,
    exactly as `conv_transpose`. It only adds: the multiply-accumulates are
    the matrix product's.

    Example (the pixel-wise form of the second DCGAN-64 generator layer):

    ```mlir
    %y = reram.overlap_add %cols strides [2, 2] pads [1, 1, 1, 1]
           dilations [1, 1] output_padding [0, 0]
         : (tensor<1x4x4x256x4x4xf32>) -> tensor<1x256x8x8xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$cols, Optional<ReRAM_Tensor1D>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$output_padding);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $cols (`,` $bias^)? `strides` $strides `pads` $pads
    `dilations` $dilations `output_padding` $output_padding attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Bias gradients
//===----------------------------------------------------------------------===//

def ReRAM_ChannelSumOp : ReRAM_Op<"channel_sum", [Pure]> {
  let summary = "sum every channel over the batch and spatial dimensions";
  let description = [{
    Sums an `N x C x ...` tensor (rank 2 or more) over every dimension but
    the channel dimension 1:

    ```
    out[c] = sum over n, z... of in[n, c, z...]
    ```

    The result has `C` elements. It is the bias gradient of a convolution
    or transposed convolution (`db = sum dy`) once the deformation has split
    a backward-weight operator into phase-wise weight gradients, none of
    which sees all of `dy`. It only adds: no MACs.

    Example (the bias gradient of the second DCGAN-64 generator layer):

    ```mlir
    %db = reram.channel_sum %dy : tensor<1x256x8x8xf32> -> tensor<256xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input);
  let results = (outs ReRAM_Tensor1D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Zero-insert baseline
//===----------------------------------------------------------------------===//

def ReRAM_ZeroInsertOp : ReRAM_Op<"zero_insert", [Pure]> {
  let summary = "insert s-1 zeros between elements and pad (the naive form)";
  let description = [{
    The zero-inserted, padded input of the naive transposed convolution,
    which the baseline lowering convolves with the flipped kernel. Along each
    spatial dimension `j` of an `N x C x H...` input, `strides[j] - 1` zeros
    go between neighbouring elements, `pads[j]` zeros in front and
    `pads[d + j]` behind; a negative pad removes that many positions
    instead:

    ```
    out[n, c, pad_begin + i * s] = in[n, c, i]      (inside the output)
    out[n, c, z]                 = 0                 elsewhere
    ```

    The result is `N x C x O...` with `O = (H-1)*s + 1 + pad_begin +
    pad_end`, which must be positive. This op is what the zero-free
    deformation avoids: after `reram-deform-tconv` no `zero_insert` is left.

    Example (the zero-inserted input of the second DCGAN-64 generator layer,
    K4 s2 p1: pads `K - 1 - p = 2`):

    ```mlir
    %z = reram.zero_insert %x strides [2, 2] pads [2, 2, 2, 2]
         : tensor<1x512x4x4xf32> -> tensor<1x512x11x11xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `strides` $strides `pads` $pads attr-dict `:` type($input) `->`
    type($output)
  }];
  let hasVerifier = 1;
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMDEFORMOPS_TD
