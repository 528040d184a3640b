//===- Passes.td - ReRAM dialect passes --------------------*- tablegen -*-===//
//
// Part of zara. The passes that work on tensor-level `reram` IR.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_TD
#define ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PrintLayerTablePass : Pass<"reram-print-layer-table", "mlir::ModuleOp"> {
  let summary = "Print a per-layer table: ONNX node, op, shapes, MACs";
  let description = [{
    Prints one row per `reram` op that does work (every op but constants and
    reshapes), in program order: the ONNX node name taken from the op's
    location (`-` when it has none), the op, the shapes of its operands that
    are not constants (weights held as constants are left out) and of its
    result, and for the ops that run
    on crossbars (`conv`, `conv_transpose`, `matmul`) the multiply-accumulates
    of the direct form ("issued": for a transposed convolution, the
    zero-inserting form, zeros included) and the useful ones (input operand an
    original element, not an inserted or padding zero). A total row closes
    the table. The IR is not changed.

    The table goes to standard output, or to the file named by `output`.
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "File to write the table to ('-' for standard output)">,
  ];
  let dependentDialects = ["::zara::reram::ReRAMDialect"];
}

def DeformTransposedConvPass : Pass<"reram-deform-tconv", "mlir::ModuleOp"> {
  let summary = "Rewrite transposed convolutions into zero-free stride-1 "
                "sub-convolutions";
  let description = [{
    Rewrites every `reram.conv_transpose` into a form that never reads a
    zero-inserted operand (docs/Rationale/TransposedConvDeformation.md has
    the math):

    - **phase-wise**: the outputs are split by phase `r = (o + p) mod s` per
      spatial dimension; each of the `s^d` phases is a stride-1
      `reram.conv` of the original input with the sub-kernel of the taps
      `k` with `(dil*k) mod s = r`, spatially reversed and with input and
      output channels swapped (a `reram.strided_slice` of the weight, after
      a `reram.transpose` to convolution layout). A `reram.interleave`
      writes the phases into every s-th output position; phases that no tap
      reaches (K < s, or dilation sharing a factor with the stride) get only
      the bias. Pads, output_padding, groups, dilation and 1-D to 3-D are
      handled exactly; a stride-1 layer is one `reram.conv`.
    - **pixel-wise** (RED's mapping): one `reram.matmul`
      `[N*H..., Cin/g] x [Cin/g, Cout/g*K...]` per group multiplies every
      input element by every tap, and `reram.overlap_add` scatters and
      accumulates the products into the output.
    - **fused** (`fuse-phases`, when every `K % s == 0` and the dilation is
      1): one stride-1 `reram.conv` with `s^d * Cout` output channels
      computes all phases over a shared window, followed by
      `reram.depth_to_space` and a crop.

    A transposed convolution of a 1x1 (all spatial dimensions 1) input is
    always compiled as a matrix product (`reram.matmul`, `reram.reshape`,
    plus the bias as a `reram.add`, or `reram.overlap_add` when pads or
    dilation move the taps). Otherwise `form=auto` picks, per layer, the
    zero-free form that issues fewer multiply-accumulates (ties go to the
    phase-wise form); `form=phase` and `form=pixel` force one. The weight is
    rearranged by `reram` ops on the weight value, so it may be a constant
    or a function argument. New ops keep the location (the ONNX node) of the
    op they replace.

    The backward operators of training are deformed too:
    `reram.conv_backward_data` is the transposed convolution of `dy` with
    the forward weight and takes the same forms;
    `reram.conv_transpose_backward_data`, a strided convolution of `dy`,
    becomes a `reram.conv`; `reram.conv_backward_weight` and
    `reram.conv_transpose_backward_weight` with a stride above 1 become
    stride-1 weight gradients of the polyphase components of `x` (resp.
    `dy`), one per tap phase, interleaved along the taps, and a
    `reram.channel_sum` of `dy` for the bias gradient. Afterwards no
    `conv_transpose`, `conv_backward_data` or strided weight gradient is
    left.
  }];
  let options = [
    Option<"form", "form", "::zara::reram::DeformForm",
           /*default=*/"::zara::reram::DeformForm::Auto",
           "Zero-free form of each layer",
           [{::llvm::cl::values(
             clEnumValN(::zara::reram::DeformForm::Auto, "auto",
                        "the form with fewer issued MACs, per layer"),
             clEnumValN(::zara::reram::DeformForm::Phase, "phase",
                        "phase-wise stride-1 sub-convolutions"),
             clEnumValN(::zara::reram::DeformForm::Pixel, "pixel",
                        "pixel-wise matrix product and overlap-add"))}]>,
    Option<"fusePhases", "fuse-phases", "bool", /*default=*/"false",
           "Emit a phase-wise layer with K % s == 0 and dilation 1 as one "
           "convolution with s^d*Cout outputs and depth_to_space">,
  ];
  let dependentDialects = ["::zara::reram::ReRAMDialect"];
}

def LowerZeroInsertPass : Pass<"reram-lower-zero-insert", "mlir::ModuleOp"> {
  let summary = "Lower transposed convolutions to zero insertion and a "
                "stride-1 convolution (the naive baseline)";
  let description = [{
    The pre-ZARA form that the deformation is measured against: every
    `reram.conv_transpose` becomes a `reram.zero_insert` of its input
    (`s - 1` zeros between elements, `dil*(K-1) - p` zeros in front and
    `dil*(K-1) - q + output_padding` behind; negative amounts crop) followed
    by a stride-1 `reram.conv` with the same dilation, groups and bias and
    the spatially reversed kernel with input and output channels swapped
    (`reram.transpose`/`reram.reshape` and a `reram.strided_slice` of the
    weight value). The convolution's issued MACs are the naive ones,
    inserted zeros included.
  }];
  let dependentDialects = ["::zara::reram::ReRAMDialect"];
}

def MapCrossbarsPass : Pass<"reram-map-crossbars", "mlir::ModuleOp"> {
  let summary = "Tile, place and replicate the weights of every crossbar op";
  let description = [{
    Weight-stationary crossbar mapping (docs/Mapping.md). Every `reram.conv`
    and `reram.matmul` gets a `reram.mapping` attribute (`#reram.mapping`):
    its weight matrix per group (`Cin/g * prod(K) x Cout/g`, or `K x N`) is
    cut into blocks of `crossbar.rows` rows and `crossbar.cols /
    cells_per_weight` weights, each block on one array (two for
    differential weights) of one core; row tiles accumulate partial sums.
    Ops are placed greedily in program order, each ONNX node (all the ops
    of a deformed layer) starting on a fresh core, cores filling tiles. With `replicate`, the cores left over hold
    copies of the bottleneck ops: repeatedly the op with the most input
    windows per copy, `ceil(W / R)`, gets the fewest extra copies that
    lower that figure, while they fit. A model that does not fit is an
    error naming the first op that does not, with the arrays it needs and
    those left (time-multiplexing is not implemented). Ops that must be
    deformed first (`conv_transpose`, `conv_backward_data`,
    `conv_transpose_backward_data`) are errors; the weight-gradient ops are
    left unmapped.
  }];
  let options = [
    Option<"hw", "hw", "std::string", /*default=*/"\"\"",
           "Hardware configuration JSON file (empty: the ISAAC defaults)">,
    Option<"replicate", "replicate", "bool", /*default=*/"true",
           "Replicate the bottleneck ops onto the cores left over">,
  ];
  let statistics = [
    Statistic<"numArrays", "arrays", "Crossbar arrays used, replicas included">,
    Statistic<"numCores", "cores", "Cores used">,
    Statistic<"numReplicated", "replicated-ops", "Ops with more than one copy">,
  ];
  let dependentDialects = ["::zara::reram::ReRAMDialect"];
}

#endif // ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_TD
