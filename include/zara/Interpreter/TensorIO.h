//===- TensorIO.h - Read and write the interpreter's tensors ----*- C++ -*-===//
//
// Part of zara. The file formats of zara-interp's inputs and outputs:
// NumPy `.npy` files and serialized ONNX TensorProtos (`.pb`, the format of
// the ONNX backend test data).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_INTERPRETER_TENSORIO_H
#define ZARA_INTERPRETER_TENSORIO_H

#include "zara/Interpreter/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace zara {
namespace interp {

/// Reads a tensor from `path`: a `.npy` file (recognised by its magic
/// string; float32 or float64 in C order), or else, when the name ends in
/// `.pb`, a serialized ONNX TensorProto (FLOAT or DOUBLE, `raw_data` or the
/// typed data field). Errors name the file.
llvm::Expected<Tensor> readTensorFile(llvm::StringRef path);

/// Parses a serialized ONNX TensorProto of FLOAT or DOUBLE elements.
llvm::Expected<Tensor> parseTensorProto(llvm::StringRef bytes);

/// Writes `tensor` to `path` as a float32 `.npy` file.
llvm::Error writeTensorFile(llvm::StringRef path, const Tensor &tensor);

} // namespace interp
} // namespace zara

#endif // ZARA_INTERPRETER_TENSORIO_H
