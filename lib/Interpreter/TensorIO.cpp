//===- TensorIO.cpp - Read and write the interpreter's tensors ------------===//
//
// Part of zara. `.npy` files go through zara/Support/NumPy.h; TensorProtos
// through ONNXTensorProto.cpp, the one file of the library built with
// exceptions.
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/TensorIO.h"
#include "zara/Support/NumPy.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;
using namespace zara;
using namespace zara::interp;

Expected<Tensor> interp::readTensorFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!file)
    return createStringError(file.getError(), "cannot read '" + path + "': " +
                                                  file.getError().message());
  StringRef bytes = (*file)->getBuffer();

  // A .npy file is recognised by its magic string, whatever its name.
  if (bytes.starts_with("\x93NUMPY") || !path.ends_with(".pb")) {
    Expected<npy::Array> array = npy::readArray(bytes);
    if (!array)
      return createStringError(inconvertibleErrorCode(),
                               "'" + path +
                                   "': " + toString(array.takeError()));
    return Tensor(array->shape, std::move(array->data));
  }
  Expected<Tensor> tensor = parseTensorProto(bytes);
  if (!tensor)
    return createStringError(inconvertibleErrorCode(),
                             "'" + path + "': " + toString(tensor.takeError()));
  return tensor;
}

Error interp::writeTensorFile(StringRef path, const Tensor &tensor) {
  return npy::writeFile(path, tensor.shape, tensor.data, npy::DType::Float32);
}
