//===- ZISAAttributes.td - ZISA attributes and enums -------*- tablegen -*-===//
//
// Part of zara. The enums, operand patterns and hardware configuration of
// the `zisa` dialect, each mirroring a type of Program.fbs.
//
//===----------------------------------------------------------------------===//

#ifndef ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_TD
#define ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_TD

include "zara/Dialect/ZISA/IR/ZISADialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums (values as in Program.fbs, so export and import are casts)
//===----------------------------------------------------------------------===//

def ZISA_MemSpace : I32EnumAttr<"MemSpace", "memory an operand lives in", [
    I32EnumAttrCase<"dram", 0>,
    I32EnumAttrCase<"buffer", 1>,
  ]> {
  let cppNamespace = "::zara::zisa";
  let genSpecializedAttr = 0;
}
def ZISA_MemSpaceAttr : EnumAttr<ZISA_Dialect, ZISA_MemSpace, "mem_space">;

def ZISA_Tag : I32EnumAttr<"Tag", "tag of an element", [
    I32EnumAttrCase<"original", 0>,
    I32EnumAttrCase<"zero", 1>,
  ]> {
  let cppNamespace = "::zara::zisa";
  let genSpecializedAttr = 0;
}
def ZISA_TagAttr : EnumAttr<ZISA_Dialect, ZISA_Tag, "tag">;

def ZISA_WriteMode : I32EnumAttr<"WriteMode", "crossbar write mode", [
    I32EnumAttrCase<"whole", 0>,
    I32EnumAttrCase<"rows", 1>,
  ]> {
  let cppNamespace = "::zara::zisa";
  let genSpecializedAttr = 0;
}
def ZISA_WriteModeAttr : EnumAttr<ZISA_Dialect, ZISA_WriteMode, "write_mode">;

def ZISA_AluOpKind : I32EnumAttr<"AluOpKind", "vector unit operation", [
    I32EnumAttrCase<"copy", 0>,
    I32EnumAttrCase<"add", 1>,
    I32EnumAttrCase<"sub", 2>,
    I32EnumAttrCase<"mul", 3>,
    I32EnumAttrCase<"max", 4>,
    I32EnumAttrCase<"min", 5>,
    I32EnumAttrCase<"scale_shift", 6>,
    I32EnumAttrCase<"add_imm", 7>,
    I32EnumAttrCase<"mul_imm", 8>,
    I32EnumAttrCase<"relu", 9>,
    I32EnumAttrCase<"leaky_relu", 10>,
    I32EnumAttrCase<"tanh", 11>,
    I32EnumAttrCase<"sigmoid", 12>,
    I32EnumAttrCase<"relu_grad", 13>,
    I32EnumAttrCase<"leaky_relu_grad", 14>,
    I32EnumAttrCase<"tanh_grad", 15>,
    I32EnumAttrCase<"sigmoid_grad", 16>,
    I32EnumAttrCase<"loss_diff", 17>,
    I32EnumAttrCase<"reduce_sum", 18>,
    I32EnumAttrCase<"rsqrt", 19>,
  ]> {
  let cppNamespace = "::zara::zisa";
  let genSpecializedAttr = 0;
}
def ZISA_AluOpKindAttr : EnumAttr<ZISA_Dialect, ZISA_AluOpKind, "alu_op">;

//===----------------------------------------------------------------------===//
// Addresses and patterns
//===----------------------------------------------------------------------===//

