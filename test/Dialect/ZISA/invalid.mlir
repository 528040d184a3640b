// Every verifier rule and every syntax error of the zisa dialect, one case
// each, with the full expected message. Sizes in the comments are worked out
// by hand from the default configuration (docs/Hardware.md): 168 tiles of 12
// cores of 8 crossbars of 128 x 128 cells, 16-bit weights over 8 cells of
// 2 bits (16 weight columns per crossbar), a 64 KB tile buffer of 32768
// 16-bit elements, registers of 1024 input and 128 output elements.
//
// RUN: zara-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Address and pattern syntax
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{expected a loop index i0 to i7, got 'i8'}}
    zisa.fill buffer <3*i8> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{expected a loop index i0 to i7, got 'j0'}}
    zisa.fill buffer <j0> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{expected a loop index after '*'}}
    zisa.fill buffer <3*4> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{expected an integer or a loop index}}
    zisa.fill buffer <3 + > value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{address does not fit in 64 bits}}
    zisa.fill buffer <9223372036854775807 + 1> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{pattern has 2 counts but 1 strides}}
    zisa.fill buffer <0, counts [2, 2], strides [1]> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{pattern has 5 dimensions, at most 4 allowed}}
    zisa.fill buffer <0, counts [1, 1, 1, 1, 1], strides [0, 0, 0, 0, 0]> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{pattern dimension count 0 is outside [1, 2^32)}}
    zisa.fill buffer <0, counts [0], strides [1]> value 0.0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // 65536 * 65536 = 2^32 elements.
    // expected-error @+1 {{pattern has 4294967296 elements, more than 2^32 - 1}}
    zisa.fill buffer <0, counts [65536, 65536], strides [0, 0]> value 0.0
  }
}

// -----

//===----------------------------------------------------------------------===//
// Hardware configuration syntax and ranges
//===----------------------------------------------------------------------===//

// expected-error @+1 {{duplicate section 'crossbar'}}
zisa.program dram_size 64 hardware #zisa.hw<crossbar = <rows = 64>, crossbar = <cols = 64>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// expected-error @+1 {{unknown hardware configuration section 'memory'}}
zisa.program dram_size 64 hardware #zisa.hw<memory = <bytes = 4>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// expected-error @+1 {{'zisa.program' op hardware configuration field 'crossbar.rows' must be in [1, 4096], got 0}}
zisa.program dram_size 64 hardware #zisa.hw<crossbar = <rows = 0>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// The minimum of timing.clock_ghz is exclusive.
// expected-error @+1 {{'zisa.program' op hardware configuration field 'timing.clock_ghz' must be in (0, 100], got 0}}
zisa.program dram_size 64 hardware #zisa.hw<timing = <clock_ghz = 0.0>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// 4 bytes hold no 64-bit element.
// expected-error @+1 {{'zisa.program' op hardware configuration: 'buffer.bytes' holds no element of 'numerics.data_bits' bits}}
zisa.program dram_size 0 hardware #zisa.hw<buffer = <bytes = 4>, numerics = <data_bits = 64>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// expected-error @+1 {{'zisa.program' op hardware configuration: 'registers.input_bytes' and 'registers.output_bytes' must hold at least one element of 'numerics.data_bits' bits}}
zisa.program dram_size 0 hardware #zisa.hw<registers = <output_bytes = 1>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

// 64 bytes hold 32 elements of 16 bits.
// expected-error @+1 {{'zisa.program' op dram_size of 33 elements exceeds what dram.capacity_bytes holds (32)}}
zisa.program dram_size 33 hardware #zisa.hw<dram = <capacity_bytes = 64>> {
  zisa.core tile 0 core 0 {
  }
}

// -----

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'zisa.program' op has no cores}}
zisa.program dram_size 64 hardware #zisa.hw<> {
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'func.func' op is not part of a zisa program}}
  func.func @f() {
    return
  }
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.input' op expects parent op 'zisa.program'}}
    zisa.input "x" address 0 : tensor<2xf32>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.halt' op expects parent op to be one of 'zisa.core, zisa.loop'}}
  zisa.halt
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.core' op core (168, 0) is not on the chip (168 tiles of 12 cores)}}
  zisa.core tile 168 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.core' op core (0, 12) is not on the chip (168 tiles of 12 cores)}}
  zisa.core tile 0 core 12 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 1 {
  }
  // expected-error @+1 {{'zisa.core' op core (0, 1) has two instruction streams}}
  zisa.core tile 0 core 1 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.core' op attribute 'tile' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative whose maximum value is 4294967295}}
  zisa.core tile -1 core 0 {
  }
}

