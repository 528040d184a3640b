//===- NumPy.h - Read and write NumPy .npy files ----------------*- C++ -*-===//
//
// Part of zara. A reader and writer of NumPy's `.npy` format (versions 1.0,
// 2.0 and 3.0) for floating-point arrays in C order. No IR: the reference
// interpreter and the tests exchange tensors with Python through it.
//
// A `.npy` file is the magic string "\x93NUMPY", a major and a minor version
// byte, the header length (2 bytes little-endian in version 1, 4 bytes in
// versions 2 and 3), then the header: a Python dict literal such as
// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, padded
// with spaces and ending in a newline. The raw data follows. See
// numpy/lib/format.py for the specification.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SUPPORT_NUMPY_H
#define ZARA_SUPPORT_NUMPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace zara {
namespace npy {

/// The element types zara reads and writes.
enum class DType { Float32, Float64 };

/// The parsed header of a `.npy` file.
struct Header {
  unsigned majorVersion = 1; ///< format version: 1, 2 or 3
  unsigned minorVersion = 0;
  std::string descr;         ///< the dtype string, e.g. "<f4"
  bool fortranOrder = false; ///< column-major data
  llvm::SmallVector<int64_t> shape;
  size_t dataOffset = 0; ///< byte offset of the data from the file start
};

/// A floating-point array read from a `.npy` file, widened to double.
struct Array {
  DType dtype = DType::Float32; ///< element type of the file
  llvm::SmallVector<int64_t> shape;
  std::vector<double> data; ///< row-major elements
};

/// Parses the magic string, version and header dict of `buffer` (the whole
/// file). Accepts any dtype and order; `readArray` checks those.
llvm::Expected<Header> parseHeader(llvm::StringRef buffer);

/// Reads a float32 or float64 array in C order from `buffer` (the whole
/// file). Fortran order, other dtypes and truncated data are errors.
llvm::Expected<Array> readArray(llvm::StringRef buffer);

/// Reads the `.npy` file at `path`; errors name the file.
llvm::Expected<Array> readFile(llvm::StringRef path);

/// Writes `data` (row-major, `shape`) as a version 1.0 `.npy` file of
/// `dtype` (little-endian, C order) to `os`. Switches to version 2.0 only
/// if the header does not fit version 1.0's 16-bit length.
void writeArray(llvm::raw_ostream &os, llvm::ArrayRef<int64_t> shape,
                llvm::ArrayRef<double> data, DType dtype = DType::Float32);
/// The same from float values (no copy through doubles).
void writeFloatArray(llvm::raw_ostream &os, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<float> data, DType dtype = DType::Float32);

/// Writes `data` to the file at `path` (see `writeArray`).
llvm::Error writeFile(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<double> data,
                      DType dtype = DType::Float32);
llvm::Error writeFloatFile(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<float> data,
                           DType dtype = DType::Float32);

/// The file name under which zara-sim and zara-interp write a graph output
/// called `name`: `<name>.npy` with `/` and `\` replaced by `_`, so that an
/// ONNX name such as `/main/Tanh_output_0` stays one file inside the output
/// directory.
std::string outputFileName(llvm::StringRef name);

} // namespace npy
} // namespace zara

#endif // ZARA_SUPPORT_NUMPY_H
