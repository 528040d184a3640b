//===- ZISAOps.td - ZISA program structure and instructions *- tablegen -*-===//
//
// Part of zara. The ops of the `zisa` dialect: the structure of a program
// (Program.fbs `Program` and the tables it lists) and one op per
// instruction (Program.fbs union `Op`, docs/ISA.md).
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISAOPS_TD
#define ZARA_DIALECT_ZISA_IR_ZISAOPS_TD

include "zara/Dialect/ZISA/IR/ZISADialect.td"
include "zara/Dialect/ZISA/IR/ZISAAttributes.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"

//===----------------------------------------------------------------------===//
// Base classes and constraints
//===----------------------------------------------------------------------===//

class ZISA_Op<string mnemonic, list<Trait> traits = []>
    : Op<ZISA_Dialect, mnemonic, traits>;

/// A field of type `uint` in Program.fbs.
def ZISA_U32Attr : ConfinedAttr<I64Attr, [IntNonNegative,
                                          IntMaxValue<4294967295>]>;
/// A positive `uint` field (counts and sizes).
def ZISA_PositiveU32Attr : ConfinedAttr<I64Attr, [IntMinValue<1>,
                                                  IntMaxValue<4294967295>]>;
/// A DRAM address or size (`ulong` in Program.fbs, kept below 2^63).
def ZISA_AddressAttr : ConfinedAttr<I64Attr, [IntNonNegative]>;

/// The f32 tensor type of a binding or a weight entry.
def ZISA_F32TensorType : TypeAttrOf<StaticShapeTensorOf<[F32]>>;

/// An op of the program structure: directly inside `zisa.program`.
class ZISA_StructureOp<string mnemonic, list<Trait> traits = []>
    : ZISA_Op<mnemonic, !listconcat(traits, [HasParent<"ProgramOp">])>;

/// An instruction: inside a core's stream, at any loop depth. Every
/// instruction lists its patterns for the program verifier.
class ZISA_InstrOp<string mnemonic, list<Trait> traits = []>
    : ZISA_Op<mnemonic, !listconcat(traits,
          [ParentOneOf<["CoreOp", "LoopOp"]>])>;

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

def ZISA_ProgramOp : ZISA_Op<"program", [IsolatedFromAbove, NoTerminator,
    SingleBlock, SymbolTable, NoRegionArguments]> {
  let summary = "a compiled program: what one `.zara` file holds";
  let description = [{
    The root of an ISA program (Program.fbs `Program`). Its attributes are
    the file's scalar fields:

    - `producer`: the tool that wrote the program (optional);
    - `dram_size`: the size of DRAM in elements;
    - `hardware`: the configuration the program was compiled for,
      `#zisa.hw<...>` (sections and fields left out take their defaults).

    Its body lists, in any order, the weight segment (`zisa.weights`), the
    input and output bindings (`zisa.input`, `zisa.output`), the crossbar
    groups (`zisa.xbar_group`), the barriers (`zisa.barrier_decl`) and the
    cores with their instruction streams (`zisa.core`). The file keeps each
    kind in the order of its ops; the position of a group or a core among
    its kind is its index in the file.

    The verifier checks the whole program as the simulator's loader does:
    every pattern stays inside its memory for every value of the loop
    indices, groups belong to the core that uses them and fit its arrays,
    operand element counts match the group size, barrier participants reach
    each barrier equally often and every send queue is drained by receives.

    Example: a 2x2 weight block applied to a 2-element input.

    ```mlir
    zisa.program producer "example" dram_size 64 hardware #zisa.hw<> {
      zisa.weights address 16 = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
      zisa.input "x" address 0 : tensor<2xf32>
      zisa.output "y" address 8 : tensor<2xf32>
      zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1
          rows 2 cols 2
      zisa.core tile 0 core 0 {
        zisa.program_xbar @g0 whole row_begin 0 row_count 2
            src <16, counts [4], strides [1]>
        zisa.move dram <0, counts [2], strides [1]>
            to buffer <0, counts [2], strides [1]>
        zisa.mvm @g0 input <0, counts [2], strides [1]>
            output <2, counts [2], strides [1]>
        zisa.move buffer <2, counts [2], strides [1]>
            to dram <8, counts [2], strides [1]>
        zisa.halt
      }
    }
    ```
  }];
  let arguments = (ins
    OptionalAttr<StrAttr>:$producer,
    ZISA_AddressAttr:$dram_size,
    ZISA_HwConfigAttr:$hardware
  );
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`producer` $producer^)? `dram_size` $dram_size
    `hardware` qualified($hardware) attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
  let builders = [
    OpBuilder<(ins "::mlir::StringAttr":$producer, "int64_t":$dram_size,
                   "HwConfigAttr":$hardware)>
  ];
  let extraClassDeclaration = [{
    /// Tile buffer capacity in elements.
    uint64_t getBufferElements() { return getHardware().getBufferElements(); }
  }];
}