class ZISA_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<ZISA_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def ZISA_AffineAddrAttr : ZISA_Attr<"AffineAddr", "addr"> {
  let summary = "an element address affine in the enclosing loop indices";
  let description = [{
    `base + sum_j coeffs[j] * i_j`, where `i_j` is the index of the j-th
    enclosing `zisa.loop`, outermost first (Program.fbs `Pattern.base` and
    `Pattern.loop_coeffs`). Written as a sum of terms, `iK` naming the
    index of loop K:

    ```
    #zisa.addr<100 + 7*i0 + i1>     base 100, coeffs [7, 1]
    #zisa.addr<-5*i1 + 3>           base 3, coeffs [0, -5]
    #zisa.addr<0>                   base 0, no coeffs
    ```

    Terms may come in any order and repeat (they add up). The coefficient
    list is kept without trailing zeros, which is also how the program file
    stores it.
  }];
  let parameters = (ins
    "int64_t":$base,
    ArrayRefParameter<"int64_t", "coefficient of each loop index">:$coeffs
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    // Drops trailing zero coefficients, so that equal addresses are equal
    // attributes.
    AttrBuilder<(ins "int64_t":$base, "::llvm::ArrayRef<int64_t>":$coeffs), [{
      while (!coeffs.empty() && coeffs.back() == 0)
        coeffs = coeffs.drop_back();
      return $_get($_ctxt, base, coeffs);
    }]>
  ];
  let extraClassDeclaration = [{
    /// The deepest loop nesting of the ISA (docs/ISA.md).
    static constexpr unsigned kMaxLoopDepth = 8;
    /// The coefficient of loop index `depth` (0 beyond the stored ones).
    int64_t getCoeff(unsigned depth) const {
      return depth < getCoeffs().size() ? getCoeffs()[depth] : 0;
    }
    /// Prints the address expression without the surrounding `<>`.
    void printExpr(::mlir::AsmPrinter &printer) const;
    /// Parses an address expression (no surrounding `<>`).
    static ::mlir::FailureOr<AffineAddrAttr>
    parseExpr(::mlir::AsmParser &parser);
  }];
}

def ZISA_PatternAttr : ZISA_Attr<"Pattern", "pattern"> {
  let summary = "an affine address with up to four strided dimensions";
  let description = [{
    The operand of every instruction (Program.fbs `Pattern`): the elements

    ```
    addr + sum_k strides[k] * d_k,   0 <= d_k < counts[k]
    ```

    enumerated with the last dimension fastest; no dimensions is one
    element. Counts are at least 1; strides (and address coefficients) may
    be 0 (a broadcast) or negative. Written as the address followed by the
    counts and strides, as a strided memref layout is:

    ```
    #zisa.pattern<100 + 7*i0 + i1, counts [2, 3, 3], strides [49, 7, 1]>
    #zisa.pattern<300 + i0, counts [25], strides [0]>
    #zisa.pattern<42>
    ```

    Ops print their patterns without the `#zisa.pattern` prefix.
  }];
  let parameters = (ins
    ZISA_AffineAddrAttr:$addr,
    ArrayRefParameter<"int64_t", "element count of each dimension">:$counts,
    ArrayRefParameter<"int64_t", "stride of each dimension">:$strides
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "int64_t":$base, "::llvm::ArrayRef<int64_t>":$coeffs,
                     "::llvm::ArrayRef<int64_t>":$counts,
                     "::llvm::ArrayRef<int64_t>":$strides), [{
      return $_get($_ctxt, AffineAddrAttr::get($_ctxt, base, coeffs), counts,
                   strides);
    }]>
  ];
  let extraClassDeclaration = [{
    /// The maximum number of dimensions of a pattern.
    static constexpr unsigned kMaxDims = 4;
    /// Number of elements the pattern enumerates (product of the counts,
    /// saturating at INT64_MAX).
    int64_t getNumElements() const;
    /// The smallest and the largest address the pattern touches when loop K
    /// runs from 0 to `loopCounts[K] - 1`; failure if the range does not fit
    /// in 64 bits.
    ::mlir::FailureOr<std::pair<int64_t, int64_t>>
    getAddressRange(::llvm::ArrayRef<int64_t> loopCounts) const;
  }];
}

//===----------------------------------------------------------------------===//
// Hardware configuration (Program.fbs `HwConfig`, docs/Hardware.md)
//===----------------------------------------------------------------------===//

/// The default value of field `key` of `section`: the constant that
/// ZISAHwDefaults.h expands from zara/Sim/HwConfig.def.
class ZISA_HwDefault<string section, string key> {
  string value = "::zara::zisa::hw_default::" # section # "_" # key;
}

/// An unsigned 32-bit field `key` of `section`, with its default.
class ZISA_U32Param<string section, string key, string desc>
    : DefaultValuedParameter<"uint32_t", ZISA_HwDefault<section, key>.value,
                             desc>;
