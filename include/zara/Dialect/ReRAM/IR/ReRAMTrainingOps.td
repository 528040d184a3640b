//===- ReRAMTrainingOps.td - Backward operators of GAN training (gradients of the window ops) -*- tablegen -*-===//
//
// Part of zara. Included by ReRAMOps.td after the base classes; the
// verifiers live in lib/Dialect/ReRAM/IR/ReRAMTrainingOps.cpp.
//
// Each op is the gradient of `reram.conv` or `reram.conv_transpose` with
// respect to one of its operands, and carries the forward op's attributes
// verbatim, so that a training builder copies them. The forward op's three
// tensors (input x, weight w, output y) are each an operand or a result of
// the backward op; the verifier checks every shape relation of the forward
// op between them.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD
#define ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD

/// A backward operator of a sliding-window op. Operand 0 has the rank of
/// every tensor of the forward op.
class ReRAM_TrainingOp<string mnemonic, list<Trait> traits = []>
    : ReRAM_Op<mnemonic, !listconcat(traits, [Pure,
          DeclareOpInterfaceMethods<ReRAM_MacCountOpInterface>])> {
  let hasVerifier = 1;

  code trainingExtraDecls = [{
    /// Number of spatial dimensions (1, 2 or 3).
    int64_t getNumSpatialDims() {
      return ::llvm::cast<::mlir::RankedTensorType>(
                 getOperation()->getOperand(0).getType()).getRank() - 2;
    }
    /// Begin pads (first half of `pads`).
    ::llvm::ArrayRef<int64_t> getPadsBegin() {
      return getPads().take_front(getNumSpatialDims());
    }
    /// End pads (second half of `pads`).
    ::llvm::ArrayRef<int64_t> getPadsEnd() {
      return getPads().drop_front(getNumSpatialDims());
    }
  }];
  let extraClassDeclaration = trainingExtraDecls;
}

//===----------------------------------------------------------------------===//
// Gradients of reram.conv
//===----------------------------------------------------------------------===//

