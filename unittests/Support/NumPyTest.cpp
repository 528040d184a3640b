//===- NumPyTest.cpp - Tests of the .npy reader and writer ----------------===//
//
// Part of zara. The reader is checked on byte strings that NumPy 1.24 wrote
// (np.lib.format.write_array, versions 1.0, 2.0 and 3.0), on headers in the
// older spellings, and on every error path; the writer by round trips and by
// the layout rules of the format (magic, aligned data, newline-terminated
// header).
//
//===----------------------------------------------------------------------===//

#include "zara/Support/NumPy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>

using namespace zara;
using namespace zara::npy;

namespace {

/// A `.npy` prefix laid out as NumPy lays it out: magic, version, header
/// length, then `dict` padded with spaces to `length` bytes and a newline.
std::string numpyHeader(unsigned major, const std::string &dict,
                        size_t length) {
  std::string bytes("\x93NUMPY", 6);
  bytes += char(major);
  bytes += char(0);
  size_t lengthBytes = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthBytes; ++i)
    bytes += char((length >> (8 * i)) & 0xff);
  std::string padded = dict;
  padded.resize(length - 1, ' ');
  padded += '\n';
  return bytes + padded;
}

/// 1, 2, 3, 4, 5, 6 as little-endian float32 (the data NumPy wrote).
const std::string kSixFloats("\x00\x00\x80?\x00\x00\x00@\x00\x00@@"
                             "\x00\x00\x80@\x00\x00\xa0@\x00\x00\xc0@",
                             24);

const char *kDict2x3 = "{'descr': '<f4', 'fortran_order': False, "
                       "'shape': (2, 3), }";

std::string errorOf(llvm::Expected<Array> array) {
  if (array)
    return "";
  return llvm::toString(array.takeError());
}

TEST(NumPyTest, ReadsVersion1AsNumPyWritesIt) {
  std::string file = numpyHeader(1, kDict2x3, 0x76) + kSixFloats;
  llvm::Expected<Header> header = parseHeader(file);
  ASSERT_TRUE(!!header) << llvm::toString(header.takeError());
  EXPECT_EQ(header->majorVersion, 1u);
  EXPECT_EQ(header->descr, "<f4");
  EXPECT_FALSE(header->fortranOrder);
  EXPECT_EQ(header->shape, (llvm::SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(header->dataOffset, 128u);

  llvm::Expected<Array> array = readArray(file);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, DType::Float32);
  EXPECT_EQ(array->data, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(NumPyTest, ReadsVersions2And3) {
  for (unsigned major : {2u, 3u}) {
    std::string file = numpyHeader(major, kDict2x3, 0x74) + kSixFloats;
    llvm::Expected<Header> header = parseHeader(file);
    ASSERT_TRUE(!!header) << llvm::toString(header.takeError());
    EXPECT_EQ(header->majorVersion, major);
    EXPECT_EQ(header->dataOffset, 128u);
    llvm::Expected<Array> array = readArray(file);
    ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
    EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t>{2, 3}));
    EXPECT_EQ(array->data[5], 6.0);
  }
}

TEST(NumPyTest, ReadsFloat64OneTuple) {
  // np.array([1.5, -2.25]) as NumPy wrote it.
  std::string file = numpyHeader(1,
                                 "{'descr': '<f8', 'fortran_order': False, "
                                 "'shape': (2,), }",
                                 0x76) +
                     std::string("\x00\x00\x00\x00\x00\x00\xf8?"
                                 "\x00\x00\x00\x00\x00\x00\x02\xc0",
                                 16);
  llvm::Expected<Array> array = readArray(file);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, DType::Float64);
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t>{2}));
  EXPECT_EQ(array->data, (std::vector<double>{1.5, -2.25}));
}

