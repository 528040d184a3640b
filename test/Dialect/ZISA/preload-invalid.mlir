// The verifier's rules for a preloaded group: the pattern holds exactly
// rows x cols elements, stays in DRAM and uses no loop index.
//
// RUN: zara-opt %s -split-input-file -verify-diagnostics

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @below {{'preload' has 5 elements, the group's 2 x 3 weights need 6}}
  zisa.xbar_group @w tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <16, counts [5], strides [1]>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @below {{'preload'}}
  zisa.xbar_group @w tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <60, counts [2, 3], strides [1, 2]>
  zisa.core tile 0 core 0 {
  }
}

// -----

zisa.program dram_size 64 hardware #zisa.hw<> {
  // expected-error @below {{'preload' uses loop index i0 but only 0 loops enclose it}}
  zisa.xbar_group @w tile 0 core 0 first_crossbar 0 num_crossbars 1
      rows 2 cols 3 preload <16 + i0, counts [2, 3], strides [1, 2]>
  zisa.core tile 0 core 0 {
  }
}
