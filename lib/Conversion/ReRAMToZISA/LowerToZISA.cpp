//===- LowerToZISA.cpp - Schedule mapped reram IR onto the ISA ------------===//
//
// Part of zara. Implements `reram-lower-to-zisa` (docs/Lowering.md): the
// operation scheduler and the lowering of mapped tensor-level `reram` IR to
// one `zisa.program`.
//
// Memory. Every runtime tensor lives in DRAM, row-major, one region per
// image. A tensor that only convolutions read is laid out with their
// padding around it; DRAM starts as zeros tagged `Zero`, so the margins are
// the padding (and the simulator does not count products with them as
// useful). Constants (folded weights, per-channel epilogue vectors) form the
// weight segment.
//
// Crossbar ops. The mapping gives an op's blocks (replica, group, row tile,
// column tile), placed one after another on the cores from its first core
// on; this lowering orders them column tile fastest, so a core's blocks of
// one row tile form one crossbar group of several arrays that a single MVM
// drives in parallel. Replicas split the output positions into rectangles.
// Per image, output row and chunk of positions a core loads the input band
// its windows need, issues an MVM per window and group, and sends the
// partial sums of row tiles after the first to the core holding the first
// (the home), which adds them, runs the epilogue and stores.
//
// Other ops run on spare cores: element-wise chains through tile-buffer
// chunks, data movement as DRAM-to-DRAM moves.
//
// Synchronisation. Ops are grouped into steps (an op joins the current step
// unless it reads a result of it); between consecutive steps all cores of
// both execute a barrier once per image, which orders every producer before
// its consumers and lets consecutive steps work on consecutive images.
//
//===----------------------------------------------------------------------===//

#include "zara/Conversion/Passes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"
#include "zara/Dialect/ZISA/IR/ZISAOps.h"
#include "zara/Interpreter/Interpreter.h"
#include "zara/Sim/HwConfig.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

namespace zara {
#define GEN_PASS_DEF_LOWERTOZISAPASS
#include "zara/Conversion/Passes.h.inc"
} // namespace zara

