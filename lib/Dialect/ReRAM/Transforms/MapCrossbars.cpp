//===- MapCrossbars.cpp - Weight-stationary crossbar mapping --------------===//
//
// Part of zara. Implements `reram-map-crossbars` (docs/Mapping.md).
//
// Every op that runs on crossbars (`reram.conv`, `reram.matmul`) holds one
// weight matrix per group: `Cin/g * prod(K)` rows by `Cout/g` columns for a
// convolution, `K x N` for a matrix product. The matrix is cut into blocks
// of at most `tile_rows` rows (the crossbar's rows, bounded by the core's
// input register) and `tile_cols` logical columns (the weights one array
// holds side by side, `crossbar.cols / cells_per_weight`, bounded by the
// output register); a block takes `HwConfig::arraysForCols(tile_cols)`
// arrays (twice as many for differential weights) of one core, and the row
// tiles of a column are partial sums that the shift-and-add accumulates.
//
// Placement is greedy in program order: each layer (ONNX node: all the
// sub-convolutions of a deformed node form one layer) starts on a fresh core,
// so a core runs one layer's instruction stream; its ops' blocks, replicas
// included, fill cores of `crossbars_per_core` arrays one after another
// without a block straddling two cores, and cores fill tiles of
// `cores_per_tile`. A layer that does not fit in the cores left is an error
// naming it, with the arrays it needs and those left.
//
// Replication balances the layer pipeline: an op issuing W input vectors
// with R copies needs at least ceil(W / R) crossbar reads of each input
// slice. While cores are left, the op with the largest ceil(W / R) (the
// first in program order on ties) gets the fewest extra copies that lower
// that figure; when they do not fit, replication stops, since the pipeline
// cannot get faster than its slowest op.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"
#include "zara/Sim/HwConfig.h"

#include "mlir/IR/BuiltinOps.h"

#include <algorithm>

namespace zara::reram {
#define GEN_PASS_DEF_MAPCROSSBARSPASS
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"
} // namespace zara::reram

using namespace mlir;
using namespace zara;
using namespace zara::reram;

namespace {
/// One op to map and what the mapping decides for it.
struct Layer {
  Operation *op;
  int64_t rows, cols, groups, windows;
  /// How the lowering splits the windows among copies (ReplicaSplit): per
  /// image, `splitRows x middle x splitCols` positions, the copies sharing
  /// the rows and the columns.
  int64_t images = 1, splitRows = 1, middle = 1, splitCols = 1;
  int64_t rowTiles = 0, colTiles = 0;
  /// Blocks of one copy: groups * row_tiles * col_tiles.
  int64_t blocks = 0;
  int64_t replication = 1;
  /// Index of the layer (ONNX node) the op belongs to.
  size_t node = 0;
};

/// ceil(a / b) for positive b.
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Input vectors the busiest copy of `layer` issues with `replication`
/// copies: the positions of its rectangle, per image.
int64_t readsPerCopy(const Layer &layer, int64_t replication) {
  ReplicaSplit split =
      ReplicaSplit::get(replication, layer.splitRows, layer.splitCols);
  return layer.images * layer.middle * split.positionsPerCopy();
}

/// The name an error gives an op: its ONNX node, or the op name.
std::string describe(Operation *op) {
  if (std::optional<std::string> name = getONNXNodeName(op->getLoc()))
    return "'" + *name + "'";
  return "'" + op->getName().getStringRef().str() + "'";
}
} // namespace

namespace zara::reram {
namespace {
struct MapCrossbarsPass : public impl::MapCrossbarsPassBase<MapCrossbarsPass> {
  using Base::Base;

  void runOnOperation() override;
};
} // namespace
} // namespace zara::reram

FailureOr<sim::HwConfig> zara::reram::readHwOption(Operation *op,
                                                   StringRef path) {
  if (path.empty())
    return sim::HwConfig();
  llvm::Expected<sim::HwConfig> read = sim::readHwConfigFile(path);
  if (!read)
    return op->emitError() << llvm::toString(read.takeError());
  return *read;
}

