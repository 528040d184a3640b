//===- Passes.td - zara's conversion passes ----------------*- tablegen -*-===//
//
// Part of zara. Passes that convert between dialects.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_CONVERSION_PASSES_TD
#define ZARA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerToZISAPass : Pass<"reram-lower-to-zisa", "mlir::ModuleOp"> {
  let summary = "Schedule mapped reram IR and lower it to a zisa program";
  let description = [{
    The operation scheduler and the lowering onto the instruction set
    (docs/Lowering.md). The module's one function of mapped `reram` IR
    (every `reram.conv` and `reram.matmul` carries `#reram.mapping`) becomes
    one `zisa.program`: the weight segment, the input and output bindings,
    one crossbar group per run of blocks of a core, and one instruction
    stream per core.

    - Constant weight rearrangements (the transposed and sliced sub-kernels
      of the deformation, folded batch-norm statistics) are folded at
      compile time; weights that are graph inputs are programmed into the
      crossbars at run time from their input binding.
    - A convolution's core loads the band of input rows its windows need
      from DRAM into its share of the tile buffer, issues one MVM per
      window and block, sends partial sums of later row tiles to the core
      of the first (`send`/`recv`), which adds them, applies the fused
      epilogue (bias, batch norm, activation) with the vector unit and
      stores the result to DRAM; a phase sub-convolution stores straight
      into every s-th position of the interleaved output.
    - Other ops run on a spare core: element-wise chains in tile-buffer
      chunks, data movement as DRAM-to-DRAM moves.
    - Ops form steps (ops of a step do not read each other's results);
      consecutive steps synchronise with a barrier per image, so with a
      batch the layers form a pipeline across images.
  }];
  let dependentDialects = ["zara::zisa::ZISADialect"];
  let options = [
    Option<"hw", "hw", "std::string", /*default=*/"\"\"",
           "Hardware configuration JSON file (empty: the ISAAC defaults); "
           "must be the one the mapping used">,
    Option<"producer", "producer", "std::string", /*default=*/"\"zara\"",
           "The program's producer field">,
  ];
  let statistics = [
    Statistic<"numCores", "cores", "Cores with an instruction stream">,
    Statistic<"numGroups", "groups", "Crossbar groups">,
    Statistic<"numSteps", "steps", "Synchronised steps per image">,
  ];
}

#endif // ZARA_CONVERSION_PASSES_TD
