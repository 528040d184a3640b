// The multiply-accumulates and input windows of the DCGAN-64 generator's
// transposed convolutions (nz=100, ngf=64, batch 1; weights as arguments)
// in every form, from --reram-print-layer-table after the passes. The REF
// lines check the independent brute-force counts of Inputs/deform_macs.py
// (enumerated outputs, taps and input elements); the table lines repeat
// the same numbers. Against zero-free-deformation.md: naive 13.11M /
// 134.2M / 134.2M / 134.2M / 12.6M issued (428.3M), 90.5M useful, and
// input windows (H+1)^2 vs (2H)^2: G2 25 vs 64, G3 81 vs 256, G4 289 vs
// 1024, G5 1089 vs 4096 (the fused convolution's output positions vs the
// naive one's).
//
// RUN: %python %S/Inputs/deform_macs.py | FileCheck %s --check-prefix=REF
// RUN: zara-opt %s --reram-deform-tconv --reram-print-layer-table -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=AUTO
// RUN: zara-opt %s --reram-deform-tconv=fuse-phases=true \
// RUN:   --reram-print-layer-table -o /dev/null | FileCheck %s --check-prefix=FUSED
// RUN: zara-opt %s --reram-deform-tconv=form=pixel --reram-print-layer-table \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=PIXEL
// RUN: zara-opt %s --reram-lower-zero-insert --reram-print-layer-table \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=NAIVE

// REF: G1 naive windows 16 issued 13107200 useful 819200
// REF: G1 phase windows 1 issued 819200 useful 819200
// REF: G1 fused windows 1 issued 819200 useful 819200
// REF: G1 pixel windows 1 issued 819200 useful 819200
// REF: G2 naive windows 64 issued 134217728 useful 25690112
// REF: G2 phase windows 64 issued 33554432 useful 25690112
// REF: G2 fused windows 25 issued 52428800 useful -
// REF: G2 pixel windows 16 issued 33554432 useful 33554432
// REF: G3 naive windows 256 issued 134217728 useful 29491200
// REF: G3 phase windows 256 issued 33554432 useful 29491200
// REF: G3 fused windows 81 issued 42467328 useful -
// REF: G3 pixel windows 64 issued 33554432 useful 33554432
// REF: G4 naive windows 1024 issued 134217728 useful 31490048
// REF: G4 phase windows 1024 issued 33554432 useful 31490048
// REF: G4 fused windows 289 issued 37879808 useful -
// REF: G4 pixel windows 256 issued 33554432 useful 33554432
// REF: G5 naive windows 4096 issued 12582912 useful 3048192
// REF: G5 phase windows 4096 issued 3145728 useful 3048192
// REF: G5 fused windows 1089 issued 3345408 useful -
// REF: G5 pixel windows 1024 issued 3145728 useful 3145728
// REF: total naive issued 428343296
// REF: total phase issued 104628224
// REF: total fused issued 136940544
// REF: total pixel issued 104628224

// form=auto: G1 is a matrix product; G2-G5 tie (phase-wise and pixel-wise
// both issue 1/4 of the naive MACs) and go phase-wise: four convolutions of
// a quarter of the MACs each (G2: 4 x 8,388,608 = 33,554,432), whose useful
// MACs add up to the layer's (4 x 6,422,528 = 25,690,112): the phase-wise
// form issues every useful product once and 13.5 % (14.1M of 104.6M)
// padding products at the borders, against 78.9 % zeros in the naive form.
// AUTO:      G1 {{.*}}| matmul {{.*}}| 1x100, 100x8192 {{.*}}| 1x8192 {{.*}}| 819,200 | 819,200
// AUTO-COUNT-4: G2 {{.*}}| conv {{.*}}| 1x512x4x4, 256x512x2x2 {{.*}}| 1x256x4x4 {{.*}}| 8,388,608 | 6,422,528
// AUTO-NEXT: G2 {{.*}}| interleave {{.*}}| 1x256x8x8 {{.*}}|{{ *}}|{{$}}
// AUTO-COUNT-4: G3 {{.*}}| conv {{.*}}| 1x128x8x8 {{.*}}| 8,388,608 | 7,372,800
// AUTO-COUNT-4: G4 {{.*}}| conv {{.*}}| 1x64x16x16 {{.*}}| 8,388,608 | 7,872,512
// AUTO-COUNT-4: G5 {{.*}}| conv {{.*}}| 1x3x32x32 {{.*}}| 786,432 | 762,048
// AUTO-NOT:  conv_transpose
// AUTO:      total {{.*}}| 104,628,224 | 90,538,752

