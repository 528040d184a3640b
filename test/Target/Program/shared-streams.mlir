// Shared streams (Program.fbs 2.0, docs/ProgramFormat.md "Shared
// streams"). Cores 0-2 of tile 0 run the same three instructions on their
// own rows of x, their own share of the tile buffer, their own channel and
// their own preloaded weights: the exporter writes them as one stream with
// four parameter slots (DRAM input, tile buffer share, channel, preload
// base); the collecting core of tile 1 gets a stream of its own. Import
// expands them back, and the simulator runs the shared file to
// y = [x0 W0, x1 W1, x2 W2] = [410, 520, 630, 7, 8, 0, 4, 4, 4], worked
// out by hand below.
//
// REQUIRES: zara-sim
// RUN: rm -rf %t && mkdir -p %t
// RUN: zara-translate --export-program %s -o %t/p.zara
// RUN: %zisapy %S/Inputs/dump_streams.py %t/p.zara | FileCheck %s --check-prefix=FILE
// RUN: zara-translate --import-program %t/p.zara | FileCheck %s --check-prefix=IR
// RUN: zara-translate --import-program %t/p.zara | zara-translate --export-program -o %t/again.zara
// RUN: cmp %t/p.zara %t/again.zara
// RUN: %python -c "import numpy; numpy.save('%t/x.npy', numpy.array([10, 100, 7, 8, 1, 2], numpy.float32))"
// RUN: zara-sim %t/p.zara --input x=%t/x.npy --output-dir %t/out --quiet
// RUN: %python -c "import numpy; print(numpy.load('%t/out/y.npy').tolist())" | FileCheck %s --check-prefix=OUT
// Damaged copies (every truncation below 64 bytes and of every 7th length,
// every 7th byte inverted) are refused or read cleanly by the importer and
// by zara-sim's loader, never a crash: streams, relocations and parameters
// included.
// RUN: env PATH=%zara_tools_dir:%PATH% %python %S/Inputs/damage.py fuzz %t/p.zara %t/fuzz 7 x=%t/x.npy | FileCheck %s --check-prefix=FUZZ
// FUZZ-NOT: FAIL
// FUZZ: fuzz: {{[0-9]+}} damaged files, {{[1-9][0-9]*}} refused with an error, {{[0-9]+}} accepted and exported again, 0 failures
// FUZZ-NEXT: fuzz: zara-sim ended cleanly on {{[0-9]+}}

// Slots by first use: the move's source (2c), its destination and every
// tile buffer operand (8c), the channel (c), the preload base (6c).
// FILE: flat cores 0 groups 0
// FILE-NEXT: stream 0: 3 instructions, 1 groups, 4 params: 0:Pattern0@0 0:Pattern1@1 1:Pattern0@1 1:Pattern1@1 2:Pattern0@1 2:Channel@2 0:PreloadBase@3
// FILE-NEXT: stream 1: 4 instructions, 0 groups, 0 params:
// FILE-NEXT: core 0 tile 0 core 0 stream 0 params [0, 0, 0, 0]
// FILE-NEXT: core 1 tile 0 core 1 stream 0 params [2, 8, 1, 6]
// FILE-NEXT: core 2 tile 0 core 2 stream 0 params [4, 16, 2, 12]
// FILE-NEXT: core 3 tile 1 core 0 stream 1 params []

// IR: zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 3 preload <16, counts [2, 3], strides [1, 2]>
// IR-NEXT: zisa.xbar_group @g1 tile 0 core 1 first_crossbar 0 num_crossbars 1 rows 2 cols 3 preload <22, counts [2, 3], strides [1, 2]>
// IR-NEXT: zisa.xbar_group @g2 tile 0 core 2 first_crossbar 0 num_crossbars 1 rows 2 cols 3 preload <28, counts [2, 3], strides [1, 2]>
// IR: zisa.core tile 0 core 1 {
// IR-NEXT: zisa.move dram <2, counts [2], strides [1]> to buffer <8, counts [2], strides [1]>
// IR-NEXT: zisa.mvm @g1 input <8, counts [2], strides [1]> output <10, counts [3], strides [1]>
// IR-NEXT: zisa.send dst_tile 1 channel 1 src <10, counts [3], strides [1]>
// IR: zisa.core tile 0 core 2 {
// IR-NEXT: zisa.move dram <4, counts [2], strides [1]> to buffer <16, counts [2], strides [1]>
// IR-NEXT: zisa.mvm @g2 input <16, counts [2], strides [1]> output <18, counts [3], strides [1]>
// IR-NEXT: zisa.send dst_tile 1 channel 2 src <18, counts [3], strides [1]>

// OUT: [410.0, 520.0, 630.0, 7.0, 8.0, 0.0, 4.0, 4.0, 4.0]

// W0 = [[1, 2, 3], [4, 5, 6]], W1 = [[1, 0, 0], [0, 1, 0]],
// W2 = [[2, 2, 2], [1, 1, 1]], each stored column-major (6 values apart).
zisa.program producer "shared-streams.mlir" dram_size 64 hardware #zisa.hw<> {
  zisa.weights address 16 = dense<[1.0, 4.0, 2.0, 5.0, 3.0, 6.0,
                                   1.0, 0.0, 0.0, 1.0, 0.0, 0.0,
                                   2.0, 1.0, 2.0, 1.0, 2.0, 1.0]> : tensor<18xf32>
  zisa.input "x" address 0 : tensor<6xf32>
  zisa.output "y" address 40 : tensor<9xf32>
  zisa.xbar_group @w0 tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <16, counts [2, 3], strides [1, 2]>
  zisa.xbar_group @w1 tile 0 core 1 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <22, counts [2, 3], strides [1, 2]>
  zisa.xbar_group @w2 tile 0 core 2 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <28, counts [2, 3], strides [1, 2]>
  zisa.core tile 0 core 0 {
    zisa.move dram <0, counts [2], strides [1]> to buffer <0, counts [2], strides [1]>
    zisa.mvm @w0 input <0, counts [2], strides [1]> output <2, counts [3], strides [1]>
    zisa.send dst_tile 1 channel 0 src <2, counts [3], strides [1]>
  }
  zisa.core tile 0 core 1 {
    zisa.move dram <2, counts [2], strides [1]> to buffer <8, counts [2], strides [1]>
    zisa.mvm @w1 input <8, counts [2], strides [1]> output <10, counts [3], strides [1]>
    zisa.send dst_tile 1 channel 1 src <10, counts [3], strides [1]>
  }
  zisa.core tile 0 core 2 {
    zisa.move dram <4, counts [2], strides [1]> to buffer <16, counts [2], strides [1]>
    zisa.mvm @w2 input <16, counts [2], strides [1]> output <18, counts [3], strides [1]>
    zisa.send dst_tile 1 channel 2 src <18, counts [3], strides [1]>
  }
  zisa.core tile 1 core 0 {
    zisa.recv src_tile 0 channel 0 dst <0, counts [3], strides [1]>
    zisa.recv src_tile 0 channel 1 dst <3, counts [3], strides [1]>
    zisa.recv src_tile 0 channel 2 dst <6, counts [3], strides [1]>
    zisa.move buffer <0, counts [9], strides [1]> to dram <40, counts [9], strides [1]>
  }
}
