//===- ImportONNX.cpp - Read, check and import an ONNX model --------------===//
//
// Part of zara. The entry point of the ONNX importer.
//
// The main buffer is a binary protobuf or an ONNX text model, told apart by
// content: text has no control characters. Text goes through libonnx's
// OnnxParser after `//` comments (the lit RUN and CHECK lines) are turned
// into the `#` comments the parser skips, in place, so that lines and
// columns are unchanged and every node can be located at its line. The
// model then passes gates, each a located diagnostic on failure: the
// default-domain opset must lie in 6..17, every node must be an operator
// the importer converts and read only defined values, and ONNX's checker
// must accept the model. GraphImporter then builds the IR, validating every
// attribute it reads, and only then runs ONNX's strict shape inference (as
// an independent check of its shapes): libonnx 1.12's inference divides by
// the strides and indexes by the attribute lengths unchecked, so it must
// not see attributes nobody has validated. While the checker and the
// inference run, every node carries a marker name, so that their messages
// (exceptions) can be traced back to the node.
//
// libonnx reports errors by throwing: every exception is caught here.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <climits>
#include <exception>

using namespace mlir;
using namespace zara;
using namespace zara::onnx_import;

//===----------------------------------------------------------------------===//
// Reading the file
//===----------------------------------------------------------------------===//

/// Whether `data` is text: no control characters but whitespace. Binary
/// protobuf starts with a field tag such as 0x08 (ir_version).
static bool isText(StringRef data) {
  return llvm::none_of(data, [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f' &&
            u != '\v') ||
           u == 0x7f;
  });
}

/// Turns `//` comments outside string literals into `#` comments, which
/// OnnxParser skips. Only the first `/` changes, so positions are kept.
static void rewriteSlashComments(std::string &text) {
  size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '"') {
      // libonnx 1.12 strings have no escapes.
      while (++i < n && text[i] != '"')
        ;
      continue;
    }
    bool slashes = c == '/' && i + 1 < n && text[i + 1] == '/';
    if (c != '#' && !slashes)
      continue;
    text[i] = '#';
    while (i + 1 < n && text[i + 1] != '\n')
      ++i;
  }
}

/// Blanks comments (`//` and `#`) and string contents, for the node
/// locator.
static std::string codeOnly(StringRef text) {
  std::string code = text.str();
  rewriteSlashComments(code);
  size_t n = code.size();
  for (size_t i = 0; i < n; ++i) {
    if (code[i] == '"') {
      while (++i < n && code[i] != '"')
        if (code[i] != '\n')
          code[i] = ' ';
      continue;
    }
    if (code[i] == '#')
      for (; i < n && code[i] != '\n'; ++i)
        code[i] = ' ';
  }
  return code;
}

static bool isIdentChar(char c) {
  return llvm::isAlnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Finds the statement `out0[, out...] = [domain.]OpType <...> (...)` of
/// `node` in `code` at or after `from`; returns its offset.
static std::optional<size_t> findNode(StringRef code, size_t from,
                                      const onnx::NodeProto &node) {
  if (node.output_size() == 0 || node.output(0).empty())
    return std::nullopt;
  StringRef out0 = node.output(0);
  auto skipSpace = [&](size_t p) {
    while (p < code.size() && llvm::isSpace(code[p]))
      ++p;
    return p;
  };
  auto identEnd = [&](size_t p) {
    while (p < code.size() && (isIdentChar(code[p]) || code[p] == '.'))
      ++p;
    return p;
  };
  for (size_t p = code.find(out0, from); p != StringRef::npos;
       p = code.find(out0, p + 1)) {
    if ((p > 0 && isIdentChar(code[p - 1])) ||
        (p + out0.size() < code.size() && isIdentChar(code[p + out0.size()])))
      continue;
    size_t q = skipSpace(p + out0.size());
    while (q < code.size() && code[q] == ',')
      q = skipSpace(identEnd(skipSpace(q + 1)));
    if (q >= code.size() || code[q] != '=')
      continue;
    q = skipSpace(q + 1);
    size_t end = identEnd(q);
    StringRef op = code.slice(q, end);
    // Drop a domain prefix (`ai.onnx.Relu`).
    op = op.substr(op.rfind('.') == StringRef::npos ? 0 : op.rfind('.') + 1);
    if (op != node.op_type())
      continue;
    q = skipSpace(end);
    if (q < code.size() && (code[q] == '<' || code[q] == '('))
      return p;
  }
  return std::nullopt;
}

/// The file location of every node: its line in a text model, the file
/// itself when unknown.
static std::vector<Location> locateNodes(const onnx::GraphProto &graph,
                                         llvm::SourceMgr &sourceMgr,
                                         StringRef text, Location fileLoc) {
  std::vector<Location> locs(graph.node_size(), fileLoc);
  if (text.empty())
    return locs;
  std::string code = codeOnly(text);
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef fileName = buffer->getBufferIdentifier();
  size_t from = 0;
  for (int i = 0; i < graph.node_size(); ++i) {
    std::optional<size_t> pos = findNode(code, from, graph.node(i));
    if (!pos)
      continue;
    from = *pos + 1;
    auto [line, col] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(buffer->getBufferStart() + *pos));
    locs[i] = FileLineColLoc::get(fileLoc.getContext(), fileName, line, col);
  }
  return locs;
}

