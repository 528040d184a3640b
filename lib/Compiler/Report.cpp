//===- Report.cpp - The compile report (--report FILE.json) ---------------===//
//
// Part of zara. See Report.h.
//
// Attribution relies on locations: the importer places every op at a NameLoc
// of its ONNX node, and every rewrite (deformation, baseline lowering) builds
// its replacement ops at the location of the op it replaces. So after the
// pipeline, the MACs of all sub-convolutions of a deformed node are found
// under that node's name.
//
//===----------------------------------------------------------------------===//

#include "zara/Compiler/Report.h"
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h"
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"

#include <algorithm>

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace zara;

/// Whether an op is one the report lists: every reram op but constants,
/// which are data, not ONNX nodes doing work.
static bool isReported(Operation *op) {
  return isa<reram::ReRAMDialect>(op->getDialect()) &&
         !isa<reram::ConstantOp>(op);
}

void CompileReport::recordImported(ModuleOp module) {
  module.walk([&](Operation *op) {
    if (!isReported(op))
      return;
    std::optional<std::string> name = reram::getONNXNodeName(op->getLoc());
    if (!name)
      return;
    auto [it, inserted] = index.try_emplace(*name, nodes.size());
    if (inserted)
      nodes.push_back({*name, op->getName().stripDialect().str(), 0, 0});
    if (auto macs = dyn_cast<reram::MacCountOpInterface>(op))
      nodes[it->second].macsUseful += macs.getUsefulMacs();
  });
}

LogicalResult CompileReport::recordCompiled(ModuleOp module,
                                            const sim::HwConfig &hw) {
  for (NodeReport &node : nodes)
    node = {node.name, node.kind, 0, node.macsUseful};
  mapped = false;
  WalkResult result = module.walk([&](reram::MacCountOpInterface op) {
    std::optional<std::string> name = reram::getONNXNodeName(op->getLoc());
    auto it = name ? index.find(*name) : index.end();
    if (it == index.end()) {
      op->emitError("op does not carry the location of an imported ONNX "
                    "node; the compile report cannot attribute its MACs");
      return WalkResult::interrupt();
    }
    NodeReport &node = nodes[it->second];
    node.macsIssued += op.getIssuedMacs();
    auto mapping = op->getAttrOfType<reram::MappingAttr>(
        reram::MappingAttr::getAttrName());
    if (!mapping)
      return WalkResult::advance();
    mapped = true;
    int64_t r = mapping.getReplication();
    node.crossbars += mapping.getCrossbars();
    node.replication = node.replication ? std::min(node.replication, r) : r;
    node.windows += mapping.getWindows();
    double bound = double((mapping.getWindows() + r - 1) / r) *
                   hw.inputSlices() * hw.crossbar.read_latency_ns;
    node.lowerBoundNs = std::max(node.lowerBoundNs, bound);
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

void CompileReport::recordScheduled(mlir::ModuleOp module) {
  module.walk([&](mlir::Operation *op) {
    auto estimates =
        op->getAttrOfType<mlir::DictionaryAttr>("zara.scheduled_ns");
    if (!estimates)
      return;
    scheduled = true;
    for (NodeReport &node : nodes)
      if (auto ns = estimates.getAs<mlir::FloatAttr>(node.name))
        node.scheduledNs = ns.getValueAsDouble();
  });
}

void CompileReport::writeJSON(llvm::raw_ostream &os) const {
  llvm::json::Array ops;
  int64_t issued = 0, useful = 0, crossbars = 0;
  for (const NodeReport &node : nodes) {
    llvm::json::Object entry{{"name", node.name},
                             {"kind", node.kind},
                             {"macs_issued", node.macsIssued},
                             {"macs_useful", node.macsUseful}};
    if (mapped) {
      entry["crossbars"] = node.crossbars;
      entry["replication"] = node.replication;
      entry["windows"] = node.windows;
      entry["lower_bound_ns"] = node.lowerBoundNs;
    }
    if (scheduled)
      entry["scheduled_ns"] = node.scheduledNs >= 0
                                  ? llvm::json::Value(node.scheduledNs)
                                  : llvm::json::Value(nullptr);
    ops.push_back(std::move(entry));
    issued += node.macsIssued;
    useful += node.macsUseful;
    crossbars += node.crossbars;
  }
  llvm::json::Object total{{"macs_issued", issued}, {"macs_useful", useful}};
  if (mapped)
    total["crossbars"] = crossbars;
  llvm::json::Object root{{"ops", std::move(ops)}, {"total", std::move(total)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}
