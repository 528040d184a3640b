//===- ReRAMAttributes.td - ReRAM dialect attributes -------*- tablegen -*-===//
//
// Part of zara. The attributes of the `reram` dialect: the crossbar mapping
// that `reram-map-crossbars` attaches to every op that runs on crossbars.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_TD
#define ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_TD

include "zara/Dialect/ReRAM/IR/ReRAMDialect.td"
include "mlir/IR/AttrTypeBase.td"

class ReRAM_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<ReRAM_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def ReRAM_MappingAttr : ReRAM_Attr<"Mapping", "mapping"> {
  let summary = "where a weight-stationary op's weights sit on the crossbars";
  let description = [{
    Attached as `reram.mapping` by `reram-map-crossbars` to every `reram.conv`
    and `reram.matmul` (docs/Mapping.md). Each of the op's `groups` weight
    matrices (`rows x cols`: `Cin/g * prod(K) x Cout/g` for a convolution,
    `K x N` for a matrix product) is cut into `row_tiles x col_tiles`
    blocks of at most `tile_rows x tile_cols` weights; a block takes
    `arrays_per_block` physical arrays (bit slices over cells, times 2 for a
    differential pair) of one core. Row tiles of a column are summed as
    partial sums. One copy of the op takes `arrays_per_replica =
    groups * row_tiles * col_tiles * arrays_per_block` arrays;
    `replication` copies work on different input vectors. The op issues
    `windows` input vectors to each of its matrices (batch included). Its
    arrays start on core `first_core` of tile `first_tile` and spread over
    `cores` consecutive cores (cores of a tile in order, then the next
    tile), a block never straddling two cores. The ops of one ONNX node
    (the sub-convolutions of a deformed layer) fill their cores one after
    another, so they may share a core; every node starts on a fresh core.

    ```mlir
    #reram.mapping<rows = 2048, cols = 256, groups = 1, tile_rows = 128,
                   tile_cols = 16, row_tiles = 16, col_tiles = 16,
                   arrays_per_block = 1, arrays_per_replica = 256,
                   replication = 2, windows = 16, first_tile = 0,
                   first_core = 0, cores = 64>
    ```
  }];
  let parameters = (ins "int64_t":$rows, "int64_t":$cols, "int64_t":$groups,
                        "int64_t":$tile_rows, "int64_t":$tile_cols,
                        "int64_t":$row_tiles, "int64_t":$col_tiles,
                        "int64_t":$arrays_per_block,
                        "int64_t":$arrays_per_replica,
                        "int64_t":$replication, "int64_t":$windows,
                        "int64_t":$first_tile, "int64_t":$first_core,
                        "int64_t":$cores);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Physical arrays of all replicas.
    int64_t getCrossbars() const {
      return getArraysPerReplica() * getReplication();
    }
    /// The name under which ops carry the attribute.
    static constexpr ::llvm::StringLiteral getAttrName() {
      return ::llvm::StringLiteral("reram.mapping");
    }
  }];
}

#endif // ZARA_DIALECT_RERAM_IR_RERAMATTRIBUTES_TD