// -----

//===----------------------------------------------------------------------===//
// Weights and bindings: DRAM layout
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.weights' op value must be a statically shaped f32 tensor, got 'tensor<2xf64>'}}
  zisa.weights address 0 = dense<[1.0, 2.0]> : tensor<2xf64>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.weights' op value must be a dense or dense_resource attribute}}
  zisa.weights address 0 = sparse<[[0]], [1.0]> : tensor<4xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.weights' op weight blob 'w' has no data}}
  zisa.weights address 0 = dense_resource<w> : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.weights' op weight blob 'w' holds 4 bytes, 'tensor<2xf32>' needs 8}}
  zisa.weights address 0 = dense_resource<w> : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F"
    }
  }
#-}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.weights' op elements [62, 66) are outside DRAM [0, 64)}}
  zisa.weights address 62 = dense<1.0> : tensor<4xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.input' op elements [60, 70) are outside DRAM [0, 64)}}
  zisa.input "x" address 60 : tensor<2x5xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.output' op elements [64, 65) are outside DRAM [0, 64)}}
  zisa.output "y" address 64 : tensor<f32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.input' op input has an empty name}}
  zisa.input "" address 0 : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.output' op output has an empty name}}
  zisa.output "" address 0 : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.input "x" address 0 : tensor<2xf32>
  // expected-error @+1 {{'zisa.input' op duplicate input 'x'}}
  zisa.input "x" address 2 : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.output "y" address 0 : tensor<2xf32>
  // expected-error @+1 {{'zisa.output' op duplicate output 'y'}}
  zisa.output "y" address 2 : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-note @+1 {{the other region: [0, 10)}}
  zisa.input "x" address 0 : tensor<10xf32>
  // expected-error @+1 {{'zisa.weights' op elements [8, 12) overlap another DRAM region}}
  zisa.weights address 8 = dense<1.0> : tensor<4xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-note @+1 {{the other region: [0, 4)}}
  zisa.weights address 0 = dense<1.0> : tensor<4xf32>
  // expected-error @+1 {{'zisa.weights' op elements [2, 6) overlap another DRAM region}}
  zisa.weights address 2 = dense<1.0> : tensor<4xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

// Outputs must not overlap each other (an output may alias an input).
zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.input "x" address 0 : tensor<10xf32>
  // expected-note @+1 {{the other region: [0, 10)}}
  zisa.output "y" address 0 : tensor<10xf32>
  // expected-error @+1 {{'zisa.output' op elements [9, 11) overlap another DRAM region}}
  zisa.output "z" address 9 : tensor<2xf32>
  zisa.core tile 0 core 0 {
  }
}

// -----

//===----------------------------------------------------------------------===//
// Crossbar groups
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op core (0, 12) is not on the chip (168 tiles of 12 cores)}}
  zisa.xbar_group @g tile 0 core 12 first_crossbar 0 num_crossbars 1 rows 1 cols 1
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op rows 129 exceed the 128 that crossbar rows and input register allow}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 129 cols 1
  zisa.core tile 0 core 0 {
  }
}

// -----

// An input register of 64 bytes holds 32 elements.
zisa.program dram_size 64 hardware #zisa.hw<registers = <input_bytes = 64>> {
  // expected-error @+1 {{'zisa.xbar_group' op rows 33 exceed the 32 that crossbar rows and input register allow}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 33 cols 1
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op cols 129 exceed the 128 that the output register allows}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 9 rows 1 cols 129
  zisa.core tile 0 core 0 {
  }
}

// -----

// 17 columns of 8 cells are 136 physical columns: 2 crossbars of 128.
zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op cols 17 of 16-bit weights need 2 crossbars (8 cells per weight, 128 columns per crossbar), not 1}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 1 cols 17
  zisa.core tile 0 core 0 {
  }
}

// -----

