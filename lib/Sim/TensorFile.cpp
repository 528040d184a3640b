//===- TensorFile.cpp - zara-sim's input and output tensor files ----------===//
//
// Part of zara. Reads `.npy` files (through zara/Support/NumPy.h) and
// serialized ONNX TensorProtos, writes float32 `.npy` files. The TensorProto
// reader decodes the protobuf wire format directly (varints, fixed 32/64-bit
// and length-delimited fields; fields it does not need are skipped by wire
// type), so the simulator library needs neither protobuf nor onnx. Every
// length is checked against the bytes left, so a damaged file is an error,
// never an out-of-bounds read.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/Simulator.h"

#include "zara/Support/NumPy.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"

#include <cstring>

using namespace llvm;
using namespace zara;
using namespace zara::sim;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

namespace {
/// A cursor over protobuf wire-format bytes.
class WireReader {
public:
  explicit WireReader(StringRef bytes) : rest(bytes) {}
  bool done() const { return rest.empty(); }

  Expected<uint64_t> varint() {
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (rest.empty())
        return makeError("truncated varint");
      uint8_t byte = rest.front();
      rest = rest.drop_front();
      value |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return value;
    }
    return makeError("varint longer than 10 bytes");
  }
  Expected<StringRef> bytes(uint64_t n) {
    if (n > rest.size())
      return makeError("a field of " + Twine(n) + " bytes runs past the end");
    StringRef out = rest.take_front(n);
    rest = rest.drop_front(n);
    return out;
  }
  Expected<StringRef> lengthDelimited() {
    Expected<uint64_t> n = varint();
    if (!n)
      return n.takeError();
    return bytes(*n);
  }
  /// Skips a field of wire type `wire`.
  Error skip(unsigned wire) {
    switch (wire) {
    case 0:
      return varint().takeError();
    case 1:
      return bytes(8).takeError();
    case 2:
      return lengthDelimited().takeError();
    case 5:
      return bytes(4).takeError();
    default:
      return makeError("unsupported wire type " + Twine(wire));
    }
  }

private:
  StringRef rest;
};

template <typename T> T readLittle(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if (!sys::IsLittleEndianHost) {
    if constexpr (sizeof(T) == 4) {
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      bits = byteswap(bits);
      std::memcpy(&v, &bits, 4);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &v, 8);
      bits = byteswap(bits);
      std::memcpy(&v, &bits, 8);
    }
  }
  return v;
}
} // namespace

