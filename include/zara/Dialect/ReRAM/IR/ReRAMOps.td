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
def ReRAM_Tensor1D : 1DTensorOf<[F32]>;

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
    semantics, in `NC[D]HW` layout:

    ```
    out[n, co, o...] = bias[co] + sum_{ci in group(co), k...}
        in[n, ci, o*s + k*dil - pad_begin] * w[co, ci mod (Cin/g), k...]
    ```

    where inputs outside `[0, H)` are the padding zeros. The weight has shape
    `Cout x Cin/groups x K...`; `pads` lists every begin pad, then every end
    pad (ONNX order). The output spatial size is
    `floor((H + pb + pe - dil*(K-1) - 1) / s) + 1`, checked by the verifier.

    Example:

    ```mlir
    %y = reram.conv %x, %w, %b strides [2, 2] pads [1, 1, 1, 1]
           dilations [1, 1] groups 1
         : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>, tensor<64xf32>)
           -> tensor<1x64x32x32xf32>
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
    out[n, co, i*s + k*dil - pad_begin] += in[n, ci, i] * w[ci, co mod (Cout/g), k]
    ```

    plus the bias. The weight has shape `Cin x Cout/groups x K...`. The output
    spatial size is `s*(H-1) + dil*(K-1) + 1 + output_padding - pb - pe`,
    checked by the verifier. ONNX's `auto_pad` and `output_shape` are
    resolved to explicit `pads` and `output_padding` at import, so this op
    always states them. Each `output_padding` entry is smaller than the
    stride or the dilation of its dimension, as ONNX requires.

    Executed naively, this op inserts `s-1` zeros between input elements:
    the waste that the zero-free deformation removes.

    Example:

    ```mlir
    %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
           dilations [1, 1] output_padding [0, 0] groups 1
         : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>)
           -> tensor<1x256x8x8xf32>
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
    `out = lhs x rhs` for `lhs: M x K` and `rhs: K x N`. ONNX `MatMul` (2-D)
    and `Gemm` both import to it; Gemm's `transA`/`transB` become a
    `reram.transpose` (or a transposed constant), `alpha` and `beta` become
    scaled constants or a `reram.mul`, and `C` a broadcasting `reram.add`.

    Example:

    ```mlir
    %y = reram.matmul %a, %b : (tensor<1x100xf32>, tensor<100x8192xf32>)
                               -> tensor<1x8192xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$lhs, ReRAM_Tensor:$rhs);
  let results = (outs ReRAM_Tensor:$output);
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
    The four parameter operands are 1-D tensors of the channel count.

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
    Element-wise `max(x, 0)` (ONNX `Relu`).

    ```mlir
    %y = reram.relu %x : tensor<1x512x4x4xf32>
    ```
  }];
}

def ReRAM_LeakyReluOp : ReRAM_Op<"leaky_relu", [Pure, SameOperandsAndResultType]> {
  let summary = "leaky rectified linear unit";
  let description = [{
    Element-wise `x >= 0 ? x : alpha * x` (ONNX `LeakyRelu`; a GAN
    discriminator typically uses `alpha = 0.2`).

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

    ```mlir
    %y = reram.tanh %x : tensor<1x3x64x64xf32>
    ```
  }];
}

def ReRAM_SigmoidOp : ReRAM_UnaryOp<"sigmoid"> {
  let summary = "logistic sigmoid";
  let description = [{
    Element-wise `1 / (1 + exp(-x))` (ONNX `Sigmoid`), the usual
    discriminator output.

    ```mlir
    %y = reram.sigmoid %x : tensor<1x1x1x1xf32>
    ```
  }];
}

class ReRAM_BinaryOp<string mnemonic, string opDesc>
    : ReRAM_Op<mnemonic, [Pure]> {
  let summary = "element-wise " # opDesc # " with broadcasting";
  let description = [{
    Element-wise }] # opDesc # [{ with NumPy (ONNX multidirectional)
    broadcasting: shapes are aligned at the trailing dimension and a
    dimension of size 1 stretches to the other operand's size. The result
    shape is the broadcast shape, checked by the verifier. It carries the
    bias of a matrix product and the ONNX `}] # opDesc # [{` node.

    ```mlir
    %y = reram.}] # mnemonic # [{ %a, %b : (tensor<1x64xf32>, tensor<64xf32>)
                                  -> tensor<1x64xf32>
    ```
  }];
  let arguments = (ins ReRAM_Tensor:$lhs, ReRAM_Tensor:$rhs);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def ReRAM_AddOp : ReRAM_BinaryOp<"add", "Add">;
def ReRAM_SubOp : ReRAM_BinaryOp<"sub", "Sub">;
def ReRAM_MulOp : ReRAM_BinaryOp<"mul", "Mul">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def ReRAM_ReshapeOp : ReRAM_Op<"reshape", [Pure]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Row-major reshape: the element order is unchanged and the element counts
    of input and output match (checked). ONNX `Reshape` with a constant
    shape and `Flatten` import to it.

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
    Output dimension `j` is input dimension `permutation[j]` (ONNX
    `Transpose` order). Gemm's `transA`/`transB` on a non-constant operand import to it.

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
}

def ReRAM_ConcatOp : ReRAM_Op<"concat", [Pure]> {
  let summary = "concatenate tensors along one axis";
  let description = [{
    Joins one or more tensors of equal rank along `axis` (non-negative; ONNX's
    negative axes are normalised at import). All other dimensions match.
    A conditional GAN joins its latent vector and its label embedding this way.

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
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def ReRAM_ConstantOp : ReRAM_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "output"]>]> {
  let summary = "a constant tensor (weights, biases, statistics)";
  let description = [{
    Materialises a constant tensor. The importer turns every ONNX initializer
    and `Constant` node into one. Large weights are held as
    `dense_resource` blobs keyed by the ONNX initializer name, so printed IR
    stays readable: the blob goes to the `dialect_resources` section at the
    end of the file (or is elided with `--mlir-elide-resource-strings-if-larger`).

    ```mlir
    %w = reram.constant dense_resource<generator.0.weight> : tensor<100x512x4x4xf32>
    %b = reram.constant dense<0.0> : tensor<512xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs ReRAM_Tensor:$output);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMOPS_TD
