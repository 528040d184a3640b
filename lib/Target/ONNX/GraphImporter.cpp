//===- GraphImporter.cpp - ONNX graph to reram IR -------------------------===//
//
// Part of zara. The graph-level half of the importer: the function signature
// (graph inputs, the batch), constants, values and results. ConvertOps.cpp
// converts the nodes.
//
// The batch. Every graph input that feeds data (rather than only weight
// operands) has the batch as its dimension 0: a symbolic or unit leading
// dimension becomes `--batch`. Values derived from it remember that their
// dimension 0 is the batch, so that a Reshape to a constant shape whose
// leading entry is the old batch (1) can follow the new one.
//
// Constants. Initializers and Constant nodes are recorded, not built: a
// constant becomes a `reram.constant` when an op first uses it as a float
// operand, so integer shape tensors never reach the IR and weights that the
// importer transforms (Gemm's transposes, alpha, beta) are built once, in
// their final form. A large float tensor becomes a `dense_resource` blob
// keyed by its ONNX name that takes over the protobuf's `raw_data` string,
// so its bytes are never copied after parsing.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "zara/Dialect/ReRAM/IR/ReRAMDialect.h"
#include "zara/Dialect/ReRAM/IR/ReRAMOps.h"
#include "zara/Support/ConvArithmetic.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"

#include <cstring>

using namespace mlir;
using namespace zara;
using namespace zara::onnx_import;

/// Constants with at most this many elements are printed inline (`dense<>`);
/// larger ones become resource blobs.
static constexpr int64_t kMaxInlineElements = 16;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string onnx_import::dataTypeName(int32_t dataType) {
  if (!onnx::TensorProto_DataType_IsValid(dataType))
    return "type " + std::to_string(dataType);
  return llvm::StringRef(onnx::TensorProto_DataType_Name(
                             static_cast<onnx::TensorProto_DataType>(dataType)))
      .lower();
}

std::string onnx_import::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::interleave(shape, os, "x");
  return out;
}

std::string onnx_import::formatList(ArrayRef<int64_t> values) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "[";
  llvm::interleaveComma(values, os);
  os << "]";
  return out;
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// The shape of a value info when it is a tensor with a static shape.
static std::optional<SmallVector<int64_t>>
staticShape(const onnx::ValueInfoProto &info) {
  if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape())
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (const auto &dim : info.type().tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return shape;
}

/// A symbol name for the function: the graph name with characters other
/// than `[A-Za-z0-9_.$]` replaced by `_`.
static std::string sanitizeSymbol(StringRef name) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(static_cast<unsigned char>(c)) || c == '_' ||
            c == '.' || c == '$')
               ? c
               : '_';
  if (out.empty())
    return "main";
  if (llvm::isDigit(static_cast<unsigned char>(out[0])))
    out = "_" + out;
  return out;
}

/// Whether operand `i` of `node` is a weight (no batch dimension).
static bool isWeightOperand(const onnx::NodeProto &node, int i) {
  StringRef op = node.op_type();
  if (op == "Conv" || op == "ConvTranspose" || op == "BatchNormalization")
    return i >= 1;
  if (op == "MatMul" || op == "Reshape")
    return i == 1;
  if (op == "Gemm") {
    if (i >= 1)
      return true;
    for (const onnx::AttributeProto &a : node.attribute())
      if (a.name() == "transA")
        return a.i() != 0;
    return false;
  }
  return false;
}

/// Ops through which weight-ness propagates from input 0 to output 0.
static bool forwardsWeights(const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  return op == "Identity" || op == "Transpose" || op == "Reshape" ||
         op == "Flatten";
}

//===----------------------------------------------------------------------===//
// GraphImporter: top level
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context, onnx::ModelProto &model,
                             Location fileLoc, std::vector<Location> nodeLocs,
                             int64_t opset, const ONNXImportOptions &options)
    : context(context), builder(context), model(model),
      graph(*model.mutable_graph()), fileLoc(fileLoc),
      nodeLocs(std::move(nodeLocs)), opset(opset), options(options),
      nodeLoc(fileLoc) {}

std::string GraphImporter::displayName(const onnx::NodeProto &node,
                                       size_t index) {
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "_" + std::to_string(index);
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  for (const onnx::ValueInfoProto &info : graph.output())
    if (std::optional<SmallVector<int64_t>> shape = staticShape(info))
      declaredShapes[info.name()] = std::move(*shape);

  if (failed(importSignature()) || failed(importNodes()) ||
      failed(importOutputs()) || failed(crossCheckShapes()))
    return {};
  if (failed(verify(*module)))
    return {};
  return std::move(module);
}

