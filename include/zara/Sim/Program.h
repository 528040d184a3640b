//===- Program.h - A loaded and validated zara program ----------*- C++ -*-===//
//
// Part of zara. The simulator's decoded form of a `.zara` file: plain C++
// structs with every field checked, loop structure resolved and every
// pattern proved in range, so execution needs no checks of its own.
// `loadProgram` is the only way to make one: the FlatBuffers verifier runs
// first, then the semantic check of docs/ProgramFormat.md ("Validation").
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_SIM_PROGRAM_H
#define ZARA_SIM_PROGRAM_H

#include "zara/Sim/HwConfig.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zara {
namespace sim {

/// Deepest loop nesting a core may use.
constexpr unsigned kMaxLoopDepth = 8;
/// Most dimensions of a pattern.
constexpr unsigned kMaxPatternDims = 4;

enum class MemSpace : uint8_t { Dram = 0, Buffer = 1 };
enum class Tag : uint8_t { Original = 0, Zero = 1 };

/// The instruction kinds, in Program.fbs's union order (minus NONE).
enum class OpKind : uint8_t {
  Loop,
  EndLoop,
  ProgramXbar,
  Mvm,
  Alu,
  Move,
  Fill,
  Send,
  Recv,
  Barrier,
  Halt,
};

/// Program.fbs's AluOp, same numbering.
enum class AluOp : uint8_t {
  Copy,
  Add,
  Sub,
  Mul,
  Max,
  Min,
  ScaleShift,
  AddImm,
  MulImm,
  Relu,
  LeakyRelu,
  Tanh,
  Sigmoid,
  ReluGrad,
  LeakyReluGrad,
  TanhGrad,
  SigmoidGrad,
  LossDiff,
  ReduceSum,
  Rsqrt,
};
constexpr unsigned kNumAluOps = 20;

/// The mnemonic of an instruction kind (`mvm`, `program_xbar`, ...).
llvm::StringRef getOpName(OpKind kind);
/// The mnemonic of an ALU op (`scale_shift`, ...).
llvm::StringRef getAluOpName(AluOp op);
/// Operands (a, b, c) an ALU op reads.
unsigned getAluOperandCount(AluOp op);

/// An operand's addresses (docs/ISA.md, "Addressing") apart from its base,
/// which the instruction (`Instruction::bases`) or group
/// (`Group::preloadBase`) holds. The loader keeps one `Pattern` per distinct
/// shape: the cores of a layer differ only in their bases, so thousands of
/// instructions share a few dozen shapes, which stay in the host's cache
/// while the simulator runs the cores in turn.
struct Pattern {
  int64_t coeffs[kMaxLoopDepth] = {}; ///< per enclosing loop, outermost first
  int64_t strides[kMaxPatternDims] = {};
  uint32_t counts[kMaxPatternDims] = {};
  uint8_t numCoeffs = 0;
  uint8_t numDims = 0;
  /// Product of the counts.
  uint64_t size = 1;
  /// The elements are consecutive addresses (a single stride-1 run).
  bool contiguous = true;
};

/// One decoded instruction. Which fields mean something depends on `kind`;
/// patterns are indices into `Program::patterns` (-1: absent). One cache
/// line: the scheduler reads thousands of cores' instructions in turn.
struct alignas(64) Instruction {
  OpKind kind = OpKind::Halt;
  AluOp aluOp = AluOp::Copy;
  MemSpace srcMem = MemSpace::Buffer; ///< move; fill's memory
  MemSpace dstMem = MemSpace::Buffer; ///< move
  Tag tag = Tag::Zero;                ///< fill
  bool accumulate = false;            ///< mvm
  bool wholeArray = false;            ///< program_xbar
  int32_t layer = -1; ///< index into Program::layerNames, -1: none
  /// loop: trip count; program_xbar/mvm: group; send/recv: the other tile;
  /// barrier: index into Program::barriers.
  uint32_t operand = 0;
  uint32_t channel = 0;  ///< send/recv
  uint32_t rowBegin = 0; ///< program_xbar
  uint32_t rowCount = 0; ///< program_xbar
  float imm = 0.0f; ///< alu immediate; fill value
  /// mvm: input, output; alu: dst, a, b, c; move: src, dst; fill/recv: dst;
  /// send: src; program_xbar: src.
  int32_t patterns[4] = {-1, -1, -1, -1};
  /// Each pattern's base: its first address when every enclosing loop is at
  /// index 0 (an address of the pattern's memory, so below 2^31).
  int32_t bases[4] = {0, 0, 0, 0};
};
static_assert(sizeof(Instruction) == 64, "an instruction is a cache line");

/// A graph input or output in DRAM.
struct Binding {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  uint64_t address = 0;
  uint64_t size = 0; ///< elements
};

/// A crossbar group and its physical layout.
struct Group {
  uint32_t tile = 0, core = 0, firstCrossbar = 0, numCrossbars = 0;
  uint32_t rows = 0, cols = 0;
  /// Index into Program::patterns of the DRAM weights programmed at load
  /// time (`preload`), -1 for none, and their base.
  int32_t preload = -1;
  int64_t preloadBase = 0;
  /// Index of the owning core in Program::cores.
  uint32_t coreIndex = 0;
  /// Physical columns used per polarity: cols * cellsPerWeight.
  uint64_t physicalCols = 0;
};

struct BarrierDecl {
  uint32_t id = 0;
  std::vector<uint32_t> participants; ///< indices into Program::cores
};

struct Core {
  uint32_t tile = 0, core = 0;
  std::vector<Instruction> instructions;
};

/// A validated program. Not copyable: `weights` may view its own
/// `weightStorage`, which a copy would leave pointing at the original's.
struct Program {
  Program() = default;
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;
  HwConfig hw;
  uint16_t versionMajor = 0, versionMinor = 0;
  std::string producer;
  uint64_t dramSize = 0;
  uint64_t weightsAddress = 0;
  /// The weight segment's values. A view of the bytes the program was
  /// loaded from (which must outlive it: a DCGAN's weights are megabytes
  /// that a copy would first have to fault in), or of `weightStorage` when
  /// they had to be converted (a big-endian host, a misaligned buffer).
  llvm::ArrayRef<float> weights;
  std::vector<float> weightStorage;
  std::vector<Binding> inputs, outputs;
  std::vector<Group> groups;
  std::vector<BarrierDecl> barriers;
  std::vector<Core> cores;
  std::vector<Pattern> patterns;
  /// Distinct ONNX node names of the debug table, in first-use order.
  std::vector<std::string> layerNames;
  /// Tiles that run at least one core, ascending.
  std::vector<uint32_t> usedTiles;
  /// Instructions executed if no core halts early (loops expanded).
  uint64_t dynamicInstructions = 0;
  /// Elements touched plus MACs, loops expanded: a bound on the run's work.
  uint64_t dynamicWork = 0;
  /// Some instruction's DRAM destination may reach the weight segment
  /// (otherwise it holds the file's weights for the whole run).
  bool writesWeightSegment = false;
  /// The DRAM addresses [first, last) of the weight segment that an
  /// instruction's DRAM source may reach or an output covers, sorted,
  /// disjoint and not touching. The rest of the segment only feeds the
  /// groups' preloads, which the simulator takes from `weights`.
  std::vector<std::pair<uint64_t, uint64_t>> weightReads;
};

/// Limits that keep a damaged or hostile program from exhausting the host.
struct LoadLimits {
  /// Most DRAM elements the simulator allocates (4 bytes + a tag each).
  uint64_t maxDramElements = uint64_t(1) << 28;
  /// Most instructions a run may execute.
  uint64_t maxInstructions = uint64_t(10000000000);
  /// Most elements-touched-plus-MACs a run may cost.
  uint64_t maxWork = uint64_t(1) << 40;
};

/// Decodes and validates a program held in `bytes`, which must stay alive
/// while the program is used (Program::weights views them). Error messages are
/// complete sentences for `zara-sim: error: <file>: <message>`. When
/// `hwOverride` is set, it replaces the embedded configuration before the
/// semantic check.
llvm::Expected<std::unique_ptr<Program>>
loadProgram(llvm::StringRef bytes, const HwConfig *hwOverride = nullptr,
            const LoadLimits &limits = LoadLimits());

/// Checks the identifier, version and FlatBuffers structure of `bytes`
/// without decoding (the checks every reader of `.zara` files runs first).
llvm::Error verifyProgramBuffer(llvm::StringRef bytes);

/// Reads the configuration embedded in a verified program buffer.
llvm::Expected<HwConfig> readEmbeddedHwConfig(llvm::StringRef bytes);

} // namespace sim
} // namespace zara

#endif // ZARA_SIM_PROGRAM_H
