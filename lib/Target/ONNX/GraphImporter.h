//===- GraphImporter.h - ONNX graph to reram IR (private) -------*- C++ -*-===//
//
// Part of zara. The state of one ONNX import: the graph being walked, the
// SSA value of every ONNX name, the constants not yet materialised, and the
// per-operator converters (ConvertOps.cpp). Private to lib/Target/ONNX, the
// only place that includes onnx headers; built with -fexceptions.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_LIB_TARGET_ONNX_GRAPHIMPORTER_H
#define ZARA_LIB_TARGET_ONNX_GRAPHIMPORTER_H

#include "zara/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace zara {
namespace onnx_import {

/// The lowest and highest default-domain opsets the importer accepts. Opset 6
/// is the era of the pytorch-converted backend tests (legacy `broadcast`,
/// `is_test`, `spatial` attributes).
constexpr int64_t kMinOpset = 6;
constexpr int64_t kMaxOpset = 17;

/// A constant tensor of the graph (an initializer or a `Constant` node's
/// value). It is materialised as a `reram.constant` only when an op uses it
/// as a float operand; ops that read constants at import time (Reshape's
/// shape, Gemm's transposed weights) read its data directly.
struct ConstantTensor {
  /// The ONNX name; also the key of its resource blob.
  std::string name;
  /// Where the data lives. Not owned; `raw_data` may be released into the
  /// resource blob once the attribute is built.
  onnx::TensorProto *proto = nullptr;
  /// ONNX element type (onnx::TensorProto::DataType).
  int32_t dataType = 0;
  /// The shape.
  llvm::SmallVector<int64_t> shape;
  /// The float attribute, once built.
  mlir::ElementsAttr attr;
  /// The `reram.constant`, once materialised.
  mlir::Value value;
};

/// Imports one checked, shape-inferred ONNX model into a module holding one
/// `func.func`. Every error is emitted as a diagnostic; `run` then returns
/// null.
class GraphImporter {
public:
  /// `nodeLocs` holds the file location of every node (the file itself when
  /// the position is unknown, as in binary models).
  GraphImporter(mlir::MLIRContext *context, onnx::ModelProto &model,
                mlir::Location fileLoc, std::vector<mlir::Location> nodeLocs,
                int64_t opset, const ONNXImportOptions &options);

  /// Builds the module; null after emitting diagnostics.
  mlir::OwningOpRef<mlir::ModuleOp> run();

  /// The display name of node `index`: its ONNX name, or `<op_type>_<index>`
  /// when it has none.
  static std::string displayName(const onnx::NodeProto &node, size_t index);

  /// Whether `node` is an operator the importer converts (ConvertOps.cpp).
  static bool isSupported(const onnx::NodeProto &node);

private:
  //===--------------------------------------------------------------------===//
  // Graph level (GraphImporter.cpp)
  //===--------------------------------------------------------------------===//

  /// Records initializers, checks and types the graph inputs (applying the
  /// batch) and creates the function.
  mlir::LogicalResult importSignature();
  /// Converts every node in order.
  mlir::LogicalResult importNodes();
  /// Returns the graph outputs and completes the function type.
  mlir::LogicalResult importOutputs();
  /// Runs ONNX's shape inference and compares its static shapes with the
  /// importer's (unless --batch changed the batch).
  mlir::LogicalResult crossCheckShapes();

  /// Whether graph input `name` only feeds weight operands (a convolution's
  /// weight or bias, batch-norm statistics, Gemm's B or C, MatMul's rhs),
  /// possibly through Identity/Transpose/Reshape/Flatten; such an input has
  /// no batch dimension.
  bool feedsOnlyWeights(llvm::StringRef name, unsigned depth = 0) const;
  /// Index of the first node that reads `name`, if any.
  std::optional<size_t> firstConsumer(llvm::StringRef name) const;

  /// Emits an error at graph input `name`: at its first consumer when it has
  /// one (`node '...' (Op): input 'x' ...`), else at the file.
  mlir::InFlightDiagnostic inputError(llvm::StringRef name);

