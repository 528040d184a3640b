// The per-layer table. MAC counts are checked against the independent
// brute-force counts of Inputs/brute_force_macs.py (the REF lines, exact
// integers) and, for the DCGAN-64 generator, against the figures of
// zero-free-deformation.md: issued 13.11M / 134.2M / 134.2M / 134.2M /
// 12.6M, useful 0.82M / 25.7M / 29.5M / 31.5M / 3.05M, total 428.3M / 90.5M.
// Weights are function arguments, so no large constants are needed.
//
// RUN: %python %S/Inputs/brute_force_macs.py | FileCheck %s --check-prefix=REF
// RUN: zara-opt %s -split-input-file --reram-print-layer-table -o /dev/null \
// RUN:   | FileCheck %s
//
// The table can go to a file while the IR passes through unchanged. Without
// -split-input-file the whole file is one module, hence one table.
// RUN: zara-opt %s --reram-print-layer-table=output=%t.table \
// RUN:   | FileCheck %s --check-prefix=IR
// RUN: FileCheck %s --check-prefix=FILE --input-file=%t.table
//
// An output file that cannot be opened is a located error, not a crash.
// RUN: not zara-opt %s -split-input-file \
// RUN:   --reram-print-layer-table=output=%t.missing/table 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ERR

// REF: G1 out 4x4 issued 13107200 useful 819200
// REF: G2 out 8x8 issued 134217728 useful 25690112
// REF: G3 out 16x16 issued 134217728 useful 29491200
// REF: G4 out 32x32 issued 134217728 useful 31490048
// REF: G5 out 64x64 issued 12582912 useful 3048192
// REF: D1 out 32x32 issued 3145728 useful 3048192
// REF: D5 out 1x1 issued 8192 useful 8192
// REF: G2B2 out 8x8 issued 268435456 useful 51380224
// REF: CG out 7x7 issued 5292 useful 3468
// REF: TG out 6x6 issued 3888 useful 768
// REF: T1D out 15 issued 360 useful 114
// REF: T3D out 8x8x8 issued 4294967296 useful 359661568

// ERR: error: cannot write the layer table to '{{.*}}.missing/table': No such file or directory

// FILE:      layer (ONNX node)
// FILE-NEXT: {{^-+$}}
// FILE-NEXT: /main/main.0/ConvTranspose | conv_transpose | 1x100x1x1, 100x512x4x4 | 1x512x4x4 | 13,107,200 | 819,200
// FILE:      /t3d/ConvTranspose
// FILE-NEXT: {{^-+$}}
// FILE-NEXT: total | | | | 4,994,917,700 | 504,649,470

// The DCGAN-64 generator (nz=100, ngf=64, bias=False) as PyTorch exports it.
// CHECK:      layer (ONNX node)                | op             | inputs                          | output      | MACs issued | MACs useful
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: /main/main.0/ConvTranspose       | conv_transpose | 1x100x1x1, 100x512x4x4          | 1x512x4x4   |  13,107,200 |     819,200
// CHECK-NEXT: /main/main.1/BatchNormalization  | batch_norm     | 1x512x4x4, 512, 512, 512, 512   | 1x512x4x4   |             |{{$}}
// CHECK-NEXT: /main/main.2/Relu                | relu           | 1x512x4x4                       | 1x512x4x4   |             |{{$}}
// CHECK-NEXT: /main/main.3/ConvTranspose       | conv_transpose | 1x512x4x4, 512x256x4x4          | 1x256x8x8   | 134,217,728 |  25,690,112
// CHECK-NEXT: /main/main.4/BatchNormalization  | batch_norm     | 1x256x8x8, 256, 256, 256, 256   | 1x256x8x8   |             |{{$}}
// CHECK-NEXT: /main/main.5/Relu                | relu           | 1x256x8x8                       | 1x256x8x8   |             |{{$}}
// CHECK-NEXT: /main/main.6/ConvTranspose       | conv_transpose | 1x256x8x8, 256x128x4x4          | 1x128x16x16 | 134,217,728 |  29,491,200
// CHECK-NEXT: /main/main.7/BatchNormalization  | batch_norm     | 1x128x16x16, 128, 128, 128, 128 | 1x128x16x16 |             |{{$}}
// CHECK-NEXT: /main/main.8/Relu                | relu           | 1x128x16x16                     | 1x128x16x16 |             |{{$}}
// CHECK-NEXT: /main/main.9/ConvTranspose       | conv_transpose | 1x128x16x16, 128x64x4x4         | 1x64x32x32  | 134,217,728 |  31,490,048
// CHECK-NEXT: /main/main.10/BatchNormalization | batch_norm     | 1x64x32x32, 64, 64, 64, 64      | 1x64x32x32  |             |{{$}}
// CHECK-NEXT: /main/main.11/Relu               | relu           | 1x64x32x32                      | 1x64x32x32  |             |{{$}}
// CHECK-NEXT: /main/main.12/ConvTranspose      | conv_transpose | 1x64x32x32, 64x3x4x4            | 1x3x64x64   |  12,582,912 |   3,048,192
// CHECK-NEXT: /main/main.13/Tanh               | tanh           | 1x3x64x64                       | 1x3x64x64   |             |{{$}}
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: total                            |                |                                 |             | 428,343,296 |  90,538,752

