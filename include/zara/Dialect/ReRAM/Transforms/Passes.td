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

#endif // ZARA_DIALECT_RERAM_TRANSFORMS_PASSES_TD