  //===--------------------------------------------------------------------===//
  // Values and constants (GraphImporter.cpp)
  //===--------------------------------------------------------------------===//

  /// The constant named `name` (initializer, Constant output, or an Identity
  /// of one), or null.
  ConstantTensor *lookupConstant(llvm::StringRef name) const;
  /// Registers a constant tensor under `name`.
  ConstantTensor &addConstant(llvm::StringRef name, onnx::TensorProto *proto);

  /// The value of input `i` of the current node; materialises constants.
  /// Emits an error (and fails) for a missing, undefined or non-float input.
  mlir::FailureOr<mlir::Value> operand(unsigned i);
  /// Like `operand`, but a missing or empty input gives a null value.
  mlir::FailureOr<mlir::Value> optionalOperand(unsigned i);
  /// Whether input `i` of the current node is present (non-empty).
  bool hasInput(unsigned i) const;
  /// The constant that input `i` of the current node names, or null.
  ConstantTensor *constantInput(unsigned i) const;
  /// The shape of input `i` of the current node (a value or a constant);
  /// emits an error for an undefined input.
  mlir::FailureOr<llvm::SmallVector<int64_t>> inputShape(unsigned i);
  /// Materialises `constant` as a float `reram.constant`.
  mlir::FailureOr<mlir::Value> materialize(ConstantTensor &constant);

  /// Reads the elements of a float constant (copy).
  mlir::FailureOr<std::vector<float>> readFloats(const ConstantTensor &c);
  /// Reads the elements of an integer constant (int64 or int32).
  mlir::FailureOr<std::vector<int64_t>> readInts(const ConstantTensor &c);
  /// Checks that `c` holds its data inline and as many elements as its shape
  /// needs; emits an error naming it otherwise.
  mlir::LogicalResult checkData(const ConstantTensor &c);
  /// Builds the elements attribute of a float constant: a dense attribute
  /// for small tensors, a resource blob keyed by `c.name` for large ones.
  mlir::FailureOr<mlir::ElementsAttr> buildFloatAttr(ConstantTensor &c);
  /// Creates a `reram.constant` holding `data` with `shape`, named `name`
  /// (the resource key for large data) and located at `loc`.
  mlir::Value createConstant(llvm::StringRef name,
                             llvm::ArrayRef<int64_t> shape,
                             std::vector<float> data, mlir::Location loc);

  /// Binds output `i` of the current node to `value`; `batch` says whether
  /// its dimension 0 is the batch.
  mlir::LogicalResult setResult(unsigned i, mlir::Value value, bool batch);
  /// Whether dimension 0 of `v` is the batch.
  bool isBatch(mlir::Value v) const { return batchValues.contains(v); }

  /// Verifies a freshly built op; a failure is reported as an error of the
  /// current node.
  mlir::LogicalResult verifyOp(mlir::Operation *op);
  /// Builds `OpTy` at the current node's location and verifies it.
  template <typename OpTy, typename... Args>
  mlir::FailureOr<mlir::Value> build(Args &&...args) {
    auto op = OpTy::create(builder, nodeLoc, std::forward<Args>(args)...);
    if (failed(verifyOp(op)))
      return mlir::failure();
    return op->getResult(0);
  }

  /// Emits an error of the current node: `node 'name' (Op): ...`.
  mlir::InFlightDiagnostic nodeError();
  /// Emits an error of node `index`.
  mlir::InFlightDiagnostic nodeError(size_t index);

  //===--------------------------------------------------------------------===//
  // Attribute access (GraphImporter.cpp)
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t defaultValue) const;
  float floatAttr(llvm::StringRef name, float defaultValue) const;
  std::string stringAttr(llvm::StringRef name,
                         llvm::StringRef defaultValue) const;
  /// The ints of `name`, or `defaultValue` when absent; fails (with an
  /// error) when present with a length other than `size` (if given).
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  intsAttr(llvm::StringRef name, llvm::ArrayRef<int64_t> defaultValue,
           std::optional<size_t> size = std::nullopt);

