//===- HwConfigTest.cpp - Tests of the hardware configuration parser ------===//
//
// Part of zara. The JSON reader and writer, --hw-override and the program
// file round trip of zara::sim::HwConfig, against values written out here.
//
//===----------------------------------------------------------------------===//

#include "zara/Sim/HwConfig.h"

#include "zara/Program/Program_generated.h"

#include "gtest/gtest.h"

using namespace zara;
using namespace zara::sim;

namespace {

std::string errorOf(llvm::Expected<HwConfig> config) {
  if (config)
    return "";
  return llvm::toString(config.takeError());
}

std::string errorOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : "";
}

TEST(HwConfigTest, DefaultsAreIsaac) {
  HwConfig hw;
  EXPECT_EQ(hw.organisation.tiles, 168u);
  EXPECT_EQ(hw.organisation.cores_per_tile, 12u);
  EXPECT_EQ(hw.organisation.crossbars_per_core, 8u);
  EXPECT_EQ(hw.crossbar.rows, 128u);
  EXPECT_EQ(hw.crossbar.bits_per_cell, 2u);
  EXPECT_EQ(hw.adc.bits, 9u);
  EXPECT_EQ(hw.dac.bits, 1u);
  EXPECT_DOUBLE_EQ(hw.adc.energy_pj, 1.67);
  EXPECT_DOUBLE_EQ(hw.write.array_latency_ns, 11000);
  EXPECT_EQ(hw.numerics.signed_weights, SignedWeights::Offset);
  EXPECT_FALSE(validate(hw));
}

TEST(HwConfigTest, DerivedQuantities) {
  HwConfig hw;
  EXPECT_EQ(hw.cycles(100), 120u); // 100 ns at 1.2 GHz, despite rounding
  EXPECT_EQ(hw.cycles(11000), 13200u);
  EXPECT_EQ(hw.cycles(0.1), 1u);
  EXPECT_EQ(hw.cycles(0), 0u);
  EXPECT_EQ(hw.cellsPerWeight(), 8u);
  EXPECT_EQ(hw.arraysForCols(16), 1u);
  EXPECT_EQ(hw.arraysForCols(17), 2u);
  EXPECT_EQ(hw.arraysForCols(128), 8u);
  EXPECT_EQ(hw.inputSlices(), 16u);
  EXPECT_EQ(hw.elementsIn(hw.buffer.bytes), 32768u);
  EXPECT_EQ(hw.bufferWords(16), 1u);
  EXPECT_EQ(hw.bufferWords(17), 2u);
  hw.numerics.signed_weights = SignedWeights::Differential;
  EXPECT_EQ(hw.cellsPerWeight(), 8u); // 15 magnitude bits
  EXPECT_EQ(hw.arraysForCols(16), 2u);
  hw.dac.bits = 2;
  EXPECT_EQ(hw.inputSlices(), 1u + 8u);
  hw.dac.bits = 0;
  EXPECT_EQ(hw.inputSlices(), 1u);
}

TEST(HwConfigTest, PartialFileKeepsTheBase) {
  HwConfig base;
  base.adc.bits = 7;
  llvm::Expected<HwConfig> hw = parseHwConfig(
      R"({"dac": {"bits": 2}, "timing": {"clock_ghz": 2.5}})", base);
  ASSERT_TRUE(bool(hw)) << errorOf(std::move(hw));
  EXPECT_EQ(hw->dac.bits, 2u);
  EXPECT_DOUBLE_EQ(hw->timing.clock_ghz, 2.5);
  EXPECT_EQ(hw->adc.bits, 7u);
  EXPECT_EQ(hw->crossbar.rows, 128u);
}