TEST(NumPyTest, AcceptsOlderSpellings) {
  // Python 2 NumPy: long literals, no trailing comma; keys in any order,
  // double quotes.
  std::string file =
      numpyHeader(1,
                  "{\"shape\": (2L, 3L), 'fortran_order': False, "
                  "'descr': '<f4'}",
                  0x46) +
      kSixFloats;
  llvm::Expected<Array> array = readArray(file);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(array->data[0], 1.0);
}

TEST(NumPyTest, ReadsBigEndian) {
  std::string file = numpyHeader(1,
                                 "{'descr': '>f4', 'fortran_order': False, "
                                 "'shape': (1,), }",
                                 0x76) +
                     std::string("\x3f\x80\x00\x00", 4); // 1.0f, big-endian
  llvm::Expected<Array> array = readArray(file);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<double>{1.0}));
}

TEST(NumPyTest, RoundTrips) {
  struct Case {
    llvm::SmallVector<int64_t> shape;
    DType dtype;
  };
  for (const Case &c : {Case{{2, 3}, DType::Float32}, Case{{4}, DType::Float64},
                        Case{{}, DType::Float32}, Case{{0, 3}, DType::Float32},
                        Case{{1, 2, 3, 2, 1}, DType::Float64}}) {
    size_t count = 1;
    for (int64_t d : c.shape)
      count *= d;
    std::vector<double> data(count);
    for (size_t i = 0; i < count; ++i)
      data[i] = std::ldexp(double(i) - 3.25, (int)i % 7 - 3);
    std::string bytes;
    llvm::raw_string_ostream os(bytes);
    writeArray(os, c.shape, data, c.dtype);
    os.flush();

    llvm::Expected<Header> header = parseHeader(bytes);
    ASSERT_TRUE(!!header) << llvm::toString(header.takeError());
    EXPECT_EQ(header->majorVersion, 1u);
    EXPECT_EQ(header->dataOffset % 64, 0u);
    EXPECT_EQ(bytes[header->dataOffset - 1], '\n');
    EXPECT_EQ(header->descr, c.dtype == DType::Float32 ? "<f4" : "<f8");

    llvm::Expected<Array> array = readArray(bytes);
    ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
    EXPECT_EQ(array->shape, c.shape);
    EXPECT_EQ(array->dtype, c.dtype);
    EXPECT_EQ(array->data, data); // exact in float32 too: few mantissa bits
  }
}

TEST(NumPyTest, FloatWriterMatchesDoubleWriter) {
  // Over two chunks of the writer's buffer (4096 elements), both dtypes.
  std::vector<float> floats(10000);
  for (size_t i = 0; i < floats.size(); ++i)
    floats[i] = float(std::ldexp(double(i % 97) - 48.5, int(i % 9) - 4));
  std::vector<double> doubles(floats.begin(), floats.end());
  for (DType dtype : {DType::Float32, DType::Float64}) {
    std::string fromFloats, fromDoubles;
    llvm::raw_string_ostream a(fromFloats), b(fromDoubles);
    writeFloatArray(a, {100, 100}, floats, dtype);
    writeArray(b, {100, 100}, doubles, dtype);
    a.flush();
    b.flush();
    EXPECT_EQ(fromFloats, fromDoubles);
    llvm::Expected<Array> array = readArray(fromFloats);
    ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
    EXPECT_EQ(array->data, doubles);
  }
}

TEST(NumPyTest, WriterRoundsToFloat32) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeArray(os, {1}, {0.1}, DType::Float32);
  os.flush();
  llvm::Expected<Array> array = readArray(bytes);
  ASSERT_TRUE(!!array);
  EXPECT_EQ(array->data[0], (double)0.1f);
}

TEST(NumPyTest, WriterSwitchesToVersion2ForHugeHeaders) {
  // 30000 dimensions of size 1 do not fit a 16-bit header length.
  llvm::SmallVector<int64_t> shape(30000, 1);
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeArray(os, shape, {7.0}, DType::Float32);
  os.flush();
  llvm::Expected<Array> array = readArray(bytes);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(array->shape.size(), 30000u);
  EXPECT_EQ(array->data, (std::vector<double>{7.0}));
}