/// An unsigned 64-bit field `key` of `section`, with its default.
class ZISA_U64Param<string section, string key, string desc>
    : DefaultValuedParameter<"uint64_t", ZISA_HwDefault<section, key>.value,
                             desc>;
/// A double-precision configuration field, kept as an APFloat so that equal
/// bits (not equal values) make equal attributes and every double prints and
/// parses back exactly.
class ZISA_F64Param<string section, string key, string desc>
    : APFloatParameter<desc> {
  let defaultValue =
      "::llvm::APFloat(" # ZISA_HwDefault<section, key>.value # ")";
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    ::llvm::APFloat value(0.0);
    if ($_parser.parseFloat(::llvm::APFloat::IEEEdouble(), value))
      return ::mlir::failure();
    return value;
  }() }];
  let printer = [{ $_printer << $_self }];
}

/// One section of the hardware configuration: a table of Program.fbs, with
/// the JSON key of every field as its keyword. Fields that are left out
/// take the default configuration's value.
class ZISA_HwSection<string name, string attrMnemonic, string fbsTable>
    : ZISA_Attr<name, attrMnemonic> {
  let summary = "the `" # fbsTable # "` section of the hardware configuration";
  let assemblyFormat = "`<` struct(params) `>`";
  // `get(context)`: every field at its default value.
  let builders = [AttrBuilder<(ins), "return $_get($_ctxt, "
      # !interleave(!foreach(i, !range(!size(parameters)),
            !getdagarg<AttrOrTypeParameter>(parameters, i).defaultValue), ", ")
      # ");">];
}

def ZISA_HwOrganisationAttr
    : ZISA_HwSection<"HwOrganisation", "hw_organisation", "HwOrganisation"> {
  let parameters = (ins
    ZISA_U32Param<"organisation", "tiles", "tiles on the chip">:$tiles,
    ZISA_U32Param<"organisation", "cores_per_tile",
                  "cores (ISAAC IMAs) per tile">:$cores_per_tile,
    ZISA_U32Param<"organisation", "crossbars_per_core",
                  "crossbar arrays per core">:$crossbars_per_core
  );
}

def ZISA_HwCrossbarAttr
    : ZISA_HwSection<"HwCrossbar", "hw_crossbar", "HwCrossbar"> {
  let parameters = (ins
    ZISA_U32Param<"crossbar", "rows", "rows (word lines) per array">:$rows,
    ZISA_U32Param<"crossbar", "cols", "columns (bit lines) per array">:$cols,
    ZISA_U32Param<"crossbar", "bits_per_cell", "bits per cell">:$bits_per_cell,
    ZISA_F64Param<"crossbar", "read_latency_ns",
                  "latency of one read of one input slice">:$read_latency_ns,
    ZISA_F64Param<"crossbar", "read_energy_pj",
                  "energy per array per input slice">:$read_energy_pj
  );
}

def ZISA_HwWriteAttr : ZISA_HwSection<"HwWrite", "hw_write", "HwWrite"> {
  let parameters = (ins
    ZISA_F64Param<"write", "array_latency_ns",
                  "whole-array write latency">:$array_latency_ns,
    ZISA_F64Param<"write", "array_energy_pj",
                  "whole-array write energy">:$array_energy_pj,
    ZISA_F64Param<"write", "row_latency_ns",
                  "one-row write latency">:$row_latency_ns,
    ZISA_F64Param<"write", "row_energy_pj",
                  "one-row write energy">:$row_energy_pj
  );
}

def ZISA_HwDacAttr : ZISA_HwSection<"HwDac", "hw_dac", "HwDac"> {
  let parameters = (ins
    ZISA_U32Param<"dac", "bits", "DAC resolution (0: ideal)">:$bits,
    ZISA_F64Param<"dac", "energy_pj",
                  "energy per row driven per input slice">:$energy_pj
  );
}