// Differential weights: 15 magnitude bits in 8 cells, an array per sign.
zisa.program dram_size 64 hardware #zisa.hw<numerics = <signed_weights = differential>> {
  // expected-error @+1 {{'zisa.xbar_group' op cols 16 of 16-bit weights need 2 crossbars (8 cells per weight, 128 columns per crossbar, positive and negative), not 1}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 1 cols 16
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op crossbars [7, 9) do not exist: cores have 8}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 7 num_crossbars 2 rows 1 cols 17
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.xbar_group' op attribute 'rows' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 4294967295}}
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 0 cols 1
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 2
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.mvm' op '@h' is not a crossbar group}}
    zisa.mvm @h input <0, counts [2], strides [1]> output <2, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 1 first_crossbar 0 num_crossbars 1 rows 2 cols 2
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.mvm' op group @g belongs to core (0, 1), not to core (0, 0)}}
    zisa.mvm @g input <0, counts [2], strides [1]> output <2, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.mvm' op 'input' has 3 elements, group @g has 2 rows}}
    zisa.mvm @g input <0, counts [3], strides [1]> output <4, counts [3], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.mvm' op 'output' has 2 elements, group @g has 3 cols}}
    zisa.mvm @g input <0, counts [2], strides [1]> output <4, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 4 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.program_xbar' op a whole-array write starts at row 0, not 1}}
    zisa.program_xbar @g whole row_begin 1 row_count 3 src <0, counts [9], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 4 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.program_xbar' op a whole-array write programs all 4 rows of group @g, not 3}}
    zisa.program_xbar @g whole row_begin 0 row_count 3 src <0, counts [9], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 4 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.program_xbar' op rows [3, 5) exceed group @g's 4 rows}}
    zisa.program_xbar @g rows row_begin 3 row_count 2 src <0, counts [6], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.xbar_group @g tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 4 cols 3
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.program_xbar' op 'src' has 5 elements, 2 rows of group @g need 6}}
    zisa.program_xbar @g rows row_begin 1 row_count 2 src <0, counts [5], strides [1]>
  }
}

// -----

//===----------------------------------------------------------------------===//
// Loops and addresses in range for every loop index
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 2 { zisa.loop 2 { zisa.loop 2 { zisa.loop 2 {
      zisa.loop 2 { zisa.loop 2 { zisa.loop 2 { zisa.loop 2 {
        // expected-error @+1 {{'zisa.loop' op loops nest 9 deep, at most 8 allowed}}
        zisa.loop 2 {
        }
      } } } }
    } } } }
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.loop' op attribute 'count' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 4294967295}}
    zisa.loop 0 {
    }
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 4 {
      // expected-error @+1 {{'zisa.fill' op 'dst' uses loop index i1 but only 1 loops enclose it}}
      zisa.fill buffer <i0 + i1> value 0.0
    }
  }
}

// -----

// i0 runs to 9: the last element is 10*9 + 3*(4-1) = 99.
zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 10 {
      // expected-error @+1 {{'zisa.fill' op 'dst' reaches DRAM addresses [0, 99], outside [0, 64)}}
      zisa.fill dram <10*i0, counts [4], strides [3]> value 0.0
    }
  }
}

// -----

// The lowest address is 4 - 1*(4-1) - 2*(3-1) = -3.
zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 3 {
      // expected-error @+1 {{'zisa.move' op 'dst' reaches tile buffer addresses [-3, 4], outside [0, 32768)}}
      zisa.move dram <0, counts [4], strides [1]> to buffer <4 - 2*i0, counts [4], strides [-1]>
    }
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op 'a' reaches tile buffer addresses [32767, 32768], outside [0, 32768)}}
    zisa.alu copy dst <0, counts [2], strides [1]> a <32767, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 4 {
      // expected-error @+1 {{'zisa.fill' op 'dst' addresses overflow 64 bits}}
      zisa.fill buffer <4611686018427387904*i0> value 0.0
    }
  }
}

// -----

//===----------------------------------------------------------------------===//
// Vector unit and moves
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op 'add' needs operand 'b'}}
    zisa.alu add dst <0, counts [2], strides [1]> a <2, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op 'relu' takes no operand 'b'}}
    zisa.alu relu dst <0, counts [2], strides [1]> a <2, counts [2], strides [1]> b <2, counts [2], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op 'scale_shift' needs operand 'c'}}
    zisa.alu scale_shift dst <0, counts [2], strides [1]> a <2, counts [2], strides [1]> b <4, counts [2], strides [0]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op operand 'b' has 1 elements, 'dst' has 2}}
    zisa.alu mul dst <0, counts [2], strides [1]> a <2, counts [2], strides [1]> b <4>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.alu' op 'reduce_sum' writes one element, 'dst' has 2}}
    zisa.alu reduce_sum dst <0, counts [2], strides [1]> a <2, counts [8], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{unknown alu_op 'div'}}
    zisa.alu div dst <0> a <1> b <2>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.move' op 'src' has 4 elements, 'dst' has 3}}
    zisa.move dram <0, counts [4], strides [1]> to buffer <0, counts [3], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{unknown mem_space 'sram'}}
    zisa.move dram <0> to sram <0>
  }
}

