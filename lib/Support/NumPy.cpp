//===- NumPy.cpp - Read and write NumPy .npy files ------------------------===//
//
// Part of zara. The header is a Python dict literal; a tiny recursive-descent
// parser accepts exactly the grammar NumPy writes (and older NumPy versions
// wrote): string keys, a string, a boolean and a tuple of integers (with an
// optional Python 2 `L` suffix), in any key order, with any whitespace.
//
//===----------------------------------------------------------------------===//

#include "zara/Support/NumPy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;
using namespace zara;
using namespace zara::npy;

static constexpr StringLiteral kMagic("\x93NUMPY");

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Header parsing
//===----------------------------------------------------------------------===//

namespace {
/// Recursive-descent parser of the header dict.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  /// Parses the whole dict into `header`.
  Error parse(Header &header) {
    bool sawDescr = false, sawOrder = false, sawShape = false;
    if (!consume('{'))
      return fail("expected '{'");
    while (!peek('}')) {
      std::string key;
      if (Error err = parseString(key))
        return err;
      if (!consume(':'))
        return fail("expected ':' after key '" + key + "'");
      if (key == "descr") {
        if (Error err = parseString(header.descr))
          return err;
        sawDescr = true;
      } else if (key == "fortran_order") {
        if (Error err = parseBool(header.fortranOrder))
          return err;
        sawOrder = true;
      } else if (key == "shape") {
        if (Error err = parseShape(header.shape))
          return err;
        sawShape = true;
      } else {
        return fail("unexpected key '" + key + "'");
      }
      if (!consume(','))
        break;
    }
    if (!consume('}'))
      return fail("expected '}'");
    skipSpace();
    if (!text.empty())
      return fail("unexpected text after the dict");
    if (!sawDescr || !sawOrder || !sawShape)
      return makeError("header lacks the key '" +
                       Twine(!sawDescr   ? "descr"
                             : !sawOrder ? "fortran_order"
                                         : "shape") +
                       "'");
    return Error::success();
  }

private:
  void skipSpace() { text = text.ltrim(" \t\r\n"); }

  bool peek(char c) {
    skipSpace();
    return text.starts_with(StringRef(&c, 1));
  }

  bool consume(char c) {
    if (!peek(c))
      return false;
    text = text.drop_front();
    return true;
  }

  Error fail(const Twine &what) {
    StringRef at = text.take_front(20);
    return makeError("malformed header: " + what + " at '" + at + "'");
  }

  Error parseString(std::string &out) {
    skipSpace();
    if (text.empty() || (text[0] != '\'' && text[0] != '"'))
      return fail("expected a quoted string");
    char quote = text[0];
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return fail("unterminated string");
    out = text.slice(1, end).str();
    text = text.drop_front(end + 1);
    return Error::success();
  }

  Error parseBool(bool &out) {
    skipSpace();
    if (text.consume_front("True")) {
      out = true;
      return Error::success();
    }
    if (text.consume_front("False")) {
      out = false;
      return Error::success();
    }
    return fail("expected True or False");
  }

  Error parseShape(SmallVectorImpl<int64_t> &out) {
    if (!consume('('))
      return fail("expected '(' to start the shape");
    while (!peek(')')) {
      skipSpace();
      size_t digits = text.find_first_not_of("0123456789");
      if (digits == 0 || digits == StringRef::npos)
        return fail("expected a dimension");
      int64_t dim;
      if (text.take_front(digits).getAsInteger(10, dim))
        return fail("dimension out of range");
      text = text.drop_front(digits);
      text.consume_front("L"); // Python 2 long literal
      out.push_back(dim);
      if (!consume(','))
        break;
    }
    if (!consume(')'))
      return fail("expected ')' to end the shape");
    return Error::success();
  }

  StringRef text;
};
} // namespace

