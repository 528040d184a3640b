//===- HwConfig.cpp - Hardware configuration: JSON and program files -----===//
//
// Part of zara. Reads, checks, prints and serializes the hardware
// configuration. Every operation is an expansion of the field list in
// HwConfig.def, so a parameter added there is parsed, printed, range-checked,
// overridable and embedded in programs without further code.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/HwConfig.h"

#include "zara/Program/Program_generated.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace llvm;
using namespace zara;
using namespace zara::sim;

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Field kinds
//===----------------------------------------------------------------------===//

namespace {
/// How one kind of field is converted, checked and printed.
enum class Kind { U32, U64, F64, SIGNED };
} // namespace

static StringRef signedName(SignedWeights s) {
  return s == SignedWeights::Offset ? "offset" : "differential";
}

/// Shortest decimal form of `value` that reads back to the same double.
static std::string formatDouble(double value) {
  char text[64];
  // Whole numbers print as such (100, not 1e+02).
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof(text), "%.0f", value);
    return text;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

/// Checks `value` against [min, max] (min exclusive if asked); `what` names
/// the key.
static Error checkRange(StringRef what, double value, double min, double max,
                        bool minExclusive) {
  bool below = minExclusive ? !(value > min) : !(value >= min);
  if (below || !(value <= max) || std::isnan(value))
    return makeError("'" + what + "' must be in " + (minExclusive ? "(" : "[") +
                     formatDouble(min) + ", " + formatDouble(max) + "], got " +
                     formatDouble(value));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Defaults, comparison, derived quantities
//===----------------------------------------------------------------------===//

HwConfig::HwConfig() {
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  section.key = static_cast<decltype(section.key)>(def);
#include "zara/Sim/HwConfig.def"
}

bool HwConfig::operator==(const HwConfig &other) const {
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  if (section.key != other.section.key)                                        \
    return false;
#include "zara/Sim/HwConfig.def"
  return true;
}

uint64_t HwConfig::cycles(double ns) const {
  double c = ns * timing.clock_ghz;
  // 100 ns at 1.2 GHz is 120.00000000000001 in doubles: forgive the noise.
  double rounded = std::ceil(c - 1e-9 * std::max(1.0, c));
  return rounded <= 0 ? 0 : static_cast<uint64_t>(rounded);
}

uint32_t HwConfig::cellsPerWeight() const {
  uint32_t bits = numerics.weight_bits;
  if (numerics.signed_weights == SignedWeights::Differential)
    bits -= 1;
  return (bits + crossbar.bits_per_cell - 1) / crossbar.bits_per_cell;
}

uint64_t HwConfig::arraysForCols(uint64_t cols) const {
  uint64_t physical = cols * cellsPerWeight();
  uint64_t arrays = (physical + crossbar.cols - 1) / crossbar.cols;
  if (numerics.signed_weights == SignedWeights::Differential)
    arrays *= 2;
  return arrays;
}

uint32_t HwConfig::inputSlices() const {
  if (dac.bits == 0)
    return 1;
  return 1 + (numerics.input_bits - 1 + dac.bits - 1) / dac.bits;
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

Error zara::sim::validate(const HwConfig &config) {
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  if (Kind::kind != Kind::SIGNED)                                              \
    if (Error e = checkRange(#section "." #key,                                \
                             static_cast<double>(config.section.key), min,     \
                             max, minExclusive))                               \
      return e;
#include "zara/Sim/HwConfig.def"
  if (config.numerics.signed_weights != SignedWeights::Offset &&
      config.numerics.signed_weights != SignedWeights::Differential)
    return makeError("'numerics.signed_weights' must be \"offset\" or "
                     "\"differential\"");
  // Capacities in elements must not round down to nothing.
  if (config.elementsIn(config.buffer.bytes) == 0)
    return makeError("'buffer.bytes' holds no element of 'numerics.data_bits' "
                     "bits");
  if (config.elementsIn(config.registers.input_bytes) == 0 ||
      config.elementsIn(config.registers.output_bytes) == 0)
    return makeError("'registers.input_bytes' and 'registers.output_bytes' "
                     "must hold at least one element of 'numerics.data_bits' "
                     "bits");
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Setting one field from JSON or from text
//===----------------------------------------------------------------------===//

static const char *typeName(const json::Value &value) {
  switch (value.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return "a boolean";
  case json::Value::Number:
    return "a number";
  case json::Value::String:
    return "a string";
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
  }
  return "a value";
}

template <typename T>
static Error setUnsigned(T &field, StringRef key, const json::Value &value) {
  std::optional<int64_t> i = value.getAsInteger();
  std::optional<uint64_t> u = value.getAsUINT64();
  if (!i && !u)
    return makeError("'" + key + "' must be an integer, got " +
                     (value.kind() == json::Value::Number
                          ? std::string("a fraction")
                          : std::string(typeName(value))));
  if (i && *i < 0)
    return makeError("'" + key + "' must not be negative, got " + Twine(*i));
  uint64_t v = u ? *u : static_cast<uint64_t>(*i);
  if (v > std::numeric_limits<T>::max())
    return makeError("'" + key + "' is too large: " + Twine(v));
  field = static_cast<T>(v);
  return Error::success();
}

static Error setField(uint32_t &field, StringRef key, const json::Value &v) {
  return setUnsigned(field, key, v);
}
static Error setField(uint64_t &field, StringRef key, const json::Value &v) {
  return setUnsigned(field, key, v);
}
static Error setField(double &field, StringRef key, const json::Value &value) {
  std::optional<double> d = value.getAsNumber();
  if (!d)
    return makeError("'" + key + "' must be a number, got " + typeName(value));
  field = *d;
  return Error::success();
}
static Error setField(SignedWeights &field, StringRef key,
                      const json::Value &value) {
  std::optional<StringRef> s = value.getAsString();
  if (!s)
    return makeError("'" + key +
                     "' must be \"offset\" or \"differential\", got " +
                     typeName(value));
  if (*s == "offset")
    field = SignedWeights::Offset;
  else if (*s == "differential")
    field = SignedWeights::Differential;
  else
    return makeError("'" + key +
                     "' must be \"offset\" or \"differential\", got \"" + *s +
                     "\"");
  return Error::success();
}

/// Sets `section.key` of `config` from `value`; false if there is no such
/// key.
static std::optional<Error> setByName(HwConfig &config, StringRef section,
                                      StringRef key, const json::Value &value) {
#define HW_FIELD(sec, k, kind, def, min, max, minExclusive)                    \
  if (section == #sec && key == #k)                                            \
    return setField(config.sec.k, #sec "." #k, value);
#include "zara/Sim/HwConfig.def"
  return std::nullopt;
}

static bool isSection(StringRef section) {
#define HW_SECTION(sec, Table)                                                 \
  if (section == #sec)                                                         \
    return true;
#include "zara/Sim/HwConfig.def"
  return false;
}

//===----------------------------------------------------------------------===//
// JSON in
//===----------------------------------------------------------------------===//

/// Rewrites LLVM's "[3:5, byte=20]: Expected , or }" as "3:5: expected , or
/// }" (our diagnostics are lowercase).
static std::string describeParseError(Error error) {
  std::string text = toString(std::move(error));
  SmallVector<StringRef> groups;
  Regex re("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$");
  if (!re.match(text, &groups))
    return "invalid JSON: " + text;
  std::string message = groups[3].str();
  if (!message.empty())
    message[0] = std::tolower(static_cast<unsigned char>(message[0]));
  return (groups[1] + ":" + groups[2] + ": invalid JSON: " + message).str();
}

/// The keys of `object`, sorted, so errors do not depend on hash order.
static SmallVector<std::string> sortedKeys(const json::Object &object) {
  SmallVector<std::string> keys;
  for (const auto &entry : object)
    keys.push_back(entry.first.str());
  llvm::sort(keys);
  return keys;
}

Expected<HwConfig> zara::sim::parseHwConfig(StringRef text,
                                            const HwConfig &base) {
  Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return makeError(describeParseError(parsed.takeError()));
  const json::Object *root = parsed->getAsObject();
  if (!root)
    return makeError("the configuration must be a JSON object, got " +
                     Twine(typeName(*parsed)));
  HwConfig config = base;
  for (const std::string &section : sortedKeys(*root)) {
    const json::Value &value = *root->get(section);
    if (!isSection(section))
      return makeError("unknown key '" + section + "'");
    const json::Object *fields = value.getAsObject();
    if (!fields)
      return makeError("'" + section + "' must be an object, got " +
                       typeName(value));
    for (const std::string &key : sortedKeys(*fields)) {
      std::optional<Error> set =
          setByName(config, section, key, *fields->get(key));
      if (!set)
        return makeError("unknown key '" + section + "." + key + "'");
      if (*set)
        return std::move(*set);
    }
  }
  if (Error e = validate(config))
    return std::move(e);
  return config;
}

Expected<HwConfig> zara::sim::readHwConfigFile(StringRef path,
                                               const HwConfig &base) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file) {
    std::string text = file.getError().message();
    if (!text.empty())
      text[0] = std::tolower(static_cast<unsigned char>(text[0]));
    return makeError(path + ": " + text);
  }
  Expected<HwConfig> config = parseHwConfig((*file)->getBuffer(), base);
  if (!config)
    return makeError(path + ": " + toString(config.takeError()));
  return config;
}

Error zara::sim::applyOverride(HwConfig &config, StringRef assignment) {
  auto [name, valueText] = assignment.split('=');
  if (!assignment.contains('=') || name.empty())
    return makeError("--hw-override '" + assignment +
                     "': expected KEY=VALUE, e.g. adc.bits=6");
  auto [section, key] = name.split('.');
  // The value is read as JSON when it is one (numbers), as a string
  // otherwise (enum names).
  json::Value value = valueText.str();
  if (Expected<json::Value> number = json::parse(valueText))
    value = std::move(*number);
  else
    consumeError(number.takeError());
  HwConfig updated = config;
  std::optional<Error> set = setByName(updated, section, key, value);
  if (!set)
    return makeError("--hw-override '" + assignment + "': unknown key '" +
                     name + "'");
  if (*set)
    return makeError("--hw-override '" + assignment +
                     "': " + toString(std::move(*set)));
  if (Error e = validate(updated))
    return makeError("--hw-override '" + assignment +
                     "': " + toString(std::move(e)));
  config = updated;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// JSON out
//===----------------------------------------------------------------------===//

static std::string formatField(uint32_t v) { return std::to_string(v); }
static std::string formatField(uint64_t v) { return std::to_string(v); }
static std::string formatField(double v) { return formatDouble(v); }
static std::string formatField(SignedWeights v) {
  return ("\"" + signedName(v) + "\"").str();
}

std::string zara::sim::toJSON(const HwConfig &config) {
  std::string out = "{\n";
  bool firstSection = true;
  bool firstField = true;
  // Sections open when they are named and close before the next one.
#define HW_SECTION(section, Table)                                             \
  out += firstSection ? "" : "\n  },\n";                                       \
  out += "  \"" #section "\": {\n";                                            \
  firstSection = false;                                                        \
  firstField = true;
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  out += firstField ? "" : ",\n";                                              \
  out += "    \"" #key "\": " + formatField(config.section.key);               \
  firstField = false;
#include "zara/Sim/HwConfig.def"
  (void)firstField;
  out += "\n  }\n}\n";
  return out;
}

//===----------------------------------------------------------------------===//
// Program files
//===----------------------------------------------------------------------===//

Expected<HwConfig> zara::sim::fromFlatBuffer(const program::HwConfig &table) {
  HwConfig config;
#define HW_SECTION(section, Table)                                             \
  if (!table.section())                                                        \
    return makeError("the embedded hardware configuration lacks '" #section    \
                     "'");
#include "zara/Sim/HwConfig.def"
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  config.section.key =                                                         \
      static_cast<decltype(config.section.key)>(table.section()->key());
#include "zara/Sim/HwConfig.def"
  if (Error e = validate(config))
    return makeError("the embedded hardware configuration is invalid: " +
                     toString(std::move(e)));
  return config;
}

/// The FlatBuffers value of a field.
template <typename T> static T toTable(T v) { return v; }
static program::SignedWeights toTable(SignedWeights v) {
  return static_cast<program::SignedWeights>(v);
}

flatbuffers::Offset<program::HwConfig>
zara::sim::toFlatBuffer(flatbuffers::FlatBufferBuilder &builder,
                        const HwConfig &config) {
  // Through the object API: Pack builds the section tables in schema order,
  // so the bytes are a function of the values alone.
  program::HwConfigT table;
#define HW_SECTION(section, Table)                                             \
  table.section = std::make_unique<program::Table##T>();
#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  table.section->key = toTable(config.section.key);
#include "zara/Sim/HwConfig.def"
  return program::HwConfig::Pack(builder, &table);
}
