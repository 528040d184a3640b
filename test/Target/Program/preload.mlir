// Preloaded crossbar groups (Program.fbs 1.1 `CrossbarGroup.preload`): the
// weights are programmed when the program is loaded, before cycle 0, so the
// 2x3 product below needs no program_xbar: y = x W with
// W = [[1, 2, 3], [4, 5, 6]] and x = [10, 100] is [410, 520, 630]. The
// field survives export and import and the generic form; the write of the
// one array is counted (cell_writes = 128 * 128) but takes no cycles
// (11 us of writing would be 13200).
//
// REQUIRES: zara-sim
// RUN: rm -rf %t && mkdir -p %t
// RUN: zara-translate --export-program %s -o %t/p.zara
// RUN: zara-translate --import-program %t/p.zara | FileCheck %s --check-prefix=IR
// RUN: %python -c "import numpy; numpy.save('%t/x.npy', numpy.array([10, 100], numpy.float32))"
// RUN: zara-sim %t/p.zara --input x=%t/x.npy --output-dir %t/pre --stats %t/pre.json --quiet
// RUN: %python -c "import numpy; print(numpy.load('%t/pre/y.npy').tolist())" | FileCheck %s --check-prefix=OUT
// RUN: %python -c "import json; s = json.load(open('%t/pre.json')); print(s['counts']['cell_writes'], s['cycles'] < 13200)" | FileCheck %s --check-prefix=STATS
// RUN: zara-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// IR: zisa.xbar_group @g0 tile 0 core 0 first_crossbar 0 num_crossbars 1 rows 2 cols 3 preload <16, counts [2, 3], strides [1, 2]>
// OUT: [410.0, 520.0, 630.0]
// STATS: 16384 True
// GENERIC: preload = #zisa.pattern<16, counts [2, 3], strides [1, 2]>

// W stored column-major at 16 (as a convolution's weights are: one output
// channel after another), read transposed by the preload pattern.
zisa.program producer "preload.mlir" dram_size 64 hardware #zisa.hw<> {
  zisa.weights address 16 = dense<[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]> : tensor<6xf32>
  zisa.input "x" address 0 : tensor<2xf32>
  zisa.output "y" address 8 : tensor<3xf32>
  zisa.xbar_group @w tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <16, counts [2, 3], strides [1, 2]>
  zisa.core tile 0 core 0 {
    zisa.move dram <0, counts [2], strides [1]> to buffer <0, counts [2], strides [1]>
    zisa.mvm @w input <0, counts [2], strides [1]> output <2, counts [3], strides [1]>
    zisa.move buffer <2, counts [3], strides [1]> to dram <8, counts [3], strides [1]>
  }
}
