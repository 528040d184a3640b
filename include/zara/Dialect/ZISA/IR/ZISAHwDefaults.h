//===- ZISAHwDefaults.h - Default hardware configuration values -*- C++ -*-===//
//
// Part of zara. The default value of every hardware configuration field, as
// `hw_default::<section>_<key>` constants expanded from the simulator's one
// list of fields (zara/Sim/HwConfig.def), so that `#zisa.hw<>` is exactly
// the configuration `zara-sim` defaults to. ZISAAttributes.td names these
// constants as the parameters' default values.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISAHWDEFAULTS_H
#define ZARA_DIALECT_ZISA_IR_ZISAHWDEFAULTS_H

#include <cstdint>

namespace zara {
namespace zisa {
namespace hw_default {
/// The C++ type of each kind of field of HwConfig.def.
using U32 = uint32_t;
using U64 = uint64_t;
using F64 = double;
using SIGNED = uint32_t; ///< cast to SignedWeights by the attribute

#define HW_FIELD(section, key, kind, def, min, max, minExclusive)              \
  inline constexpr kind section##_##key = kind(def);
#include "zara/Sim/HwConfig.def"
} // namespace hw_default
} // namespace zisa
} // namespace zara

#endif // ZARA_DIALECT_ZISA_IR_ZISAHWDEFAULTS_H