// -----

//===----------------------------------------------------------------------===//
// Network
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.send' op dst_tile 168 is outside the chip's 168 tiles}}
    zisa.send dst_tile 168 channel 0 src <0>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.recv' op src_tile 200 is outside the chip's 168 tiles}}
    zisa.recv src_tile 200 channel 0 dst <0>
  }
}

// -----

// Five messages of 4 elements are sent in a loop, four received.
zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.loop 5 {
      // expected-error @+1 {{'zisa.send' op tile 0 sends 5 messages (20 elements) to tile 3 on channel 2, which receives 4 messages (16 elements)}}
      zisa.send dst_tile 3 channel 2 src <0, counts [4], strides [1]>
    }
  }
  zisa.core tile 3 core 0 {
    zisa.loop 2 {
      zisa.loop 2 {
        zisa.recv src_tile 0 channel 2 dst <0, counts [4], strides [1]>
      }
    }
  }
}

// -----

// As many messages, but not as many elements.
zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.send' op tile 0 sends 1 messages (4 elements) to tile 3 on channel 0, which receives 1 messages (5 elements)}}
    zisa.send dst_tile 3 channel 0 src <0, counts [4], strides [1]>
  }
  zisa.core tile 3 core 0 {
    zisa.recv src_tile 0 channel 0 dst <0, counts [5], strides [1]>
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    zisa.send dst_tile 3 channel 0 src <0, counts [4], strides [1]>
  }
  zisa.core tile 3 core 0 {
    zisa.recv src_tile 0 channel 0 dst <0, counts [4], strides [1]>
    // expected-error @+1 {{'zisa.recv' op tile 3 receives 1 messages (4 elements) from tile 0 on channel 1, which sends nothing}}
    zisa.recv src_tile 0 channel 1 dst <0, counts [4], strides [1]>
  }
}

// -----

//===----------------------------------------------------------------------===//
// Barriers
//===----------------------------------------------------------------------===//

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.barrier_decl' op barrier 0 has no participants}}
  zisa.barrier_decl 0 participants []
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.barrier_decl' op core (0, 0) is listed twice}}
  zisa.barrier_decl 0 participants [(0, 0), (0, 0)]
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.barrier_decl' op participant (-1, 0) is not a valid core}}
  zisa.barrier_decl 0 participants [(-1, 0)]
  zisa.core tile 0 core 0 {
  }
}

// -----

"zisa.program"() <{dram_size = 64 : i64, hardware = #zisa.hw<>}> ({
  // expected-error @+1 {{'zisa.barrier_decl' op participants must be (tile, core) pairs}}
  "zisa.barrier_decl"() <{id = 0 : i64, participants = array<i64: 0, 0, 1>}> : () -> ()
  zisa.core tile 0 core 0 {
  }
}) : () -> ()

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.barrier_decl 1 participants [(0, 0)]
  // expected-error @+1 {{'zisa.barrier_decl' op barrier 1 is declared twice}}
  zisa.barrier_decl 1 participants [(0, 0)]
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.barrier_decl' op participant (0, 1) has no zisa.core}}
  zisa.barrier_decl 0 participants [(0, 0), (0, 1)]
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.barrier' op barrier 0 is not declared}}
    zisa.barrier 0
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  zisa.barrier_decl 0 participants [(0, 1)]
  zisa.core tile 0 core 0 {
    // expected-error @+1 {{'zisa.barrier' op core (0, 0) is not a participant of barrier 0}}
    zisa.barrier 0
  }
  zisa.core tile 0 core 1 {
    zisa.barrier 0
  }
}

// -----

// Core (0, 0) reaches the barrier 3 times, core (2, 5) 2 * 1 + 1 = 3 times,
// core (1, 0) 2 times: the run would deadlock.
zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @+1 {{'zisa.barrier_decl' op barrier 4 is reached 3 times by core (0, 0) but 2 times by core (1, 0)}}
  zisa.barrier_decl 4 participants [(0, 0), (2, 5), (1, 0)]
  zisa.core tile 0 core 0 {
    zisa.loop 3 {
      zisa.barrier 4
    }
  }
  zisa.core tile 2 core 5 {
    zisa.loop 2 {
      zisa.barrier 4
    }
    zisa.barrier 4
  }
  zisa.core tile 1 core 0 {
    zisa.barrier 4
    zisa.barrier 4
  }
}