TEST(NumPyTest, FileRoundTrip) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("numpy-test", "npy", path));
  ASSERT_FALSE(!!writeFile(path, {2}, {3.0, -4.0}, DType::Float64));
  llvm::Expected<Array> array = readFile(path);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<double>{3.0, -4.0}));
  std::vector<float> floats = {0.5f, -2.0f, 0.1f};
  ASSERT_FALSE(!!writeFloatFile(path, {3}, floats, DType::Float32));
  array = readFile(path);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<double>{0.5, -2.0, double(0.1f)}));
}

TEST(NumPyTest, Errors) {
  std::string good = numpyHeader(1, kDict2x3, 0x76) + kSixFloats;
  EXPECT_EQ(errorOf(readArray("PK\x03\x04 not numpy")),
            "not a .npy file (bad magic string)");
  EXPECT_EQ(errorOf(readArray(good.substr(0, 7))), "truncated .npy header");
  EXPECT_NE(errorOf(readArray(good.substr(0, 60)))
                .find("truncated .npy header: 118 bytes announced"),
            std::string::npos);

  std::string v4 = good;
  v4[6] = 4;
  EXPECT_EQ(errorOf(readArray(v4)), "unsupported .npy format version 4.0");

  EXPECT_EQ(errorOf(readArray(good.substr(0, good.size() - 1))),
            "data size mismatch: the shape needs 24 bytes, the file holds 23");
  EXPECT_EQ(errorOf(readArray(good + "x")),
            "data size mismatch: the shape needs 24 bytes, the file holds 25");

  std::string fortran = numpyHeader(1,
                                    "{'descr': '<f4', 'fortran_order': True, "
                                    "'shape': (2, 3), }",
                                    0x76) +
                        kSixFloats;
  EXPECT_NE(errorOf(readArray(fortran))
                .find("fortran-order arrays are not "
                      "supported"),
            std::string::npos);

  for (const char *descr : {"<i4", "<f2", "|u1", "<c8", "float32"}) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (2, 3), }";
    EXPECT_EQ(errorOf(readArray(numpyHeader(1, dict, 0x76) + kSixFloats)),
              std::string("unsupported dtype '") + descr +
                  "'; expected float32 or float64");
  }

  struct Malformed {
    const char *dict;
    const char *error;
  };
  for (const Malformed &m :
       {Malformed{"{'descr': '<f4', 'shape': (6,), }",
                  "header lacks the key 'fortran_order'"},
        Malformed{"{'descr': '<f4', 'fortran_order': False, 'shape': (6,), "
                  "'extra': 1}",
                  "malformed header: unexpected key 'extra'"},
        Malformed{"{'descr': '<f4', 'fortran_order': Nope, 'shape': (6,)}",
                  "malformed header: expected True or False"},
        Malformed{"{'descr': '<f4', 'fortran_order': False, 'shape': (-6,)}",
                  "malformed header: expected a dimension"},
        Malformed{"{'descr': '<f4', 'fortran_order': False, 'shape': [6]}",
                  "malformed header: expected '(' to start the shape"},
        Malformed{"['descr', '<f4']", "malformed header: expected '{'"},
        Malformed{"{'descr: '<f4'}", "malformed header: expected ':'"}}) {
    std::string error =
        errorOf(readArray(numpyHeader(1, m.dict, 0x76) + kSixFloats));
    EXPECT_EQ(error.rfind(m.error, 0), 0u)
        << "dict: " << m.dict << "\nerror: " << error;
  }

  std::string missing = errorOf(readFile("/nonexistent/zara/x.npy"));
  EXPECT_EQ(missing.rfind("cannot read '/nonexistent/zara/x.npy': ", 0), 0u)
      << missing;
}

} // namespace
