//===- ReRAMOps.td - ReRAM tensor-level operations ---------*- tablegen -*-===//
//
// Part of zara. The tensor-level operators of the `reram` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMOPS_TD
#define ZARA_DIALECT_RERAM_IR_RERAMOPS_TD

include "zara/Dialect/ReRAM/IR/ReRAMDialect.td"
include "zara/Dialect/ReRAM/IR/ReRAMInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Base classes and constraints
//===----------------------------------------------------------------------===//

class ReRAM_Op<string mnemonic, list<Trait> traits = []>
    : Op<ReRAM_Dialect, mnemonic, traits>;

/// Every value in the dialect is a ranked, statically shaped f32 tensor.
def ReRAM_Tensor : StaticShapeTensorOf<[F32]>;
/// A statically shaped f32 tensor of the given rank (bias and batch-norm
/// parameters are 1-D, matrix-product operands 2-D).
class ReRAM_TensorOfRank<int rank>
    : RankedTensorOf<[F32], [HasAnyRankOfPred<[rank]>, HasStaticShapePred],
                     rank # "-D statically shaped tensor">;
def ReRAM_Tensor1D : ReRAM_TensorOfRank<1>;
def ReRAM_Tensor2D : ReRAM_TensorOfRank<2>;

/// A positive 64-bit integer attribute.
def ReRAM_PositiveI64Attr : ConfinedAttr<I64Attr, [IntMinValue<1>]>;