  //===--------------------------------------------------------------------===//
  // Operators (ConvertOps.cpp)
  //===--------------------------------------------------------------------===//

  /// Converts the current node.
  mlir::LogicalResult convertNode();

  mlir::LogicalResult convertConv();
  mlir::LogicalResult convertConvTranspose();
  mlir::LogicalResult convertGemm();
  mlir::LogicalResult convertMatMul();
  mlir::LogicalResult convertElementwise();
  mlir::LogicalResult convertBatchNormalization();
  mlir::LogicalResult convertUnary();
  mlir::LogicalResult convertReshape();
  mlir::LogicalResult convertFlatten();
  mlir::LogicalResult convertConcat();
  mlir::LogicalResult convertTranspose();
  mlir::LogicalResult convertIdentity();
  mlir::LogicalResult convertConstant();

  /// Shared attribute reading of Conv and ConvTranspose.
  struct WindowAttrs {
    llvm::SmallVector<int64_t> kernel, strides, dilations, pads;
    int64_t groups = 1;
    std::string autoPad;
  };
  mlir::FailureOr<WindowAttrs> readWindowAttrs(mlir::Value input,
                                               mlir::Value weight);

  /// The transposed (permuted) and scaled value of a Gemm operand: done on
  /// the data when `v` is a constant, with reram ops otherwise.
  mlir::FailureOr<mlir::Value> permuteOperand(unsigned i,
                                              llvm::ArrayRef<int64_t> perm,
                                              float scale);
  /// A rank-0 f32 constant.
  mlir::Value scalarConstant(float value);

  //===--------------------------------------------------------------------===//
  // State
  //===--------------------------------------------------------------------===//

  mlir::MLIRContext *context;
  mlir::OpBuilder builder;
  onnx::ModelProto &model;
  onnx::GraphProto &graph;
  mlir::Location fileLoc;
  std::vector<mlir::Location> nodeLocs;
  int64_t opset;
  ONNXImportOptions options;

  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::func::FuncOp func;

  /// The SSA value of every ONNX name produced so far.
  llvm::StringMap<mlir::Value> values;
  /// Constants by ONNX name (several names may share one, via Identity).
  llvm::StringMap<ConstantTensor *> constants;
  std::deque<ConstantTensor> constantStorage;
  /// Tensors made from `value_float(s)` / `value_int(s)` attributes.
  std::deque<onnx::TensorProto> ownedTensors;
  /// Values whose dimension 0 is the batch.
  llvm::DenseSet<mlir::Value> batchValues;
  /// Whether `--batch` changed the batch of some input from 1 (or symbolic).
  bool batchChanged = false;
  /// The static shapes the model declares for its outputs.
  llvm::StringMap<llvm::SmallVector<int64_t>> declaredShapes;

  /// The node being converted.
  const onnx::NodeProto *node = nullptr;
  size_t nodeIndex = 0;
  mlir::Location nodeLoc;
};

/// Runs ONNX's strict shape inference on `model` (adding value_info);
/// reports an error at the node it names. Only for models whose attributes
/// the importer has validated (ImportONNX.cpp).
mlir::LogicalResult inferShapes(onnx::ModelProto &model,
                                mlir::Location fileLoc,
                                llvm::ArrayRef<mlir::Location> nodeLocs);

/// `onnx::TensorProto::DataType` as a lowercase name (`float`, `uint8`...).
std::string dataTypeName(int32_t dataType);
/// `a x b x c` for messages.
std::string formatShape(llvm::ArrayRef<int64_t> shape);
/// `[a, b, c]` for messages.
std::string formatList(llvm::ArrayRef<int64_t> values);

} // namespace onnx_import
} // namespace zara

#endif // ZARA_LIB_TARGET_ONNX_GRAPHIMPORTER_H