/// An onnx message in our diagnostic style: `Abc def.` -> `abc def`
/// (acronyms such as `ONNX` keep their case).
static std::string cleanMessage(StringRef s) {
  std::string out = s.trim().str();
  while (!out.empty() && out.back() == '.')
    out.pop_back();
  if (!out.empty() && llvm::isUpper(out[0]) &&
      (out.size() == 1 || !llvm::isUpper(out[1])))
    out[0] = llvm::toLower(out[0]);
  return out;
}

/// Parses `(line: L column: C)` out of an OnnxParser message.
static std::optional<std::pair<unsigned, unsigned>>
parsePosition(StringRef message) {
  size_t at = message.find("(line: ");
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = message.drop_front(at + 7);
  unsigned line = 0, col = 0;
  if (rest.consumeInteger(10, line) || !rest.consume_front(" column: ") ||
      rest.consumeInteger(10, col))
    return std::nullopt;
  return std::make_pair(line, col);
}

/// Parses a text model; on error emits a diagnostic at the parser's position.
static LogicalResult parseText(StringRef data, StringRef fileName,
                               Location fileLoc, onnx::ModelProto &model) {
  std::string text = data.str();
  rewriteSlashComments(text);
  MLIRContext *context = fileLoc.getContext();
  auto locAt = [&](StringRef message) -> Location {
    if (auto pos = parsePosition(message))
      return FileLineColLoc::get(context, fileName, pos->first, pos->second);
    return fileLoc;
  };
  onnx::OnnxParser parser(text.c_str());
  onnx::Common::Status status;
  try {
    status = parser.Parse(model);
  } catch (const std::exception &) {
    // std::stoll/stof on a literal such as `-` or `1e99999`.
    emitError(locAt(parser.GetCurrentPos()))
        << "invalid ONNX text: malformed or out-of-range number";
    return failure();
  }
  if (!status.IsOK()) {
    // "[ParseError at position (...)]\nError context: ...\n<message>"
    StringRef message = status.ErrorMessage();
    Location loc = locAt(message);
    StringRef what = message.rsplit('\n').second.trim();
    emitError(loc) << "invalid ONNX text: "
                   << cleanMessage(what.empty() ? message : what);
    return failure();
  }
  if (!parser.EndOfInput()) {
    emitError(locAt(parser.GetCurrentPos()))
        << "invalid ONNX text: unexpected text after the graph";
    return failure();
  }
  return success();
}