/// Shared arguments of the sliding-window ops.
class ReRAM_WindowOp<string mnemonic, list<Trait> traits = []>
    : ReRAM_Op<mnemonic, !listconcat(traits, [Pure,
          DeclareOpInterfaceMethods<ReRAM_MacCountOpInterface>])> {
  let hasVerifier = 1;

  code windowExtraDecls = [{
    /// Number of spatial dimensions (1, 2 or 3).
    int64_t getNumSpatialDims() {
      return ::llvm::cast<::mlir::RankedTensorType>(getInput().getType())
                 .getRank() - 2;
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
}

//===----------------------------------------------------------------------===//
// Sliding-window operators
//===----------------------------------------------------------------------===//

def ReRAM_ConvOp : ReRAM_WindowOp<"conv"> {
  let summary = "N-d convolution (1-D, 2-D or 3-D) with optional bias";
  let description = [{
    A grouped, strided, dilated and padded convolution with ONNX `Conv`
    semantics, in `N x C x spatial...` layout (1 to 3 spatial dimensions):

    ```
    out[n, co, o...] = bias[co] + sum_{ci in group(co), k...}
        in[n, ci, o*s + k*dil - pad_begin] * w[co, ci mod (Cin/g), k...]
    ```

    where input indices outside `[0, H)` read the padding zeros. Operands and
    attributes, for `d` spatial dimensions:

    - `input`: `N x Cin x H...`, rank `d + 2`;
    - `weight`: `Cout x Cin/groups x K...` (ONNX layout), rank `d + 2`;
    - `bias` (optional): `Cout`;
    - `strides`, `dilations`: `d` positive values;
    - `pads`: `2d` non-negative values, every begin pad, then every end pad
      (ONNX order), so asymmetric padding needs no extra op;
    - `groups`: divides both `Cin` and `Cout`.

    The result is `N x Cout x O...` with, per spatial dimension,
    `O = floor((H + pad_begin + pad_end - dil*(K-1) - 1) / s) + 1`. The
    verifier checks every one of these relations.

    Example (the first DCGAN-64 discriminator layer, and a grouped 1-D
    convolution without bias):

    ```mlir
    %y = reram.conv %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
           dilations [1, 1] groups 1
         : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>)
           -> tensor<1x64x32x32xf32>
    %z = reram.conv %u, %v strides [1] pads [2, 2] dilations [2] groups 2
         : (tensor<1x4x10xf32>, tensor<6x2x3xf32>) -> tensor<1x6x10xf32>
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$input,
    ReRAM_Tensor:$weight,
    Optional<ReRAM_Tensor1D>:$bias,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `strides` $strides `pads` $pads
    `dilations` $dilations `groups` $groups attr-dict
    `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = windowExtraDecls;
}

def ReRAM_ConvTransposeOp : ReRAM_WindowOp<"conv_transpose"> {
  let summary = "N-d transposed convolution (1-D, 2-D or 3-D) with optional bias";
  let description = [{
    The transposed ("fractionally strided") convolution of ONNX
    `ConvTranspose`, the generator's up-sampling layer. Every input element
    scatters a weighted copy of the kernel into the output:

    ```
    out[n, co, i*s + k*dil - pad_begin] +=
        in[n, ci, i] * w[ci, co mod (Cout/g), k]      (ci in group(co))
    ```

    plus the bias; contributions that land outside the output are dropped.
    Operands and attributes, for `d` spatial dimensions:

    - `input`: `N x Cin x H...`, rank `d + 2`;
    - `weight`: `Cin x Cout/groups x K...` (ONNX layout: the first dimension
      is the full input channel count, whatever `groups` is), rank `d + 2`;
    - `bias` (optional): `Cout`;
    - `strides`, `dilations`: `d` positive values;
    - `pads`: `2d` non-negative values, begin pads then end pads;
    - `output_padding`: `d` values, each non-negative and smaller than the
      stride or the dilation of its dimension (as PyTorch requires); it adds
      rows at the end of the output that only the bias and the last taps reach;
    - `groups`: divides `Cin`.

    The result is `N x (Cout/groups * groups) x O...` with, per spatial
    dimension, `O = s*(H-1) + dil*(K-1) + 1 + output_padding - pad_begin -
    pad_end`, checked by the verifier. ONNX's `auto_pad` and `output_shape`
    are resolved to explicit `pads` and `output_padding` at import, so this
    op always states them.

    Executed naively, this op inserts `s-1` zeros between input elements and
    convolves: the waste that the zero-free deformation removes. The op's
    `MacCountOpInterface` reports both counts.

    Example (the second DCGAN-64 generator layer, and a 3-D layer with
    output padding and bias):

    ```mlir
    %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
           dilations [1, 1] output_padding [0, 0] groups 1
         : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>)
           -> tensor<1x256x8x8xf32>
    %z = reram.conv_transpose %u, %v, %b strides [2, 2, 2]
           pads [1, 1, 1, 1, 1, 1] dilations [1, 1, 1]
           output_padding [1, 1, 1] groups 1
         : (tensor<1x8x4x4x4xf32>, tensor<8x4x3x3x3xf32>, tensor<4xf32>)
           -> tensor<1x4x8x8x8xf32>
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$input,
    ReRAM_Tensor:$weight,
    Optional<ReRAM_Tensor1D>:$bias,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$output_padding,
    ReRAM_PositiveI64Attr:$groups
  );
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `strides` $strides `pads` $pads
    `dilations` $dilations `output_padding` $output_padding
    `groups` $groups attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = windowExtraDecls;
}

def ReRAM_MatMulOp : ReRAM_Op<"matmul", [Pure,
    DeclareOpInterfaceMethods<ReRAM_MacCountOpInterface>]> {
  let summary = "2-D matrix product";
  let description = [{
    `out = lhs x rhs` for `lhs: M x K`, `rhs: K x N` and `out: M x N`.
    ONNX `MatMul` (2-D) and `Gemm` both import to it. Gemm's extras are
    normalised at import into ops that exist anyway: `transA`/`transB`
    become a `reram.transpose` (which folds when the operand is a
    constant), `alpha` and `beta` a `reram.mul` or scaled constants, and
    `C` a broadcasting `reram.add`. The crossbar mapper then sees one kind
    of matrix product only.

    Example (the fully connected layer of a paper-style DCGAN generator):

    ```mlir
    %y = reram.matmul %a, %b : (tensor<1x100xf32>, tensor<100x8192xf32>)
                               -> tensor<1x8192xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor2D:$lhs, ReRAM_Tensor2D:$rhs);
  let results = (outs ReRAM_Tensor2D:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

def ReRAM_BatchNormOp : ReRAM_Op<"batch_norm", [Pure]> {
  let summary = "batch normalisation, inference form";
  let description = [{
    Normalises each channel (dimension 1) with the stored statistics:

    ```
    out = scale[c] * (in - mean[c]) / sqrt(variance[c] + epsilon) + bias[c]
    ```

    ONNX `BatchNormalization` in inference mode (one output) imports to it.
    The input is `N x C x ...` (rank 2 or more) and the result has its type;
    the four parameter operands are 1-D tensors of `C` elements; `epsilon`
    is a non-negative `f32`.

    Example:

    ```mlir
    %y = reram.batch_norm %x, %scale, %bias, %mean, %var epsilon 1.0e-05
         : (tensor<1x512x4x4xf32>, tensor<512xf32>, tensor<512xf32>,
            tensor<512xf32>, tensor<512xf32>) -> tensor<1x512x4x4xf32>
    ```
  }];
  let arguments = (ins
    ReRAM_Tensor:$input,
    ReRAM_Tensor1D:$scale,
    ReRAM_Tensor1D:$bias,
    ReRAM_Tensor1D:$mean,
    ReRAM_Tensor1D:$variance,
    F32Attr:$epsilon
  );
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance `epsilon` $epsilon
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise operators
//===----------------------------------------------------------------------===//

class ReRAM_UnaryOp<string mnemonic, list<Trait> traits = []>
    : ReRAM_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let arguments = (ins ReRAM_Tensor:$input);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def ReRAM_ReluOp : ReRAM_UnaryOp<"relu"> {
  let summary = "rectified linear unit, max(x, 0)";
  let description = [{
    Element-wise `max(x, 0)` (ONNX `Relu`). Operand and result have the same
    type.

    Example:

    ```mlir
    %y = reram.relu %x : tensor<1x512x4x4xf32>
    ```
  }];
}

def ReRAM_LeakyReluOp : ReRAM_Op<"leaky_relu", [Pure, SameOperandsAndResultType]> {
  let summary = "leaky rectified linear unit";
  let description = [{
    Element-wise `x >= 0 ? x : alpha * x` (ONNX `LeakyRelu`). `alpha` is
    always stated (ONNX's default is 0.01; a GAN discriminator typically uses
    0.2). Operand and result have the same type.

    Example:

    ```mlir
    %y = reram.leaky_relu %x alpha 2.000000e-01 : tensor<1x64x32x32xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input, F32Attr:$alpha);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = "$input `alpha` $alpha attr-dict `:` type($output)";
}

def ReRAM_TanhOp : ReRAM_UnaryOp<"tanh"> {
  let summary = "hyperbolic tangent";
  let description = [{
    Element-wise `tanh(x)` (ONNX `Tanh`), the usual generator output.
    Operand and result have the same type.

    Example:

    ```mlir
    %y = reram.tanh %x : tensor<1x3x64x64xf32>
    ```
  }];
}

def ReRAM_SigmoidOp : ReRAM_UnaryOp<"sigmoid"> {
  let summary = "logistic sigmoid";
  let description = [{
    Element-wise `1 / (1 + exp(-x))` (ONNX `Sigmoid`), the usual
    discriminator output. Operand and result have the same type.

    Example:

    ```mlir
    %y = reram.sigmoid %x : tensor<1x1x1x1xf32>
    ```
  }];
}

class ReRAM_BinaryOp<string mnemonic, string onnxName, string formula>
    : ReRAM_Op<mnemonic, [Pure]> {
  let summary = "element-wise " # formula # " with broadcasting";
  let description = [{
    Element-wise `}] # formula # [{` (ONNX `}] # onnxName # [{`) with NumPy
    (ONNX multidirectional) broadcasting: the shapes are aligned at their
    trailing dimension, missing leading dimensions count as 1, and a
    dimension of size 1 stretches to the other operand's size. The result
    shape is the broadcast shape, checked by the verifier. Besides the ONNX
    node, it carries the bias and the scaling of an imported `Gemm`.

    Example:

    ```mlir
    %y = reram.}] # mnemonic # [{ %a, %b
         : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$lhs, ReRAM_Tensor:$rhs);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def ReRAM_AddOp : ReRAM_BinaryOp<"add", "Add", "lhs + rhs">;
def ReRAM_SubOp : ReRAM_BinaryOp<"sub", "Sub", "lhs - rhs">;
def ReRAM_MulOp : ReRAM_BinaryOp<"mul", "Mul", "lhs * rhs">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def ReRAM_ReshapeOp : ReRAM_Op<"reshape", [Pure]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Row-major reshape: the element order is unchanged and the element counts
    of input and result match (checked). ONNX `Reshape` with a constant
    shape and `Flatten` import to it; the target shape is the result type,
    so there are no `0` or `-1` entries to resolve.

    Folds: a reshape to the input's own type is the input, a reshape of a
    reshape reshapes the original input, and a reshape of a constant is a
    constant (a `dense_resource` constant keeps its blob, only the type
    changes).

    Example (the flatten in front of a discriminator's last matrix product):

    ```mlir
    %y = reram.reshape %x : tensor<1x512x4x4xf32> -> tensor<1x8192xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def ReRAM_TransposeOp : ReRAM_Op<"transpose", [Pure]> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    Result dimension `j` is input dimension `permutation[j]` (ONNX
    `Transpose` order); `permutation` is a permutation of `0 .. rank-1`.
    ONNX `Transpose` and Gemm's `transA`/`transB` on a non-constant operand
    import to it.

    Folds: the identity permutation is the input, a transpose of a transpose
    is one transpose with the composed permutation, and a transpose of a
    `dense` constant is a constant.

    Example:

    ```mlir
    %y = reram.transpose %x permutation [1, 0]
         : tensor<3x4xf32> -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $input `permutation` $permutation attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def ReRAM_ConcatOp : ReRAM_Op<"concat", [Pure]> {
  let summary = "concatenate tensors along one axis";
  let description = [{
    Joins one or more tensors of equal rank along `axis` (non-negative and
    smaller than the rank; ONNX's negative axes are normalised at import).
    All other dimensions match, and the result's `axis` dimension is the sum
    of the inputs'. A conditional GAN joins its latent vector and its label
    embedding this way. A concatenation of one input folds to that input.

    Example:

    ```mlir
    %y = reram.concat %z, %label axis 1
         : (tensor<1x100xf32>, tensor<1x10xf32>) -> tensor<1x110xf32>
    ```
  }];
  let arguments = (ins Variadic<ReRAM_Tensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def ReRAM_ConstantOp : ReRAM_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "output"]>]> {
  let summary = "a constant tensor (weights, biases, statistics)";
  let description = [{
    Materialises a constant tensor; the result type is the value's type.
    The importer turns every ONNX initializer and `Constant` node into one.
    Weights are held as `dense_resource` blobs keyed by the ONNX initializer
    name, so the IR holds a handle and the bytes go to the
    `dialect_resources` section at the end of the file, where
    `--mlir-elide-resource-strings-if-larger=N` can elide them. Small values
    (splats, shapes, scalars) may be plain `dense` attributes. The verifier
    checks that a `dense_resource` blob, when present, holds exactly the
    bytes of its type.

    Example:

    ```mlir
    %w = reram.constant dense_resource<generator.0.weight> : tensor<100x512x4x4xf32>
    %b = reram.constant dense<0.0> : tensor<512xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Training (backward) operators and deformation operators
//===----------------------------------------------------------------------===//

include "zara/Dialect/ReRAM/IR/ReRAMTrainingOps.td"
include "zara/Dialect/ReRAM/IR/ReRAMDeformOps.td"

#endif // ZARA_DIALECT_RERAM_IR_RERAMOPS_TD