def ZISA_WeightsOp : ZISA_StructureOp<"weights"> {
  let summary = "an entry of the weight segment";
  let description = [{
    Constant weights mapped into DRAM at `address` when the program is
    loaded: the elements of `value` in row-major order occupy
    `[address, address + size)`. The file holds one segment
    (Program.fbs `weights_address` and `weights`) from the lowest entry to
    the end of the highest; entries may not overlap, and gaps between them
    are zeros. The importer reads the segment back as one 1-D entry. The
    value is any f32 elements attribute: `dense_resource` blobs for real
    weights (what the importer produces), `dense` for hand-written tests.

    ```mlir
    zisa.weights address 100 = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    zisa.weights address 104 = dense_resource<conv_w> : tensor<3xf32>

    {-#
      dialect_resources: {
        builtin: {
          conv_w: "0x040000000000803F0000004000004040"
        }
      }
    #-}
    ```
  }];
  let arguments = (ins
    ZISA_AddressAttr:$address,
    ElementsAttr:$value
  );
  let assemblyFormat = "`address` $address `=` $value attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of elements.
    int64_t getNumElements() {
      return ::llvm::cast<::mlir::ShapedType>(getValue().getType())
          .getNumElements();
    }
  }];
}

class ZISA_BindingOp<string mnemonic, string which>
    : ZISA_StructureOp<mnemonic> {
  let summary = "a graph " # which # " in DRAM";
  let arguments = (ins
    StrAttr:$name,
    ZISA_AddressAttr:$address,
    ZISA_F32TensorType:$type
  );
  let assemblyFormat = "$name `address` $address `:` $type attr-dict";
  let extraClassDeclaration = [{
    /// Number of elements of the bound tensor.
    int64_t getNumElements() {
      return ::llvm::cast<::mlir::ShapedType>(getType()).getNumElements();
    }
  }];
}

def ZISA_InputOp : ZISA_BindingOp<"input", "input"> {
  let description = [{
    The ONNX graph input `name` (Program.fbs `Binding` in `inputs`), an f32
    tensor of the given shape stored row-major at
    `[address, address + size)` of DRAM. The simulator writes it there
    before the run. Input names are unique.

    ```mlir
    zisa.input "x" address 0 : tensor<1x2x5x5xf32>
    ```
  }];
}

def ZISA_OutputOp : ZISA_BindingOp<"output", "output"> {
  let description = [{
    The ONNX graph output `name` (Program.fbs `Binding` in `outputs`), read
    from `[address, address + size)` of DRAM after the run. Output names are
    unique.

    ```mlir
    zisa.output "y" address 50 : tensor<1x3x5x5xf32>
    ```
  }];
}