def ReRAM_ConvBackwardDataOp : ReRAM_TrainingOp<"conv_backward_data"> {
  let summary = "input gradient of a convolution";
  let description = [{
    The gradient of a loss with respect to the input of a `reram.conv`,
    given the gradient `dy` of the convolution's output and its weight `w`.
    It is the adjoint of the convolution: every output-gradient element
    flows back through every tap to the input element that tap read,

    ```
    dx[n, ci, i...] = sum over co in group(ci), o..., k... with
                          o*s + k*dil - pad_begin = i (per dimension) of
                      dy[n, co, o...] * w[co, ci mod (Cin/g), k...]
    ```

    Reads of the forward op that fell on padding zeros have no input
    element to flow back to and are dropped. The attributes are the
    forward convolution's, for `d` spatial dimensions:

    - `output_grad` (`dy`): `N x Cout x O...`, rank `d + 2`;
    - `weight`: `Cout x Cin/groups x K...`, the forward weight;
    - `strides`, `dilations`: `d` positive values; `pads`: `2d`
      non-negative values, begin pads then end pads; `groups` divides both
      `Cin` and `Cout`;
    - result `input_grad` (`dx`): `N x Cin x H...`, the forward input's
      shape.

    With a stride above 1 several input sizes give the same output size,
    so the result type states `H`; the verifier checks that the convolution
    arithmetic `O = floor((H + pad_begin + pad_end - dil*(K-1) - 1) / s) + 1`
    of each spatial dimension gives the size of `dy`, and the channel
    relations of the forward op.

    Executed naively, this op is a transposed convolution of `dy`: `s-1`
    zeros are inserted between its elements, it is padded, and a stride-1
    convolution with the flipped kernel runs over it, one window per
    element of `dx`. `MacCountOpInterface` counts those
    `N * Cin * Cout/groups * prod(H * K)` products as issued and the ones
    that read an original element of `dy` as useful.

    Example (the input gradient of the first DCGAN-64 discriminator layer,
    and of a grouped, dilated 1-D convolution):

    ```mlir
    %dx = reram.conv_backward_data %dy, %w strides [2, 2] pads [1, 1, 1, 1]
            dilations [1, 1] groups 1
          : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>)
            -> tensor<1x3x64x64xf32>
    %du = reram.conv_backward_data %dz, %v strides [1] pads [2, 2]
            dilations [2] groups 2
          : (tensor<1x6x10xf32>, tensor<6x2x3xf32>) -> tensor<1x4x10xf32>
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$output_grad,
    ReRAM_Tensor:$weight,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$input_grad);
  let assemblyFormat = [{
    $output_grad `,` $weight `strides` $strides `pads` $pads
    `dilations` $dilations `groups` $groups attr-dict
    `:` functional-type(operands, results)
  }];
}

def ReRAM_ConvBackwardWeightOp : ReRAM_TrainingOp<"conv_backward_weight"> {
  let summary = "weight and bias gradients of a convolution";
  let description = [{
    The gradients of a loss with respect to the weight and the bias of a
    `reram.conv`, given the convolution's input `x` and the gradient `dy`
    of its output. Each weight tap correlates the input with the output
    gradient; the bias gradient sums the output gradient:

    ```
    dw[co, c, k...] = sum over n, o... of
        dy[n, co, o...] * x[n, group(co)*Cin/g + c, o*s + k*dil - pad_begin]
    db[co] = sum over n, o... of dy[n, co, o...]
    ```

    where input indices outside `[0, H)` read the forward op's padding
    zeros. The attributes are the forward convolution's, for `d` spatial
    dimensions:

    - `input` (`x`): `N x Cin x H...`, rank `d + 2`;
    - `output_grad` (`dy`): `N x Cout x O...`;
    - `strides`, `dilations`: `d` positive values; `pads`: `2d`
      non-negative values, begin pads then end pads; `groups` divides both
      `Cin` and `Cout`;
    - results `weight_grad` (`dw`): `Cout x Cin/groups x K...`, the forward
      weight's shape, which states the kernel sizes; and `bias_grad`
      (`db`): `Cout`. A layer without bias ignores `db`.

    The verifier checks the forward convolution's arithmetic
    `O = floor((H + pad_begin + pad_end - dil*(K-1) - 1) / s) + 1` in every
    spatial dimension and its channel relations.

    Executed naively, each weight tap is a correlation of the padded input
    with `dy` dilated by the stride (`s-1` zeros inserted between its
    elements): `K * (s*(O-1) + 1)` products per dimension, counted as
    issued by `MacCountOpInterface` (times `N * Cin * Cout/groups`); the
    useful ones multiply an original element of `dy` with an original
    element of `x`. The bias sums are not multiply-accumulates and are not
    counted.

    Example (the weight gradient of the first DCGAN-64 discriminator
    layer):

    ```mlir
    %dw, %db = reram.conv_backward_weight %x, %dy strides [2, 2]
                 pads [1, 1, 1, 1] dilations [1, 1] groups 1
               : (tensor<1x3x64x64xf32>, tensor<1x64x32x32xf32>)
                 -> (tensor<64x3x4x4xf32>, tensor<64xf32>)
    ```

    A grouped 3-D convolution over a batch of two:

    ```mlir
    %dv, %dc = reram.conv_backward_weight %u, %dz strides [2, 2, 2]
                 pads [1, 1, 1, 1, 1, 1] dilations [1, 1, 1] groups 2
               : (tensor<2x4x9x9x9xf32>, tensor<2x6x5x5x5xf32>)
                 -> (tensor<6x2x3x3x3xf32>, tensor<6xf32>)
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$input,
    ReRAM_Tensor:$output_grad,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$weight_grad, ReRAM_Tensor1D:$bias_grad);
  let assemblyFormat = [{
    $input `,` $output_grad `strides` $strides `pads` $pads
    `dilations` $dilations `groups` $groups attr-dict
    `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Gradients of reram.conv_transpose
//===----------------------------------------------------------------------===//

def ReRAM_ConvTransposeBackwardDataOp
    : ReRAM_TrainingOp<"conv_transpose_backward_data"> {
  let summary = "input gradient of a transposed convolution";
  let description = [{
    The gradient of a loss with respect to the input of a
    `reram.conv_transpose`, given the gradient `dy` of its output and its
    weight `w`. Every input element scattered a weighted kernel into the
    output, so its gradient gathers `dy` under that kernel: a strided
    convolution of `dy`,

    ```
    dx[n, ci, i...] = sum over co < Cout/g, k... of
        dy[n, group(ci)*Cout/g + co, i*s + k*dil - pad_begin] * w[ci, co, k...]
    ```

    where `dy` indices outside `[0, O)` (the positions the pads cropped)
    read zeros. The attributes are the forward transposed convolution's,
    for `d` spatial dimensions:

    - `output_grad` (`dy`): `N x Cout x O...`, rank `d + 2`;
    - `weight`: `Cin x Cout/groups x K...`, the forward weight;
    - `strides`, `dilations`: `d` positive values; `pads`: `2d`
      non-negative values, begin pads then end pads; `output_padding`: `d`
      values, each non-negative and smaller than the stride or the dilation
      of its dimension; `groups` divides `Cin`;
    - result `input_grad` (`dx`): `N x Cin x H...`, the forward input's
      shape.

    The verifier checks the transposed-convolution arithmetic
    `O = s*(H-1) + dil*(K-1) + 1 + output_padding - pad_begin - pad_end` in
    every spatial dimension and the channel relations of the forward op.

    This gradient inserts no zeros even when executed naively: it is a
    strided convolution, one window per element of `dx`, whose only zeros
    are padding. `MacCountOpInterface` counts
    `N * Cin * Cout/groups * prod(H * K)` products as issued and those that
    read an original element of `dy` as useful.

    Example (the input gradient of the second DCGAN-64 generator layer,
    and of a 1-D layer with asymmetric pads and output padding):

    ```mlir
    %dx = reram.conv_transpose_backward_data %dy, %w strides [2, 2]
            pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0] groups 1
          : (tensor<1x256x8x8xf32>, tensor<512x256x4x4xf32>)
            -> tensor<1x512x4x4xf32>
    %du = reram.conv_transpose_backward_data %dz, %v strides [3]
            pads [1, 2] dilations [1] output_padding [2] groups 1
          : (tensor<1x2x15xf32>, tensor<3x2x4xf32>) -> tensor<1x3x5xf32>
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$output_grad,
    ReRAM_Tensor:$weight,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$output_padding,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$input_grad);
  let assemblyFormat = [{
    $output_grad `,` $weight `strides` $strides `pads` $pads
    `dilations` $dilations `output_padding` $output_padding
    `groups` $groups attr-dict `:` functional-type(operands, results)
  }];
}

def ReRAM_ConvTransposeBackwardWeightOp
    : ReRAM_TrainingOp<"conv_transpose_backward_weight"> {
  let summary = "weight and bias gradients of a transposed convolution";
  let description = [{
    The gradients of a loss with respect to the weight and the bias of a
    `reram.conv_transpose`, given its input `x` and the gradient `dy` of
    its output. Each weight tap correlates the input with the output
    gradient it scattered into; the bias gradient sums the output gradient:

    ```
    dw[ci, co, k...] = sum over n, i... of
        x[n, ci, i...] * dy[n, group(ci)*Cout/g + co, i*s + k*dil - pad_begin]
    db[co] = sum over n, o... of dy[n, co, o...]
    ```

    where `dy` indices outside `[0, O)` read zeros. The attributes are the
    forward transposed convolution's, for `d` spatial dimensions:

    - `input` (`x`): `N x Cin x H...`, rank `d + 2`;
    - `output_grad` (`dy`): `N x Cout x O...`;
    - `strides`, `dilations`: `d` positive values; `pads`: `2d`
      non-negative values, begin pads then end pads; `output_padding`: `d`
      values, each non-negative and smaller than the stride or the dilation
      of its dimension; `groups` divides `Cin` and `Cout`;
    - results `weight_grad` (`dw`): `Cin x Cout/groups x K...`, the forward
      weight's shape, which states the kernel sizes; and `bias_grad`
      (`db`): `Cout`. A layer without bias ignores `db`.

    The verifier checks the transposed-convolution arithmetic
    `O = s*(H-1) + dil*(K-1) + 1 + output_padding - pad_begin - pad_end` in
    every spatial dimension and the channel relations of the forward op.

    Executed naively, each weight tap is a correlation of the zero-inserted
    input (`s-1` zeros between its elements) with the padded `dy`:
    `K * (s*(H-1) + 1)` products per dimension, counted as issued by
    `MacCountOpInterface` (times `N * Cin * Cout/groups`); the useful ones
    multiply an original element of `x` with an original element of `dy`.
    The bias sums are not counted.

    Example (the weight gradient of the second DCGAN-64 generator layer):

    ```mlir
    %dw, %db = reram.conv_transpose_backward_weight %x, %dy strides [2, 2]
                 pads [1, 1, 1, 1] dilations [1, 1] output_padding [0, 0]
                 groups 1
               : (tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>)
                 -> (tensor<512x256x4x4xf32>, tensor<256xf32>)
    ```

    A 3-D layer with output padding:

    ```mlir
    %dv, %dc = reram.conv_transpose_backward_weight %u, %dz strides [2, 2, 2]
                 pads [1, 1, 1, 1, 1, 1] dilations [1, 1, 1]
                 output_padding [1, 1, 1] groups 1
               : (tensor<1x8x4x4x4xf32>, tensor<1x4x8x8x8xf32>)
                 -> (tensor<8x4x3x3x3xf32>, tensor<4xf32>)
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$input,
    ReRAM_Tensor:$output_grad,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$output_padding,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$weight_grad, ReRAM_Tensor1D:$bias_grad);
  let assemblyFormat = [{
    $input `,` $output_grad `strides` $strides `pads` $pads
    `dilations` $dilations `output_padding` $output_padding
    `groups` $groups attr-dict `:` functional-type(operands, results)
  }];
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMTRAININGOPS_TD
