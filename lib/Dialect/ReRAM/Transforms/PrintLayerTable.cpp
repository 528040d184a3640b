//===- PrintLayerTable.cpp - Per-layer table of a reram module ------------===//
//
// Part of zara. Implements `reram-print-layer-table`.
//
// Walks the functions of the module in program order and prints one row per
// op that computes something (constants and reshapes are skipped): the ONNX
// node name from the op's NameLoc, the op, its input and result shapes, and
// for MacCountOpInterface ops the issued and useful multiply-accumulates.
// The columns are sized to their contents so the table stays aligned for long
// ONNX names such as '/main/main.0/ConvTranspose'.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Dialect/ReRAM/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/ToolOutputFile.h"

namespace zara::reram {
#define GEN_PASS_DEF_PRINTLAYERTABLEPASS
#include "zara/Dialect/ReRAM/Transforms/Passes.h.inc"
} // namespace zara::reram

using namespace mlir;
using namespace zara;
using namespace zara::reram;

static std::string shapeString(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return "?";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(tensor.getShape(), os, "x");
  return s;
}

/// Formats a MAC count with thousands separators for readability.
static std::string groupDigits(int64_t v) {
  std::string digits = std::to_string(v), out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0)
      out.push_back(',');
    out.push_back(*it);
    ++count;
  }
  return std::string(out.rbegin(), out.rend());
}

namespace zara::reram {
namespace {
struct Row {
  std::string node, op, inputs, output, issued, useful;
};

struct PrintLayerTablePass
    : public impl::PrintLayerTablePassBase<PrintLayerTablePass> {
  using Base::Base;

  void runOnOperation() override {
    std::error_code ec;
    auto file = std::make_unique<llvm::ToolOutputFile>(output, ec,
                                                       llvm::sys::fs::OF_Text);
    if (ec) {
      getOperation().emitError() << "cannot write the layer table to '"
                                 << output << "': " << ec.message();
      return signalPassFailure();
    }

    std::vector<Row> rows;
    int64_t totalIssued = 0, totalUseful = 0;
    getOperation().walk([&](Operation *op) {
      if (!isa<ReRAMDialect>(op->getDialect()) ||
          isa<ConstantOp, ReshapeOp>(op))
        return;
      Row row;
      row.node = getONNXNodeName(op->getLoc()).value_or("-");
      row.op = op->getName().stripDialect().str();
      SmallVector<std::string> ins;
      for (Value v : op->getOperands())
        if (!v.getDefiningOp<ConstantOp>())
          ins.push_back(shapeString(v.getType()));
      row.inputs = llvm::join(ins, ", ");
      row.output = shapeString(op->getResult(0).getType());
      if (auto macs = dyn_cast<MacCountOpInterface>(op)) {
        int64_t issued = macs.getIssuedMacs(), useful = macs.getUsefulMacs();
        totalIssued += issued;
        totalUseful += useful;
        row.issued = groupDigits(issued);
        row.useful = groupDigits(useful);
      }
      rows.push_back(std::move(row));
    });
    rows.push_back({"total", "", "", "", groupDigits(totalIssued),
                    groupDigits(totalUseful)});

    Row header{"layer (ONNX node)", "op", "inputs", "output", "MACs issued",
               "MACs useful"};
    size_t w[6] = {header.node.size(),   header.op.size(),
                   header.inputs.size(), header.output.size(),
                   header.issued.size(), header.useful.size()};
    for (const Row &r : rows) {
      w[0] = std::max(w[0], r.node.size());
      w[1] = std::max(w[1], r.op.size());
      w[2] = std::max(w[2], r.inputs.size());
      w[3] = std::max(w[3], r.output.size());
      w[4] = std::max(w[4], r.issued.size());
      w[5] = std::max(w[5], r.useful.size());
    }
    llvm::raw_ostream &os = file->os();
    auto print = [&](const Row &r) {
      std::string line;
      llvm::raw_string_ostream ls(line);
      ls << llvm::left_justify(r.node, w[0]) << " | "
         << llvm::left_justify(r.op, w[1]) << " | "
         << llvm::left_justify(r.inputs, w[2]) << " | "
         << llvm::left_justify(r.output, w[3]) << " | "
         << llvm::right_justify(r.issued, w[4]) << " | "
         << llvm::right_justify(r.useful, w[5]);
      // Rows without MACs would otherwise end in padding.
      os << StringRef(line).rtrim() << "\n";
    };
    print(header);
    os << std::string(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 15, '-')
       << "\n";
    for (size_t i = 0; i + 1 < rows.size(); ++i)
      print(rows[i]);
    os << std::string(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 15, '-')
       << "\n";
    print(rows.back());
    file->keep();
    markAllAnalysesPreserved();
  }
};
} // namespace
} // namespace zara::reram