// IR-LABEL: func.func @generator
// IR-COUNT-5: reram.conv_transpose
// IR: reram.tanh
func.func @generator(%z: tensor<1x100x1x1xf32> {reram.onnx_name = "input"},
    %w1: tensor<100x512x4x4xf32> {reram.onnx_name = "main.0.weight"},
    %scale1: tensor<512xf32>,
    %bias1: tensor<512xf32>,
    %mean1: tensor<512xf32>,
    %var1: tensor<512xf32>,
    %w2: tensor<512x256x4x4xf32> {reram.onnx_name = "main.3.weight"},
    %scale2: tensor<256xf32>,
    %bias2: tensor<256xf32>,
    %mean2: tensor<256xf32>,
    %var2: tensor<256xf32>,
    %w3: tensor<256x128x4x4xf32> {reram.onnx_name = "main.6.weight"},
    %scale3: tensor<128xf32>,
    %bias3: tensor<128xf32>,
    %mean3: tensor<128xf32>,
    %var3: tensor<128xf32>,
    %w4: tensor<128x64x4x4xf32> {reram.onnx_name = "main.9.weight"},
    %scale4: tensor<64xf32>,
    %bias4: tensor<64xf32>,
    %mean4: tensor<64xf32>,
    %var4: tensor<64xf32>,
    %w5: tensor<64x3x4x4xf32> {reram.onnx_name = "main.12.weight"})
    -> (tensor<1x3x64x64xf32> {reram.onnx_name = "output"}) {
  %t1 = reram.conv_transpose %z, %w1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x100x1x1xf32>, tensor<100x512x4x4xf32>) -> tensor<1x512x4x4xf32>
        loc("/main/main.0/ConvTranspose")
  %b1 = reram.batch_norm %t1, %scale1, %bias1, %mean1, %var1
        epsilon 1.0e-05 : (tensor<1x512x4x4xf32>, tensor<512xf32>, tensor<512xf32>,
        tensor<512xf32>, tensor<512xf32>) -> tensor<1x512x4x4xf32>
        loc("/main/main.1/BatchNormalization")
  %r1 = reram.relu %b1 : tensor<1x512x4x4xf32> loc("/main/main.2/Relu")
  %t2 = reram.conv_transpose %r1, %w2 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<1x256x8x8xf32>
        loc("/main/main.3/ConvTranspose")
  %b2 = reram.batch_norm %t2, %scale2, %bias2, %mean2, %var2
        epsilon 1.0e-05 : (tensor<1x256x8x8xf32>, tensor<256xf32>, tensor<256xf32>,
        tensor<256xf32>, tensor<256xf32>) -> tensor<1x256x8x8xf32>
        loc("/main/main.4/BatchNormalization")
  %r2 = reram.relu %b2 : tensor<1x256x8x8xf32> loc("/main/main.5/Relu")
  %t3 = reram.conv_transpose %r2, %w3 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x256x8x8xf32>, tensor<256x128x4x4xf32>) -> tensor<1x128x16x16xf32>
        loc("/main/main.6/ConvTranspose")
  %b3 = reram.batch_norm %t3, %scale3, %bias3, %mean3, %var3
        epsilon 1.0e-05 : (tensor<1x128x16x16xf32>, tensor<128xf32>, tensor<128xf32>,
        tensor<128xf32>, tensor<128xf32>) -> tensor<1x128x16x16xf32>
        loc("/main/main.7/BatchNormalization")
  %r3 = reram.relu %b3 : tensor<1x128x16x16xf32> loc("/main/main.8/Relu")
  %t4 = reram.conv_transpose %r3, %w4 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x128x16x16xf32>, tensor<128x64x4x4xf32>) -> tensor<1x64x32x32xf32>
        loc("/main/main.9/ConvTranspose")
  %b4 = reram.batch_norm %t4, %scale4, %bias4, %mean4, %var4
        epsilon 1.0e-05 : (tensor<1x64x32x32xf32>, tensor<64xf32>, tensor<64xf32>,
        tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x32x32xf32>
        loc("/main/main.10/BatchNormalization")
  %r4 = reram.relu %b4 : tensor<1x64x32x32xf32> loc("/main/main.11/Relu")
  %t5 = reram.conv_transpose %r4, %w5 strides [2, 2] pads [1, 1, 1, 1]
        dilations [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x64x32x32xf32>, tensor<64x3x4x4xf32>) -> tensor<1x3x64x64xf32>
        loc("/main/main.12/ConvTranspose")
  %y = reram.tanh %t5 : tensor<1x3x64x64xf32> loc("/main/main.13/Tanh")
  return %y : tensor<1x3x64x64xf32>
}

