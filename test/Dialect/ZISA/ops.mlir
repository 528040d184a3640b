// Round trip of every zisa op and attribute in every form: custom syntax,
// generic syntax and bytecode all print back to the same custom form.
//
// RUN: zara-opt %s | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | zara-opt | FileCheck %s
// RUN: zara-opt %s --emit-bytecode | zara-opt | FileCheck %s
// RUN: zara-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

// CHECK-LABEL: zisa.program producer "ops.mlir" dram_size 4096 hardware #zisa.hw<> {
// CHECK-NEXT:    zisa.weights address 1000 = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    zisa.weights address 1002 = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    zisa.input "x" address 0 : tensor<1x2x5x5xf32>
// CHECK-NEXT:    zisa.input "scalar" address 60 : tensor<f32>
// CHECK-NEXT:    zisa.output "y" address 100 : tensor<1x3x5x5xf32>
// CHECK-NEXT:    zisa.xbar_group @conv tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 18 cols 3
// CHECK-NEXT:    zisa.xbar_group @other tile 1 core 2 first_crossbar 3 num_crossbars 1 rows 128 cols 16
// CHECK-NEXT:    zisa.barrier_decl 0 participants [(0, 0), (1, 2)]
// CHECK-NEXT:    zisa.barrier_decl 7 participants [(1, 2)]
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// GENERIC:       "zisa.program"() <{dram_size = 4096 : i64, hardware = #zisa.hw<>, producer = "ops.mlir"}>
// GENERIC:       "zisa.barrier_decl"() <{id = 0 : i64, participants = array<i64: 0, 0, 1, 2>}>
zisa.program producer "ops.mlir" dram_size 4096 hardware #zisa.hw<> {
  zisa.weights address 1000 = dense<[1.0, 2.0]> : tensor<2xf32>
  zisa.weights address 1002 = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  zisa.input "x" address 0 : tensor<1x2x5x5xf32>
  zisa.input "scalar" address 60 : tensor<f32>
  zisa.output "y" address 100 : tensor<1x3x5x5xf32>
  zisa.xbar_group @conv tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 18 cols 3
  zisa.xbar_group @other tile 1 core 2 first_crossbar 3 num_crossbars 1
      rows 128 cols 16
  zisa.barrier_decl 0 participants [(0, 0), (1, 2)]
  zisa.barrier_decl 7 participants [(1, 2)]

  //===--------------------------------------------------------------------===//
  // Instructions
  //===--------------------------------------------------------------------===//

  zisa.core tile 0 core 0 {
    // CHECK-NEXT: zisa.program_xbar @conv whole row_begin 0 row_count 18 src <1010, counts [18, 3], strides [1, 18]>
    zisa.program_xbar @conv whole row_begin 0 row_count 18
        src <1010, counts [18, 3], strides [1, 18]>
    // CHECK-NEXT: zisa.loop 2 {
    // CHECK-NEXT:   zisa.program_xbar @conv rows row_begin 4 row_count 2 src <1010 + 6*i0, counts [6], strides [1]>
    // CHECK-NEXT: }
    zisa.loop 2 {
      zisa.program_xbar @conv rows row_begin 4 row_count 2
          src <1010 + 6*i0, counts [6], strides [1]>
    }
    // CHECK:      zisa.fill buffer <0, counts [98], strides [1]> value 0.000000e+00{{$}}
    // CHECK-NEXT: zisa.fill dram <3000, counts [4], strides [1]> value 1.500000e+00 tag original
    // CHECK-NEXT: zisa.fill buffer <7> value -2.000000e+00{{$}}
    zisa.fill buffer <0, counts [98], strides [1]> value 0.0
    zisa.fill dram <3000, counts [4], strides [1]> value 1.5 tag original
    zisa.fill buffer <7> value -2.0 tag zero
    // CHECK-NEXT: zisa.move dram <0, counts [2, 5, 5], strides [25, 5, 1]> to buffer <8, counts [2, 5, 5], strides [49, 7, 1]>
    zisa.move dram <0, counts [2, 5, 5], strides [25, 5, 1]>
        to buffer <8, counts [2, 5, 5], strides [49, 7, 1]>
    // Address expressions in every spelling, and their canonical form.
    // CHECK:      zisa.loop 5 {
    // CHECK-NEXT:   zisa.loop 5 {
    // CHECK-NEXT:     zisa.mvm @conv input <7*i0 + i1, counts [2, 3, 3], strides [49, 7, 1]> output <200 + 15*i0 + 3*i1, counts [3], strides [1]>{{$}}
    // CHECK-NEXT:     zisa.mvm @conv input <7*i0 + i1, counts [18], strides [1]> output <200 - 3*i0 - i1, counts [3], strides [1]> accumulate
    // CHECK-NEXT:     zisa.fill buffer <4 - i0> value 0.000000e+00
    // CHECK-NEXT:     zisa.fill buffer <3*i1> value 0.000000e+00
    // CHECK-NEXT:   }
    // CHECK-NEXT: }
    zisa.loop 5 {
      zisa.loop 5 {
        zisa.mvm @conv input <0 + i1 + 7 * i0, counts [2, 3, 3], strides [49, 7, 1]>
            output <3*i1 + 200 + 15*i0, counts [3], strides [1]>
        zisa.mvm @conv input <7*i0 + 1*i1, counts [18], strides [1]>
            output <201 - 1 - 3*i0 - i1, counts [3], strides [1]> accumulate
        zisa.fill buffer <4 - i0 + 0*i1> value 0.0
        zisa.fill buffer <0 + 2*i1 + i1> value 0.0
      }
    }
    // CHECK:      zisa.alu copy dst <300, counts [3], strides [1]> a <200, counts [3], strides [1]>{{$}}
    // CHECK-NEXT: zisa.alu add dst <200, counts [3, 25], strides [1, 3]> a <200, counts [3, 25], strides [1, 3]> b <1000, counts [3, 25], strides [1, 0]>{{$}}
    // CHECK-NEXT: zisa.alu scale_shift dst <200, counts [75], strides [1]> a <200, counts [75], strides [1]> b <400, counts [75], strides [0]> c <401, counts [75], strides [0]>{{$}}
    // CHECK-NEXT: zisa.alu leaky_relu dst <200, counts [75], strides [1]> a <200, counts [75], strides [1]> imm 2.000000e-01
    // CHECK-NEXT: zisa.alu leaky_relu_grad dst <200, counts [4], strides [1]> a <200, counts [4], strides [1]> b <300, counts [4], strides [1]> imm 0.00999999977
    // CHECK-NEXT: zisa.alu reduce_sum dst <500> a <200, counts [75], strides [1]>{{$}}
    // CHECK-NEXT: zisa.alu rsqrt dst <500> a <500> imm 9.99999974E-6
    zisa.alu copy dst <300, counts [3], strides [1]> a <200, counts [3], strides [1]>
    zisa.alu add dst <200, counts [3, 25], strides [1, 3]>
        a <200, counts [3, 25], strides [1, 3]>
        b <1000, counts [3, 25], strides [1, 0]>
    zisa.alu scale_shift dst <200, counts [75], strides [1]>
        a <200, counts [75], strides [1]> b <400, counts [75], strides [0]>
        c <401, counts [75], strides [0]> imm 0.0
    zisa.alu leaky_relu dst <200, counts [75], strides [1]>
        a <200, counts [75], strides [1]> imm 0.2
    zisa.alu leaky_relu_grad dst <200, counts [4], strides [1]>
        a <200, counts [4], strides [1]> b <300, counts [4], strides [1]>
        imm 0.01
    zisa.alu reduce_sum dst <500> a <200, counts [75], strides [1]>
    zisa.alu rsqrt dst <500> a <500> imm 1.0e-5
    // CHECK-NEXT: zisa.move buffer <200, counts [3, 25], strides [1, 3]> to dram <100, counts [3, 25], strides [25, 1]>
    zisa.move buffer <200, counts [3, 25], strides [1, 3]>
        to dram <100, counts [3, 25], strides [25, 1]>
    // CHECK-NEXT: zisa.send dst_tile 1 channel 3 src <200, counts [25], strides [1]>
    zisa.send dst_tile 1 channel 3 src <200, counts [25], strides [1]>
    // CHECK-NEXT: zisa.barrier 0
    zisa.barrier 0
    // CHECK-NEXT: zisa.halt
    zisa.halt
  }
  // CHECK:      zisa.core tile 1 core 2 {
  // CHECK-NEXT:   zisa.recv src_tile 0 channel 3 dst <0, counts [5, 5], strides [10, 1]>
  // CHECK-NEXT:   zisa.barrier 0
  // CHECK-NEXT:   zisa.barrier 7
  // CHECK-NEXT: }
  zisa.core tile 1 core 2 {
    zisa.recv src_tile 0 channel 3 dst <0, counts [5, 5], strides [10, 1]>
    zisa.barrier 0
    zisa.barrier 7
  }
}

// The hardware configuration prints only what differs from the defaults,
// sections and fields in Program.fbs order whatever the input order, and
// doubles exactly (hexadecimal when no decimal form round-trips).
// CHECK-LABEL: zisa.program dram_size 16 hardware #zisa.hw<organisation = <tiles = 2, cores_per_tile = 4>, crossbar = <rows = 64, cols = 64, read_latency_ns = 100.00000000000001>, adc = <bits = 6>, numerics = <signed_weights = differential>> {
zisa.program dram_size 16 hardware #zisa.hw<
    numerics = <signed_weights = differential>,
    crossbar = <cols = 64, rows = 64, read_latency_ns = 0x4059000000000001>,
    adc = <bits = 6>, organisation = <cores_per_tile = 4, tiles = 2>,
    dram = <>, write = <array_latency_ns = 11000.0>> {
  zisa.core tile 1 core 3 {
  }
}