// The fused form: one convolution per layer with 4*Cout outputs over
// (H+1)^2 windows. It issues more than the phase-wise form (the windows at
// the border compute outputs the crop drops) but reads each input window
// once for a whole 2x2 output block.
// FUSED:      G1 {{.*}}| matmul {{.*}}| 819,200 |
// FUSED:      G2 {{.*}}| conv {{.*}}| 1x512x4x4, 1024x512x2x2 {{.*}}| 1x1024x5x5 {{.*}}| 52,428,800 |
// FUSED-NEXT: G2 {{.*}}| depth_to_space {{.*}}| 1x256x10x10
// FUSED:      G3 {{.*}}| conv {{.*}}| 1x512x9x9 {{.*}}| 42,467,328 |
// FUSED:      G4 {{.*}}| conv {{.*}}| 1x256x17x17 {{.*}}| 37,879,808 |
// FUSED:      G5 {{.*}}| conv {{.*}}| 1x12x33x33 {{.*}}| 3,345,408 |
// FUSED:      total {{.*}}| 136,940,544 |

// The pixel-wise form: H^2 pixels times 16 taps.
// PIXEL:      G2 {{.*}}| matmul {{.*}}| 16x512, 512x4096 {{.*}}| 33,554,432 | 33,554,432
// PIXEL-NEXT: G2 {{.*}}| overlap_add {{.*}}| 1x4x4x256x4x4 {{.*}}| 1x256x8x8
// PIXEL:      G3 {{.*}}| matmul {{.*}}| 64x256, 256x2048 {{.*}}| 33,554,432 |
// PIXEL:      G4 {{.*}}| matmul {{.*}}| 256x128, 128x1024 {{.*}}| 33,554,432 |
// PIXEL:      G5 {{.*}}| matmul {{.*}}| 1024x64, 64x48 {{.*}}| 3,145,728 |
// PIXEL:      total {{.*}}| 104,628,224 |

// The baseline: one window per output position (64, 256, 1024, 4096) over
// the zero-inserted input, the naive issued counts. (The convolution cannot
// tell inserted zeros from data, so it reports them as useful.)
// NAIVE:      G1 {{.*}}| zero_insert {{.*}}| 1x100x7x7
// NAIVE-NEXT: G1 {{.*}}| conv {{.*}}| 1x512x4x4 {{.*}}| 13,107,200 |
// NAIVE:      G2 {{.*}}| zero_insert {{.*}}| 1x512x4x4 {{.*}}| 1x512x11x11
// NAIVE-NEXT: G2 {{.*}}| conv {{.*}}| 1x512x11x11, 256x512x4x4 {{.*}}| 1x256x8x8 {{.*}}| 134,217,728 |
// NAIVE:      G3 {{.*}}| conv {{.*}}| 1x128x16x16 {{.*}}| 134,217,728 |
// NAIVE:      G4 {{.*}}| conv {{.*}}| 1x64x32x32 {{.*}}| 134,217,728 |
// NAIVE:      G5 {{.*}}| conv {{.*}}| 1x3x64x64 {{.*}}| 12,582,912 |
// NAIVE:      total {{.*}}| 428,343,296 |

func.func @generator_layers(
    %z: tensor<1x100x1x1xf32>, %w1: tensor<100x512x4x4xf32>,
    %x2: tensor<1x512x4x4xf32>, %w2: tensor<512x256x4x4xf32>,
    %x3: tensor<1x256x8x8xf32>, %w3: tensor<256x128x4x4xf32>,
    %x4: tensor<1x128x16x16xf32>, %w4: tensor<128x64x4x4xf32>,
    %x5: tensor<1x64x32x32xf32>, %w5: tensor<64x3x4x4xf32>)
    -> (tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>, tensor<1x128x16x16xf32>,
        tensor<1x64x32x32xf32>, tensor<1x3x64x64xf32>) {
  %y1 = reram.conv_transpose %z, %w1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x100x1x1xf32>, tensor<100x512x4x4xf32>) -> tensor<1x512x4x4xf32>
        loc("G1")
  %y2 = reram.conv_transpose %x2, %w2 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<1x256x8x8xf32>
        loc("G2")
  %y3 = reram.conv_transpose %x3, %w3 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x256x8x8xf32>, tensor<256x128x4x4xf32>) -> tensor<1x128x16x16xf32>
        loc("G3")
  %y4 = reram.conv_transpose %x4, %w4 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x128x16x16xf32>, tensor<128x64x4x4xf32>) -> tensor<1x64x32x32xf32>
        loc("G4")
  %y5 = reram.conv_transpose %x5, %w5 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>) -> tensor<1x3x64x64xf32>
        loc("G5")
  return %y1, %y2, %y3, %y4, %y5 : tensor<1x512x4x4xf32>, tensor<1x256x8x8xf32>,
      tensor<1x128x16x16xf32>, tensor<1x64x32x32xf32>, tensor<1x3x64x64xf32>
}
