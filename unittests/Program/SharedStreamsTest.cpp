//===- SharedStreamsTest.cpp - Tests of shared instruction streams --------===//
//
// Part of zara. `shareStreams` and the readers' expansion (Program.fbs 2.0,
// docs/ProgramFormat.md "Shared streams"): sharing then expanding gives back
// the flat file byte for byte, and `zara::sim::loadProgram` refuses every
// kind of damaged stream core with a message naming it.
//
//===----------------------------------------------------------------------===//

#include "zara/Program/SharedStreams.h"
#include "zara/Sim/HwConfig.h"
#include "zara/Sim/Program.h"

#include "gtest/gtest.h"

using namespace zara;
namespace fb = zara::program;

namespace {

std::unique_ptr<fb::PatternT> pattern(int64_t base, uint32_t count) {
  auto p = std::make_unique<fb::PatternT>();
  p->base = base;
  p->dims.emplace_back(1, count);
  return p;
}

template <typename T> std::unique_ptr<fb::InstrT> instr(T op) {
  auto i = std::make_unique<fb::InstrT>();
  i->op.Set(std::move(op));
  return i;
}

/// Cores 0..n-1 of tile 0: x[2c, 2c+2) -> buffer [8c, ...) -> mvm on the
/// core's group (weights at 16 + 6c) -> send to tile 1 on channel c; core 0
/// of tile 1 receives them all and stores y at 40.
std::unique_ptr<fb::ProgramT> flatProgram(unsigned n) {
  auto p = std::make_unique<fb::ProgramT>();
  p->version = std::make_unique<fb::Version>(2, 0);
  flatbuffers::FlatBufferBuilder hw;
  hw.Finish(sim::toFlatBuffer(hw, sim::HwConfig()));
  p->hardware.reset(
      flatbuffers::GetRoot<fb::HwConfig>(hw.GetBufferPointer())->UnPack());
  p->dram_size = 64;
  for (unsigned c = 0; c < n; ++c) {
    auto g = std::make_unique<fb::CrossbarGroupT>();
    g->tile = 0;
    g->core = c;
    g->num_crossbars = 1;
    g->rows = 2;
    g->cols = 3;
    g->preload = pattern(16 + 6 * c, 6);
    p->groups.push_back(std::move(g));
    auto core = std::make_unique<fb::CoreT>();
    core->tile = 0;
    core->core = c;
    fb::MoveT load;
    load.src_mem = fb::MemSpace::Dram;
    load.src = pattern(2 * c, 2);
    load.dst_mem = fb::MemSpace::Buffer;
    load.dst = pattern(8 * c, 2);
    core->instructions.push_back(instr(std::move(load)));
    fb::MvmT mvm;
    mvm.group = c;
    mvm.input = pattern(8 * c, 2);
    mvm.output = pattern(8 * c + 2, 3);
    core->instructions.push_back(instr(std::move(mvm)));
    fb::SendT send;
    send.dst_tile = 1;
    send.channel = c;
    send.src = pattern(8 * c + 2, 3);
    core->instructions.push_back(instr(std::move(send)));
    p->cores.push_back(std::move(core));
  }
  auto collect = std::make_unique<fb::CoreT>();
  collect->tile = 1;
  for (unsigned c = 0; c < n; ++c) {
    fb::RecvT recv;
    recv.src_tile = 0;
    recv.channel = c;
    recv.dst = pattern(3 * c, 3);
    collect->instructions.push_back(instr(std::move(recv)));
  }
  fb::MoveT store;
  store.src_mem = fb::MemSpace::Buffer;
  store.src = pattern(0, 3 * n);
  store.dst_mem = fb::MemSpace::Dram;
  store.dst = pattern(40, 3 * n);
  collect->instructions.push_back(instr(std::move(store)));
  p->cores.push_back(std::move(collect));
  return p;
}

std::vector<uint8_t> pack(fb::ProgramT &p) {
  flatbuffers::FlatBufferBuilder builder;
  fb::FinishProgramBuffer(builder, fb::Program::Pack(builder, &p));
  return {builder.GetBufferPointer(),
          builder.GetBufferPointer() + builder.GetSize()};
}

llvm::StringRef view(const std::vector<uint8_t> &bytes) {
  return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

/// The error loadProgram gives for `bytes` ("" when it loads).
std::string loadError(const std::vector<uint8_t> &bytes) {
  auto loaded = sim::loadProgram(view(bytes));
  return loaded ? "" : llvm::toString(loaded.takeError());
}

TEST(SharedStreamsTest, ShareThenExpandIsTheFlatFile) {
  auto flat = flatProgram(3);
  std::vector<uint8_t> flatBytes = pack(*flat);
  auto shared = flatProgram(3);
  fb::shareStreams(*shared);
  ASSERT_EQ(shared->streams.size(), 2u);
  ASSERT_EQ(shared->stream_cores.size(), 4u);
  EXPECT_TRUE(shared->cores.empty());
  EXPECT_TRUE(shared->groups.empty());
  // DRAM input, tile buffer share, channel, preload base.
  EXPECT_EQ(shared->streams[0]->num_params, 4u);
  EXPECT_EQ(shared->streams[1]->num_params, 0u);
  EXPECT_EQ(shared->stream_params,
            (std::vector<int64_t>{0, 0, 0, 0, 2, 8, 1, 6, 4, 16, 2, 12}));
  std::vector<uint8_t> sharedBytes = pack(*shared);
  EXPECT_LT(sharedBytes.size(), flatBytes.size());
  const fb::Program *file = fb::GetProgram(sharedBytes.data());
  ASSERT_TRUE(fb::hasSharedStreams(*file));
  auto expanded = fb::expandSharedStreams(*file);
  ASSERT_TRUE(bool(expanded)) << llvm::toString(expanded.takeError());
  EXPECT_EQ(*expanded, flatBytes);
  EXPECT_EQ(loadError(sharedBytes), "");
  EXPECT_EQ(loadError(flatBytes), "");
}

TEST(SharedStreamsTest, SharingIsDeterministic) {
  auto a = flatProgram(5), b = flatProgram(5);
  fb::shareStreams(*a);
  fb::shareStreams(*b);
  EXPECT_EQ(pack(*a), pack(*b));
}

TEST(SharedStreamsTest, GroupOfAnotherCoreStaysFlat) {
  auto p = flatProgram(2);
  p->cores[1]->instructions[1]->op.AsMvm()->group = 0;
  fb::shareStreams(*p);
  EXPECT_TRUE(p->streams.empty());
  EXPECT_EQ(p->cores.size(), 3u);
  EXPECT_EQ(p->groups.size(), 2u);
}

/// Shares flatProgram(3), lets `damage` change it and returns the error.
std::string damagedError(llvm::function_ref<void(fb::ProgramT &)> damage) {
  auto p = flatProgram(3);
  fb::shareStreams(*p);
  damage(*p);
  return loadError(pack(*p));
}

TEST(SharedStreamsTest, DamagedStreamCoresAreRefused) {
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              const fb::StreamCore &sc = p.stream_cores[1];
              p.stream_cores[1] =
                  fb::StreamCore(sc.tile(), sc.core(), 7, sc.params_begin());
            }),
            "stream core 1 (tile 0, core 1) runs stream 7, but the program "
            "has 2 streams");
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              const fb::StreamCore &sc = p.stream_cores[2];
              p.stream_cores[2] =
                  fb::StreamCore(sc.tile(), sc.core(), sc.stream(), 10);
            }),
            "stream core 2 (tile 0, core 2): its parameters [10, 14) for "
            "stream 0 are past the 12 stream parameters");
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              p.streams[0]->relocations[0] =
                  fb::Relocation(0, fb::RelocField::Pattern0, 9);
            }),
            "stream core 0 (tile 0, core 0): relocation 0 of stream 0 "
            "(pattern 0 of instruction 0) uses parameter 9, but the stream "
            "has 4");
  // The send (instruction 2) has one pattern operand.
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              p.streams[0]->relocations[0] =
                  fb::Relocation(2, fb::RelocField::Pattern1, 0);
            }),
            "stream core 0 (tile 0, core 0): relocation 0 of stream 0 "
            "(pattern 1 of instruction 2) names a field the stream does not "
            "have");
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              p.streams[0]->relocations[0] =
                  fb::Relocation(3, fb::RelocField::Pattern0, 0);
            }),
            "stream core 0 (tile 0, core 0): relocation 0 of stream 0 "
            "(pattern 0 of instruction 3) names a field the stream does not "
            "have");
  // Channel c - 5 is negative on cores 0 to 2.
  EXPECT_EQ(damagedError([](fb::ProgramT &p) { p.stream_params[2] = -5; }),
            "core 0 (tile 0, core 0), instruction 2 (send): the channel 0 + "
            "-5 is out of range");
  EXPECT_EQ(damagedError([](fb::ProgramT &p) {
              p.streams[0]->instructions[1]->op.AsMvm()->group = 1;
            }),
            "core 0 (tile 0, core 0), instruction 1 (mvm): uses group 1 of "
            "its shared stream, which has 1");
  // A relocated pattern is checked like any other.
  EXPECT_EQ(damagedError([](fb::ProgramT &p) { p.stream_params[4] = 100; }),
            "core 1 (tile 0, core 1), instruction 0 (move): source pattern "
            "reaches DRAM addresses [100, 101], outside [0, 64)");
}

TEST(SharedStreamsTest, ReadersExpandTheSameWay) {
  auto p = flatProgram(3);
  fb::shareStreams(*p);
  p->streams[0]->instructions[1]->op.AsMvm()->group = 4;
  std::vector<uint8_t> bytes = pack(*p);
  auto expanded = fb::expandSharedStreams(*fb::GetProgram(bytes.data()));
  ASSERT_FALSE(bool(expanded));
  EXPECT_EQ(llvm::toString(expanded.takeError()),
            "stream core 0 (tile 0, core 0), instruction 1: group 4 is not "
            "one of the stream's 1 groups");
}

} // namespace