Expected<Header> npy::parseHeader(StringRef buffer) {
  if (!buffer.starts_with(kMagic))
    return makeError("not a .npy file (bad magic string)");
  if (buffer.size() < kMagic.size() + 2)
    return makeError("truncated .npy header");
  Header header;
  header.majorVersion = (unsigned char)buffer[6];
  header.minorVersion = (unsigned char)buffer[7];
  size_t lengthBytes;
  if (header.majorVersion == 1)
    lengthBytes = 2;
  else if (header.majorVersion == 2 || header.majorVersion == 3)
    lengthBytes = 4;
  else
    return makeError("unsupported .npy format version " +
                     Twine(header.majorVersion) + "." +
                     Twine(header.minorVersion));
  size_t prefix = kMagic.size() + 2 + lengthBytes;
  if (buffer.size() < prefix)
    return makeError("truncated .npy header");
  // The header length is little-endian whatever the host.
  size_t length = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    length |= size_t((unsigned char)buffer[8 + i]) << (8 * i);
  if (buffer.size() - prefix < length)
    return makeError("truncated .npy header: " + Twine(length) +
                     " bytes announced, " + Twine(buffer.size() - prefix) +
                     " present");
  HeaderParser parser(buffer.substr(prefix, length));
  if (Error err = parser.parse(header))
    return std::move(err);
  header.dataOffset = prefix + length;
  return header;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// Loads `count` elements of the IEEE type `FloatT` (bits in `IntT`),
/// byte-swapping when the file's byte order differs from the host's.
template <typename FloatT, typename IntT>
static void loadElements(const char *src, size_t count, bool swap,
                         std::vector<double> &out) {
  out.resize(count);
  for (size_t i = 0; i < count; ++i) {
    IntT bits;
    std::memcpy(&bits, src + i * sizeof(IntT), sizeof(IntT));
    if (swap)
      bits = llvm::byteswap(bits);
    FloatT value;
    std::memcpy(&value, &bits, sizeof(FloatT));
    out[i] = value;
  }
}

Expected<Array> npy::readArray(StringRef buffer) {
  Expected<Header> header = parseHeader(buffer);
  if (!header)
    return header.takeError();
  if (header->fortranOrder)
    return makeError("fortran-order arrays are not supported; save the "
                     "array in C order (numpy.ascontiguousarray)");
  StringRef descr = header->descr;
  if (descr.size() != 3 ||
      (descr[0] != '<' && descr[0] != '>' && descr[0] != '=') ||
      (descr.drop_front() != "f4" && descr.drop_front() != "f8"))
    return makeError("unsupported dtype '" + descr +
                     "'; expected float32 or float64");
  bool hostLittle = llvm::sys::IsLittleEndianHost;
  bool fileLittle = descr[0] == '<' || (descr[0] == '=' && hostLittle);
  bool swap = fileLittle != hostLittle;

  Array array;
  array.dtype = descr.ends_with("f4") ? DType::Float32 : DType::Float64;
  array.shape = header->shape;
  size_t itemSize = array.dtype == DType::Float32 ? 4 : 8;
  uint64_t count = 1;
  for (int64_t dim : array.shape) {
    if (dim != 0 && count > (UINT64_MAX / itemSize) / (uint64_t)dim)
      return makeError("array shape is too large");
    count *= (uint64_t)dim;
  }
  uint64_t expected = count * itemSize;
  uint64_t present = buffer.size() - header->dataOffset;
  if (present != expected)
    return makeError("data size mismatch: the shape needs " + Twine(expected) +
                     " bytes, the file holds " + Twine(present));
  const char *data = buffer.data() + header->dataOffset;
  if (array.dtype == DType::Float32)
    loadElements<float, uint32_t>(data, count, swap, array.data);
  else
    loadElements<double, uint64_t>(data, count, swap, array.data);
  return array;
}

Expected<Array> npy::readFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!file)
    return makeError("cannot read '" + path +
                     "': " + file.getError().message());
  Expected<Array> array = readArray((*file)->getBuffer());
  if (!array)
    return makeError("'" + path + "': " + toString(array.takeError()));
  return array;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// The header dict in NumPy's own spelling.