LogicalResult GraphImporter::crossCheckShapes() {
  if (failed(inferShapes(model, fileLoc, nodeLocs)))
    return failure();
  if (batchChanged)
    return success();
  llvm::StringMap<SmallVector<int64_t>> inferred;
  for (const onnx::ValueInfoProto &info : graph.value_info())
    if (std::optional<SmallVector<int64_t>> shape = staticShape(info))
      inferred[info.name()] = std::move(*shape);
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const std::string &output : graph.node(i).output()) {
      auto it = inferred.find(output);
      Value value = values.lookup(output);
      if (it == inferred.end() || !value ||
          ArrayRef<int64_t>(it->second) == shapeOf(value))
        continue;
      return nodeError(i) << "internal error: the importer computes shape "
                          << formatShape(shapeOf(value)) << " for '"
                          << output << "' but ONNX shape inference gives "
                          << formatShape(it->second);
    }
  }
  return success();
}

std::optional<size_t> GraphImporter::firstConsumer(StringRef name) const {
  for (int i = 0; i < graph.node_size(); ++i)
    for (const std::string &input : graph.node(i).input())
      if (input == name)
        return i;
  return std::nullopt;
}

bool GraphImporter::feedsOnlyWeights(StringRef name, unsigned depth) const {
  for (const onnx::ValueInfoProto &output : graph.output())
    if (output.name() == name)
      return false;
  bool used = false;
  for (const onnx::NodeProto &n : graph.node()) {
    for (int i = 0; i < n.input_size(); ++i) {
      if (n.input(i) != name)
        continue;
      used = true;
      if (isWeightOperand(n, i))
        continue;
      if (i == 0 && forwardsWeights(n) && n.output_size() > 0 && depth < 8 &&
          feedsOnlyWeights(n.output(0), depth + 1))
        continue;
      return false;
    }
  }
  return used;
}

InFlightDiagnostic GraphImporter::inputError(StringRef name) {
  if (std::optional<size_t> consumer = firstConsumer(name))
    return nodeError(*consumer) << "input '" << name << "' ";
  return emitError(fileLoc) << "input '" << name << "' ";
}

LogicalResult GraphImporter::importSignature() {
  for (onnx::TensorProto &init : *graph.mutable_initializer())
    addConstant(init.name(), &init);

  Type f32 = builder.getF32Type();
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<bool> argIsBatch;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    const std::string &name = input.name();
    // Old IR lists initializers among the inputs: those are constants.
    if (constants.count(name))
      continue;
    if (!input.type().has_tensor_type())
      return inputError(name) << "is not a tensor";
    const onnx::TypeProto::Tensor &tensor = input.type().tensor_type();
    std::optional<size_t> consumer = firstConsumer(name);
    if (consumer && graph.node(*consumer).op_type() == "Reshape" &&
        graph.node(*consumer).input_size() > 1 &&
        graph.node(*consumer).input(1) == name)
      return nodeError(*consumer)
             << "the target shape '" << name
             << "' is not a constant; only constant shapes are supported";
    if (tensor.elem_type() != onnx::TensorProto::FLOAT)
      return inputError(name)
             << "has element type " << dataTypeName(tensor.elem_type())
             << "; only float tensors are supported";
    if (!tensor.has_shape())
      return inputError(name)
             << "has no shape; a static shape (but for the batch) is "
                "required";
    bool weight = feedsOnlyWeights(name);
    SmallVector<int64_t> shape;
    for (auto [k, dim] : llvm::enumerate(tensor.shape().dim())) {
      if (dim.has_dim_value() && dim.dim_value() >= 0) {
        shape.push_back(dim.dim_value());
        continue;
      }
      if (k == 0 && !weight) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      InFlightDiagnostic diag = inputError(name);
      diag << "has a dynamic dimension " << k;
      if (dim.has_dim_param() && !dim.dim_param().empty())
        diag << " ('" << dim.dim_param() << "')";
      diag << "; only the batch (dimension 0 of a data input) may be dynamic";
      return diag;
    }
    bool batch = false;
    if (!weight && !shape.empty()) {
      batch = true;
      if (shape[0] == ShapedType::kDynamic || shape[0] == 1) {
        batchChanged |= options.batch != 1;
        shape[0] = options.batch;
      } else if (shape[0] != options.batch && options.batch != 1) {
        return inputError(name)
               << "has a fixed leading dimension of " << shape[0]
               << "; cannot set the batch to " << options.batch;
      }
    }
    argTypes.push_back(RankedTensorType::get(shape, f32));
    argNames.push_back(name);
    argIsBatch.push_back(batch);
  }

  std::string funcName = sanitizeSymbol(graph.name());
  Location funcLoc = NameLoc::get(
      builder.getStringAttr(graph.name().empty() ? funcName : graph.name()),
      fileLoc);
  func = func::FuncOp::create(builder, funcLoc, funcName,
                              builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    BlockArgument arg = entry->getArgument(i);
    arg.setLoc(NameLoc::get(builder.getStringAttr(name), fileLoc));
    func.setArgAttr(i, reram::ReRAMDialect::getOnnxNameAttrName(),
                    builder.getStringAttr(name));
    values[name] = arg;
    if (argIsBatch[i])
      batchValues.insert(arg);
  }
  builder.setInsertionPointToEnd(entry);
  return success();
}

