//===- ONNXTensorProto.cpp - Decode ONNX TensorProto files ----------------===//
//
// Part of zara. Reads the serialized TensorProtos of the ONNX backend test
// data with onnx_proto. Built with -fexceptions (LLVM builds without): the
// protobuf and onnx code may throw, and every exception is caught here and
// turned into an llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "zara/Interpreter/TensorIO.h"

#include "onnx/onnx_pb.h"

#include "llvm/Support/SwapByteOrder.h"

#include <cstring>
#include <exception>

using namespace llvm;
using namespace zara;
using namespace zara::interp;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// Decodes `count` little-endian IEEE elements (bits in `IntT`) of `raw`.
template <typename FloatT, typename IntT>
static std::vector<double> decodeRaw(const std::string &raw, int64_t count) {
  std::vector<double> data(count);
  for (int64_t i = 0; i < count; ++i) {
    IntT bits;
    std::memcpy(&bits, raw.data() + i * sizeof(IntT), sizeof(IntT));
    if (!llvm::sys::IsLittleEndianHost)
      bits = llvm::byteswap(bits);
    FloatT value;
    std::memcpy(&value, &bits, sizeof(FloatT));
    data[i] = value;
  }
  return data;
}

static Expected<Tensor> decode(const onnx::TensorProto &proto) {
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return makeError("tensors with external data are not supported");
  if (proto.has_segment())
    return makeError("segmented tensors are not supported");
  bool isFloat = proto.data_type() == onnx::TensorProto::FLOAT;
  bool isDouble = proto.data_type() == onnx::TensorProto::DOUBLE;
  if (!isFloat && !isDouble)
    return makeError("unsupported TensorProto data type " +
                     Twine(proto.data_type()) +
                     "; expected FLOAT (1) or "
                     "DOUBLE (11)");

  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0)
      return makeError("negative dimension " + Twine(dim));
    if (dim != 0 && count > INT64_MAX / 8 / dim)
      return makeError("tensor is too large");
    shape.push_back(dim);
    count *= dim;
  }

  std::vector<double> data;
  size_t itemSize = isFloat ? 4 : 8;
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != count * itemSize)
      return makeError("raw_data holds " + Twine(raw.size()) +
                       " bytes, but the dims need " + Twine(count * itemSize));
    data = isFloat ? decodeRaw<float, uint32_t>(raw, count)
                   : decodeRaw<double, uint64_t>(raw, count);
  } else if (isFloat) {
    if (proto.float_data_size() != count)
      return makeError("float_data holds " + Twine(proto.float_data_size()) +
                       " elements, but the dims need " + Twine(count));
    data.assign(proto.float_data().begin(), proto.float_data().end());
  } else {
    if (proto.double_data_size() != count)
      return makeError("double_data holds " + Twine(proto.double_data_size()) +
                       " elements, but the dims need " + Twine(count));
    data.assign(proto.double_data().begin(), proto.double_data().end());
  }
  return Tensor(shape, std::move(data));
}

Expected<Tensor> interp::parseTensorProto(StringRef bytes) {
  try {
    onnx::TensorProto proto;
    if (bytes.size() > (size_t)INT_MAX ||
        !proto.ParseFromArray(bytes.data(), (int)bytes.size()))
      return makeError("not a serialized ONNX TensorProto");
    return decode(proto);
  } catch (const std::exception &e) {
    return makeError(Twine("cannot decode the TensorProto: ") + e.what());
  } catch (...) {
    return makeError("cannot decode the TensorProto");
  }
}
