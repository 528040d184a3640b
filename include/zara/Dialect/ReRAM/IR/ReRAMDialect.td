//===- ReRAMDialect.td - ReRAM dialect definition ----------*- tablegen -*-===//
//
// Part of zara. The tensor-level dialect that GAN models are imported into.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMDIALECT_TD
#define ZARA_DIALECT_RERAM_IR_RERAMDIALECT_TD

include "mlir/IR/OpBase.td"

def ReRAM_Dialect : Dialect {
  let name = "reram";
  let cppNamespace = "::zara::reram";
  let summary = "Tensor-level operators of GAN training for ReRAM crossbar accelerators";
  let description = [{
    The `reram` dialect holds a GAN model at tensor level, as the ONNX importer
    produces it and before it is mapped onto crossbars. It is deliberately
    small: the operators that a generator and a discriminator are made of
    (convolution, transposed convolution, matrix product, batch
    normalisation, element-wise activations and arithmetic, reshapes,
    concatenation and constants), each with typed attributes and a verifier
    for every shape relation. Three further families join them:

    - the backward operators of GAN training (the data and weight gradients
      of convolution and transposed convolution);
    - the ops that the zero-free deformation (`reram-deform-tconv`) and its
      zero-insert baseline (`reram-lower-zero-insert`) introduce: phase
      gathers (`strided_slice`), phase scatters (`interleave`),
      `depth_to_space`, `overlap_add`, `zero_insert` and `channel_sum`;
    - the `#reram.mapping` attribute that `reram-map-crossbars` attaches to
      every op that runs on crossbars (tiling, replication, placement).

    All tensors are ranked, statically shaped and of element type `f32`; the
    layout is ONNX's: activations `N x C x spatial...`, convolution weights
    `Cout x Cin/groups x K...`, transposed-convolution weights
    `Cin x Cout/groups x K...`. ONNX conveniences such as `auto_pad`,
    `output_shape` or Gemm's `alpha`/`beta`/`transA`/`transB` are resolved at
    import, so every op has one canonical form. Weights are `dense_resource`
    blobs, so printed IR stays readable.

    Function arguments and results carry their ONNX names in the
    `reram.onnx_name` string attribute, the only attribute the dialect
    defines on them; ops are located at a `NameLoc` of the ONNX node that
    produced them (`<op_type>_<index>` for an unnamed node).

    The rationale for these choices is in docs/Dialects/ReRAM.md, the
    deformation's in docs/Rationale/TransposedConvDeformation.md, the
    mapping's in docs/Mapping.md.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let hasConstantMaterializer = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes of ReRAMAttributes.td.
    void registerAttributes();
    /// The attribute naming a function argument or result after its ONNX
    /// graph input or output.
    static constexpr ::llvm::StringLiteral getOnnxNameAttrName() {
      return ::llvm::StringLiteral("reram.onnx_name");
    }
  }];
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMDIALECT_TD