LogicalResult GraphImporter::importNodes() {
  for (int i = 0; i < graph.node_size(); ++i) {
    node = &graph.node(i);
    nodeIndex = i;
    nodeLoc = NameLoc::get(builder.getStringAttr(displayName(*node, i)),
                           nodeLocs[i]);
    if (failed(convertNode()))
      return failure();
  }
  node = nullptr;
  nodeLoc = fileLoc;
  return success();
}

LogicalResult GraphImporter::importOutputs() {
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    const std::string &name = output.name();
    Value value = values.lookup(name);
    if (!value) {
      ConstantTensor *constant = lookupConstant(name);
      if (!constant) {
        emitError(fileLoc) << "output '" << name
                           << "' is not produced by the graph";
        return failure();
      }
      if (constant->dataType != onnx::TensorProto::FLOAT) {
        emitError(fileLoc) << "output '" << name << "' has element type "
                           << dataTypeName(constant->dataType)
                           << "; only float tensors are supported";
        return failure();
      }
      FailureOr<Value> materialized = materialize(*constant);
      if (failed(materialized))
        return failure();
      value = *materialized;
    }
    if (output.type().has_tensor_type()) {
      int32_t elemType = output.type().tensor_type().elem_type();
      if (elemType != onnx::TensorProto::UNDEFINED &&
          elemType != onnx::TensorProto::FLOAT) {
        emitError(fileLoc) << "output '" << name << "' has element type "
                           << dataTypeName(elemType)
                           << "; only float tensors are supported";
        return failure();
      }
    }
    // The declared shape must be what the graph computes (unless --batch
    // changed it).
    auto declared = declaredShapes.find(name);
    if (!batchChanged && declared != declaredShapes.end() &&
        ArrayRef<int64_t>(declared->second) != shapeOf(value)) {
      emitError(fileLoc) << "output '" << name << "' is declared as "
                         << formatShape(declared->second)
                         << " but the graph computes "
                         << formatShape(shapeOf(value));
      return failure();
    }
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(builder.getFunctionType(func.getArgumentTypes(),
                                       ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, reram::ReRAMDialect::getOnnxNameAttrName(),
                       builder.getStringAttr(output.name()));
  return success();
}

//===----------------------------------------------------------------------===//
// Diagnostics and verification
//===----------------------------------------------------------------------===//

InFlightDiagnostic GraphImporter::nodeError(size_t index) {
  const onnx::NodeProto &n = graph.node(index);
  return emitError(nodeLocs[index]) << "node '" << displayName(n, index)
                                    << "' (" << n.op_type() << "): ";
}

InFlightDiagnostic GraphImporter::nodeError() {
  if (!node)
    return emitError(fileLoc);
  return nodeError(nodeIndex);
}

LogicalResult GraphImporter::verifyOp(Operation *op) {
  std::string message;
  {
    ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error && message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(verify(op)))
      return success();
  }
  // "'reram.conv' op weight rank ..." -> "weight rank ..."
  StringRef text = message;
  std::string prefix = "'" + op->getName().getStringRef().str() + "' op ";
  text.consume_front(prefix);
  nodeError() << text;
  return failure();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *GraphImporter::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t GraphImporter::intAttr(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : defaultValue;
}

float GraphImporter::floatAttr(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : defaultValue;
}

std::string GraphImporter::stringAttr(StringRef name,
                                      StringRef defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : defaultValue.str();
}

FailureOr<SmallVector<int64_t>>
GraphImporter::intsAttr(StringRef name, ArrayRef<int64_t> defaultValue,
                        std::optional<size_t> size) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return SmallVector<int64_t>(defaultValue);
  SmallVector<int64_t> values(a->ints().begin(), a->ints().end());
  if (size && values.size() != *size)
    return nodeError() << "attribute '" << name << "' has " << values.size()
                       << " values, expected " << *size;
  return values;
}