using namespace mlir;
using namespace zara;
using namespace zara::zisa;
using reram::MappingAttr;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t product(ArrayRef<int64_t> values) {
  return std::accumulate(values.begin(), values.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Row-major strides of `shape`.
SmallVector<int64_t> rowMajor(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

//===----------------------------------------------------------------------===//
// Addresses and the instruction emitter
//===----------------------------------------------------------------------===//

/// An element address affine in the loop indices of the emitter (indexed by
/// absolute loop depth).
struct Addr {
  int64_t base = 0;
  SmallVector<int64_t, 8> coeffs;

  Addr() = default;
  explicit Addr(int64_t base) : base(base) {}
  /// Adds `coeff * i_depth`; a negative depth (a loop of one iteration that
  /// was not emitted) adds nothing.
  Addr &add(int depth, int64_t coeff) {
    if (depth < 0 || coeff == 0)
      return *this;
    if (coeffs.size() <= size_t(depth))
      coeffs.resize(depth + 1, 0);
    coeffs[depth] += coeff;
    return *this;
  }
  Addr plus(int64_t offset) const {
    Addr result = *this;
    result.base += offset;
    return result;
  }
};

/// One strided dimension of a pattern.
struct Dim {
  int64_t count, stride;
};

/// Builds the instruction stream of one core.
class Emitter {
public:
  Emitter(OpBuilder &builder, Location loc) : b(builder), loc(loc) {}

  OpBuilder &b;
  Location loc;
  int depth = 0;

  PatternAttr pattern(const Addr &addr, ArrayRef<Dim> dims) {
    SmallVector<int64_t, 4> counts, strides;
    for (const Dim &dim : dims) {
      if (dim.count == 1)
        continue;
      counts.push_back(dim.count);
      strides.push_back(dim.stride);
    }
    assert(counts.size() <= 4 && "a pattern has at most four dimensions");
    MLIRContext *ctx = b.getContext();
    return PatternAttr::get(
        ctx, AffineAddrAttr::get(ctx, addr.base, addr.coeffs), counts, strides);
  }

  /// Emits `body(depth)` inside a `zisa.loop` of `count` iterations, or
  /// inline with depth -1 when `count` is 1.
  void loop(int64_t count, llvm::function_ref<void(int)> body) {
    assert(count >= 1);
    if (count == 1) {
      body(-1);
      return;
    }
    auto op = LoopOp::create(b, loc, uint32_t(count));
    if (op.getBody().empty())
      op.getBody().push_back(new Block());
    Block *block = &op.getBody().front();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(block);
    ++depth;
    assert(depth <= 8 && "loops nest at most 8 deep");
    body(depth - 1);
    --depth;
  }

  void move(MemSpace srcMem, const Addr &src, ArrayRef<Dim> srcDims,
            MemSpace dstMem, const Addr &dst, ArrayRef<Dim> dstDims) {
    MoveOp::create(b, loc, srcMem, pattern(src, srcDims), dstMem,
                   pattern(dst, dstDims));
  }
  void fill(MemSpace mem, const Addr &dst, ArrayRef<Dim> dims, float value,
            Tag tag) {
    FillOp::create(b, loc, mem, pattern(dst, dims), APFloat(value), tag);
  }
  void alu(AluOpKind kind, PatternAttr dst, PatternAttr a, PatternAttr bOp,
           PatternAttr c, float imm = 0.0f) {
    AluOp::create(b, loc, kind, dst, a, bOp, c, APFloat(imm));
  }
  void barrier(int64_t id) {
    BarrierOp::create(b, UnknownLoc::get(b.getContext()), uint64_t(id));
  }
};

/// A DRAM access of a tensor: element (i_0, ...) at
/// `addr + sum_d i_d * strides[d]` (strides of 0 broadcast).
struct Access {
  Addr addr;
  SmallVector<int64_t> strides;
};

/// Emits a DRAM-to-DRAM copy of a `counts`-shaped box: the innermost (up to
/// four) dimensions become pattern dimensions and the rest loops.
void emitCopy(Emitter &e, const Access &src, const Access &dst,
              ArrayRef<int64_t> counts) {
  // Drop unit dimensions and merge dimensions that are contiguous in both.
  SmallVector<int64_t> n, ss, ds;
  for (size_t d = 0; d < counts.size(); ++d) {
    if (counts[d] == 1)
      continue;
    if (!n.empty() && ss.back() == src.strides[d] * counts[d] &&
        ds.back() == dst.strides[d] * counts[d]) {
      n.back() *= counts[d];
      ss.back() = src.strides[d];
      ds.back() = dst.strides[d];
      continue;
    }
    n.push_back(counts[d]);
    ss.push_back(src.strides[d]);
    ds.push_back(dst.strides[d]);
  }
  size_t outer = n.size() > 4 ? n.size() - 4 : 0;
  std::function<void(size_t, Addr, Addr)> rec = [&](size_t d, Addr s, Addr t) {
    if (d == outer) {
      SmallVector<Dim> sd, td;
      for (size_t k = outer; k < n.size(); ++k) {
        sd.push_back({n[k], ss[k]});
        td.push_back({n[k], ds[k]});
      }
      e.move(MemSpace::dram, s, sd, MemSpace::dram, t, td);
      return;
    }
    e.loop(n[d], [&](int i) {
      rec(d + 1, Addr(s).add(i, ss[d]), Addr(t).add(i, ds[d]));
    });
  };
  rec(0, src.addr, dst.addr);
}

//===----------------------------------------------------------------------===//
// The plan
//===----------------------------------------------------------------------===//

/// Where a runtime tensor lives in DRAM.
struct Layout {
  /// Address of logical element 0 of image 0.
  int64_t addr = 0;
  /// Distance between images of the global image loop (0: not per image).
  int64_t imageStride = 0;
  /// Logical shape of one image and the strides of its padded layout.
  SmallVector<int64_t> shape, strides;
};

/// One fused element-wise op after a crossbar op: `dst = op(dst, b, c)` with
/// per-channel vectors `b`, `c` (DRAM addresses, -1 for none).
struct EpilogueOp {
  AluOpKind kind;
  int64_t vecB = -1, vecC = -1;
  float imm = 0.0f;
};

/// A crossbar op in the form the emitter needs: windows over an input with
/// arbitrary strides (a convolution, or a matrix product seen as a 1-D
/// convolution over the rows of its left operand).
struct WindowPlan {
  Operation *op = nullptr;
  MappingAttr map;
  int64_t k = 1; // spatial rank
  int64_t images = 1, inImageStride = 0, outImageStride = 0;
  int64_t globalIn = 0, globalOut = 0; // strides of the global image loop
  int64_t groups = 1, cinG = 1, coutG = 1, rows = 1;
  SmallVector<int64_t> kernel, stride, dilation, padLo, out;
  // Input: element (channel c, position p) at inBase + c*inChan + p.inSp.
  int64_t inBase = 0, inChan = 0;
  SmallVector<int64_t> inSp;
  // Output: element (channel c, position o) at outBase + c*outChan + o.outSp.
  int64_t outBase = 0, outChan = 0;
  SmallVector<int64_t> outSp;
  // Weights: matrix element (g, r, c) at wBase + g*wGroup + r*wRow + c*wCol.
  int64_t wBase = 0, wGroup = 0, wRow = 0, wCol = 0;
  bool runtimeWeight = false;
  SmallVector<EpilogueOp> epilogue;
};

/// A run of blocks on one core: one crossbar group.
struct Part {
  int64_t replica, group, rowTile, colBegin, colEnd; // logical columns
  int64_t core, firstArray, numArrays;
  std::string symbol;
  int64_t rows = 0; // rows of the row tile
  /// Constant weights: preloaded from DRAM `src` (row and column strides).
  bool preload = false;
  int64_t src = 0, srcRowStride = 0, srcColStride = 0;
};

struct Stage {
  Operation *anchor;
  /// Values the stage reads and writes (runtime tensors).
  SmallVector<Value> reads, writes;
  SmallVector<int64_t> cores;
  /// Emits the stage's work for one image of the global loop on `core`.
  std::function<void(Emitter &, int64_t core, int imageDepth)> body;
  /// Emits work done once before the image loop (programming crossbars).
  std::function<void(Emitter &, int64_t core)> setup;
};

struct CoreInfo {
  int64_t tile, core;
};

} // namespace

namespace zara {
namespace {
struct LowerToZISAPass : public impl::LowerToZISAPassBase<LowerToZISAPass> {
  using Base::Base;
  void runOnOperation() override;
};

/// The lowering of one function.
class Lowering {
public:
  Lowering(ModuleOp module, func::FuncOp func, const sim::HwConfig &config,
           StringRef producer)
      : module(module), func(func), config(config), producer(producer),
        ctx(module.getContext()) {}

  LogicalResult run();

  int64_t numCores = 0, numGroups = 0, numSteps = 0;

private:
  // Analysis.
  LogicalResult classify();
  LogicalResult formStages();
  LogicalResult planCrossbar(Operation *op);
  LogicalResult planDigital(Operation *op);
  LogicalResult emit();

  // Memory.
  int64_t allocDram(int64_t size) {
    int64_t addr = dramTop;
    dramTop += std::max<int64_t>(size, 1);
    return addr;
  }
  FailureOr<int64_t> constantAddr(Value value);
  int64_t addConstant(ArrayRef<float> data);
  FailureOr<SmallVector<float>> constantData(Value value);
  /// The constant per-channel scale and shift a batch norm with constant
  /// parameters amounts to, in the weight segment: (scale, shift) addresses.
  FailureOr<std::pair<int64_t, int64_t>> foldBatchNorm(reram::BatchNormOp bn);
  Layout &layoutOf(Value value);
  Layout makeLayout(Value value, ArrayRef<int64_t> padLo,
                    ArrayRef<int64_t> padHi);
  Access accessOf(Value value, int imageDepth);
  /// Per-image logical shape of a runtime value.
  SmallVector<int64_t> imageShape(Value value) {
    SmallVector<int64_t> shape(shapeOf(value));
    if (batch > 1)
      shape[0] = 1;
    return shape;
  }

  // Cores.
  int64_t spareCore();
  int64_t bufferBase(int64_t core) {
    return (core % config.organisation.cores_per_tile) * bufferShare;
  }
  CoreInfo coreInfo(int64_t core) {
    return {core / config.organisation.cores_per_tile,
            core % config.organisation.cores_per_tile};
  }

  // Emission helpers.
  void emitWindowCore(Emitter &e, const WindowPlan &plan, ArrayRef<Part> parts,
                      int64_t core, int imageDepth);
  LogicalResult emitElementwise(Operation *first, ArrayRef<Operation *> chain,
                                int64_t core);

  InFlightDiagnostic error(Operation *op) { return op->emitError(); }

  ModuleOp module;
  func::FuncOp func;
  const sim::HwConfig &config;
  std::string producer;
  MLIRContext *ctx;

  /// Global image loop count (1: whole tensors).
  int64_t batch = 1;
  llvm::DenseSet<Value> constants;
  llvm::DenseMap<Value, int64_t> constantAddrs;
  llvm::DenseMap<Value, Layout> layouts;
  /// Padded copies of values convolutions read with padding.
  llvm::DenseMap<Value, Layout> paddedCopies;
  /// The tensor whose memory a reshape result shares.
  llvm::DenseMap<Value, Value> aliasOf;
  /// Padding convolutions need around their inputs (begin, end per dim).
  llvm::DenseMap<Value, std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
      neededPads;
  /// Interleaves whose inputs store straight into their result.
  llvm::DenseMap<Operation *, reram::InterleaveOp> fusedInterleave;
  llvm::DenseSet<Operation *> absorbed;

  std::vector<std::pair<int64_t, SmallVector<float>>> weightEntries;
  int64_t dramTop = 0;
  /// The weight segment is [0, weightLimit): constants are allocated there
  /// and activations above, so that no activation lies inside the segment
  /// (whose gaps the simulator tags as original data).
  int64_t weightTop = 0, weightLimit = 0;
  std::vector<Stage> stages;
  std::vector<Part> allParts;
  std::map<int64_t, int64_t> usedSlots; // blocks placed per core
  int64_t nextSpare = -1, firstSpare = 0, totalCores = 0;
  int64_t bufferShare = 0;
  int64_t nextChannel = 0;
  llvm::DenseMap<Operation *, int64_t> channelBase;
  /// Folded batch-norm vectors (scale, shift) of digital chains.
  llvm::DenseMap<Operation *, std::pair<int64_t, int64_t>> bnVectors;
  /// Estimated cycles per image of each crossbar op on each of its cores.
  llvm::DenseMap<Operation *, std::map<int64_t, double>> estimates;
  /// Batch norms whose parameters are graph inputs.
  llvm::DenseSet<Operation *> runtimeBatchNorms;
  /// The emitter and image-loop depth of the body being emitted.
  Emitter *currentEmitter = nullptr;
  /// An op whose windows do not fit the tile buffer share, and what they
  /// need (reported after emission).
  std::optional<std::pair<Operation *, int64_t>> deferredError;
  int currentImageDepth = -1;
};
} // namespace
} // namespace zara

//===----------------------------------------------------------------------===//
// Classification: constants, batch mode
//===----------------------------------------------------------------------===//

LogicalResult Lowering::classify() {
  Block &body = func.front();
  for (Operation &op : body) {
    if (isa<func::ReturnOp>(op))
      continue;
    bool isConst = isa<reram::ConstantOp>(op) ||
                   (op.getNumOperands() > 0 &&
                    llvm::all_of(op.getOperands(), [&](Value v) {
                      return constants.contains(v);
                    }));
    if (isConst)
      for (Value result : op.getResults())
        constants.insert(result);
  }

  // The global image loop: every runtime tensor has the batch as its leading
  // dimension and no weight is computed at run time.
  if (body.getNumArguments() == 0)
    return success();
  ArrayRef<int64_t> first = shapeOf(body.getArgument(0));
  int64_t b = first.empty() ? 1 : first[0];
  bool ok = b > 1;
  auto batched = [&](Value v) {
    ArrayRef<int64_t> shape = shapeOf(v);
    return !shape.empty() && shape[0] == b;
  };
  for (Value arg : body.getArguments())
    ok = ok && batched(arg);
  for (Operation &op : body) {
    if (!ok)
      break;
    if (isa<func::ReturnOp>(op) || constants.contains(op.getResult(0)))
      continue;
    for (Value result : op.getResults())
      ok = ok && batched(result);
    for (Value operand : op.getOperands())
      ok = ok && (constants.contains(operand) || batched(operand));
    if (auto conv = dyn_cast<reram::ConvOp>(op))
      ok = ok && constants.contains(conv.getWeight()) &&
           (!conv.getBias() || constants.contains(conv.getBias()));
    else if (auto mm = dyn_cast<reram::MatMulOp>(op))
      ok = ok && constants.contains(mm.getRhs());
    else if (auto t = dyn_cast<reram::TransposeOp>(op))
      ok = ok && t.getPermutation()[0] == 0;
    else if (auto c = dyn_cast<reram::ConcatOp>(op))
      ok = ok && c.getAxis() != 0;
    else if (auto s = dyn_cast<reram::StridedSliceOp>(op))
      ok = ok && s.getOffsets()[0] == 0 && s.getStrides()[0] == 1;
    else if (isa<reram::BatchNormOp>(op))
      ok = ok && llvm::all_of(op.getOperands().drop_front(),
                              [&](Value v) { return constants.contains(v); });
    else if (isa<reram::AddOp, reram::SubOp, reram::MulOp>(op))
      // A runtime operand broadcast along the batch would not be per image;
      // one of lower rank is aligned at the right, so its leading dimension
      // is not the batch even when it has the batch's size.
      ok = ok && llvm::all_of(op.getOperands(), [&](Value v) {
             return constants.contains(v) ||
                    (batched(v) &&
                     shapeOf(v).size() == shapeOf(op.getResult(0)).size());
           });
  }
  if (ok)
    batch = b;
  return success();
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<float>> Lowering::constantData(Value value) {
  FailureOr<interp::Tensor> tensor = interp::evaluateConstant(value);
  if (failed(tensor))
    return failure();
  SmallVector<float> data(tensor->data.begin(), tensor->data.end());
  return data;
}

FailureOr<std::pair<int64_t, int64_t>>
Lowering::foldBatchNorm(reram::BatchNormOp bn) {
  auto gamma = constantData(bn.getScale());
  auto beta = constantData(bn.getBias());
  auto mean = constantData(bn.getMean());
  auto var = constantData(bn.getVariance());
  if (failed(gamma) || failed(beta) || failed(mean) || failed(var))
    return failure();
  double eps = bn.getEpsilon().convertToDouble();
  size_t channels = gamma->size();
  SmallVector<float> scale(channels), shift(channels);
  for (size_t c = 0; c < channels; ++c) {
    // As ONNX computes it: (x - mean) / sqrt(var + eps) * gamma + beta.
    double sc = double((*gamma)[c]) / std::sqrt(double((*var)[c]) + eps);
    scale[c] = float(sc);
    shift[c] = float(double((*beta)[c]) - double((*mean)[c]) * sc);
  }
  int64_t scaleAddr = addConstant(scale);
  int64_t shiftAddr = addConstant(shift);
  return std::make_pair(scaleAddr, shiftAddr);
}

int64_t Lowering::addConstant(ArrayRef<float> data) {
  int64_t addr = weightTop;
  weightTop += std::max<int64_t>(data.size(), 1);
  assert(weightTop <= weightLimit && "the weight segment bound is too low");
  weightEntries.push_back({addr, SmallVector<float>(data)});
  return addr;
}

FailureOr<int64_t> Lowering::constantAddr(Value value) {
  auto it = constantAddrs.find(value);
  if (it != constantAddrs.end())
    return it->second;
  FailureOr<SmallVector<float>> data = constantData(value);
  if (failed(data))
    return failure();
  int64_t addr = addConstant(*data);
  constantAddrs[value] = addr;
  return addr;
}

Layout Lowering::makeLayout(Value value, ArrayRef<int64_t> padLo,
                            ArrayRef<int64_t> padHi) {
  Layout layout;
  layout.shape = imageShape(value);
  SmallVector<int64_t> padded(layout.shape);
  for (size_t d = 0; d < padded.size(); ++d)
    padded[d] +=
        (d < padLo.size() ? padLo[d] : 0) + (d < padHi.size() ? padHi[d] : 0);
  layout.strides = rowMajor(padded);
  int64_t size = product(padded);
  int64_t base = allocDram(size * batch);
  layout.imageStride = batch > 1 ? size : 0;
  layout.addr = base;
  for (size_t d = 0; d < padLo.size(); ++d)
    layout.addr += padLo[d] * layout.strides[d];
  return layout;
}

Layout &Lowering::layoutOf(Value value) {
  auto it = layouts.find(value);
  assert(it != layouts.end() && "runtime value without a layout");
  return it->second;
}

Access Lowering::accessOf(Value value, int imageDepth) {
  if (constants.contains(value)) {
    Access access;
    access.addr = Addr(constantAddrs.lookup(value));
    access.strides = rowMajor(shapeOf(value));
    return access;
  }
  const Layout &layout = layoutOf(value);
  Access access;
  access.addr = Addr(layout.addr).add(imageDepth, layout.imageStride);
  access.strides = layout.strides;
  return access;
}

int64_t Lowering::spareCore() {
  // Round robin over the cores the mapping left free. Without any, the
  // first core of the latest stage: a core of the neighbouring step, so
  // that the barriers it takes part in couple adjacent steps only (the
  // chip's last core would tie the first steps to the last layer and stop
  // the images from overlapping).
  if (firstSpare >= totalCores)
    return stages.empty() ? 0 : stages.back().cores.front();
  if (nextSpare < firstSpare || nextSpare >= totalCores)
    nextSpare = firstSpare;
  return nextSpare++;
}

//===----------------------------------------------------------------------===//
// Stage formation
//===----------------------------------------------------------------------===//

/// The per-channel vector (channel dimension `chanDim` of a result of
/// `shape`) that `other`, broadcast against `shape`, amounts to; empty when
/// it varies along another dimension.
static std::optional<SmallVector<float>>
perChannel(ArrayRef<float> data, ArrayRef<int64_t> otherShape,
           ArrayRef<int64_t> shape, size_t chanDim) {
  size_t offset = shape.size() - otherShape.size();
  int64_t channels = shape[chanDim];
  bool alongChannel = false;
  for (size_t d = 0; d < otherShape.size(); ++d) {
    if (otherShape[d] == 1)
      continue;
    if (d + offset != chanDim)
      return std::nullopt;
    alongChannel = true;
  }
  SmallVector<float> vec(channels);
  for (int64_t c = 0; c < channels; ++c)
    vec[c] = alongChannel ? data[c] : data[0];
  return vec;
}

LogicalResult Lowering::formStages() {
  Block &body = func.front();
  // Interleaves of single-use convolutions fuse into their stores.
  for (Operation &op : body) {
    auto il = dyn_cast<reram::InterleaveOp>(op);
    if (!il || il.getBias() || constants.contains(il.getOutput()))
      continue;
    bool all =
        !il.getInputs().empty() && llvm::all_of(il.getInputs(), [](Value v) {
          auto conv = v.getDefiningOp<reram::ConvOp>();
          return conv && v.hasOneUse();
        });
    if (!all)
      continue;
    for (Value v : il.getInputs())
      fusedInterleave[v.getDefiningOp()] = il;
    absorbed.insert(il);
  }

  // Padding that convolutions need around their inputs.
  for (Operation &op : body) {
    auto conv = dyn_cast<reram::ConvOp>(op);
    if (!conv || constants.contains(conv.getInput()))
      continue;
    int64_t k = shapeOf(conv.getInput()).size() - 2;
    auto &[lo, hi] = neededPads[conv.getInput()];
    lo.resize(k + 2, 0);
    hi.resize(k + 2, 0);
    ArrayRef<int64_t> pads = conv.getPads();
    for (int64_t d = 0; d < k; ++d) {
      lo[d + 2] = std::max(lo[d + 2], pads[d]);
      hi[d + 2] = std::max(hi[d + 2], pads[k + d]);
    }
  }

  // Layouts of the graph inputs (as bound: no padding).
  for (BlockArgument arg : body.getArguments()) {
    Layout layout;
    layout.shape = imageShape(arg);
    layout.strides = rowMajor(layout.shape);
    layout.addr = allocDram(product(shapeOf(arg)));
    layout.imageStride = batch > 1 ? product(layout.shape) : 0;
    layouts[arg] = layout;
  }

  for (Operation &op : body) {
    if (isa<func::ReturnOp>(op) || absorbed.contains(&op))
      continue;
    if (op.getNumResults() && constants.contains(op.getResult(0)))
      continue;
    LogicalResult result = isa<reram::ConvOp, reram::MatMulOp>(op)
                               ? planCrossbar(&op)
                               : planDigital(&op);
    if (failed(result))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Crossbar ops
//===----------------------------------------------------------------------===//

LogicalResult Lowering::planCrossbar(Operation *op) {
  auto map = op->getAttrOfType<MappingAttr>(MappingAttr::getAttrName());
  if (!map)
    return error(op) << "'" << op->getName()
                     << "' has no crossbar mapping: run reram-map-crossbars "
                        "before reram-lower-to-zisa";
  auto plan = std::make_shared<WindowPlan>();
  plan->op = op;
  plan->map = map;

  // The value whose layout the stage writes, and the fused epilogue.
  Value head = op->getResult(0);
  reram::InterleaveOp il = fusedInterleave.lookup(op);
  if (il)
    head = il.getOutput();
  bool isConv = isa<reram::ConvOp>(op);
  size_t chanDim = isConv ? 1 : shapeOf(head).size() - 1;
  SmallVector<Operation *> chain;
  auto addVector = [&](ArrayRef<float> vec) { return addConstant(vec); };
  if (auto conv = dyn_cast<reram::ConvOp>(op); conv && conv.getBias()) {
    if (!constants.contains(conv.getBias())) {
      // A bias that is a graph input: load it as a vector at run time.
      plan->epilogue.push_back(
          {AluOpKind::add, layoutOf(conv.getBias()).addr, -1, 0.0f});
    } else {
      FailureOr<SmallVector<float>> bias = constantData(conv.getBias());
      if (failed(bias))
        return failure();
      plan->epilogue.push_back({AluOpKind::add, addVector(*bias), -1, 0.0f});
    }
  }
  while (head.hasOneUse() && (isConv || shapeOf(head).size() == 2)) {
    Operation *user = *head.getUsers().begin();
    if (il && fusedInterleave.lookup(op) != il)
      break;
    std::optional<EpilogueOp> epi;
    ArrayRef<int64_t> shape = shapeOf(head);
    llvm::TypeSwitch<Operation *>(user)
        .Case([&](reram::ReluOp) { epi = EpilogueOp{AluOpKind::relu}; })
        .Case([&](reram::TanhOp) { epi = EpilogueOp{AluOpKind::tanh}; })
        .Case([&](reram::SigmoidOp) { epi = EpilogueOp{AluOpKind::sigmoid}; })
        .Case([&](reram::LeakyReluOp l) {
          epi = EpilogueOp{AluOpKind::leaky_relu, -1, -1,
                           l.getAlpha().convertToFloat()};
        })
        .Case([&](reram::BatchNormOp bn) {
          if (!isConv ||
              !llvm::all_of(bn->getOperands().drop_front(),
                            [&](Value v) { return constants.contains(v); }))
            return;
          auto folded = foldBatchNorm(bn);
          if (failed(folded))
            return;
          epi =
              EpilogueOp{AluOpKind::scale_shift, folded->first, folded->second};
        })
        .Case<reram::AddOp, reram::MulOp>([&](Operation *bin) {
          Value other = bin->getOperand(0) == head ? bin->getOperand(1)
                                                   : bin->getOperand(0);
          if (!constants.contains(other) || shapeOf(bin->getResult(0)) != shape)
            return;
          auto data = constantData(other);
          if (failed(data))
            return;
          auto vec = perChannel(*data, shapeOf(other), shape, chanDim);
          if (!vec)
            return;
          epi = EpilogueOp{isa<reram::AddOp>(bin) ? AluOpKind::add
                                                  : AluOpKind::mul,
                           addVector(*vec)};
        });
    if (!epi)
      break;
    plan->epilogue.push_back(*epi);
    chain.push_back(user);
    head = user->getResult(0);
  }
  // The other phase convolutions of a fused interleave share its epilogue:
  // each plans the same chain (and stores its own copy of the vectors).

  // The layout of the stored value: padded for convolution consumers.
  if (!layouts.count(head)) {
    bool onlyConvs = !head.use_empty() &&
                     llvm::all_of(head.getUsers(), [&](Operation *user) {
                       auto conv = dyn_cast<reram::ConvOp>(user);
                       return conv && conv.getInput() == head;
                     });
    bool returned = llvm::any_of(head.getUsers(), [](Operation *user) {
      return isa<func::ReturnOp>(user);
    });
    if (onlyConvs && !returned && neededPads.count(head)) {
      auto &[lo, hi] = neededPads[head];
      layouts[head] = makeLayout(head, lo, hi);
    } else {
      layouts[head] = makeLayout(head, {}, {});
    }
  }
  for (Operation *user : chain)
    absorbed.insert(user);
  const Layout &outLayout = layouts[head];

  // Input and geometry.
  if (auto conv = dyn_cast<reram::ConvOp>(op)) {
    Value input = conv.getInput();
    ArrayRef<int64_t> wShape = shapeOf(conv.getWeight());
    int64_t k = wShape.size() - 2;
    plan->k = k;
    plan->groups = conv.getGroups();
    plan->coutG = wShape[0] / plan->groups;
    plan->cinG = wShape[1];
    plan->kernel.assign(wShape.begin() + 2, wShape.end());
    plan->stride.assign(conv.getStrides().begin(), conv.getStrides().end());
    plan->dilation.assign(conv.getDilations().begin(),
                          conv.getDilations().end());
    plan->padLo.assign(conv.getPads().begin(), conv.getPads().begin() + k);
    ArrayRef<int64_t> outShape = shapeOf(conv.getOutput());
    plan->out.assign(outShape.begin() + 2, outShape.end());
    plan->rows = plan->cinG * product(plan->kernel);

    // The input must be laid out with the padding this convolution reads;
    // a bound or digital value has none, and gets a padded copy made by a
    // step of its own (one per value, shared by its convolutions).
    if (!layouts.count(input))
      return error(op) << "input of the convolution has no layout";
    Layout source = layoutOf(input);
    ArrayRef<int64_t> pads = conv.getPads();
    bool needsPad = llvm::any_of(pads, [](int64_t p) { return p > 0; });
    if (needsPad && source.strides == rowMajor(source.shape)) {
      auto it = paddedCopies.find(input);
      if (it == paddedCopies.end()) {
        auto &[lo, hi] = neededPads[input];
        Layout copy = makeLayout(input, lo, hi);
        Stage stage;
        stage.anchor = op;
        stage.reads.push_back(input);
        // The copy stands in the step analysis as a write of `input`, so
        // that its readers come in a later step.
        stage.writes.push_back(input);
        stage.cores.push_back(spareCore());
        Layout src = source;
        stage.body = [src, copy](Emitter &e, int64_t, int imageDepth) {
          Access s{Addr(src.addr).add(imageDepth, src.imageStride),
                   src.strides};
          Access d{Addr(copy.addr).add(imageDepth, copy.imageStride),
                   copy.strides};
          emitCopy(e, s, d, src.shape);
        };
        stages.push_back(std::move(stage));
        it = paddedCopies.insert({input, copy}).first;
      }
      source = it->second;
    }
    const Layout &in = source;
    plan->inBase = in.addr;
    plan->inChan = in.strides[1];
    plan->inSp.assign(in.strides.begin() + 2, in.strides.end());
    plan->images = in.shape[0];
    plan->inImageStride = in.strides[0];
    plan->globalIn = in.imageStride;

    // Weights: (Cout, Cin/g, K...), row r of group g's matrix is the
    // flattened (Cin/g, K...) index, column c the output channel.
    if (constants.contains(conv.getWeight())) {
      FailureOr<int64_t> w = constantAddr(conv.getWeight());
      if (failed(w))
        return failure();
      plan->wBase = *w;
    } else {
      plan->wBase = layoutOf(conv.getWeight()).addr;
      plan->runtimeWeight = true;
    }
    plan->wRow = 1;
    plan->wCol = plan->rows;
    plan->wGroup = plan->coutG * plan->rows;
  } else {
    auto mm = cast<reram::MatMulOp>(op);
    ArrayRef<int64_t> lhs = shapeOf(mm.getLhs());
    ArrayRef<int64_t> rhs = shapeOf(mm.getRhs());
    const Layout &in = layoutOf(mm.getLhs());
    plan->k = 1;
    plan->cinG = lhs[1];
    plan->coutG = rhs[1];
    plan->rows = rhs[0];
    plan->kernel = {1};
    plan->stride = {1};
    plan->dilation = {1};
    plan->padLo = {0};
    plan->out = {batch > 1 ? 1 : lhs[0]};
    plan->inBase = in.addr;
    plan->inChan = in.strides[1];
    plan->inSp = {in.strides[0]};
    plan->globalIn = in.imageStride;
    if (constants.contains(mm.getRhs())) {
      FailureOr<int64_t> w = constantAddr(mm.getRhs());
      if (failed(w))
        return failure();
      plan->wBase = *w;
    } else {
      plan->wBase = layoutOf(mm.getRhs()).addr;
      plan->runtimeWeight = true;
    }
    plan->wRow = rhs[1];
    plan->wCol = 1;
  }

  // Output target.
  plan->globalOut = outLayout.imageStride;
  if (il) {
    // Phase `i` of the interleave: every s-th position from its offset.
    size_t index = 0;
    for (auto [i, v] : llvm::enumerate(il.getInputs()))
      if (v == op->getResult(0))
        index = i;
    int64_t k = plan->k;
    ArrayRef<int64_t> offsets = il.getOffsets();
    ArrayRef<int64_t> strides = il.getStrides();
    plan->outBase = outLayout.addr;
    plan->outChan = outLayout.strides[1];
    for (int64_t d = 0; d < k; ++d) {
      plan->outBase += offsets[index * k + d] * outLayout.strides[2 + d];
      plan->outSp.push_back(strides[d] * outLayout.strides[2 + d]);
    }
    plan->outImageStride = outLayout.strides[0];
  } else if (isConv) {
    plan->outBase = outLayout.addr;
    plan->outChan = outLayout.strides[1];
    plan->outSp.assign(outLayout.strides.begin() + 2, outLayout.strides.end());
    plan->outImageStride = outLayout.strides[0];
  } else {
    plan->outBase = outLayout.addr;
    plan->outChan = 1;
    plan->outSp = {outLayout.strides[0]};
  }
  if (!isConv)
    plan->images = 1;

  // Blocks: replica, group, row tile, column tile (fastest), placed from
  // the op's first core on; consecutive blocks of one row tile on one core
  // form a group.
  const int64_t cpt = config.organisation.cores_per_tile;
  const int64_t bpc =
      config.organisation.crossbars_per_core / map.getArraysPerBlock();
  int64_t firstCore = map.getFirstTile() * cpt + map.getFirstCore();
  int64_t slot = firstCore * bpc + usedSlots[firstCore];
  const int64_t outRegister = config.elementsIn(config.registers.output_bytes);
  auto parts = std::make_shared<std::vector<Part>>();
  for (int64_t r = 0; r < map.getReplication(); ++r)
    for (int64_t g = 0; g < map.getGroups(); ++g)
      for (int64_t rt = 0; rt < map.getRowTiles(); ++rt)
        for (int64_t ct = 0; ct < map.getColTiles(); ++ct, ++slot) {
          int64_t core = slot / bpc;
          int64_t array = (slot % bpc) * map.getArraysPerBlock();
          int64_t c0 = ct * map.getTileCols();
          int64_t c1 = std::min(c0 + map.getTileCols(), map.getCols());
          if (!parts->empty()) {
            Part &last = parts->back();
            if (last.core == core && last.replica == r && last.group == g &&
                last.rowTile == rt && last.colEnd == c0 &&
                c1 - last.colBegin <= outRegister) {
              last.colEnd = c1;
              continue;
            }
          }
          int64_t nr =
              std::min(map.getTileRows(), plan->rows - rt * map.getTileRows());
          parts->push_back({r, g, rt, c0, c1, core, array, 0, "", nr});
        }
  usedSlots[firstCore] = 0;
  for (int64_t core = firstCore; core <= (slot - 1) / bpc; ++core)
    usedSlots[core] = core == (slot - 1) / bpc ? (slot - 1) % bpc + 1 : bpc;
  // Channels: one per (sender part, home part) pair at most.
  channelBase[op] = nextChannel;
  nextChannel += int64_t(parts->size()) * int64_t(parts->size() + 1);
  for (Part &part : *parts) {
    part.numArrays = config.arraysForCols(part.colEnd - part.colBegin);
    part.preload = !plan->runtimeWeight;
    part.src = plan->wBase + part.group * plan->wGroup +
               part.rowTile * map.getTileRows() * plan->wRow +
               part.colBegin * plan->wCol;
    part.srcRowStride = plan->wRow;
    part.srcColStride = plan->wCol;
    part.symbol = "g" + std::to_string(allParts.size());
    allParts.push_back(part);
  }

  Stage stage;
  stage.anchor = op;
  for (Value operand : op->getOperands())
    if (!constants.contains(operand))
      stage.reads.push_back(operand);
  stage.writes.push_back(head);
  for (const Part &part : *parts)
    if (stage.cores.empty() || stage.cores.back() != part.core)
      stage.cores.push_back(part.core);
  stage.cores.erase(std::unique(stage.cores.begin(), stage.cores.end()),
                    stage.cores.end());
  auto programGroups = [this, plan, parts](Emitter &e, int64_t core) {
    const int64_t tileRows = plan->map.getTileRows();
    for (const Part &part : *parts) {
      if (part.core != core)
        continue;
      int64_t r0 = part.rowTile * tileRows;
      int64_t nr = std::min(tileRows, plan->rows - r0);
      int64_t nc = part.colEnd - part.colBegin;
      Addr src(plan->wBase + part.group * plan->wGroup + r0 * plan->wRow +
               part.colBegin * plan->wCol);
      ProgramXbarOp::create(
          e.b, e.loc, part.symbol, WriteMode::whole, uint64_t(0), uint64_t(nr),
          e.pattern(src, {{nr, plan->wRow}, {nc, plan->wCol}}));
    }
  };
  if (plan->runtimeWeight)
    stage.body = [this, plan, parts, programGroups](Emitter &e, int64_t core,
                                                    int imageDepth) {
      programGroups(e, core);
      emitWindowCore(e, *plan, *parts, core, imageDepth);
    };
  else {
    // Constant weights are preloaded with the program (the groups'
    // `preload`): weight-stationary, programmed once when the model is
    // loaded onto the chip.
    stage.body = [this, plan, parts](Emitter &e, int64_t core, int imageDepth) {
      emitWindowCore(e, *plan, *parts, core, imageDepth);
    };
  }
  stages.push_back(std::move(stage));
  return success();
}

/// Emits what `core` does for one image of a crossbar op: for each unit
/// (replica, group) it holds blocks of, the window loops.
void Lowering::emitWindowCore(Emitter &e, const WindowPlan &plan,
                              ArrayRef<Part> parts, int64_t core,
                              int imageDepth) {
  const int64_t k = plan.k;
  const int64_t tileRows = plan.map.getTileRows();
  const int64_t KK = product(plan.kernel);
  const int64_t R = plan.map.getReplication();
  const int64_t outerCount = k >= 2 ? plan.out[0] : 1;
  const int64_t width = plan.out[k - 1];
  // Replica split: rectangles of rows (first spatial dimension) and columns
  // (last spatial dimension).
  const reram::ReplicaSplit split =
      reram::ReplicaSplit::get(R, outerCount, width);
  const int64_t rowSplit = split.rowSplit, rowsPer = split.rowsPer;
  const int64_t colSplit = split.colSplit, colsPer = split.colsPer;
  int64_t innerK = 1; // kernel positions of dimensions 0..k-2
  for (int64_t d = 0; d + 1 < k; ++d)
    innerK *= plan.kernel[d];
  const int64_t sLast = plan.stride[k - 1], dLast = plan.dilation[k - 1];
  const int64_t kLast = plan.kernel[k - 1];
  auto bandWidth = [&](int64_t c) {
    return (c - 1) * sLast + (kLast - 1) * dLast + 1;
  };
  // Strides of a band laid out [channels][K_0]..[K_(k-2)][width bw].
  auto bandStridesFor = [&](int64_t bw) {
    SmallVector<int64_t> strides(k + 1, 1);
    for (int64_t d = k - 1; d >= 0; --d)
      strides[d] = strides[d + 1] * (d + 1 == k ? bw : plan.kernel[d]);
    return strides;
  };

  // Units on this core, in block order.
  SmallVector<std::pair<int64_t, int64_t>> units;
  for (const Part &p : parts)
    if (p.core == core &&
        (units.empty() || units.back() != std::make_pair(p.replica, p.group)))
      units.push_back({p.replica, p.group});

  for (auto [replica, group] : units) {
    if (replica >= rowSplit * colSplit)
      continue; // an idle copy: more copies than output positions
    int64_t ry = replica / colSplit, rx = replica % colSplit;
    int64_t y0 = ry * rowsPer, y1 = std::min(outerCount, y0 + rowsPer);
    int64_t x0 = rx * colsPer, x1 = std::min(width, x0 + colsPer);
    if (y0 >= y1 || x0 >= x1)
      continue;
    // This unit's parts: all of them (for the reduction) and this core's.
    SmallVector<const Part *> unit, mine, homes;
    for (const Part &p : parts)
      if (p.replica == replica && p.group == group) {
        unit.push_back(&p);
        if (p.core == core)
          mine.push_back(&p);
        if (p.rowTile == 0)
          homes.push_back(&p);
      }

    // Per part: the channel range its rows touch and whether the rows are
    // whole channels (a direct window) or need a staging copy.
    struct Local {
      const Part *part;
      int64_t r0, r1, ch0, ch1;
      bool aligned;
      int64_t band = 0, stage = 0, out = 0;
    };
    SmallVector<Local> locals;
    for (const Part *p : mine) {
      Local l{p,
              p->rowTile * tileRows,
              std::min(plan.rows, (p->rowTile + 1) * tileRows),
              0,
              0,
              true};
      l.ch0 = l.r0 / KK;
      l.ch1 = ceilDiv(l.r1, KK);
      l.aligned = l.r0 % KK == 0 && (l.r1 % KK == 0 || l.r1 == plan.rows);
      locals.push_back(l);
    }
    // Messages: (sender part, home part) pairs with the column overlap.
    struct Msg {
      const Part *from, *to;
      int64_t c0, c1, channel;
    };
    SmallVector<Msg> msgs;
    for (const Part *p : unit) {
      if (p->rowTile == 0)
        continue;
      for (const Part *h : homes) {
        int64_t c0 = std::max(p->colBegin, h->colBegin);
        int64_t c1 = std::min(p->colEnd, h->colEnd);
        if (c0 < c1)
          msgs.push_back({p, h, c0, c1, -1});
      }
    }
    // A message queue per (sender part, home part): channel numbers that
    // both ends compute alike, offset per op so that ops never share one.
    int64_t tempCols = 0;
    for (Msg &m : msgs) {
      m.channel = channelBase.lookup(plan.op) +
                  (m.from - parts.data()) * int64_t(homes.size()) +
                  (std::find(homes.begin(), homes.end(), m.to) - homes.begin());
      if (m.to->core == core && m.from->core != core)
        tempCols = std::max(tempCols, m.c1 - m.c0);
    }
    int64_t vectors = 0;
    for (const EpilogueOp &op : plan.epilogue)
      vectors += (op.vecB >= 0) + (op.vecC >= 0);

    // The largest chunk of positions that fits this core's buffer share.
    // Every core of the unit must use the same chunks (their messages
    // pair up), so the chunk is the largest that fits all of them.
    auto need = [&](int64_t c) {
      std::map<int64_t, int64_t> perCore;
      for (const Part *p : unit) {
        int64_t r0 = p->rowTile * tileRows;
        int64_t r1 = std::min(plan.rows, r0 + tileRows);
        int64_t nch = ceilDiv(r1, KK) - r0 / KK;
        bool aligned = r0 % KK == 0 && (r1 % KK == 0 || r1 == plan.rows);
        int64_t &total = perCore[p->core];
        total += nch * innerK * bandWidth(c);
        if (!aligned)
          total += nch * KK;
        total += (p->colEnd - p->colBegin) * c;
        if (p->rowTile == 0)
          total += vectors * (p->colEnd - p->colBegin);
      }
      std::map<int64_t, int64_t> temps;
      for (const Msg &m : msgs)
        if (m.to->core != m.from->core)
          temps[m.to->core] = std::max(temps[m.to->core], m.c1 - m.c0);
      int64_t worst = 0;
      for (auto [x, total] : perCore)
        worst = std::max(worst, total + temps[x] * c);
      return worst;
    };
    int64_t chunk = x1 - x0;
    while (chunk > 1 && need(chunk) > bufferShare)
      chunk = chunk > 8 ? chunk * 3 / 4 : chunk - 1;
    if (need(chunk) > bufferShare && !deferredError) {
      deferredError = {plan.op, need(chunk)};
      return;
    }
    // The schedule's estimate for this core: its MVMs and band loads, one
    // after another (docs/Lowering.md, "The scheduled estimate").
    {
      int64_t positions = (y1 - y0) * (x1 - x0);
      for (int64_t d = 1; d + 1 < k; ++d)
        positions *= plan.out[d];
      int64_t chunks = ceilDiv(x1 - x0, chunk) * (y1 - y0);
      for (int64_t d = 1; d + 1 < k; ++d)
        chunks *= plan.out[d];
      double cycles = 0;
      const int64_t slices = config.inputSlices();
      const int64_t tRead = config.cycles(config.crossbar.read_latency_ns);
      const int64_t L = config.buffer.access_latency_cycles;
      for (Local &l : locals) {
        int64_t nc = l.part->colEnd - l.part->colBegin;
        int64_t m = std::min<int64_t>(config.crossbar.cols,
                                      nc * config.cellsPerWeight());
        int64_t tAdc =
            config.cycles(double(ceilDiv(m, config.adc.per_crossbar)) /
                          config.adc.sample_rate_gsps);
        int64_t mvm = config.bufferWords(l.part->rows) * L + tRead +
                      (slices - 1) * std::max(tRead, tAdc) + tAdc +
                      config.shift_add.latency_cycles +
                      config.bufferWords(nc) * L;
        int64_t band = (l.ch1 - l.ch0) * innerK * bandWidth(chunk);
        cycles += double(positions) * mvm +
                  double(chunks) *
                      (config.cycles(config.dram.latency_ns) +
                       config.cycles(double(band) * config.numerics.data_bits /
                                     8 / config.dram.bandwidth_gbps));
      }
      estimates[plan.op][core] += cycles * plan.images;
    }
    // Buffer layout.
    int64_t at = bufferBase(core);
    for (Local &l : locals) {
      int64_t nch = l.ch1 - l.ch0;
      l.band = at;
      at += nch * innerK * bandWidth(chunk);
      if (!l.aligned) {
        l.stage = at;
        at += nch * KK;
      }
      l.out = at;
      at += (l.part->colEnd - l.part->colBegin) * chunk;
    }
    int64_t temp = at;
    at += tempCols * chunk;
    // Epilogue vectors of this core's home parts, loaded once per image.
    llvm::DenseMap<const Part *, SmallVector<std::pair<int64_t, int64_t>>>
        vecAt; // per home part and epilogue op: (b, c) buffer addresses
    for (Local &l : locals) {
      if (l.part->rowTile != 0)
        continue;
      int64_t nc = l.part->colEnd - l.part->colBegin;
      int64_t chanBase = l.part->group * plan.coutG + l.part->colBegin;
      auto &list = vecAt[l.part];
      for (const EpilogueOp &op : plan.epilogue) {
        std::pair<int64_t, int64_t> slots{-1, -1};
        if (op.vecB >= 0) {
          slots.first = at;
          e.move(MemSpace::dram, Addr(op.vecB + chanBase), {{nc, 1}},
                 MemSpace::buffer, Addr(at), {{nc, 1}});
          at += nc;
        }
        if (op.vecC >= 0) {
          slots.second = at;
          e.move(MemSpace::dram, Addr(op.vecC + chanBase), {{nc, 1}},
                 MemSpace::buffer, Addr(at), {{nc, 1}});
          at += nc;
        }
        list.push_back(slots);
      }
    }

    // Loops: images of the stage, rows (the outer spatial dimensions), the
    // chunks of positions, then the positions of a chunk.
    auto rowsBody = [&](int imgDepth, SmallVector<int> outerDepths,
                        SmallVector<int64_t> outerStart) {
      auto chunkBody = [&](int64_t xs, int64_t c, int chunkDepth) {
        // Band loads and MVMs per local part.
        for (Local &l : locals) {
          int64_t nch = l.ch1 - l.ch0;
          int64_t chanStart = l.part->group * plan.cinG + l.ch0;
          Addr src(plan.inBase + chanStart * plan.inChan);
          src.add(imageDepth, plan.globalIn).add(imgDepth, plan.inImageStride);
          SmallVector<Dim> srcDims{{nch, plan.inChan}}, dstDims;
          int64_t bw = bandWidth(c);
          for (int64_t d = 0; d + 1 < k; ++d) {
            int64_t start = outerStart[d] * plan.stride[d] - plan.padLo[d];
            src.base += start * plan.inSp[d];
            src.add(outerDepths[d], plan.stride[d] * plan.inSp[d]);
            srcDims.push_back(
                {plan.kernel[d], plan.dilation[d] * plan.inSp[d]});
          }
          src.base += (xs * sLast - plan.padLo[k - 1]) * plan.inSp[k - 1];
          src.add(chunkDepth, chunk * sLast * plan.inSp[k - 1]);
          srcDims.push_back({bw, plan.inSp[k - 1]});
          SmallVector<int64_t> bandStrides = bandStridesFor(bw);
          for (size_t d = 0; d < srcDims.size(); ++d)
            dstDims.push_back({srcDims[d].count, bandStrides[d]});
          // A band of fewer than 5 dims is one move; with k = 3 it is
          // 4 dims (channels, K_0, K_1, width).
          e.move(MemSpace::dram, src, srcDims, MemSpace::buffer, Addr(l.band),
                 dstDims);
        }
        e.loop(c, [&](int j) {
          for (Local &l : locals) {
            int64_t nch = l.ch1 - l.ch0;
            SmallVector<int64_t> bandStrides = bandStridesFor(bandWidth(c));
            SmallVector<Dim> win{{nch, bandStrides[0]}};
            for (int64_t d = 0; d + 1 < k; ++d)
              win.push_back({plan.kernel[d], bandStrides[d + 1]});
            win.push_back({kLast, dLast});
            Addr windowAddr = Addr(l.band).add(j, sLast);
            int64_t nc = l.part->colEnd - l.part->colBegin;
            PatternAttr output =
                e.pattern(Addr(l.out).add(j, 1), {{nc, chunk}});
            PatternAttr input;
            if (l.aligned) {
              // Channels [r0/KK, r1/KK) of the band, i.e. all of it.
              input = e.pattern(windowAddr, win);
            } else {
              e.move(MemSpace::buffer, windowAddr, win, MemSpace::buffer,
                     Addr(l.stage), {{nch * KK, 1}});
              input = e.pattern(Addr(l.stage + (l.r0 - l.ch0 * KK)),
                                {{l.r1 - l.r0, 1}});
            }
            MvmOp::create(e.b, e.loc, l.part->symbol, input, output,
                          /*accumulate=*/false);
          }
        });
        // Reduction: local adds and sends, then receives at the homes.
        auto outOf = [&](const Part *p) -> int64_t {
          for (Local &l : locals)
            if (l.part == p)
              return l.out;
          return -1;
        };
        for (const Msg &m : msgs) {
          if (m.from->core != core)
            continue;
          int64_t n = m.c1 - m.c0;
          Addr src(outOf(m.from) + (m.c0 - m.from->colBegin) * chunk);
          SmallVector<Dim> dims{{n, chunk}, {c, 1}};
          if (m.to->core == core) {
            Addr dst(outOf(m.to) + (m.c0 - m.to->colBegin) * chunk);
            e.alu(AluOpKind::add, e.pattern(dst, dims), e.pattern(dst, dims),
                  e.pattern(src, dims), nullptr);
          } else {
            SendOp::create(
                e.b, e.loc, e.b.getI64IntegerAttr(coreInfo(m.to->core).tile),
                e.b.getI64IntegerAttr(m.channel), e.pattern(src, dims));
          }
        }
        for (const Msg &m : msgs) {
          if (m.to->core != core || m.from->core == core)
            continue;
          int64_t n = m.c1 - m.c0;
          SmallVector<Dim> dims{{n, chunk}, {c, 1}};
          RecvOp::create(
              e.b, e.loc, e.b.getI64IntegerAttr(coreInfo(m.from->core).tile),
              e.b.getI64IntegerAttr(m.channel), e.pattern(Addr(temp), dims));
          Addr dst(outOf(m.to) + (m.c0 - m.to->colBegin) * chunk);
          e.alu(AluOpKind::add, e.pattern(dst, dims), e.pattern(dst, dims),
                e.pattern(Addr(temp), dims), nullptr);
        }
        // Epilogue and store at the homes.
        for (Local &l : locals) {
          if (l.part->rowTile != 0)
            continue;
          int64_t nc = l.part->colEnd - l.part->colBegin;
          SmallVector<Dim> dims{{nc, chunk}, {c, 1}};
          SmallVector<Dim> vecDims{{nc, 1}, {c, 0}};
          PatternAttr out = e.pattern(Addr(l.out), dims);
          for (auto [index, op] : llvm::enumerate(plan.epilogue)) {
            auto [vb, vc] = vecAt[l.part][index];
            PatternAttr pb =
                vb >= 0 ? e.pattern(Addr(vb), vecDims) : PatternAttr();
            PatternAttr pc =
                vc >= 0 ? e.pattern(Addr(vc), vecDims) : PatternAttr();
            e.alu(op.kind, out, out, pb, pc, op.imm);
          }
          int64_t chan = l.part->group * plan.coutG + l.part->colBegin;
          Addr dst(plan.outBase + chan * plan.outChan);
          dst.add(imageDepth, plan.globalOut)
              .add(imgDepth, plan.outImageStride);
          for (int64_t d = 0; d + 1 < k; ++d) {
            dst.base += outerStart[d] * plan.outSp[d];
            dst.add(outerDepths[d], plan.outSp[d]);
          }
          dst.base += xs * plan.outSp[k - 1];
          dst.add(chunkDepth, chunk * plan.outSp[k - 1]);
          e.move(MemSpace::buffer, Addr(l.out), dims, MemSpace::dram, dst,
                 {{nc, plan.outChan}, {c, plan.outSp[k - 1]}});
        }
      };
      int64_t span = x1 - x0;
      int64_t full = span / chunk, rest = span % chunk;
      if (full > 0)
        e.loop(full, [&](int cd) { chunkBody(x0, chunk, cd); });
      if (rest > 0)
        chunkBody(x0 + full * chunk, rest, -1);
    };

    e.loop(plan.images, [&](int imgDepth) {
      // Outer spatial dimensions: the first is split among replicas, the
      // others (3-D) run whole.
      std::function<void(int64_t, SmallVector<int>, SmallVector<int64_t>)>
          outer = [&](int64_t d, SmallVector<int> depths,
                      SmallVector<int64_t> starts) {
            if (d + 1 >= k) {
              rowsBody(imgDepth, depths, starts);
              return;
            }
            int64_t begin = d == 0 ? y0 : 0;
            int64_t count = d == 0 ? y1 - y0 : plan.out[d];
            e.loop(count, [&](int depth) {
              SmallVector<int> dd = depths;
              SmallVector<int64_t> ss = starts;
              dd.push_back(depth);
              ss.push_back(begin);
              outer(d + 1, dd, ss);
            });
          };
      outer(0, {}, {});
    });
  }
}

//===----------------------------------------------------------------------===//
// Digital ops
//===----------------------------------------------------------------------===//

static bool isElementwise(Operation *op) {
  return isa<reram::ReluOp, reram::LeakyReluOp, reram::TanhOp, reram::SigmoidOp,
             reram::AddOp, reram::SubOp, reram::MulOp, reram::BatchNormOp>(op);
}

LogicalResult Lowering::planDigital(Operation *op) {
  // Reshape of an unpadded tensor: the same memory.
  if (auto reshape = dyn_cast<reram::ReshapeOp>(op)) {
    const Layout &in = layoutOf(reshape.getInput());
    if (in.strides == rowMajor(in.shape)) {
      Layout out;
      out.addr = in.addr;
      out.imageStride = in.imageStride;
      out.shape = imageShape(reshape.getOutput());
      out.strides = rowMajor(out.shape);
      layouts[reshape.getOutput()] = out;
      Value root = reshape.getInput();
      aliasOf[reshape.getOutput()] =
          aliasOf.lookup(root) ? aliasOf.lookup(root) : root;
      return success();
    }
  }
  if (isa<reram::OverlapAddOp, reram::ChannelSumOp, reram::ConvTransposeOp,
          reram::ConvBackwardDataOp, reram::ConvBackwardWeightOp,
          reram::ConvTransposeBackwardDataOp,
          reram::ConvTransposeBackwardWeightOp>(op))
    return error(op) << "'" << op->getName()
                     << "' is not supported by the lowering to the "
                        "instruction set yet (compile with "
                        "--deform-form=phase, or stop at --emit=mapped)";

  Stage stage;
  stage.anchor = op;
  int64_t core = spareCore();
  stage.cores.push_back(core);

  if (isElementwise(op)) {
    // A chain of single-use element-wise ops of one shape.
    SmallVector<Operation *> chain{op};
    Value head = op->getResult(0);
    while (head.hasOneUse()) {
      Operation *user = *head.getUsers().begin();
      if (!isElementwise(user) || shapeOf(user->getResult(0)) != shapeOf(head))
        break;
      chain.push_back(user);
      head = user->getResult(0);
    }
    for (Operation *c : chain) {
      for (Value operand : c->getOperands())
        if (!constants.contains(operand) &&
            llvm::find(chain, operand.getDefiningOp()) == chain.end())
          stage.reads.push_back(operand);
      if (c != op)
        absorbed.insert(c);
    }
    for (Operation *c : chain)
      for (Value operand : c->getOperands())
        if (constants.contains(operand))
          if (failed(constantAddr(operand)))
            return failure();
    // Batch norm with constant statistics: fold scale and shift.
    for (Operation *c : chain)
      if (auto bn = dyn_cast<reram::BatchNormOp>(c)) {
        bool allConst =
            llvm::all_of(bn->getOperands().drop_front(),
                         [&](Value v) { return constants.contains(v); });
        if (!allConst) {
          // Parameters that are graph inputs: scale and shift are computed
          // on the core before the chunks, into DRAM scratch.
          int64_t channels = shapeOf(bn.getScale())[0];
          if (4 * channels > bufferShare)
            return error(bn)
                   << "batch normalization over " << channels
                   << " channels with parameters computed at run "
                      "time needs "
                   << 4 * channels << " elements of tile buffer; a core has "
                   << bufferShare;
          for (Value v : bn->getOperands().drop_front())
            if (constants.contains(v) && failed(constantAddr(v)))
              return failure();
          bnVectors[bn] = {allocDram(channels), allocDram(channels)};
          runtimeBatchNorms.insert(bn);
          continue;
        }
        auto folded = foldBatchNorm(bn);
        if (failed(folded))
          return failure();
        bnVectors[bn] = *folded;
      }
    layouts[head] = makeLayout(head, {}, {});
    stage.writes.push_back(head);
    SmallVector<Operation *> ops = chain;
    stage.body = [this, ops, core](Emitter &e, int64_t, int imageDepth) {
      currentImageDepth = imageDepth;
      currentEmitter = &e;
      (void)emitElementwise(ops.front(), ops, core);
    };
    stages.push_back(std::move(stage));
    return success();
  }

  // Data movement: DRAM-to-DRAM copies.
  Value result = op->getResult(0);
  for (Value operand : op->getOperands())
    if (!constants.contains(operand))
      stage.reads.push_back(operand);
    else if (failed(constantAddr(operand)))
      return failure();
  layouts[result] = makeLayout(result, {}, {});
  stage.writes.push_back(result);
  SmallVector<int64_t> outShape = imageShape(result);
  Operation *opPtr = op;
  stage.body = [this, opPtr, outShape](Emitter &e, int64_t, int depth) {
    Access dst = accessOf(opPtr->getResult(0), depth);
    llvm::TypeSwitch<Operation *>(opPtr)
        .Case([&](reram::ReshapeOp r) {
          // A padded input: copy element by element in row-major order.
          Access src = accessOf(r.getInput(), depth);
          SmallVector<int64_t> inShape = imageShape(r.getInput());
          Access flat{dst.addr, rowMajor(inShape)};
          emitCopy(e, src, flat, inShape);
        })
        .Case([&](reram::TransposeOp t) {
          Access src = accessOf(t.getInput(), depth);
          Access permuted{src.addr, {}};
          for (int64_t p : t.getPermutation())
            permuted.strides.push_back(src.strides[p]);
          emitCopy(e, permuted, dst, outShape);
        })
        .Case([&](reram::StridedSliceOp s) {
          Access src = accessOf(s.getInput(), depth);
          Access sliced{src.addr, {}};
          for (size_t d = 0; d < outShape.size(); ++d) {
            int64_t offset = d == 0 && batch > 1 ? 0 : s.getOffsets()[d];
            sliced.addr.base += offset * src.strides[d];
            sliced.strides.push_back(s.getStrides()[d] * src.strides[d]);
          }
          emitCopy(e, sliced, dst, outShape);
        })
        .Case([&](reram::ConcatOp c) {
          int64_t axis = c.getAxis(), offset = 0;
          for (Value input : c.getInputs()) {
            SmallVector<int64_t> inShape = imageShape(input);
            Access target = dst;
            target.addr.base += offset * dst.strides[axis];
            emitCopy(e, accessOf(input, depth), target, inShape);
            offset += inShape[axis];
          }
        })
        .Case([&](reram::InterleaveOp il) {
          size_t k = outShape.size() - 2;
          if (Value bias = il.getBias()) {
            // Positions no phase writes hold the bias: broadcast it first.
            Access b = accessOf(bias, depth);
            Access spread{b.addr, SmallVector<int64_t>(outShape.size(), 0)};
            spread.strides[1] = b.strides[0];
            emitCopy(e, spread, dst, outShape);
          }
          for (auto [index, input] : llvm::enumerate(il.getInputs())) {
            Access target = dst;
            for (size_t d = 0; d < k; ++d) {
              target.addr.base +=
                  il.getOffsets()[index * k + d] * dst.strides[2 + d];
              target.strides[2 + d] *= il.getStrides()[d];
            }
            emitCopy(e, accessOf(input, depth), target, imageShape(input));
          }
        })
        .Case([&](reram::DepthToSpaceOp d2s) {
          // out[n, c, t*b + r] = in[n, rho(r)*C + c, t]: loop over the block
          // positions r, each a strided copy.
          SmallVector<int64_t> inShape = imageShape(d2s.getInput());
          Access src = accessOf(d2s.getInput(), depth);
          ArrayRef<int64_t> blocks = d2s.getBlockSizes();
          size_t k = blocks.size();
          int64_t channels = outShape[1];
          int64_t B = product(blocks);
          for (int64_t rho = 0; rho < B; ++rho) {
            SmallVector<int64_t> r(k);
            int64_t rest = rho;
            for (int64_t d = k - 1; d >= 0; --d) {
              r[d] = rest % blocks[d];
              rest /= blocks[d];
            }
            Access from{src.addr.plus(rho * channels * src.strides[1]),
                        src.strides};
            Access to = dst;
            for (size_t d = 0; d < k; ++d) {
              to.addr.base += r[d] * dst.strides[2 + d];
              to.strides[2 + d] *= blocks[d];
            }
            SmallVector<int64_t> counts(inShape);
            counts[1] = channels;
            emitCopy(e, from, to, counts);
          }
        })
        .Case([&](reram::ZeroInsertOp z) {
          // The baseline writes its zeros: fill, then scatter the input.
          SmallVector<int64_t> inShape = imageShape(z.getInput());
          size_t k = inShape.size() - 2;
          int64_t total = product(outShape);
          e.fill(MemSpace::dram, dst.addr, {{total, 1}}, 0.0f, Tag::zero);
          Access src = accessOf(z.getInput(), depth);
          Access from = src, to = dst;
          SmallVector<int64_t> counts(inShape);
          ArrayRef<int64_t> pads = z.getPads();
          for (size_t d = 0; d < k; ++d) {
            int64_t s = z.getStrides()[d];
            int64_t begin = pads[d];
            // Skip input positions a negative pad removes.
            int64_t first = begin < 0 ? ceilDiv(-begin, s) : 0;
            int64_t lastPos = outShape[2 + d] - 1;
            int64_t last =
                std::min<int64_t>(inShape[2 + d] - 1, (lastPos - begin) / s);
            counts[2 + d] = std::max<int64_t>(0, last - first + 1);
            from.addr.base += first * src.strides[2 + d];
            to.addr.base += (begin + first * s) * dst.strides[2 + d];
            to.strides[2 + d] *= s;
          }
          if (product(counts) > 0)
            emitCopy(e, from, to, counts);
        })
        .Default([&](Operation *) {
          llvm_unreachable("op kinds are checked when the stage is planned");
        });
  };
  if (!isa<reram::ReshapeOp, reram::TransposeOp, reram::StridedSliceOp,
           reram::ConcatOp, reram::InterleaveOp, reram::DepthToSpaceOp,
           reram::ZeroInsertOp>(op))
    return error(op) << "'" << op->getName()
                     << "' is not supported by the lowering to the "
                        "instruction set";
  stages.push_back(std::move(stage));
  return success();
}

LogicalResult Lowering::emitElementwise(Operation *first,
                                        ArrayRef<Operation *> chain,
                                        int64_t core) {
  Emitter &e = *currentEmitter;
  int imageDepth = currentImageDepth;
  Value out = chain.back()->getResult(0);
  SmallVector<int64_t> shape = imageShape(out);
  const size_t rank = shape.size();

  // The access of `v` broadcast to `shape`.
  auto broadcast = [&](Value v) {
    Access a = accessOf(v, imageDepth);
    ArrayRef<int64_t> own = constants.contains(v)
                                ? shapeOf(v)
                                : ArrayRef<int64_t>(layoutOf(v).shape);
    Access result{a.addr, SmallVector<int64_t>(rank, 0)};
    size_t offset = rank - own.size();
    for (size_t d = 0; d < own.size(); ++d)
      if (own[d] != 1)
        result.strides[offset + d] = a.strides[d];
    return result;
  };
  auto channelVector = [&](int64_t addr) {
    Access result{Addr(addr), SmallVector<int64_t>(rank, 0)};
    result.strides[1] = 1;
    return result;
  };

  // Batch norms with parameters known only at run time: scale =
  // gamma / sqrt(var + eps), shift = beta - mean * scale, computed once.
  for (Operation *op : chain) {
    auto bn = dyn_cast<reram::BatchNormOp>(op);
    if (!bn || !runtimeBatchNorms.contains(bn))
      continue;
    e.loc = bn.getLoc();
    int64_t channels = shapeOf(bn.getScale())[0];
    int64_t base = bufferBase(core);
    SmallVector<Dim> vec{{channels, 1}};
    auto at = [&](int64_t i) { return Addr(base + i * channels); };
    Value params[4] = {bn.getScale(), bn.getBias(), bn.getMean(),
                       bn.getVariance()};
    for (int64_t i = 0; i < 4; ++i)
      e.move(MemSpace::dram, accessOf(params[i], imageDepth).addr, vec,
             MemSpace::buffer, at(i), vec);
    auto pat = [&](int64_t i) { return e.pattern(at(i), vec); };
    e.alu(AluOpKind::rsqrt, pat(3), pat(3), nullptr, nullptr,
          bn.getEpsilon().convertToFloat());
    e.alu(AluOpKind::mul, pat(3), pat(3), pat(0), nullptr); // scale
    e.alu(AluOpKind::mul, pat(2), pat(2), pat(3), nullptr); // mean * scale
    e.alu(AluOpKind::sub, pat(1), pat(1), pat(2), nullptr); // shift
    auto [scaleAddr, shiftAddr] = bnVectors.lookup(bn);
    e.move(MemSpace::buffer, at(3), vec, MemSpace::dram, Addr(scaleAddr), vec);
    e.move(MemSpace::buffer, at(1), vec, MemSpace::dram, Addr(shiftAddr), vec);
  }

  // Chunks: the innermost dimensions that fit a third of the buffer share,
  // the first one that does not fit split by its largest fitting divisor.
  const int64_t limit = std::max<int64_t>(1, bufferShare / 3);
  SmallVector<int64_t> inner(rank, 1), outer(shape);
  int64_t n = 1;
  int innerDims = 0;
  for (int64_t d = rank - 1; d >= 0 && innerDims < 4; --d) {
    if (n * shape[d] <= limit) {
      inner[d] = shape[d];
      outer[d] = 1;
      n *= shape[d];
      ++innerDims;
      continue;
    }
    int64_t f = limit / n;
    while (f > 1 && shape[d] % f)
      --f;
    inner[d] = f;
    outer[d] = shape[d] / f;
    n *= f;
    break;
  }
  const int64_t bufX = bufferBase(core), bufB = bufX + n, bufC = bufB + n;
  SmallVector<Dim> flat{{n, 1}};

  // Loops over the outer dimensions.
  std::function<void(size_t, SmallVector<int>)> rec =
      [&](size_t d, SmallVector<int> depths) {
        if (d < rank) {
          e.loop(outer[d], [&](int depth) {
            SmallVector<int> next = depths;
            next.push_back(depth);
            rec(d + 1, next);
          });
          return;
        }
        auto chunkOf = [&](const Access &a) {
          Addr addr = a.addr;
          SmallVector<Dim> dims;
          for (size_t k = 0; k < rank; ++k) {
            addr.add(depths[k], inner[k] * a.strides[k]);
            if (inner[k] > 1)
              dims.push_back({inner[k], a.strides[k]});
          }
          return std::make_pair(addr, dims);
        };
        auto load = [&](const Access &a, int64_t buf) {
          auto [addr, dims] = chunkOf(a);
          e.move(MemSpace::dram, addr, dims, MemSpace::buffer, Addr(buf), flat);
        };
        PatternAttr X = e.pattern(Addr(bufX), flat);
        PatternAttr B = e.pattern(Addr(bufB), flat);
        PatternAttr C = e.pattern(Addr(bufC), flat);
        Value current;
        for (Operation *op : chain) {
          e.loc = op->getLoc();
          if (op == first) {
            load(broadcast(op->getOperand(0)), bufX);
            current = op->getOperand(0);
          }
          llvm::TypeSwitch<Operation *>(op)
              .Case([&](reram::ReluOp) {
                e.alu(AluOpKind::relu, X, X, nullptr, nullptr);
              })
              .Case([&](reram::TanhOp) {
                e.alu(AluOpKind::tanh, X, X, nullptr, nullptr);
              })
              .Case([&](reram::SigmoidOp) {
                e.alu(AluOpKind::sigmoid, X, X, nullptr, nullptr);
              })
              .Case([&](reram::LeakyReluOp l) {
                e.alu(AluOpKind::leaky_relu, X, X, nullptr, nullptr,
                      l.getAlpha().convertToFloat());
              })
              .Case([&](reram::BatchNormOp bn) {
                auto [scale, shift] = bnVectors.lookup(bn);
                load(channelVector(scale), bufB);
                load(channelVector(shift), bufC);
                e.alu(AluOpKind::scale_shift, X, X, B, C);
              })
              .Case<reram::AddOp, reram::SubOp, reram::MulOp>(
                  [&](Operation *bin) {
                    AluOpKind kind = isa<reram::AddOp>(bin)   ? AluOpKind::add
                                     : isa<reram::SubOp>(bin) ? AluOpKind::sub
                                                              : AluOpKind::mul;
                    bool chainIsLhs =
                        bin == first || bin->getOperand(0) == current;
                    Value other =
                        chainIsLhs ? bin->getOperand(1) : bin->getOperand(0);
                    load(broadcast(other), bufB);
                    if (chainIsLhs)
                      e.alu(kind, X, X, B, nullptr);
                    else
                      e.alu(kind, X, B, X, nullptr);
                  });
          current = op->getResult(0);
        }
        auto [addr, dims] = chunkOf(accessOf(out, imageDepth));
        e.move(MemSpace::buffer, Addr(bufX), flat, MemSpace::dram, addr, dims);
      };
  rec(0, {});
  return success();
}

//===----------------------------------------------------------------------===//
// The program
//===----------------------------------------------------------------------===//

static HwConfigAttr hardwareAttr(MLIRContext *ctx, const sim::HwConfig &hw) {
  auto f64 = [](double value) { return APFloat(value); };
  return HwConfigAttr::get(
      ctx,
      HwOrganisationAttr::get(ctx, hw.organisation.tiles,
                              hw.organisation.cores_per_tile,
                              hw.organisation.crossbars_per_core),
      HwCrossbarAttr::get(
          ctx, hw.crossbar.rows, hw.crossbar.cols, hw.crossbar.bits_per_cell,
          f64(hw.crossbar.read_latency_ns), f64(hw.crossbar.read_energy_pj)),
      HwWriteAttr::get(
          ctx, f64(hw.write.array_latency_ns), f64(hw.write.array_energy_pj),
          f64(hw.write.row_latency_ns), f64(hw.write.row_energy_pj)),
      HwDacAttr::get(ctx, hw.dac.bits, f64(hw.dac.energy_pj)),
      HwAdcAttr::get(ctx, hw.adc.bits, hw.adc.per_crossbar,
                     f64(hw.adc.sample_rate_gsps), f64(hw.adc.energy_pj)),
      HwSampleHoldAttr::get(ctx, f64(hw.sample_hold.energy_pj)),
      HwShiftAddAttr::get(ctx, hw.shift_add.latency_cycles,
                          f64(hw.shift_add.energy_pj)),
      HwRegistersAttr::get(ctx, hw.registers.input_bytes,
                           hw.registers.output_bytes,
                           f64(hw.registers.input_energy_pj),
                           f64(hw.registers.output_energy_pj)),
      HwBufferAttr::get(ctx, hw.buffer.bytes, hw.buffer.port_bits,
                        hw.buffer.access_latency_cycles,
                        f64(hw.buffer.access_energy_pj)),
      HwNocAttr::get(ctx, hw.noc.flit_bits, hw.noc.tiles_per_router,
                     hw.noc.hop_latency_cycles,
                     f64(hw.noc.energy_pj_per_flit_hop)),
      HwVectorAttr::get(ctx, hw.vector.lanes, hw.vector.latency_cycles,
                        hw.vector.transcendental_latency_cycles,
                        f64(hw.vector.energy_pj), f64(hw.vector.mul_energy_pj),
                        f64(hw.vector.transcendental_energy_pj)),
      HwDramAttr::get(ctx, hw.dram.capacity_bytes, f64(hw.dram.bandwidth_gbps),
                      f64(hw.dram.latency_ns), f64(hw.dram.energy_pj_per_bit)),
      HwTimingAttr::get(ctx, f64(hw.timing.clock_ghz)),
      HwNumericsAttr::get(ctx, hw.numerics.weight_bits, hw.numerics.input_bits,
                          hw.numerics.data_bits,
                          hw.numerics.signed_weights ==
                                  sim::SignedWeights::Differential
                              ? SignedWeights::differential
                              : SignedWeights::offset));
}

LogicalResult Lowering::emit() {
  Block &body = func.front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());

  // Outputs: an unpadded runtime tensor is bound where it is; anything else
  // (a padded or constant tensor, an input, a value returned twice) is
  // copied to a region of its own by a last step.
  SmallVector<std::pair<std::string, Layout>> outputs;
  llvm::DenseSet<Value> bound;
  for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
    std::string name = interp::getOutputName(func, index);
    // Reshapes share their input's memory: bind each memory once (an
    // output may alias an input, not another output).
    Value memory = aliasOf.lookup(value) ? aliasOf.lookup(value) : value;
    bool direct = !constants.contains(value) && !isa<BlockArgument>(value) &&
                  !bound.contains(memory) &&
                  layoutOf(value).strides == rowMajor(layoutOf(value).shape);
    if (direct) {
      bound.insert(memory);
      outputs.push_back({name, layoutOf(value)});
      continue;
    }
    if (constants.contains(value) && failed(constantAddr(value)))
      return failure();
    Layout copy;
    copy.shape = imageShape(value);
    copy.strides = rowMajor(copy.shape);
    copy.addr = allocDram(product(shapeOf(value)));
    copy.imageStride =
        batch > 1 && !constants.contains(value) ? product(copy.shape) : 0;
    outputs.push_back({name, copy});
    Stage stage;
    stage.anchor = ret;
    if (!constants.contains(value))
      stage.reads.push_back(value);
    stage.cores.push_back(spareCore());
    Value v = value;
    SmallVector<int64_t> shape = constants.contains(value)
                                     ? SmallVector<int64_t>(shapeOf(value))
                                     : copy.shape;
    stage.body = [this, v, copy, shape](Emitter &e, int64_t, int depth) {
      Access src = accessOf(v, depth);
      Access dst{Addr(copy.addr).add(depth, copy.imageStride), copy.strides};
      emitCopy(e, src, dst, shape);
    };
    stages.push_back(std::move(stage));
  }

  // Steps: a stage joins the current step unless it reads what the step
  // writes.
  SmallVector<int64_t> stepOf(stages.size());
  {
    llvm::DenseSet<Value> written;
    int64_t step = 0;
    for (auto [i, stage] : llvm::enumerate(stages)) {
      auto root = [&](Value v) {
        Value a = aliasOf.lookup(v);
        return a ? a : v;
      };
      bool depends = llvm::any_of(
          stage.reads, [&](Value v) { return written.contains(root(v)); });
      if (depends) {
        ++step;
        written.clear();
      }
      for (Value v : stage.writes)
        written.insert(root(v));
      stepOf[i] = step;
    }
    numSteps = stages.empty() ? 0 : step + 1;
  }
  std::vector<std::set<int64_t>> stepCores(numSteps);
  for (auto [i, stage] : llvm::enumerate(stages))
    for (int64_t core : stage.cores)
      stepCores[stepOf[i]].insert(core);
  // Barrier j joins steps j and j + 1 (none when one core does both).
  std::vector<std::set<int64_t>> barrierCores;
  for (int64_t j = 0; j + 1 < numSteps; ++j) {
    std::set<int64_t> cores = stepCores[j];
    cores.insert(stepCores[j + 1].begin(), stepCores[j + 1].end());
    barrierCores.push_back(cores.size() > 1 ? cores : std::set<int64_t>());
  }

  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  auto program = ProgramOp::create(b, func.getLoc(), b.getStringAttr(producer),
                                   int64_t(0), hardwareAttr(ctx, config));
  if (program.getBody().empty())
    program.getBody().push_back(new Block());
  Block *pb = &program.getBody().front();
  b.setInsertionPointToEnd(pb);
  Type f32 = b.getF32Type();
  for (auto &[addr, data] : weightEntries) {
    auto type = RankedTensorType::get({int64_t(data.size())}, f32);
    WeightsOp::create(b, func.getLoc(), uint64_t(addr),
                      DenseElementsAttr::get(type, ArrayRef<float>(data)));
  }
  for (auto [index, arg] : llvm::enumerate(body.getArguments()))
    InputOp::create(b, func.getLoc(), interp::getInputName(func, index),
                    uint64_t(layouts[arg].addr),
                    cast<RankedTensorType>(arg.getType()));
  for (auto [index, output] : llvm::enumerate(outputs)) {
    Value value = ret.getOperand(index);
    // The region of all images starts at the layout's address (unpadded).
    OutputOp::create(b, func.getLoc(), output.first,
                     uint64_t(output.second.addr),
                     cast<RankedTensorType>(value.getType()));
  }
  for (const Part &part : allParts) {
    CoreInfo info = coreInfo(part.core);
    PatternAttr preload;
    if (part.preload) {
      Emitter e(b, func.getLoc());
      preload = e.pattern(Addr(part.src),
                          {{part.rows, part.srcRowStride},
                           {part.colEnd - part.colBegin, part.srcColStride}});
    }
    XbarGroupOp::create(b, func.getLoc(), part.symbol, uint64_t(info.tile),
                        uint64_t(info.core), uint64_t(part.firstArray),
                        uint64_t(part.numArrays), uint64_t(part.rows),
                        uint64_t(part.colEnd - part.colBegin), preload);
  }
  numGroups = allParts.size();
  for (auto [j, cores] : llvm::enumerate(barrierCores)) {
    if (cores.empty())
      continue;
    SmallVector<int64_t> pairs;
    for (int64_t core : cores) {
      CoreInfo info = coreInfo(core);
      pairs.push_back(info.tile);
      pairs.push_back(info.core);
    }
    BarrierDeclOp::create(b, func.getLoc(), uint64_t(j), pairs);
  }

  // Instruction streams.
  std::set<int64_t> cores;
  for (const Stage &stage : stages)
    cores.insert(stage.cores.begin(), stage.cores.end());
  if (cores.empty())
    cores.insert(0);
  for (int64_t core : cores) {
    CoreInfo info = coreInfo(core);
    auto coreOp = CoreOp::create(b, func.getLoc(), uint32_t(info.tile),
                                 uint32_t(info.core));
    if (coreOp.getBody().empty())
      coreOp.getBody().push_back(new Block());
    Block *cb = &coreOp.getBody().front();
    OpBuilder cbuilder(ctx);
    cbuilder.setInsertionPointToEnd(cb);
    Emitter e(cbuilder, func.getLoc());
    for (const Stage &stage : stages)
      if (stage.setup && llvm::is_contained(stage.cores, core)) {
        e.loc = stage.anchor->getLoc();
        stage.setup(e, core);
      }
    e.loop(batch, [&](int imageDepth) {
      for (int64_t j = 0; j < numSteps; ++j) {
        if (j > 0 && barrierCores[j - 1].count(core))
          e.barrier(j - 1);
        for (auto [i, stage] : llvm::enumerate(stages)) {
          if (stepOf[i] != j || !llvm::is_contained(stage.cores, core))
            continue;
          e.loc = stage.anchor->getLoc();
          currentEmitter = &e;
          currentImageDepth = imageDepth;
          stage.body(e, core, imageDepth);
        }
      }
    });
  }
  if (deferredError) {
    auto [op, needed] = *deferredError;
    program.erase();
    return error(op) << "one window of this layer needs " << needed
                     << " elements of tile buffer but a core's share is "
                     << bufferShare
                     << " (the tile buffer's elements / cores_per_tile); "
                        "use a larger buffer";
  }
  // The estimate per ONNX node: its ops run concurrently on their own
  // cores, so the slowest core of the slowest op, times the images.
  llvm::StringMap<double> perNode;
  for (auto &[op, cores] : estimates) {
    double worst = 0;
    for (auto &[core, cycles] : cores)
      worst = std::max(worst, cycles);
    std::optional<std::string> name = reram::getONNXNodeName(op->getLoc());
    if (!name)
      continue;
    double ns = worst * double(batch) / config.timing.clock_ghz;
    perNode[*name] = std::max(perNode.lookup(*name), ns);
  }
  SmallVector<NamedAttribute> entries;
  for (auto &entry : perNode)
    entries.push_back(
        b.getNamedAttr(entry.getKey(), b.getF64FloatAttr(entry.getValue())));
  program->setAttr("zara.scheduled_ns", b.getDictionaryAttr(entries));
  numCores = cores.size();
  program.setDramSize(std::max<int64_t>(dramTop, 1));
  func.erase();
  return success();
}

LogicalResult Lowering::run() {
  totalCores =
      int64_t(config.organisation.tiles) * config.organisation.cores_per_tile;
  bufferShare = int64_t(config.elementsIn(config.buffer.bytes)) /
                config.organisation.cores_per_tile;
  // Spare cores start after the mapping's last core.
  int64_t lastMapped = -1;
  func.walk([&](Operation *op) {
    if (auto map = op->getAttrOfType<MappingAttr>(MappingAttr::getAttrName()))
      lastMapped = std::max<int64_t>(
          lastMapped, map.getFirstTile() * config.organisation.cores_per_tile +
                          map.getFirstCore() + map.getCores() - 1);
  });
  firstSpare = lastMapped + 1;
  // A bound on the constants: every constant operand of a runtime op, and
  // per-channel vectors (at most two per op, of its channel count) that
  // fused epilogues and batch norms derive.
  if (failed(classify()))
    return failure();
  for (Operation &op : func.front()) {
    bool runtime =
        op.getNumResults() == 0 || !constants.contains(op.getResult(0));
    if (!runtime)
      continue;
    for (Value operand : op.getOperands())
      if (constants.contains(operand))
        weightLimit += product(shapeOf(operand)) + 1;
    if (op.getNumResults() == 0)
      continue;
    ArrayRef<int64_t> shape = shapeOf(op.getResult(0));
    for (int64_t dim : shape)
      weightLimit += 2 * dim + 2;
  }
  dramTop = weightLimit;
  if (failed(formStages()) || failed(emit()))
    return failure();
  return success();
}

void LowerToZISAPass::runOnOperation() {
  ModuleOp module = getOperation();
  FailureOr<sim::HwConfig> read = reram::readHwOption(module, hw);
  if (failed(read))
    return signalPassFailure();
  const sim::HwConfig config = *read;
  SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
  if (funcs.size() != 1) {
    module.emitError() << "reram-lower-to-zisa expects one function, found "
                       << funcs.size();
    return signalPassFailure();
  }
  Lowering lowering(module, funcs.front(), config, producer);
  if (failed(lowering.run()))
    return signalPassFailure();
  numCores = lowering.numCores;
  numGroups = lowering.numGroups;
  numSteps = lowering.numSteps;
}
