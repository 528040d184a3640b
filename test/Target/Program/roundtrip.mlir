// Export to a .zara file and import again (--test-program-roundtrip): every
// field survives. What changes is what the file does not hold: group
// symbols become @g<index>, the weight entries one segment (a dense_resource
// blob from the lowest address, gaps as zeros), and ops without a debug
// entry are located in the file. Byte-exactness: byte-exact.test.
//
// RUN: zara-translate --test-program-roundtrip %s | FileCheck %s
// RUN: zara-translate --test-program-roundtrip %s --mlir-print-debuginfo \
// RUN:   | FileCheck %s --check-prefix=LOC
// RUN: zara-translate --test-program-roundtrip %s \
// RUN:   | zara-translate --test-program-roundtrip | FileCheck %s

// Every hardware field that is not at its default, and doubles bit for bit.
// CHECK-LABEL: zisa.program producer "roundtrip.mlir" dram_size 8192
// CHECK-SAME: hardware #zisa.hw<organisation = <tiles = 4, cores_per_tile = 2, crossbars_per_core = 4>,
// CHECK-SAME: crossbar = <rows = 64, cols = 64, bits_per_cell = 1, read_latency_ns = 100.00000000000001, read_energy_pj = 1.500000e+01>,
// CHECK-SAME: write = <array_latency_ns = 1.000000e+03, array_energy_pj = 2.000000e+03, row_latency_ns = 1.500000e+01, row_energy_pj = 3.100000e+01>,
// CHECK-SAME: dac = <bits = 2, energy_pj = 5.000000e-01>,
// CHECK-SAME: adc = <bits = 0, per_crossbar = 2, sample_rate_gsps = 2.000000e+00, energy_pj = 1.000000e+00>,
// CHECK-SAME: sample_hold = <energy_pj = 1.000000e-03>, shift_add = <latency_cycles = 2, energy_pj = 2.500000e-02>,
// CHECK-SAME: registers = <input_bytes = 1024, output_bytes = 512, input_energy_pj = 1.000000e+02, output_energy_pj = 2.000000e+01>,
// CHECK-SAME: buffer = <bytes = 16384, port_bits = 128, access_latency_cycles = 2, access_energy_pj = 1.000000e+01>,
// CHECK-SAME: noc = <flit_bits = 64, tiles_per_router = 2, hop_latency_cycles = 3, energy_pj_per_flit_hop = 3.000000e+00>,
// CHECK-SAME: vector = <lanes = 8, latency_cycles = 2, transcendental_latency_cycles = 8, energy_pj = 1.000000e-01, mul_energy_pj = 1.000000e+00, transcendental_energy_pj = 5.000000e-01>,
// CHECK-SAME: dram = <capacity_bytes = 1048576, bandwidth_gbps = 1.000000e+01, latency_ns = 5.000000e+01, energy_pj_per_bit = 1.000000e+01>,
// CHECK-SAME: timing = <clock_ghz = 1.000000e+00>,
// CHECK-SAME: numerics = <weight_bits = 8, input_bits = 8, data_bits = 32, signed_weights = differential>> {