//===----------------------------------------------------------------------===//
// Values and constants
//===----------------------------------------------------------------------===//

ConstantTensor &GraphImporter::addConstant(StringRef name,
                                           onnx::TensorProto *proto) {
  ConstantTensor &c = constantStorage.emplace_back();
  c.name = name.str();
  c.proto = proto;
  c.dataType = proto->data_type();
  c.shape.assign(proto->dims().begin(), proto->dims().end());
  constants[name] = &c;
  return c;
}

ConstantTensor *GraphImporter::lookupConstant(StringRef name) const {
  return constants.lookup(name);
}

bool GraphImporter::hasInput(unsigned i) const {
  return i < (unsigned)node->input_size() && !node->input(i).empty();
}

ConstantTensor *GraphImporter::constantInput(unsigned i) const {
  if (!hasInput(i) || values.count(node->input(i)))
    return nullptr;
  return lookupConstant(node->input(i));
}

FailureOr<SmallVector<int64_t>> GraphImporter::inputShape(unsigned i) {
  if (ConstantTensor *c = constantInput(i))
    return c->shape;
  FailureOr<Value> v = operand(i);
  if (failed(v))
    return failure();
  return SmallVector<int64_t>(shapeOf(*v));
}

FailureOr<Value> GraphImporter::operand(unsigned i) {
  if (!hasInput(i))
    return nodeError() << "missing input " << i;
  const std::string &name = node->input(i);
  if (Value v = values.lookup(name))
    return v;
  if (ConstantTensor *c = lookupConstant(name))
    return materialize(*c);
  return nodeError() << "input '" << name
                     << "' is not defined (not a graph input, an initializer "
                        "or the output of an earlier node)";
}

FailureOr<Value> GraphImporter::optionalOperand(unsigned i) {
  if (!hasInput(i))
    return Value();
  return operand(i);
}

LogicalResult GraphImporter::checkData(const ConstantTensor &c) {
  const onnx::TensorProto &p = *c.proto;
  if (p.data_location() == onnx::TensorProto::EXTERNAL)
    return nodeError() << "constant '" << c.name
                       << "' stores its data in an external file, which is "
                          "not supported";
  if (p.has_segment())
    return nodeError() << "constant '" << c.name
                       << "' is segmented, which is not supported";
  if (llvm::any_of(c.shape, [](int64_t d) { return d < 0; }))
    return nodeError() << "constant '" << c.name << "' has a negative dimension";
  int64_t n = product(c.shape);
  int64_t elementSize = 0, count = 0;
  switch (c.dataType) {
  case onnx::TensorProto::FLOAT:
    elementSize = 4;
    count = p.float_data_size();
    break;
  case onnx::TensorProto::INT64:
    elementSize = 8;
    count = p.int64_data_size();
    break;
  case onnx::TensorProto::INT32:
    elementSize = 4;
    count = p.int32_data_size();
    break;
  default:
    return nodeError() << "constant '" << c.name << "' has element type "
                       << dataTypeName(c.dataType)
                       << "; only float tensors are supported";
  }
  if (p.has_raw_data())
    count = p.raw_data().size() % elementSize == 0
                ? (int64_t)p.raw_data().size() / elementSize
                : -1;
  if (count != n)
    return nodeError() << "constant '" << c.name << "' holds "
                       << (count < 0 ? std::string("a partial number of")
                                     : std::to_string(count))
                       << " values but its shape " << formatShape(c.shape)
                       << " needs " << n;
  return success();
}

/// Copies `n` little-endian values of type T out of `raw`.
template <typename T>
static void readRaw(const std::string &raw, T *out, size_t n) {
  for (size_t i = 0; i < n; ++i)
    out[i] = llvm::support::endian::read<T, llvm::endianness::little>(
        raw.data() + i * sizeof(T));
}

FailureOr<std::vector<float>>
GraphImporter::readFloats(const ConstantTensor &c) {
  if (c.attr) {
    if (auto dense = dyn_cast<DenseElementsAttr>(c.attr)) {
      auto range = dense.getValues<float>();
      return std::vector<float>(range.begin(), range.end());
    }
    auto resource = cast<DenseF32ResourceElementsAttr>(c.attr);
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return nodeError() << "constant '" << c.name << "' has no data";
    return std::vector<float>(data->begin(), data->end());
  }
  if (c.dataType != onnx::TensorProto::FLOAT)
    return nodeError() << "constant '" << c.name << "' has element type "
                       << dataTypeName(c.dataType)
                       << "; only float tensors are supported";
  if (failed(checkData(c)))
    return failure();
  const onnx::TensorProto &p = *c.proto;
  std::vector<float> data(product(c.shape));
  if (p.has_raw_data())
    readRaw(p.raw_data(), data.data(), data.size());
  else
    std::copy(p.float_data().begin(), p.float_data().end(), data.begin());
  return data;
}

