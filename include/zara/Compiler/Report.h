//===- Report.h - The compile report (--report FILE.json) -------*- C++ -*-===//
//
// Part of zara. Collects per-ONNX-node figures across the pipeline and
// writes them as the JSON compile report that `zara-compile --report` emits.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_COMPILER_REPORT_H
#define ZARA_COMPILER_REPORT_H

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
  mlir::LogicalResult recordCompiled(mlir::ModuleOp module);

  /// Writes `{"ops": [...], "total": {...}}` (see docs/CompileReport.md).
  void writeJSON(llvm::raw_ostream &os) const;

  const std::vector<NodeReport> &getNodes() const { return nodes; }

private:
  std::vector<NodeReport> nodes;
  llvm::StringMap<size_t> index;
};

} // namespace zara

#endif // ZARA_COMPILER_REPORT_H