TEST(HwConfigTest, Errors) {
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bitz": 1}})")),
            "unknown key 'adc.bitz'");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adcs": {}})")), "unknown key 'adcs'");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bits": true}})")),
            "'adc.bits' must be an integer, got a boolean");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bits": 2.5}})")),
            "'adc.bits' must be an integer, got a fraction");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bits": 33}})")),
            "'adc.bits' must be in [0, 32], got 33");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bits": -2}})")),
            "'adc.bits' must not be negative, got -2");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"adc": {"bits": 5000000000}})")),
            "'adc.bits' is too large: 5000000000");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"timing": {"clock_ghz": "fast"}})")),
            "'timing.clock_ghz' must be a number, got a string");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"timing": {"clock_ghz": 0}})")),
            "'timing.clock_ghz' must be in (0, 100], got 0");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"numerics": {"signed_weights": 1}})")),
            "'numerics.signed_weights' must be \"offset\" or "
            "\"differential\", got a number");
  EXPECT_EQ(errorOf(parseHwConfig(R"({"numerics": {"data_bits": 64},
                                       "buffer": {"bytes": 4}})")),
            "'buffer.bytes' holds no element of 'numerics.data_bits' bits");
  EXPECT_EQ(errorOf(parseHwConfig("[]")),
            "the configuration must be a JSON object, got an array");
  EXPECT_EQ(errorOf(parseHwConfig("{\n  \"adc\": {\n    \"bits\" 4}}")),
            "3:12: invalid JSON: expected : after object key");
}

TEST(HwConfigTest, Overrides) {
  HwConfig hw;
  EXPECT_EQ(errorOf(applyOverride(hw, "adc.bits=6")), "");
  EXPECT_EQ(hw.adc.bits, 6u);
  EXPECT_EQ(errorOf(applyOverride(hw, "dram.latency_ns=12.5")), "");
  EXPECT_DOUBLE_EQ(hw.dram.latency_ns, 12.5);
  EXPECT_EQ(errorOf(applyOverride(hw, "numerics.signed_weights=differential")),
            "");
  EXPECT_EQ(hw.numerics.signed_weights, SignedWeights::Differential);
  EXPECT_EQ(errorOf(applyOverride(hw, "adc.bits")),
            "--hw-override 'adc.bits': expected KEY=VALUE, e.g. adc.bits=6");
  EXPECT_EQ(errorOf(applyOverride(hw, "adc=6")),
            "--hw-override 'adc=6': unknown key 'adc'");
  EXPECT_EQ(errorOf(applyOverride(hw, "adc.bits=64")),
            "--hw-override 'adc.bits=64': 'adc.bits' must be in [0, 32], got "
            "64");
  EXPECT_EQ(hw.adc.bits, 6u) << "a refused override changes nothing";
}

TEST(HwConfigTest, JsonRoundTrip) {
  HwConfig hw;
  hw.adc.bits = 5;
  hw.write.row_latency_ns = 1.0 / 3.0;
  hw.dram.capacity_bytes = (uint64_t(1) << 40) + 1;
  hw.numerics.signed_weights = SignedWeights::Differential;
  llvm::Expected<HwConfig> back = parseHwConfig(toJSON(hw), HwConfig());
  ASSERT_TRUE(bool(back)) << errorOf(std::move(back));
  EXPECT_TRUE(*back == hw);
  EXPECT_NE(toJSON(HwConfig()).find("\"read_latency_ns\": 100,"),
            std::string::npos);
  EXPECT_NE(toJSON(HwConfig()).find("\"row_latency_ns\": 85.9375,"),
            std::string::npos);
}

TEST(HwConfigTest, FlatBufferRoundTrip) {
  HwConfig hw;
  hw.adc.bits = 0; // zero: omitted by FlatBuffers, read back as 0
  hw.crossbar.read_energy_pj = 0.125;
  hw.numerics.signed_weights = SignedWeights::Differential;
  flatbuffers::FlatBufferBuilder builder;
  builder.Finish(toFlatBuffer(builder, hw));
  const auto *table =
      flatbuffers::GetRoot<program::HwConfig>(builder.GetBufferPointer());
  llvm::Expected<HwConfig> back = fromFlatBuffer(*table);
  ASSERT_TRUE(bool(back)) << errorOf(std::move(back));
  EXPECT_TRUE(*back == hw);
  // Deterministic bytes.
  flatbuffers::FlatBufferBuilder again;
  again.Finish(toFlatBuffer(again, hw));
  ASSERT_EQ(builder.GetSize(), again.GetSize());
  EXPECT_EQ(0, memcmp(builder.GetBufferPointer(), again.GetBufferPointer(),
                      builder.GetSize()));
}

} // namespace