Expected<HostTensor> zara::sim::parseTensorProto(StringRef bytes) {
  enum : uint64_t { kFloat = 1, kDouble = 11 };
  HostTensor tensor;
  uint64_t dataType = 0;
  std::optional<StringRef> raw;
  std::vector<float> floats;
  std::vector<double> doubles;
  WireReader reader(bytes);
  while (!reader.done()) {
    Expected<uint64_t> key = reader.varint();
    if (!key)
      return key.takeError();
    unsigned field = *key >> 3, wire = *key & 7;
    switch (field) {
    case 1: { // dims: int64, packed or not
      auto addDim = [&](uint64_t dim) -> Error {
        if (int64_t(dim) < 0)
          return makeError("negative dimension " + Twine(int64_t(dim)));
        tensor.shape.push_back(int64_t(dim));
        return Error::success();
      };
      if (wire == 0) {
        Expected<uint64_t> dim = reader.varint();
        if (!dim)
          return dim.takeError();
        if (Error e = addDim(*dim))
          return std::move(e);
      } else if (wire == 2) {
        Expected<StringRef> packed = reader.lengthDelimited();
        if (!packed)
          return packed.takeError();
        WireReader dims(*packed);
        while (!dims.done()) {
          Expected<uint64_t> dim = dims.varint();
          if (!dim)
            return dim.takeError();
          if (Error e = addDim(*dim))
            return std::move(e);
        }
      } else {
        return makeError("dims has wire type " + Twine(wire));
      }
      break;
    }
    case 2: { // data_type
      Expected<uint64_t> v = reader.varint();
      if (!v)
        return v.takeError();
      dataType = *v;
      break;
    }
    case 3:
      return makeError("segmented tensors are not supported");
    case 4: // float_data
      if (wire == 5) {
        Expected<StringRef> b = reader.bytes(4);
        if (!b)
          return b.takeError();
        floats.push_back(readLittle<float>(b->data()));
      } else if (wire == 2) {
        Expected<StringRef> b = reader.lengthDelimited();
        if (!b)
          return b.takeError();
        if (b->size() % 4)
          return makeError("packed float_data is not a multiple of 4 bytes");
        for (size_t i = 0; i < b->size(); i += 4)
          floats.push_back(readLittle<float>(b->data() + i));
      } else {
        return makeError("float_data has wire type " + Twine(wire));
      }
      break;
    case 9: { // raw_data
      Expected<StringRef> b = reader.lengthDelimited();
      if (!b)
        return b.takeError();
      raw = *b;
      break;
    }
    case 10: // double_data
      if (wire == 1) {
        Expected<StringRef> b = reader.bytes(8);
        if (!b)
          return b.takeError();
        doubles.push_back(readLittle<double>(b->data()));
      } else if (wire == 2) {
        Expected<StringRef> b = reader.lengthDelimited();
        if (!b)
          return b.takeError();
        if (b->size() % 8)
          return makeError("packed double_data is not a multiple of 8 bytes");
        for (size_t i = 0; i < b->size(); i += 8)
          doubles.push_back(readLittle<double>(b->data() + i));
      } else {
        return makeError("double_data has wire type " + Twine(wire));
      }
      break;
    case 13:
      return makeError("tensors with external data are not supported");
    case 14: { // data_location
      Expected<uint64_t> v = reader.varint();
      if (!v)
        return v.takeError();
      if (*v != 0)
        return makeError("tensors with external data are not supported");
      break;
    }
    default:
      if (Error e = reader.skip(wire))
        return std::move(e);
    }
  }
  if (dataType != kFloat && dataType != kDouble)
    return makeError("unsupported TensorProto data type " + Twine(dataType) +
                     "; expected FLOAT (1) or DOUBLE (11)");
  uint64_t count = 1;
  for (int64_t dim : tensor.shape) {
    if (dim != 0 && count > (uint64_t(1) << 40) / uint64_t(dim))
      return makeError("tensor is too large");
    count *= uint64_t(dim);
  }
  size_t itemSize = dataType == kFloat ? 4 : 8;
  tensor.data.resize(count);
  if (raw) {
    if (raw->size() != count * itemSize)
      return makeError("raw_data holds " + Twine(raw->size()) +
                       " bytes, but the dims need " + Twine(count * itemSize));
    for (uint64_t i = 0; i < count; ++i)
      tensor.data[i] =
          dataType == kFloat
              ? readLittle<float>(raw->data() + i * 4)
              : static_cast<float>(readLittle<double>(raw->data() + i * 8));
  } else if (dataType == kFloat) {
    if (floats.size() != count)
      return makeError("float_data holds " + Twine(floats.size()) +
                       " elements, but the dims need " + Twine(count));
    tensor.data = std::move(floats);
  } else {
    if (doubles.size() != count)
      return makeError("double_data holds " + Twine(doubles.size()) +
                       " elements, but the dims need " + Twine(count));
    for (uint64_t i = 0; i < count; ++i)
      tensor.data[i] = static_cast<float>(doubles[i]);
  }
  return tensor;
}

Expected<HostTensor> zara::sim::readTensorFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!file) {
    std::string text = file.getError().message();
    if (!text.empty())
      text[0] = std::tolower(static_cast<unsigned char>(text[0]));
    return makeError(path + ": " + text);
  }
  StringRef bytes = (*file)->getBuffer();
  if (bytes.starts_with("\x93NUMPY")) {
    Expected<npy::Array> array = npy::readArray(bytes);
    if (!array)
      return makeError(path + ": " + toString(array.takeError()));
    HostTensor tensor;
    tensor.shape = array->shape;
    tensor.data.assign(array->data.begin(), array->data.end());
    return tensor;
  }
  if (path.ends_with(".pb")) {
    Expected<HostTensor> tensor = parseTensorProto(bytes);
    if (!tensor)
      return makeError(path + ": not a valid ONNX TensorProto: " +
                       toString(tensor.takeError()));
    return tensor;
  }
  return makeError(path + ": not a .npy file, and not named .pb (an ONNX "
                          "TensorProto)");
}

Error zara::sim::writeTensorFile(StringRef path, const HostTensor &tensor) {
  if (Error e = npy::writeFloatFile(path, tensor.shape, tensor.data,
                                    npy::DType::Float32))
    return makeError(path + ": " + toString(std::move(e)));
  return Error::success();
}
