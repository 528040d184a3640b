//===- ReRAMInterfaces.td - ReRAM op interfaces ------------*- tablegen -*-===//
//
// Part of zara. Interfaces shared by the ops that run on crossbars.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_TD
#define ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_TD

include "mlir/IR/OpBase.td"

def ReRAM_MacCountOpInterface : OpInterface<"MacCountOpInterface"> {
  let cppNamespace = "::zara::reram";
  let description = [{
    An op whose work is multiply-accumulates (MACs) that a crossbar performs:
    convolutions, transposed convolutions and matrix products. Reports and
    the layer table read MAC counts through this interface. Counts include
    the batch and cover the products only: bias additions are not counted.
    `issued - useful` is the work a zero-free execution saves.
  }];
  let methods = [
    InterfaceMethod<[{
        Multiply-accumulates the op issues when executed in its direct form:
        every output window times every kernel tap, padding zeros included.
        For a transposed convolution the direct form is the zero-inserting
        one (stride-1 convolution of the zero-dilated, padded input).
      }], "int64_t", "getIssuedMacs">,
    InterfaceMethod<[{
        The issued multiply-accumulates whose input operand is an original
        element of the input tensor, not an inserted or padding zero. Equal
        to the issued count for a matrix product and for an unpadded
        convolution.
      }], "int64_t", "getUsefulMacs">,
  ];
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMINTERFACES_TD
