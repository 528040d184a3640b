//===- Report.h - The compile report (--report FILE.json) -------*- C++ -*-===//
//
// Part of zara. Collects per-ONNX-node figures across the pipeline and
// writes them as the JSON compile report that `zara-compile --report` emits.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_COMPILER_REPORT_H
#define ZARA_COMPILER_REPORT_H

#include "zara/Sim/HwConfig.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zara {

/// The figures of one ONNX node.
struct NodeReport {
  /// The ONNX node name, as the importer set it.
  std::string name;
  /// The reram op the node imported to (`conv_transpose`, `relu`, ...).
  std::string kind;
  /// Multiply-accumulates the compiled form performs, zeros included: the
  /// sum over every op located at this node after the pipeline ran.
  int64_t macsIssued = 0;
  /// Multiply-accumulates whose input operand is an original element. A
  /// property of the operator, not of its form: recorded from the imported
  /// IR, before any rewrite.
  int64_t macsUseful = 0;
  /// Crossbar arrays of the node's ops, replicas included (mapped only).
  int64_t crossbars = 0;
  /// The smallest replication among the node's crossbar ops; 0 for a node
  /// without any.
  int64_t replication = 0;
  /// Input vectors the node's crossbar ops issue, summed over its ops
  /// (each op's `windows`: per group matrix, batch included).
  int64_t windows = 0;
  /// max over the node's ops of ceil(W / R) * input slices * t_read: the
  /// node's ops hold distinct arrays, so they may run concurrently.
  double lowerBoundNs = 0;
  /// The scheduler's estimate of the node's time (ns), once lowered to a
  /// program; negative when it has none (ops off the crossbars).
  double scheduledNs = -1;
};

/// The compile report. Use: `recordImported` on the imported module, run the
/// pipeline, `recordCompiled` on the result, then `writeJSON`.
class CompileReport {
public:
  /// Records one entry per ONNX node of the imported module, in program
  /// order, with its kind and useful MACs.
  void recordImported(mlir::ModuleOp module);

  /// Sums the issued MACs of the compiled module per ONNX node. Ops located
  /// at no recorded node are a compiler bug (a rewrite lost a location).
  /// When the module was mapped (ops carry `reram.mapping`), also records
  /// the crossbars, replication, windows and lower bound of every node for
  /// the hardware `hw`, and the report gains those fields.
  mlir::LogicalResult recordCompiled(mlir::ModuleOp module,
                                     const sim::HwConfig &hw = {});

  /// Records the scheduler's per-node estimates that `reram-lower-to-zisa`
  /// left on the module's `zisa.program` (`zara.scheduled_ns`).
  void recordScheduled(mlir::ModuleOp module);

  /// Writes `{"ops": [...], "total": {...}}` (see docs/CompileReport.md).
  void writeJSON(llvm::raw_ostream &os) const;

  const std::vector<NodeReport> &getNodes() const { return nodes; }

private:
  std::vector<NodeReport> nodes;
  llvm::StringMap<size_t> index;
  /// Whether recordCompiled saw a mapped module.
  bool mapped = false;
  /// Whether recordScheduled found estimates.
  bool scheduled = false;
};

} // namespace zara

#endif // ZARA_COMPILER_REPORT_H