static std::string headerDict(ArrayRef<int64_t> shape, DType dtype) {
  std::string dict;
  raw_string_ostream os(dict);
  os << "{'descr': '" << (dtype == DType::Float32 ? "<f4" : "<f8")
     << "', 'fortran_order': False, 'shape': (";
  // Python spells a 1-tuple `(n,)`.
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  if (shape.size() == 1)
    os << ",";
  os << "), }";
  return dict;
}

/// The header of a `.npy` file of `dtype` and `shape` (see writeArray).
static void writeHeader(raw_ostream &os, ArrayRef<int64_t> shape, DType dtype) {
  std::string dict = headerDict(shape, dtype);
  // NumPy pads the header with spaces and a newline so that the data starts
  // at a multiple of 64 bytes.
  size_t lengthBytes = 2;
  unsigned major = 1;
  auto padded = [&](size_t prefix) {
    size_t total = prefix + dict.size() + 1;
    return dict.size() + 1 + (64 - total % 64) % 64;
  };
  size_t length = padded(kMagic.size() + 2 + 2);
  if (length > UINT16_MAX) {
    major = 2;
    lengthBytes = 4;
    length = padded(kMagic.size() + 2 + 4);
  }
  os << kMagic << char(major) << char(0);
  for (size_t i = 0; i < lengthBytes; ++i)
    os << char((length >> (8 * i)) & 0xff);
  os << dict;
  os.indent(length - dict.size() - 1);
  os << '\n';
}

/// `data` as `dtype`, little-endian, a chunk of elements per write.
template <typename T>
static void writeValues(raw_ostream &os, ArrayRef<T> data, DType dtype) {
  constexpr size_t kChunk = 4096;
  char bytes[kChunk * 8];
  for (size_t first = 0; first < data.size(); first += kChunk) {
    size_t last = std::min(data.size(), first + kChunk);
    char *out = bytes;
    for (size_t i = first; i < last; ++i) {
      if (dtype == DType::Float32) {
        float f = float(data[i]);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        if (!llvm::sys::IsLittleEndianHost)
          bits = llvm::byteswap(bits);
        std::memcpy(out, &bits, 4);
        out += 4;
      } else {
        double d = double(data[i]);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        if (!llvm::sys::IsLittleEndianHost)
          bits = llvm::byteswap(bits);
        std::memcpy(out, &bits, 8);
        out += 8;
      }
    }
    os.write(bytes, out - bytes);
  }
}

void npy::writeArray(raw_ostream &os, ArrayRef<int64_t> shape,
                     ArrayRef<double> data, DType dtype) {
  writeHeader(os, shape, dtype);
  writeValues(os, data, dtype);
}

void npy::writeFloatArray(raw_ostream &os, ArrayRef<int64_t> shape,
                          ArrayRef<float> data, DType dtype) {
  writeHeader(os, shape, dtype);
  writeValues(os, data, dtype);
}

template <typename T>
static Error writeFileOf(StringRef path, ArrayRef<int64_t> shape,
                         ArrayRef<T> data, DType dtype) {
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  writeHeader(os, shape, dtype);
  writeValues(os, data, dtype);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return Error::success();
}

Error npy::writeFile(StringRef path, ArrayRef<int64_t> shape,
                     ArrayRef<double> data, DType dtype) {
  return writeFileOf(path, shape, data, dtype);
}

Error npy::writeFloatFile(StringRef path, ArrayRef<int64_t> shape,
                          ArrayRef<float> data, DType dtype) {
  return writeFileOf(path, shape, data, dtype);
}

std::string zara::npy::outputFileName(llvm::StringRef name) {
  std::string file = name.str();
  std::replace(file.begin(), file.end(), '/', '_');
  std::replace(file.begin(), file.end(), '\\', '_');
  return file + ".npy";
}