/// Parses a binary model straight from the buffer.
static LogicalResult parseBinary(StringRef data, Location fileLoc,
                                 onnx::ModelProto &model) {
  if (data.size() > static_cast<size_t>(INT_MAX)) {
    emitError(fileLoc) << "file is too large for protobuf (over 2 GiB)";
    return failure();
  }
  if (!model.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    emitError(fileLoc) << "not a valid ONNX model: the protobuf data is "
                          "truncated or malformed";
    return failure();
  }
  if (!model.has_graph()) {
    emitError(fileLoc) << "not a valid ONNX model: it has no graph";
    return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Checking the model
//===----------------------------------------------------------------------===//

/// Finds the default-domain opset and checks that it is supported.
static FailureOr<int64_t> checkOpset(const onnx::ModelProto &model,
                                     Location fileLoc) {
  std::optional<int64_t> opset;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (!opset) {
    emitError(fileLoc) << "the model imports no default-domain ONNX opset "
                          "(supported: "
                       << kMinOpset << " to " << kMaxOpset << ")";
    return failure();
  }
  if (*opset < kMinOpset || *opset > kMaxOpset) {
    emitError(fileLoc) << "unsupported ONNX opset " << *opset
                       << " (supported: " << kMinOpset << " to " << kMaxOpset
                       << ")";
    return failure();
  }
  return *opset;
}

/// The marker names that let checker and shape-inference messages be traced
/// to a node.
static constexpr llvm::StringLiteral kNodeMarker = "zara-node#";

namespace {
/// Gives every node a marker name for as long as it lives.
class NodeMarkers {
public:
  explicit NodeMarkers(onnx::GraphProto &graph) : graph(graph) {
    saved.reserve(graph.node_size());
    for (int i = 0; i < graph.node_size(); ++i) {
      onnx::NodeProto *node = graph.mutable_node(i);
      saved.push_back(std::move(*node->mutable_name()));
      node->set_name((kNodeMarker + llvm::Twine(i)).str());
    }
  }
  ~NodeMarkers() {
    for (int i = 0; i < graph.node_size() && i < (int)saved.size(); ++i)
      *graph.mutable_node(i)->mutable_name() = std::move(saved[i]);
  }
  NodeMarkers(const NodeMarkers &) = delete;
  NodeMarkers &operator=(const NodeMarkers &) = delete;

private:
  onnx::GraphProto &graph;
  std::vector<std::string> saved;
};
} // namespace

/// The node a marked message is about, and the offset just past its marker.
static std::optional<std::pair<size_t, size_t>>
findMarkedNode(StringRef message, size_t numNodes) {
  size_t at = message.find(kNodeMarker);
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = message.drop_front(at + kNodeMarker.size());
  size_t index = 0;
  if (rest.consumeInteger(10, index) || index >= numNodes)
    return std::nullopt;
  return std::make_pair(index, message.size() - rest.size());
}

/// Strips `[ShapeInferenceError] ` style tags from the front of `s`.
static StringRef stripTags(StringRef s) {
  s = s.trim();
  while (s.starts_with("[")) {
    size_t close = s.find("] ");
    if (close == StringRef::npos)
      break;
    s = s.drop_front(close + 2).ltrim();
  }
  return s;
}

/// Emits an error of node `index` of `graph` (before GraphImporter exists).
static InFlightDiagnostic emitNodeError(const onnx::GraphProto &graph,
                                        size_t index,
                                        ArrayRef<Location> nodeLocs) {
  const onnx::NodeProto &node = graph.node(index);
  return emitError(nodeLocs[index])
         << "node '" << GraphImporter::displayName(node, index) << "' ("
         << node.op_type() << "): ";
}

namespace {
/// What ONNX's checker or shape inference rejected: a node (by index) or the
/// model, and why.
struct CheckFailure {
  std::optional<size_t> node;
  std::string message;
};
} // namespace

/// Runs ONNX's checker with marked node names.
static std::optional<CheckFailure> runChecker(onnx::ModelProto &model) {
  onnx::GraphProto &graph = *model.mutable_graph();
  NodeMarkers markers(graph);
  try {
    onnx::checker::check_model(model);
  } catch (const onnx::checker::ValidationError &e) {
    // The context (appended to what()) names the node; the base message says
    // what is wrong.
    std::string base = cleanMessage(e.std::runtime_error::what());
    if (auto found = findMarkedNode(e.what(), graph.node_size()))
      return CheckFailure{found->first, "invalid node: " + base};
    return CheckFailure{std::nullopt, "invalid ONNX model: " + base};
  }
  return std::nullopt;
}

/// Runs ONNX's strict shape inference with marked node names.
static std::optional<CheckFailure> runShapeInference(onnx::ModelProto &model) {
  onnx::GraphProto &graph = *model.mutable_graph();
  NodeMarkers markers(graph);
  try {
    // No type checks: the importer refuses non-float operands itself, and
    // libonnx's checks reject PyTorch's opset-6 exports (int64 Constant
    // values, which Constant-1's type constraint did not list).
    onnx::ShapeInferenceOptions options(/*check_type_val=*/false,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/false);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const onnx::InferenceError &e) {
    // "[ShapeInferenceError] (op_type:Conv, node name: <marker>): [...] msg"
    StringRef message = StringRef(e.what()).split('\n').first;
    if (auto found = findMarkedNode(message, graph.node_size())) {
      StringRef rest = message.drop_front(found->second);
      rest.consume_front("):");
      return CheckFailure{found->first, "shape inference failed: " +
                                            cleanMessage(stripTags(rest))};
    }
    return CheckFailure{std::nullopt, "ONNX shape inference failed: " +
                                          cleanMessage(stripTags(message))};
  }
  return std::nullopt;
}

/// Emits `failure` as a diagnostic.
static void report(const CheckFailure &failure, const onnx::GraphProto &graph,
                   Location fileLoc, ArrayRef<Location> nodeLocs) {
  if (failure.node)
    emitNodeError(graph, *failure.node, nodeLocs) << failure.message;
  else
    emitError(fileLoc) << failure.message;
}

LogicalResult onnx_import::inferShapes(onnx::ModelProto &model,
                                       Location fileLoc,
                                       ArrayRef<Location> nodeLocs) {
  std::optional<CheckFailure> failure = runShapeInference(model);
  if (!failure)
    return success();
  report(*failure, model.graph(), fileLoc, nodeLocs);
  return mlir::failure();
}

/// Checks that every node input is defined before use: a graph input, an
/// initializer or the output of an earlier node.
static LogicalResult checkDefinedInputs(const onnx::GraphProto &graph,
                                        ArrayRef<Location> nodeLocs) {
  llvm::StringSet<> defined;
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (const onnx::TensorProto &init : graph.initializer())
    defined.insert(init.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    for (const std::string &input : node.input()) {
      if (input.empty() || defined.contains(input))
        continue;
      emitNodeError(graph, i, nodeLocs)
          << "input '" << input
          << "' is not defined (not a graph input, an initializer or the "
             "output of an earlier node)";
      return failure();
    }
    for (const std::string &output : node.output())
      defined.insert(output);
  }
  return success();
}

/// Checks that inputs are defined and runs ONNX's checker.
static LogicalResult checkModel(onnx::ModelProto &model, Location fileLoc,
                                ArrayRef<Location> nodeLocs) {
  if (failed(checkDefinedInputs(model.graph(), nodeLocs)))
    return failure();
  std::optional<CheckFailure> failure = runChecker(model);
  if (!failure)
    return success();
  report(*failure, model.graph(), fileLoc, nodeLocs);
  return mlir::failure();
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

/// The import proper; may throw (caught by the caller).
static OwningOpRef<ModuleOp> importModel(llvm::SourceMgr &sourceMgr,
                                         MLIRContext *context,
                                         const ONNXImportOptions &options,
                                         Location fileLoc) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef data = buffer->getBuffer();
  StringRef fileName = buffer->getBufferIdentifier();
  if (options.batch < 1) {
    emitError(fileLoc) << "the batch must be at least 1, got "
                       << options.batch;
    return {};
  }
  if (data.empty()) {
    emitError(fileLoc) << "empty file: expected an ONNX model (binary "
                          "protobuf or ONNX text format)";
    return {};
  }

  onnx::ModelProto model;
  bool text = isText(data);
  if (failed(text ? parseText(data, fileName, fileLoc, model)
                  : parseBinary(data, fileLoc, model)))
    return {};

  std::vector<Location> nodeLocs = locateNodes(
      model.graph(), sourceMgr, text ? data : StringRef(), fileLoc);

  FailureOr<int64_t> opset = checkOpset(model, fileLoc);
  if (failed(opset))
    return {};

  // Refuse unsupported operators before ONNX's checker, which knows them but
  // not that zara cannot import them (and reports unknown ones less clearly).
  const onnx::GraphProto &graph = model.graph();
  for (int i = 0; i < graph.node_size(); ++i) {
    if (!GraphImporter::isSupported(graph.node(i))) {
      emitNodeError(graph, i, nodeLocs) << "unsupported operator";
      return {};
    }
  }

  if (failed(checkModel(model, fileLoc, nodeLocs)))
    return {};

  GraphImporter importer(context, model, fileLoc, std::move(nodeLocs), *opset,
                         options);
  return importer.run();
}

OwningOpRef<ModuleOp> zara::importONNX(llvm::SourceMgr &sourceMgr,
                                       MLIRContext *context,
                                       const ONNXImportOptions &options) {
  context->loadDialect<func::FuncDialect, reram::ReRAMDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  Location fileLoc =
      FileLineColLoc::get(context, buffer->getBufferIdentifier(), 0, 0);
  // The gates above catch the errors libonnx reports; anything else it throws
  // (a std::stoll on a malformed literal, a protobuf error...) ends here.
  try {
    return importModel(sourceMgr, context, options, fileLoc);
  } catch (const std::exception &e) {
    emitError(fileLoc) << "cannot import the ONNX model: " << e.what();
  } catch (...) {
    emitError(fileLoc) << "cannot import the ONNX model: unknown error in "
                          "the ONNX library";
  }
  return {};
}
