//===- ReRAMAttributes.cpp - ReRAM dialect attributes ---------------------===//
//
// Part of zara. The `reram` dialect's attributes and their verifiers.
//
//===----------------------------------------------------------------------===//

#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace zara::reram;

#define GET_ATTRDEF_CLASSES
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.cpp.inc"

void ReRAMDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "zara/Dialect/ReRAM/IR/ReRAMAttributes.cpp.inc"
      >();
}

LogicalResult MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  int64_t rows, int64_t cols, int64_t groups,
                                  int64_t tileRows, int64_t tileCols,
                                  int64_t rowTiles, int64_t colTiles,
                                  int64_t arraysPerBlock,
                                  int64_t arraysPerReplica, int64_t replication,
                                  int64_t windows, int64_t firstTile,
                                  int64_t firstCore, int64_t cores) {
  for (auto [name, value] : {std::pair<StringRef, int64_t>{"rows", rows},
                             {"cols", cols},
                             {"groups", groups},
                             {"tile_rows", tileRows},
                             {"tile_cols", tileCols},
                             {"row_tiles", rowTiles},
                             {"col_tiles", colTiles},
                             {"arrays_per_block", arraysPerBlock},
                             {"replication", replication},
                             {"cores", cores}})
    if (value < 1)
      return emitError() << "'" << name << "' must be positive, got " << value;
  if (windows < 0 || firstTile < 0 || firstCore < 0)
    return emitError() << "'windows', 'first_tile' and 'first_core' must not "
                          "be negative";
  if (rowTiles != (rows + tileRows - 1) / tileRows)
    return emitError() << "'row_tiles' must be ceil(rows / tile_rows) = "
                       << (rows + tileRows - 1) / tileRows << ", got "
                       << rowTiles;
  if (colTiles != (cols + tileCols - 1) / tileCols)
    return emitError() << "'col_tiles' must be ceil(cols / tile_cols) = "
                       << (cols + tileCols - 1) / tileCols << ", got "
                       << colTiles;
  int64_t arrays = groups * rowTiles * colTiles * arraysPerBlock;
  if (arraysPerReplica != arrays)
    return emitError() << "'arrays_per_replica' must be groups * row_tiles * "
                          "col_tiles * arrays_per_block = "
                       << arrays << ", got " << arraysPerReplica;
  return success();
}