// -----

// The first and the last DCGAN-64 discriminator layer, then a linear head.
// D1's padding makes useful < issued: border windows read padding zeros.
// The head's constant weight is not listed among the inputs, and neither the
// constant nor the reshape gets a row. A matrix product wastes nothing:
// 1 x 8192 x 1 MACs, all useful.
// CHECK:      layer (ONNX node)    | op         | inputs                 | output      | MACs issued | MACs useful
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: /main/main.0/Conv    | conv       | 1x3x64x64, 64x3x4x4    | 1x64x32x32  |   3,145,728 |   3,048,192
// CHECK-NEXT: /main/main.1/LeakyRelu | leaky_relu | 1x64x32x32           | 1x64x32x32  |             |{{$}}
// CHECK-NEXT: /main/main.11/Conv   | conv       | 1x512x4x4, 1x512x4x4   | 1x1x1x1     |       8,192 |       8,192
// CHECK-NEXT: /main/main.12/Sigmoid | sigmoid   | 1x1x1x1                | 1x1x1x1     |             |{{$}}
// CHECK-NEXT: /fc/MatMul           | matmul     | 1x8192                 | 1x1         |       8,192 |       8,192
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: total                |            |                        |             |   3,162,112 |   3,064,576

// IR-LABEL: func.func @discriminator
// IR: reram.matmul

func.func @discriminator(%x: tensor<1x3x64x64xf32>, %w1: tensor<64x3x4x4xf32>,
                         %h: tensor<1x512x4x4xf32>, %w5: tensor<1x512x4x4xf32>)
    -> (tensor<1x1x1x1xf32>, tensor<1x1xf32>) {
  %c1 = reram.conv %x, %w1 strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1]
        groups 1
        : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>) -> tensor<1x64x32x32xf32>
        loc("/main/main.0/Conv")
  %a1 = reram.leaky_relu %c1 alpha 0.2 : tensor<1x64x32x32xf32>
        loc("/main/main.1/LeakyRelu")
  %c5 = reram.conv %h, %w5 strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1]
        groups 1
        : (tensor<1x512x4x4xf32>, tensor<1x512x4x4xf32>) -> tensor<1x1x1x1xf32>
        loc("/main/main.11/Conv")
  %s = reram.sigmoid %c5 : tensor<1x1x1x1xf32> loc("/main/main.12/Sigmoid")
  %f = reram.reshape %h : tensor<1x512x4x4xf32> -> tensor<1x8192xf32>
       loc("/Flatten")
  %wl = reram.constant dense<0.5> : tensor<8192x1xf32> loc("fc.weight")
  %l = reram.matmul %f, %wl : (tensor<1x8192xf32>, tensor<8192x1xf32>)
                              -> tensor<1x1xf32> loc("/fc/MatMul")
  return %s, %l : tensor<1x1x1x1xf32>, tensor<1x1xf32>
}