// The weight entries, sorted by address, become one segment from 4000 to
// 4006 with a zero at 4003.
// CHECK-NEXT: zisa.weights address 4000 = dense_resource<weights> : tensor<6xf32>
// CHECK-NEXT: zisa.input "x" address 0 : tensor<2x8xf32>
// CHECK-NEXT: zisa.input "label" address 16 : tensor<f32>
// CHECK-NEXT: zisa.output "y" address 100 : tensor<2x4xf32>
// CHECK-NEXT: zisa.output "x_again" address 0 : tensor<2x8xf32>
// CHECK-NEXT: zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 2 rows 8 cols 4
// CHECK-NEXT: zisa.xbar_group @g1 tile 1 core 1 first_crossbar 2 num_crossbars 2 rows 64 cols 4
// CHECK-NEXT: zisa.barrier_decl 3 participants [(1, 1), (0, 0)]
// CHECK-NEXT: zisa.barrier_decl 0 participants [(0, 0)]
zisa.program producer "roundtrip.mlir" dram_size 8192 hardware #zisa.hw<
    organisation = <tiles = 4, cores_per_tile = 2, crossbars_per_core = 4>,
    crossbar = <rows = 64, cols = 64, bits_per_cell = 1,
                read_latency_ns = 0x4059000000000001, read_energy_pj = 15.0>,
    write = <array_latency_ns = 1000.0, array_energy_pj = 2000.0,
             row_latency_ns = 15.0, row_energy_pj = 31.0>,
    dac = <bits = 2, energy_pj = 0.5>,
    adc = <bits = 0, per_crossbar = 2, sample_rate_gsps = 2.0, energy_pj = 1.0>,
    sample_hold = <energy_pj = 0.001>,
    shift_add = <latency_cycles = 2, energy_pj = 0.025>,
    registers = <input_bytes = 1024, output_bytes = 512,
                 input_energy_pj = 100.0, output_energy_pj = 20.0>,
    buffer = <bytes = 16384, port_bits = 128, access_latency_cycles = 2,
              access_energy_pj = 10.0>,
    noc = <flit_bits = 64, tiles_per_router = 2, hop_latency_cycles = 3,
           energy_pj_per_flit_hop = 3.0>,
    vector = <lanes = 8, latency_cycles = 2, transcendental_latency_cycles = 8,
              energy_pj = 0.1, mul_energy_pj = 1.0,
              transcendental_energy_pj = 0.5>,
    dram = <capacity_bytes = 1048576, bandwidth_gbps = 10.0, latency_ns = 50.0,
            energy_pj_per_bit = 10.0>,
    timing = <clock_ghz = 1.0>,
    numerics = <weight_bits = 8, input_bits = 8, data_bits = 32,
                signed_weights = differential>> {
  zisa.weights address 4004 = dense<[5.0, -6.0]> : tensor<2xf32>
  zisa.weights address 4000 = dense<[1.0, 0.5, -0.0]> : tensor<3xf32>
  zisa.input "x" address 0 : tensor<2x8xf32>
  zisa.input "label" address 16 : tensor<f32>
  zisa.output "y" address 100 : tensor<2x4xf32>
  zisa.output "x_again" address 0 : tensor<2x8xf32>
  // 4 columns of 7 magnitude bits in 1-bit cells: 28 of 64 columns, an
  // array for each sign.
  zisa.xbar_group @first tile 0 core 0 first_crossbar 0 num_crossbars 2
      rows 8 cols 4
  zisa.xbar_group @second tile 1 core 1 first_crossbar 2 num_crossbars 2
      rows 64 cols 4
  zisa.barrier_decl 3 participants [(1, 1), (0, 0)]
  zisa.barrier_decl 0 participants [(0, 0)]

  // CHECK:      zisa.core tile 0 core 0 {
  // CHECK-NEXT:   zisa.program_xbar @g0 whole row_begin 0 row_count 8 src <4000, counts [8, 4], strides [0, 0]>
  // CHECK-NEXT:   zisa.loop 1 {
  // CHECK-NEXT:     zisa.program_xbar @g0 rows row_begin 2 row_count 3 src <4000 - i0, counts [3, 4], strides [1, 0]>
  // CHECK-NEXT:   }
  // CHECK-NEXT:   zisa.loop 2 {
  // CHECK-NEXT:     zisa.move dram <8*i0, counts [8], strides [1]> to buffer <16*i0, counts [8], strides [1]>
  // CHECK-NEXT:     zisa.mvm @g0 input <16*i0, counts [8], strides [1]> output <100 + 4*i0, counts [4], strides [1]>{{$}}
  // CHECK-NEXT:     zisa.mvm @g0 input <8 + 16*i0, counts [2, 4], strides [4, 1]> output <100 + 4*i0, counts [4], strides [1]> accumulate
  // CHECK-NEXT:     zisa.loop 4 {
  // CHECK-NEXT:       zisa.loop 1 {
  // A fill value of -0.0 reads back as 0.0: FlatBuffers leaves out a field
  // equal to its default (0.0), and -0.0 == 0.0.
  // CHECK-NEXT:         zisa.fill buffer <200 - 3*i0 + 7*i1 + i2> value 0.000000e+00{{$}}
  // CHECK-NEXT:       }
  // CHECK-NEXT:     }
  // CHECK-NEXT:   }
  zisa.core tile 0 core 0 {
    zisa.program_xbar @first whole row_begin 0 row_count 8
        src <4000, counts [8, 4], strides [0, 0]> loc("w_load")
    zisa.loop 1 {
      zisa.program_xbar @first rows row_begin 2 row_count 3
          src <4000 - i0, counts [3, 4], strides [1, 0]>
    }
    zisa.loop 2 {
      zisa.move dram <8*i0, counts [8], strides [1]>
          to buffer <16*i0, counts [8], strides [1]>
      zisa.mvm @first input <16*i0, counts [8], strides [1]>
          output <100 + 4*i0, counts [4], strides [1]> loc("fc"("model.onnx":12:3))
      zisa.mvm @first input <16*i0 + 8, counts [2, 4], strides [4, 1]>
          output <100 + 4*i0, counts [4], strides [1]> accumulate
      zisa.loop 4 {
        zisa.loop 1 {
          zisa.fill buffer <200 - 3*i0 + 7*i1 + i2> value -0.0 tag zero
        }
      }
    } loc("fc"("model.onnx":12:3))
    // CHECK:      zisa.alu copy dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]>{{$}}
    // CHECK-NEXT: zisa.alu add
    // CHECK-NEXT: zisa.alu sub
    // CHECK-NEXT: zisa.alu mul
    // CHECK-NEXT: zisa.alu max
    // CHECK-NEXT: zisa.alu min
    // CHECK-NEXT: zisa.alu scale_shift dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [0]> c <9, counts [4], strides [0]>{{$}}
    // CHECK-NEXT: zisa.alu add_imm {{.*}} imm 1.000000e+00
    // CHECK-NEXT: zisa.alu mul_imm {{.*}} imm -2.500000e-01
    // CHECK-NEXT: zisa.alu relu
    // CHECK-NEXT: zisa.alu leaky_relu {{.*}} imm 2.000000e-01
    // CHECK-NEXT: zisa.alu tanh
    // CHECK-NEXT: zisa.alu sigmoid
    // CHECK-NEXT: zisa.alu relu_grad
    // CHECK-NEXT: zisa.alu leaky_relu_grad {{.*}} imm 2.000000e-01
    // CHECK-NEXT: zisa.alu tanh_grad
    // CHECK-NEXT: zisa.alu sigmoid_grad
    // CHECK-NEXT: zisa.alu loss_diff dst <20> a <21> b <16>{{$}}
    // CHECK-NEXT: zisa.alu reduce_sum dst <20> a <0, counts [4], strides [1]>{{$}}
    // CHECK-NEXT: zisa.alu rsqrt dst <20> a <20> imm 9.99999974E-6
    zisa.alu copy dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]>
    zisa.alu add dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu sub dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu mul dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu max dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu min dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu scale_shift dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [0]> c <9, counts [4], strides [0]>
    zisa.alu add_imm dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> imm 1.0
    zisa.alu mul_imm dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> imm -0.25
    zisa.alu relu dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]>
    zisa.alu leaky_relu dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> imm 0.2
    zisa.alu tanh dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]>
    zisa.alu sigmoid dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]>
    zisa.alu relu_grad dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu leaky_relu_grad dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]> imm 0.2
    zisa.alu tanh_grad dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu sigmoid_grad dst <0, counts [4], strides [1]> a <4, counts [4], strides [1]> b <8, counts [4], strides [1]>
    zisa.alu loss_diff dst <20> a <21> b <16>
    zisa.alu reduce_sum dst <20> a <0, counts [4], strides [1]>
    zisa.alu rsqrt dst <20> a <20> imm 1.0e-5
    // CHECK-NEXT: zisa.fill dram <200, counts [2, 2], strides [-1, 1]> value 3.500000e+00 tag original
    // CHECK-NEXT: zisa.move buffer <100, counts [4, 2], strides [1, 4]> to dram <100, counts [8], strides [1]>
    // CHECK-NEXT: zisa.send dst_tile 1 channel 7 src <0, counts [4], strides [1]>
    // CHECK-NEXT: zisa.barrier 3
    // CHECK-NEXT: zisa.barrier 0
    // CHECK-NEXT: zisa.halt
    // CHECK-NEXT: }
    zisa.fill dram <200, counts [2, 2], strides [-1, 1]> value 3.5 tag original
    zisa.move buffer <100, counts [4, 2], strides [1, 4]>
        to dram <100, counts [8], strides [1]>
    zisa.send dst_tile 1 channel 7 src <0, counts [4], strides [1]>
    zisa.barrier 3
    zisa.barrier 0
    zisa.halt loc("conv1")
  }
  // CHECK-NEXT: zisa.core tile 1 core 1 {
  // CHECK-NEXT:   zisa.recv src_tile 0 channel 7 dst <0, counts [4], strides [1]>
  // CHECK-NEXT:   zisa.barrier 3
  // CHECK-NEXT: }
  zisa.core tile 1 core 1 {
    zisa.recv src_tile 0 channel 7 dst <0, counts [4], strides [1]>
    zisa.barrier 3
  }
  // An empty stream.
  // CHECK-NEXT: zisa.core tile 3 core 0 {
  // CHECK-NEXT: }
  zisa.core tile 3 core 0 {
  }
}

// The weight segment: the alignment word, then 1.0, 0.5, -0.0, a zero for
// the gap at 4003, 5.0 and -6.0 as little-endian float32.
// CHECK: weights: "0x040000000000803F0000003F00000080000000000000A0400000C0C0"

// Debug locations survive exactly: a NameLoc, a NameLoc with a child, the
// same location again (one debug entry), and end_loop's entry is its loop's.
// LOC: zisa.program_xbar {{.*}} loc(#[[WLOAD:loc[0-9]*]])
// LOC: zisa.mvm {{.*}} loc(#[[FC:loc[0-9]*]])
// LOC: } loc(#[[FC]])
// LOC: zisa.halt loc(#[[CONV1:loc[0-9]*]])
// LOC-DAG: #[[WLOAD]] = loc("w_load")
// LOC-DAG: #[[FC]] = loc("fc"(#{{loc[0-9]*}}))
// LOC-DAG: #[[CONV1]] = loc("conv1")
// LOC-DAG: loc("model.onnx":12:3)