def ZISA_HwAdcAttr : ZISA_HwSection<"HwAdc", "hw_adc", "HwAdc"> {
  let parameters = (ins
    ZISA_U32Param<"adc", "bits", "ADC resolution (0: ideal)">:$bits,
    ZISA_U32Param<"adc", "per_crossbar", "ADCs per crossbar">:$per_crossbar,
    ZISA_F64Param<"adc", "sample_rate_gsps",
                  "conversions per ns per ADC">:$sample_rate_gsps,
    ZISA_F64Param<"adc", "energy_pj", "energy per conversion">:$energy_pj
  );
}

def ZISA_HwSampleHoldAttr
    : ZISA_HwSection<"HwSampleHold", "hw_sample_hold", "HwSampleHold"> {
  let parameters = (ins
    ZISA_F64Param<"sample_hold", "energy_pj",
                  "energy per column sample">:$energy_pj
  );
}

def ZISA_HwShiftAddAttr
    : ZISA_HwSection<"HwShiftAdd", "hw_shift_add", "HwShiftAdd"> {
  let parameters = (ins
    ZISA_U32Param<"shift_add", "latency_cycles",
                  "shift-and-add latency">:$latency_cycles,
    ZISA_F64Param<"shift_add", "energy_pj",
                  "energy per conversion combined">:$energy_pj
  );
}

def ZISA_HwRegistersAttr
    : ZISA_HwSection<"HwRegisters", "hw_registers", "HwRegisters"> {
  let parameters = (ins
    ZISA_U32Param<"registers", "input_bytes",
                  "input register bytes per core">:$input_bytes,
    ZISA_U32Param<"registers", "output_bytes",
                  "output register bytes per core">:$output_bytes,
    ZISA_F64Param<"registers", "input_energy_pj",
                  "energy per input slice read">:$input_energy_pj,
    ZISA_F64Param<"registers", "output_energy_pj",
                  "energy per input slice accumulated">:$output_energy_pj
  );
}

def ZISA_HwBufferAttr : ZISA_HwSection<"HwBuffer", "hw_buffer", "HwBuffer"> {
  let parameters = (ins
    ZISA_U64Param<"buffer", "bytes", "tile buffer bytes">:$bytes,
    ZISA_U32Param<"buffer", "port_bits", "port width in bits">:$port_bits,
    ZISA_U32Param<"buffer", "access_latency_cycles",
                  "latency per port-wide word">:$access_latency_cycles,
    ZISA_F64Param<"buffer", "access_energy_pj",
                  "energy per port-wide word">:$access_energy_pj
  );
}

def ZISA_HwNocAttr : ZISA_HwSection<"HwNoc", "hw_noc", "HwNoc"> {
  let parameters = (ins
    ZISA_U32Param<"noc", "flit_bits", "flit width in bits">:$flit_bits,
    ZISA_U32Param<"noc", "tiles_per_router",
                  "tiles sharing a router">:$tiles_per_router,
    ZISA_U32Param<"noc", "hop_latency_cycles",
                  "latency per hop">:$hop_latency_cycles,
    ZISA_F64Param<"noc", "energy_pj_per_flit_hop",
                  "energy per flit and hop">:$energy_pj_per_flit_hop
  );
}

def ZISA_HwVectorAttr : ZISA_HwSection<"HwVector", "hw_vector", "HwVector"> {
  let parameters = (ins
    ZISA_U32Param<"vector", "lanes", "vector lanes per core">:$lanes,
    ZISA_U32Param<"vector", "latency_cycles",
                  "latency per group of lanes, simple ops">:$latency_cycles,
    ZISA_U32Param<"vector", "transcendental_latency_cycles",
        "latency per group of lanes, transcendental ops">
        :$transcendental_latency_cycles,
    ZISA_F64Param<"vector", "energy_pj",
                  "energy per element, simple ops">:$energy_pj,
    ZISA_F64Param<"vector", "mul_energy_pj",
                  "energy per element, multiplications">:$mul_energy_pj,
    ZISA_F64Param<"vector", "transcendental_energy_pj",
        "energy per element, transcendental ops">:$transcendental_energy_pj
  );
}