void MapCrossbarsPass::runOnOperation() {
  ModuleOp module = getOperation();
  FailureOr<sim::HwConfig> read = readHwOption(module, hw);
  if (failed(read))
    return signalPassFailure();
  const sim::HwConfig config = *read;

  // Collect the ops in program order.
  std::vector<Layer> layers;
  WalkResult walk = module.walk([&](Operation *op) {
    if (isa<ConvTransposeOp, ConvBackwardDataOp, ConvTransposeBackwardDataOp>(
            op)) {
      op->emitError() << "'" << op->getName()
                      << "' must be deformed before crossbar mapping (run "
                         "reram-deform-tconv or reram-lower-zero-insert)";
      return WalkResult::interrupt();
    }
    if (auto conv = dyn_cast<ConvOp>(op)) {
      auto weight = cast<RankedTensorType>(conv.getWeight().getType());
      auto output = cast<RankedTensorType>(conv.getOutput().getType());
      int64_t groups = conv.getGroups();
      int64_t rows = 1, windows = output.getDimSize(0);
      for (int64_t d = 1; d < weight.getRank(); ++d)
        rows *= weight.getDimSize(d);
      for (int64_t d = 2; d < output.getRank(); ++d)
        windows *= output.getDimSize(d);
      Layer layer{op, rows, weight.getDimSize(0) / groups, groups, windows};
      const int64_t k = output.getRank() - 2;
      layer.images = output.getDimSize(0);
      layer.splitRows = k >= 2 ? output.getDimSize(2) : 1;
      layer.splitCols = output.getDimSize(k + 1);
      for (int64_t d = 3; d < k + 1; ++d)
        layer.middle *= output.getDimSize(d);
      layers.push_back(layer);
    } else if (auto matmul = dyn_cast<MatMulOp>(op)) {
      auto rhs = cast<RankedTensorType>(matmul.getRhs().getType());
      auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
      Layer layer{op, rhs.getDimSize(0), rhs.getDimSize(1), 1,
                  lhs.getDimSize(0)};
      layer.splitCols = lhs.getDimSize(0); // the rows of the product
      layers.push_back(layer);
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return signalPassFailure();

  // Group consecutive ops of one ONNX node into a layer; ops without a name
  // are layers of their own.
  std::vector<size_t> nodeStart; // index in `layers` of each node's first op
  for (size_t i = 0; i < layers.size(); ++i) {
    std::optional<std::string> name = getONNXNodeName(layers[i].op->getLoc());
    bool same =
        i > 0 && name && name == getONNXNodeName(layers[i - 1].op->getLoc());
    if (!same)
      nodeStart.push_back(i);
    layers[i].node = nodeStart.size() - 1;
  }

  // The block shape and what it takes.
  const int64_t arraysPerCore = config.organisation.crossbars_per_core;
  const int64_t totalCores =
      int64_t(config.organisation.tiles) * config.organisation.cores_per_tile;
  const int64_t tileRows = std::min<int64_t>(
      config.crossbar.rows, config.elementsIn(config.registers.input_bytes));
  const int64_t tileCols = std::max<int64_t>(
      1, std::min<int64_t>(config.crossbar.cols / config.cellsPerWeight(),
                           config.elementsIn(config.registers.output_bytes)));
  const int64_t arraysPerBlock = config.arraysForCols(tileCols);
  if (tileRows < 1 || arraysPerBlock > arraysPerCore) {
    module.emitError() << "a crossbar block of " << tileCols
                       << " weights needs " << arraysPerBlock
                       << " arrays but a core has " << arraysPerCore;
    return signalPassFailure();
  }
  const int64_t blocksPerCore = arraysPerCore / arraysPerBlock;
  // Blocks of every node, replicas included.
  std::vector<int64_t> nodeBlocks(nodeStart.size(), 0);
  auto coresOf = [&](size_t node) {
    return ceilDiv(nodeBlocks[node], blocksPerCore);
  };

  // Tile every op and check that one copy of each layer fits.
  for (Layer &layer : layers) {
    layer.rowTiles = ceilDiv(layer.rows, tileRows);
    layer.colTiles = ceilDiv(layer.cols, tileCols);
    layer.blocks = layer.groups * layer.rowTiles * layer.colTiles;
    nodeBlocks[layer.node] += layer.blocks;
  }
  int64_t freeCores = totalCores;
  for (size_t node = 0; node < nodeStart.size(); ++node) {
    int64_t cores = coresOf(node);
    if (cores > freeCores) {
      Operation *op = layers[nodeStart[node]].op;
      op->emitError()
          << "layer " << describe(op) << " does not fit: it needs "
          << nodeBlocks[node] * arraysPerBlock << " crossbars (" << cores
          << " cores) but only " << freeCores * arraysPerCore << " crossbars ("
          << freeCores << " cores) of the chip's " << totalCores * arraysPerCore
          << " are left; time-multiplexing the crossbars is not implemented";
      return signalPassFailure();
    }
    freeCores -= cores;
  }

  // Replicate the bottleneck while its extra copies fit. Copy counts are
  // those the output splits into (ReplicaSplit): a copy without a rectangle
  // of its own would hold arrays and never read them.
  while (replicate && !layers.empty()) {
    Layer *worst = &layers.front();
    for (Layer &layer : layers)
      if (readsPerCopy(layer, layer.replication) >
          readsPerCopy(*worst, worst->replication))
        worst = &layer;
    int64_t reads = readsPerCopy(*worst, worst->replication);
    // The fewest copies that lower the figure, if any do.
    const int64_t most = worst->splitRows * worst->splitCols;
    int64_t replication = worst->replication + 1;
    while (replication <= most && readsPerCopy(*worst, replication) >= reads)
      ++replication;
    if (replication > most)
      break;
    int64_t before = coresOf(worst->node);
    int64_t added = (replication - worst->replication) * worst->blocks;
    nodeBlocks[worst->node] += added;
    int64_t extra = coresOf(worst->node) - before;
    if (extra > freeCores) {
      nodeBlocks[worst->node] -= added;
      break;
    }
    freeCores -= extra;
    worst->replication = replication;
  }

  // Place and annotate.
  MLIRContext *context = &getContext();
  int64_t nodeCore = 0;  // first core of the current node
  int64_t nextBlock = 0; // next free block slot from that core on
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer &layer = layers[i];
    if (i > 0 && layer.node != layers[i - 1].node) {
      nodeCore += coresOf(layers[i - 1].node);
      nextBlock = 0;
    }
    int64_t first = nodeCore + nextBlock / blocksPerCore;
    int64_t end = nextBlock + layer.blocks * layer.replication;
    int64_t cores = ceilDiv(end, blocksPerCore) - nextBlock / blocksPerCore;
    nextBlock = end;
    auto mapping = MappingAttr::get(
        context, layer.rows, layer.cols, layer.groups, tileRows, tileCols,
        layer.rowTiles, layer.colTiles, arraysPerBlock,
        layer.blocks * arraysPerBlock, layer.replication, layer.windows,
        first / config.organisation.cores_per_tile,
        first % config.organisation.cores_per_tile, cores);
    layer.op->setAttr(MappingAttr::getAttrName(), mapping);
    numArrays += mapping.getCrossbars();
    if (layer.replication > 1)
      ++numReplicated;
  }
  if (!layers.empty())
    numCores += nodeCore + coresOf(layers.back().node);
}