FailureOr<std::vector<int64_t>>
GraphImporter::readInts(const ConstantTensor &c) {
  if (c.dataType != onnx::TensorProto::INT64 &&
      c.dataType != onnx::TensorProto::INT32)
    return nodeError() << "constant '" << c.name << "' has element type "
                       << dataTypeName(c.dataType) << ", expected int64";
  if (failed(checkData(c)))
    return failure();
  const onnx::TensorProto &p = *c.proto;
  std::vector<int64_t> data(product(c.shape));
  if (c.dataType == onnx::TensorProto::INT64) {
    if (p.has_raw_data())
      readRaw(p.raw_data(), data.data(), data.size());
    else
      std::copy(p.int64_data().begin(), p.int64_data().end(), data.begin());
  } else {
    if (p.has_raw_data()) {
      std::vector<int32_t> narrow(data.size());
      readRaw(p.raw_data(), narrow.data(), narrow.size());
      std::copy(narrow.begin(), narrow.end(), data.begin());
    } else {
      std::copy(p.int32_data().begin(), p.int32_data().end(), data.begin());
    }
  }
  return data;
}

FailureOr<ElementsAttr> GraphImporter::buildFloatAttr(ConstantTensor &c) {
  if (c.attr)
    return c.attr;
  if (c.dataType != onnx::TensorProto::FLOAT)
    return nodeError() << "constant '" << c.name << "' has element type "
                       << dataTypeName(c.dataType)
                       << "; only float tensors are supported";
  if (failed(checkData(c)))
    return failure();
  auto type = RankedTensorType::get(c.shape, builder.getF32Type());
  int64_t n = product(c.shape);
  onnx::TensorProto &p = *c.proto;
  const bool rawInPlace = p.has_raw_data() &&
                          llvm::endianness::native == llvm::endianness::little;
  if (n > kMaxInlineElements && rawInPlace) {
    // Take over the protobuf's string: no copy of the weights.
    std::unique_ptr<std::string> raw(p.release_raw_data());
    if (reinterpret_cast<uintptr_t>(raw->data()) % alignof(float) == 0) {
      ArrayRef<char> bytes(raw->data(), raw->size());
      AsmResourceBlob blob(
          bytes, alignof(float),
          [owned = std::move(raw)](void *, size_t, size_t) mutable {
            owned.reset();
          },
          /*dataIsMutable=*/false);
      c.attr = DenseResourceElementsAttr::get(type, c.name, std::move(blob));
      return c.attr;
    }
    // Misaligned (never with the system allocator): put the bytes back.
    p.set_allocated_raw_data(raw.release());
  }
  FailureOr<std::vector<float>> data = readFloats(c);
  if (failed(data))
    return failure();
  if (n <= kMaxInlineElements)
    c.attr = DenseElementsAttr::get(type, ArrayRef<float>(*data));
  else
    c.attr = DenseResourceElementsAttr::get(
        type, c.name,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(*data)));
  return c.attr;
}

FailureOr<Value> GraphImporter::materialize(ConstantTensor &c) {
  if (c.value)
    return c.value;
  FailureOr<ElementsAttr> attr = buildFloatAttr(c);
  if (failed(attr))
    return failure();
  Location loc = NameLoc::get(builder.getStringAttr(c.name), fileLoc);
  c.value = reram::ConstantOp::create(builder, loc, attr->getType(), *attr);
  return c.value;
}

Value GraphImporter::createConstant(StringRef name, ArrayRef<int64_t> shape,
                                    std::vector<float> data, Location loc) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  ElementsAttr attr;
  if ((int64_t)data.size() <= kMaxInlineElements)
    attr = DenseElementsAttr::get(type, ArrayRef<float>(data));
  else
    attr = DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(data)));
  return reram::ConstantOp::create(builder, loc, type, attr);
}

Value GraphImporter::scalarConstant(float value) {
  auto type = RankedTensorType::get({}, builder.getF32Type());
  return reram::ConstantOp::create(builder, nodeLoc, type,
                                   DenseElementsAttr::get(type, value));
}

LogicalResult GraphImporter::setResult(unsigned i, Value value, bool batch) {
  if (i >= (unsigned)node->output_size() || node->output(i).empty())
    return success();
  const std::string &name = node->output(i);
  values[name] = value;
  if (batch)
    batchValues.insert(value);
  return success();
}