def ZISA_HwDramAttr : ZISA_HwSection<"HwDram", "hw_dram", "HwDram"> {
  let parameters = (ins
    ZISA_U64Param<"dram", "capacity_bytes",
                  "off-chip capacity in bytes">:$capacity_bytes,
    ZISA_F64Param<"dram", "bandwidth_gbps",
                  "bandwidth in GB/s">:$bandwidth_gbps,
    ZISA_F64Param<"dram", "latency_ns", "access latency">:$latency_ns,
    ZISA_F64Param<"dram", "energy_pj_per_bit",
                  "energy per bit transferred">:$energy_pj_per_bit
  );
}

def ZISA_HwTimingAttr : ZISA_HwSection<"HwTiming", "hw_timing", "HwTiming"> {
  let parameters = (ins
    ZISA_F64Param<"timing", "clock_ghz", "digital clock">:$clock_ghz
  );
}

def ZISA_SignedWeights : I32EnumAttr<"SignedWeights",
    "representation of signed weights", [
    I32EnumAttrCase<"offset", 0>,
    I32EnumAttrCase<"differential", 1>,
  ]> {
  let cppNamespace = "::zara::zisa";
  let genSpecializedAttr = 0;
}

def ZISA_HwNumericsAttr
    : ZISA_HwSection<"HwNumerics", "hw_numerics", "HwNumerics"> {
  let parameters = (ins
    ZISA_U32Param<"numerics", "weight_bits", "weight bits">:$weight_bits,
    ZISA_U32Param<"numerics", "input_bits", "input bits">:$input_bits,
    ZISA_U32Param<"numerics", "data_bits", "bits of a stored value">:$data_bits,
    DefaultValuedParameter<"::zara::zisa::SignedWeights",
        "::zara::zisa::SignedWeights("
            # ZISA_HwDefault<"numerics", "signed_weights">.value # ")",
        "signed weight representation">:$signed_weights
  );
}

def ZISA_HwConfigAttr : ZISA_Attr<"HwConfig", "hw"> {
  let summary = "the hardware configuration a program was compiled for";
  let description = [{
    Mirrors Program.fbs `HwConfig` (and the JSON hardware configuration of
    docs/Hardware.md): one section per table, one keyword per field. A
    section or a field that is left out takes its default value, and the
    printer leaves out what equals the default, so

    ```
    #zisa.hw<organisation = <tiles = 2, cores_per_tile = 2>,
             crossbar = <rows = 64, cols = 64>>
    ```

    is the default configuration with a smaller chip and smaller arrays,
    and `#zisa.hw<>` is the default configuration itself: the defaults are
    the simulator's (zara/Sim/HwConfig.def). The exporter writes every
    field, so a program file never depends on these defaults. The program
    verifier checks every field against the ranges of HwConfig.def.
  }];
  let parameters = (ins
    ZISA_HwOrganisationAttr:$organisation,
    ZISA_HwCrossbarAttr:$crossbar,
    ZISA_HwWriteAttr:$write,
    ZISA_HwDacAttr:$dac,
    ZISA_HwAdcAttr:$adc,
    ZISA_HwSampleHoldAttr:$sample_hold,
    ZISA_HwShiftAddAttr:$shift_add,
    ZISA_HwRegistersAttr:$registers,
    ZISA_HwBufferAttr:$buffer,
    ZISA_HwNocAttr:$noc,
    ZISA_HwVectorAttr:$vector,
    ZISA_HwDramAttr:$dram,
    ZISA_HwTimingAttr:$timing,
    ZISA_HwNumericsAttr:$numerics
  );
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    /// The default configuration (docs/Hardware.md).
    static HwConfigAttr getDefault(::mlir::MLIRContext *context);
    /// Tile buffer capacity in elements (`buffer.bytes * 8 / data_bits`).
    uint64_t getBufferElements() const;
    /// Weight cells per weight and polarity: `ceil(weight_bits /
    /// bits_per_cell)` with offset weights, `ceil((weight_bits - 1) /
    /// bits_per_cell)` with differential weights (the sign is the polarity).
    uint64_t getCellsPerWeight() const;
    /// Physical arrays per weight column: 2 for differential weights.
    uint64_t getPolarities() const;
    /// Every numeric field, in HwConfig.def order.
    ::llvm::SmallVector<HwField> getFields() const;
  }];
}

#endif // ZARA_DIALECT_ZISA_IR_ZISAATTRIBUTES_TD
