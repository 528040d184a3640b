//===- ZISADialect.td - ZISA dialect definition ------------*- tablegen -*-===//
//
// Part of zara. The instruction-level dialect: one op per instruction of the
// zara ISA, and the structure of a `.zara` program.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISADIALECT_TD
#define ZARA_DIALECT_ZISA_IR_ZISADIALECT_TD

include "mlir/IR/OpBase.td"

def ZISA_Dialect : Dialect {
  let name = "zisa";
  let cppNamespace = "::zara::zisa";
  let summary = "The zara instruction set and program structure";
  let description = [{
    The `zisa` dialect is the assembly language of the zara accelerator
    (docs/ISA.md): every instruction of a core's stream is one op, and a
    `zisa.program` op holds what a `.zara` program file holds (the hardware
    configuration, the weight segment, the input and output bindings, the
    crossbar groups, the barriers and one instruction stream per core).
    `zara-translate --export-program` writes a program op as a `.zara` file
    and `--import-program` reads one back, field for field; hand-written
    test programs are `.mlir` files in this dialect.

    Operands are *patterns*: an affine address in the indices of the
    enclosing loops plus up to four (count, stride) dimensions,

    ```
    <100 + 7*i0 + i1, counts [2, 3, 3], strides [49, 7, 1]>
    ```

    where `iK` is the index of the K-th enclosing `zisa.loop`, outermost
    first. All addresses count elements. The verifiers prove every access
    in range for every loop index value, as the simulator's loader does.

    Instructions are located at a `NameLoc` of the ONNX node they implement;
    the program file's debug table keeps these names.

    The rationale for these choices is in docs/Dialects/ZISA.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the dialect's attributes (ZISAAttributes.cpp).
    void registerAttributes();
  }];
}

#endif // ZARA_DIALECT_ZISA_IR_ZISADIALECT_TD