// -----

// Counts include the batch (G2 at batch 2 is twice G2), groups, dilation,
// output_padding, asymmetric pads, 1-D and 3-D (the second 3D-GAN generator
// layer). An op without a NameLoc shows '-'; a fused location shows the name
// inside it.
// CHECK:      layer (ONNX node) | op             | inputs                       | output       |   MACs issued | MACs useful
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: /g2/ConvTranspose | conv_transpose | 2x512x4x4, 512x256x4x4       | 2x256x8x8    |   268,435,456 |  51,380,224
// CHECK-NEXT: /cg/Conv          | conv           | 1x4x7x7, 6x2x3x3             | 1x6x7x7      |         5,292 |       3,468
// CHECK-NEXT: /tg/ConvTranspose | conv_transpose | 1x4x3x3, 4x3x3x3             | 1x6x6x6      |         3,888 |         768
// CHECK-NEXT: -                 | conv_transpose | 1x3x5, 3x2x4                 | 1x2x15       |           360 |         114
// CHECK-NEXT: /t3d/ConvTranspose | conv_transpose | 1x512x4x4x4, 512x256x4x4x4 | 1x256x8x8x8  | 4,294,967,296 | 359,661,568
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: total             |                |                              |              | 4,563,412,292 | 411,046,142

// IR-LABEL: func.func @shapes
// IR-COUNT-4: reram.conv_transpose

func.func @shapes(%x: tensor<2x512x4x4xf32>, %w: tensor<512x256x4x4xf32>,
                  %cx: tensor<1x4x7x7xf32>, %cw: tensor<6x2x3x3xf32>,
                  %tx: tensor<1x4x3x3xf32>, %tw: tensor<4x3x3x3xf32>,
                  %ox: tensor<1x3x5xf32>, %ow: tensor<3x2x4xf32>,
                  %vx: tensor<1x512x4x4x4xf32>, %vw: tensor<512x256x4x4x4xf32>) {
  %0 = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<2x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<2x256x8x8xf32>
       loc("/g2/ConvTranspose")
  %1 = reram.conv %cx, %cw strides [1, 1] pads [2, 2, 2, 2] dilations [2, 2]
       groups 2
       : (tensor<1x4x7x7xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x7x7xf32>
       loc("/cg/Conv")
  %2 = reram.conv_transpose %tx, %tw strides [2, 2] pads [1, 1, 1, 1]
       dilations [1, 1] output_padding [1, 1] groups 2
       : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x6xf32>
       loc(fused["/tg/ConvTranspose", "model.onnx":3:1])
  %3 = reram.conv_transpose %ox, %ow strides [3] pads [1, 2] dilations [1]
       output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<3x2x4xf32>) -> tensor<1x2x15xf32>
  %4 = reram.conv_transpose %vx, %vw strides [2, 2, 2] pads [1, 1, 1, 1, 1, 1]
       dilations [1, 1, 1] output_padding [0, 0, 0] groups 1
       : (tensor<1x512x4x4x4xf32>, tensor<512x256x4x4x4xf32>)
         -> tensor<1x256x8x8x8xf32>
       loc("/t3d/ConvTranspose")
  return
}

// -----

// A module without layers still gets a header and a zero total.
// CHECK:      layer (ONNX node) | op | inputs | output | MACs issued | MACs useful
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: {{^-+$}}
// CHECK-NEXT: total             |    |        |        |           0 |           0

// IR-LABEL: func.func @empty
func.func @empty() {
  return
}