def ZISA_XbarGroupOp : ZISA_StructureOp<"xbar_group", [Symbol]> {
  let summary = "a logical weight block on crossbars of one core";
  let description = [{
    A block of `rows x cols` weights (Program.fbs `CrossbarGroup`) on the
    physical arrays `[first_crossbar, first_crossbar + num_crossbars)` of
    core `core` of tile `tile`. Instructions name the group by its symbol;
    the file names it by its position among the groups. As the simulator's
    loader, the verifier checks that the core is on the chip, that `rows`
    fits an array and the input register and `cols` the output register,
    and that `num_crossbars` is exactly the number of arrays the columns
    take: `ceil(cols * cells_per_weight / crossbar.cols)` with
    `cells_per_weight = ceil(weight_bits / bits_per_cell)`, or twice
    `ceil(cols * ceil((weight_bits - 1) / bits_per_cell) / crossbar.cols)`
    with differential weights. Groups may share arrays (time-multiplexed
    weights, reprogrammed between uses).

    With `preload`, the group's weights are programmed when the program is
    loaded, before cycle 0, from `rows x cols` elements of DRAM read
    row-major as a whole-array `zisa.program_xbar` reads them (the pattern
    has no loop terms): weights that stay for the whole run, loaded with the
    model as the weight segment is. The simulator counts their cell writes
    and write energy but no time.

    ```mlir
    zisa.xbar_group @conv1 tile 0 core 3 first_crossbar 0 num_crossbars 1
        rows 18 cols 3
    zisa.xbar_group @fc tile 0 core 4 first_crossbar 0 num_crossbars 1
        rows 2 cols 3 preload <100, counts [2, 3], strides [1, 2]>
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    ZISA_U32Attr:$tile,
    ZISA_U32Attr:$core,
    ZISA_U32Attr:$first_crossbar,
    ZISA_PositiveU32Attr:$num_crossbars,
    ZISA_PositiveU32Attr:$rows,
    ZISA_PositiveU32Attr:$cols,
    OptionalAttr<ZISA_PatternAttr>:$preload
  );
  let assemblyFormat = [{
    $sym_name `tile` $tile `core` $core `first_crossbar` $first_crossbar
    `num_crossbars` $num_crossbars `rows` $rows `cols` $cols
    (`preload` $preload^)? attr-dict
  }];
}

def ZISA_BarrierDeclOp : ZISA_StructureOp<"barrier_decl"> {
  let summary = "a barrier and the cores that take part in it";
  let description = [{
    Declares barrier `id` (Program.fbs `BarrierDecl`) with its participants,
    each written as `(tile, core)`; the file stores them as indices of
    `zisa.core` ops. Ids are unique. Every participant must execute
    `zisa.barrier` with this id, all of them equally often (or the run
    deadlocks), and no other core may execute it.

    ```mlir
    zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
    ```
  }];
  let arguments = (ins
    ZISA_U32Attr:$id,
    DenseI64ArrayAttr:$participants
  );
  let assemblyFormat = [{
    $id `participants` custom<CorePairs>($participants) attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The participants as (tile, core) pairs.
    ::llvm::SmallVector<std::pair<int64_t, int64_t>> getParticipantCores();
  }];
}

def ZISA_CoreOp : ZISA_StructureOp<"core", [NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "one core and its instruction stream";
  let description = [{
    The instruction stream of core `core` of tile `tile` (Program.fbs
    `Core`): the ops of the body in order, `zisa.loop` bodies repeated. At
    most one `zisa.core` per (tile, core), at least one per program. The
    stream ends with an implicit `halt`.

    ```mlir
    zisa.core tile 0 core 1 {
      zisa.fill buffer <0, counts [16], strides [1]> value 0.0
      zisa.halt
    }
    ```
  }];
  let arguments = (ins ZISA_U32Attr:$tile, ZISA_U32Attr:$core);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "`tile` $tile `core` $core attr-dict-with-keyword $body";
  let skipDefaultBuilders = 1;
  // With an empty body block to insert the instructions into.
  let builders = [OpBuilder<(ins "uint32_t":$tile, "uint32_t":$core), [{
    $_state.addAttribute(getTileAttrName($_state.name),
                         $_builder.getI64IntegerAttr(tile));
    $_state.addAttribute(getCoreAttrName($_state.name),
                         $_builder.getI64IntegerAttr(core));
    $_state.addRegion()->emplaceBlock();
  }]>];
}

//===----------------------------------------------------------------------===//
// Control
//===----------------------------------------------------------------------===//

def ZISA_LoopOp : ZISA_InstrOp<"loop", [NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "a counted hardware loop (`loop` ... `end_loop`)";
  let description = [{
    Runs its body `count` >= 1 times (Program.fbs `Loop`, then the body,
    then `EndLoop`). The index of the loop (0 to `count - 1`) is `iK` in the
    patterns of the body, K being the number of loops that enclose this one.
    Loops nest at most 8 deep. The exporter gives `end_loop` the debug entry
    of its `loop`.

    The example computes 5 x 5 output pixels: `i0` is the row, `i1` the
    column.

    ```mlir
    zisa.loop 5 {
      zisa.loop 5 {
        zisa.mvm @g0 input <7*i0 + i1, counts [2, 3, 3], strides [49, 7, 1]>
            output <200 + 5*i0 + i1, counts [3], strides [25]>
      }
    }
    ```
  }];
  let arguments = (ins ZISA_PositiveU32Attr:$count);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$count attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  // With an empty body block to insert the instructions into.
  let builders = [OpBuilder<(ins "uint32_t":$count), [{
    $_state.addAttribute(getCountAttrName($_state.name),
                         $_builder.getI64IntegerAttr(count));
    $_state.addRegion()->emplaceBlock();
  }]>];
  let extraClassDeclaration = [{
    /// Number of `zisa.loop` ops enclosing this one.
    unsigned getDepth();
  }];
}

def ZISA_BarrierOp : ZISA_InstrOp<"barrier"> {
  let summary = "wait for every participant of a barrier";
  let description = [{
    Waits until every participant of barrier `id` (see `zisa.barrier_decl`)
    has reached its k-th execution of it (Program.fbs `Barrier`).

    ```mlir
    zisa.barrier 0
    ```
  }];
  let arguments = (ins ZISA_U32Attr:$id);
  let assemblyFormat = "$id attr-dict";
}

def ZISA_HaltOp : ZISA_InstrOp<"halt"> {
  let summary = "stop the core";
  let description = [{
    Stops the core (Program.fbs `Halt`), wherever it is. The end of a
    stream is an implicit halt, so it is optional.

    ```mlir
    zisa.halt
    ```
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Crossbars
//===----------------------------------------------------------------------===//

def ZISA_ProgramXbarOp : ZISA_InstrOp<"program_xbar"> {
  let summary = "write weights from DRAM into a crossbar group";
  let description = [{
    Writes rows `[row_begin, row_begin + row_count)` of group `group`
    (Program.fbs `ProgramXbar`) from the DRAM pattern `src`, which
    enumerates `row_count * cols` weights row-major (row `row_begin + r`,
    column `c` is element `r * cols + c`). `whole` rewrites the group's
    arrays entirely and needs `row_begin = 0`, `row_count = rows`; `rows`
    writes only the given rows. Only the core owning the group may program
    it.

    Programming an 18 x 3 group from a 3 x 2 x 3 x 3 convolution kernel
    (ONNX layout, row `r` of the group is input position `r`, column `c`
    output channel `c`: a transposing pattern):

    ```mlir
    zisa.program_xbar @g0 whole row_begin 0 row_count 18
        src <1000, counts [18, 3], strides [1, 18]>
    ```
  }];
  let arguments = (ins
    FlatSymbolRefAttr:$group,
    ZISA_WriteModeAttr:$mode,
    ZISA_U32Attr:$row_begin,
    ZISA_PositiveU32Attr:$row_count,
    ZISA_PatternAttr:$src
  );
  let assemblyFormat = [{
    $group custom<Enum>($mode) `row_begin` $row_begin `row_count` $row_count
    `src` $src attr-dict
  }];
  let hasVerifier = 1;
}

def ZISA_MvmOp : ZISA_InstrOp<"mvm"> {
  let summary = "matrix-vector multiply on a crossbar group";
  let description = [{
    `output[c] = (accumulate ? output[c] : 0) + sum_r W[r][c] * input[r]`
    with `W` the `rows x cols` weights of group `group` (Program.fbs `Mvm`).
    `input` enumerates `rows` and `output` `cols` tile buffer elements; the
    input pattern gathers a strided or polyphase window directly from an
    image in the buffer. `accumulate` adds into the destination: partial
    sums across crossbar row tiles. Only the owning core may use a group.

    ```mlir
    zisa.mvm @g0 input <0, counts [2, 3, 3], strides [49, 7, 1]>
        output <200, counts [3], strides [25]>
    zisa.mvm @g0 input <1000, counts [18], strides [1]>
        output <200, counts [3], strides [1]> accumulate
    ```
  }];
  let arguments = (ins
    FlatSymbolRefAttr:$group,
    ZISA_PatternAttr:$input,
    ZISA_PatternAttr:$output,
    UnitAttr:$accumulate
  );
  let assemblyFormat = [{
    $group `input` $input `output` $output (`accumulate` $accumulate^)?
    attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// Vector unit and data movement
//===----------------------------------------------------------------------===//

def ZISA_AluOp : ZISA_InstrOp<"alu"> {
  let summary = "an operation of the core's digital vector unit";
  let description = [{
    `dst = op(a, b, c, imm)` element by element over tile buffer patterns
    (Program.fbs `Alu`; the operations are the table of docs/ISA.md). An op
    gets exactly the operands it uses: `a` always; `b` for the binary ops,
    the gradients and `loss_diff`; `c` for `scale_shift`. `imm` (default 0)
    is the immediate of `add_imm`, `mul_imm`, `leaky_relu`,
    `leaky_relu_grad` and `rsqrt`. All operands have as many elements as
    `dst`, except `reduce_sum`, whose `dst` is one element. Stride-0
    dimensions broadcast, e.g. a per-channel bias:

    ```mlir
    zisa.alu add dst <200, counts [3, 25], strides [25, 1]>
        a <200, counts [3, 25], strides [25, 1]>
        b <300, counts [3, 25], strides [1, 0]>
    zisa.alu leaky_relu dst <0, counts [64], strides [1]>
        a <0, counts [64], strides [1]> imm 2.000000e-01
    ```
  }];
  let arguments = (ins
    ZISA_AluOpKindAttr:$kind,
    ZISA_PatternAttr:$dst,
    OptionalAttr<ZISA_PatternAttr>:$a,
    OptionalAttr<ZISA_PatternAttr>:$b,
    OptionalAttr<ZISA_PatternAttr>:$c,
    DefaultValuedAttr<F32Attr, "0.0f">:$imm
  );
  let assemblyFormat = [{
    custom<Enum>($kind) `dst` $dst (`a` $a^)? (`b` $b^)? (`c` $c^)?
    (`imm` $imm^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Which of `a`, `b`, `c` and `imm` an operation uses.
    struct Operands { bool a, b, c, imm; };
    static Operands getOperandsUsed(AluOpKind kind);
  }];
}

def ZISA_MoveOp : ZISA_InstrOp<"move"> {
  let summary = "copy elements between DRAM and the tile buffer";
  let description = [{
    Copies element `e` of `src` to element `e` of `dst`, with its tag
    (Program.fbs `Move`). Loads, stores, buffer copies, strided gathers and
    interleaving scatters are all moves; both patterns enumerate the same
    number of elements.

    Loading a 2 x 5 x 5 image into the interior of a zero-padded 2 x 7 x 7
    buffer image, and storing channel-interleaved results (3 channels of 25
    pixels, written pixel-major in the buffer) as channel-major:

    ```mlir
    zisa.move dram <0, counts [2, 5, 5], strides [25, 5, 1]>
        to buffer <8, counts [2, 5, 5], strides [49, 7, 1]>
    zisa.move buffer <200, counts [3, 25], strides [1, 3]>
        to dram <50, counts [3, 25], strides [25, 1]>
    ```
  }];
  let arguments = (ins
    ZISA_MemSpaceAttr:$src_mem,
    ZISA_PatternAttr:$src,
    ZISA_MemSpaceAttr:$dst_mem,
    ZISA_PatternAttr:$dst
  );
  let assemblyFormat = [{
    custom<Enum>($src_mem) $src `to` custom<Enum>($dst_mem) $dst attr-dict
  }];
  let hasVerifier = 1;
}

def ZISA_FillOp : ZISA_InstrOp<"fill"> {
  let summary = "write a constant to every element of a pattern";
  let description = [{
    Writes `value` with tag `tag` (default `zero`: an inserted or padding
    zero) to every element of `dst` in memory `mem` (Program.fbs `Fill`).
    Zero insertion and padding of the baseline, and clearing of
    accumulators.

    ```mlir
    zisa.fill buffer <0, counts [98], strides [1]> value 0.000000e+00
    zisa.fill dram <64, counts [4], strides [1]> value 1.000000e+00 tag original
    ```
  }];
  let arguments = (ins
    ZISA_MemSpaceAttr:$mem,
    ZISA_PatternAttr:$dst,
    F32Attr:$value,
    DefaultValuedAttr<ZISA_TagAttr, "::zara::zisa::Tag::zero">:$tag
  );
  let assemblyFormat = [{
    custom<Enum>($mem) $dst `value` $value (`tag` custom<Enum>($tag)^)?
    attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// Network
//===----------------------------------------------------------------------===//

def ZISA_SendOp : ZISA_InstrOp<"send"> {
  let summary = "send tile buffer elements to another tile";
  let description = [{
    Posts the elements of `src` as one message on the queue
    (own tile, `dst_tile`, `channel`) without waiting (Program.fbs `Send`).
    The program verifier checks that the destination tile receives as many
    messages and elements on the queue as are sent.

    ```mlir
    zisa.send dst_tile 1 channel 0 src <0, counts [25], strides [1]>
    ```
  }];
  let arguments = (ins
    ZISA_U32Attr:$dst_tile,
    ZISA_U32Attr:$channel,
    ZISA_PatternAttr:$src
  );
  let assemblyFormat = [{
    `dst_tile` $dst_tile `channel` $channel `src` $src attr-dict
  }];
}

def ZISA_RecvOp : ZISA_InstrOp<"recv"> {
  let summary = "receive a message from another tile";
  let description = [{
    Waits for the oldest message of the queue (`src_tile`, own tile,
    `channel`) and writes it to `dst` in the tile buffer (Program.fbs
    `Recv`).

    ```mlir
    zisa.recv src_tile 1 channel 0 dst <100, counts [25], strides [1]>
    ```
  }];
  let arguments = (ins
    ZISA_U32Attr:$src_tile,
    ZISA_U32Attr:$channel,
    ZISA_PatternAttr:$dst
  );
  let assemblyFormat = [{
    `src_tile` $src_tile `channel` $channel `dst` $dst attr-dict
  }];
}

#endif // ZARA_DIALECT_ZISA_IR_ZISAOPS_TD
