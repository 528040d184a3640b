// RUN: zara-opt %s -split-input-file --reram-map-crossbars="replicate=false" --reram-lower-to-zisa | FileCheck %s

// Ops that do not run on crossbars (docs/Lowering.md, "Digital ops"). With
// no crossbar op, every core is spare: the ops go round robin from core 0.
//
// Case 1: an element-wise chain of single-use ops of one shape (add of two
// graph inputs, a multiply by a per-channel constant broadcast from the
// left, leaky ReLU, sigmoid) is one stage on one core: the chunk (here the
// whole 16-element tensor) is loaded into the core's buffer share, every op
// runs in place on it with the vector unit, the other operand loaded next
// to it with its broadcast strides (the 4x1x1 constant: strides [1, 0, 0]),
// and the result is stored once.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#A:]] : tensor<1x4x2x2xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#B:]] : tensor<1x4x2x2xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x4x2x2xf32>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <[[#A]], counts [4, 2, 2], strides [4, 2, 1]> to buffer <0, counts [16], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#B]], counts [4, 2, 2], strides [4, 2, 1]> to buffer <16, counts [16], strides [1]>
// CHECK-NEXT:      zisa.alu add dst <0, counts [16], strides [1]> a <0, counts [16], strides [1]> b <16, counts [16], strides [1]>
// CHECK-NEXT:      zisa.move dram <0, counts [4, 2, 2], strides [1, 0, 0]> to buffer <16, counts [16], strides [1]>
// CHECK-NEXT:      zisa.alu mul dst <0, counts [16], strides [1]> a <16, counts [16], strides [1]> b <0, counts [16], strides [1]>
// CHECK-NEXT:      zisa.alu leaky_relu dst <0, counts [16], strides [1]> a <0, counts [16], strides [1]> imm 2.500000e-01
// CHECK-NEXT:      zisa.alu sigmoid dst <0, counts [16], strides [1]> a <0, counts [16], strides [1]>
// CHECK-NEXT:      zisa.move buffer <0, counts [16], strides [1]> to dram <[[#OUT]], counts [4, 2, 2], strides [4, 2, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @chain(%a: tensor<1x4x2x2xf32>, %b: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %c = reram.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %s = reram.add %a, %b : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %m = reram.mul %c, %s : (tensor<4x1x1xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %l = reram.leaky_relu %m alpha 0.25 : tensor<1x4x2x2xf32>
  %y = reram.sigmoid %l : tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

// Case 2: chunks. A core's share of the tile buffer is 32768 / 12 = 2730
// elements, a chunk at most a third of it (910: the chain value and two
// operands). From the innermost dimension out: 32 fits, 32 x 32 does not,
// so rows are split by the largest divisor of 32 that fits 910 / 32 = 28:
// 16. Chunks of 16 x 32 = 512 elements, in loops over the 4 channels and
// the 2 halves of each; the 32-element constant is broadcast along the rows.
// CHECK-LABEL: zisa.program producer
// CHECK:         zisa.input "input_0" address [[#IN:]] : tensor<1x4x32x32xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x4x32x32xf32>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.loop 4 {
// CHECK-NEXT:        zisa.loop 2 {
// CHECK-NEXT:          zisa.move dram <[[#IN]] + 1024*i0 + 512*i1, counts [16, 32], strides [32, 1]> to buffer <0, counts [512], strides [1]>
// CHECK-NEXT:          zisa.alu tanh dst <0, counts [512], strides [1]> a <0, counts [512], strides [1]>
// CHECK-NEXT:          zisa.move dram <0, counts [16, 32], strides [0, 1]> to buffer <512, counts [512], strides [1]>
// CHECK-NEXT:          zisa.alu sub dst <0, counts [512], strides [1]> a <0, counts [512], strides [1]> b <512, counts [512], strides [1]>
// CHECK-NEXT:          zisa.move buffer <0, counts [512], strides [1]> to dram <[[#OUT]] + 1024*i0 + 512*i1, counts [16, 32], strides [32, 1]>
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
func.func @chunks(%a: tensor<1x4x32x32xf32>) -> tensor<1x4x32x32xf32> {
  %c = reram.constant dense<2.0> : tensor<32xf32>
  %t = reram.tanh %a : tensor<1x4x32x32xf32>
  %y = reram.sub %t, %c : (tensor<1x4x32x32xf32>, tensor<32xf32>) -> tensor<1x4x32x32xf32>
  return %y : tensor<1x4x32x32xf32>
}

// -----

// Case 3: a batch norm whose mean is a graph input (as in ONNX node tests):
// the core first computes scale = s * rsqrt(var + eps) and shift = beta -
// mean * scale from the four parameter vectors, stores them to DRAM, then
// applies them to the chunk with stride-0 broadcasts (scale_shift).
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.weights address 0 = dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    zisa.input "input_0" address [[#X:]] : tensor<1x3x2x2xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#MEAN:]] : tensor<3xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#OUT:]] : tensor<1x3x2x2xf32>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <0, counts [3], strides [1]> to buffer <0, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <0, counts [3], strides [1]> to buffer <3, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#MEAN]], counts [3], strides [1]> to buffer <6, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <0, counts [3], strides [1]> to buffer <9, counts [3], strides [1]>
// CHECK-NEXT:      zisa.alu rsqrt dst <9, counts [3], strides [1]> a <9, counts [3], strides [1]> imm 5.000000e-01
// CHECK-NEXT:      zisa.alu mul dst <9, counts [3], strides [1]> a <9, counts [3], strides [1]> b <0, counts [3], strides [1]>
// CHECK-NEXT:      zisa.alu mul dst <6, counts [3], strides [1]> a <6, counts [3], strides [1]> b <9, counts [3], strides [1]>
// CHECK-NEXT:      zisa.alu sub dst <3, counts [3], strides [1]> a <3, counts [3], strides [1]> b <6, counts [3], strides [1]>
// CHECK-NEXT:      zisa.move buffer <9, counts [3], strides [1]> to dram <[[#SCALE:]], counts [3], strides [1]>
// CHECK-NEXT:      zisa.move buffer <3, counts [3], strides [1]> to dram <[[#SHIFT:]], counts [3], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#X]], counts [3, 2, 2], strides [4, 2, 1]> to buffer <0, counts [12], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#SCALE]], counts [3, 2, 2], strides [1, 0, 0]> to buffer <12, counts [12], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#SHIFT]], counts [3, 2, 2], strides [1, 0, 0]> to buffer <24, counts [12], strides [1]>
// CHECK-NEXT:      zisa.alu scale_shift dst <0, counts [12], strides [1]> a <0, counts [12], strides [1]> b <12, counts [12], strides [1]> c <24, counts [12], strides [1]>
// CHECK-NEXT:      zisa.move buffer <0, counts [12], strides [1]> to dram <[[#OUT]], counts [3, 2, 2], strides [4, 2, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @runtime_batch_norm(%x: tensor<1x3x2x2xf32>, %m: tensor<3xf32>) -> tensor<1x3x2x2xf32> {
  %s = reram.constant dense<1.0> : tensor<3xf32>
  %y = reram.batch_norm %x, %s, %s, %m, %s epsilon 0.5
       : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// Case 4: data movement, DRAM to DRAM, one op per spare core (round robin):
// a transpose reads with permuted strides (dimensions contiguous on both
// sides merge: 6 = 2 channels x 3 rows at stride 4); a concatenation copies
// each input to its offset along the axis; the baseline's zero insertion
// fills its result with zeros (tagged Zero) and scatters the input every
// 3rd position, dropping the positions a negative padding crops (input 0
// and 4: out positions -2 and 10); depth-to-space copies each of the 4
// block positions' channel groups to every 2nd row and column from its
// offset. A reshape of an unpadded tensor is no copy at all: its result is
// bound where its input is.
// CHECK-LABEL: zisa.program producer
// CHECK-NEXT:    zisa.input "input_0" address [[#X:]] : tensor<1x2x3x4xf32>
// CHECK-NEXT:    zisa.input "input_1" address [[#Z:]] : tensor<1x2x5xf32>
// CHECK-NEXT:    zisa.input "input_2" address [[#D:]] : tensor<1x8x2x2xf32>
// CHECK-NEXT:    zisa.output "output_0" address [[#T:]] : tensor<1x4x2x3xf32>
// CHECK-NEXT:    zisa.output "output_1" address [[#C:]] : tensor<1x4x3x4xf32>
// CHECK-NEXT:    zisa.output "output_2" address [[#I:]] : tensor<1x2x10xf32>
// CHECK-NEXT:    zisa.output "output_3" address [[#S:]] : tensor<1x2x4x4xf32>
// CHECK-NEXT:    zisa.output "output_4" address [[#X]] : tensor<1x24xf32>
// CHECK-NEXT:    zisa.core tile 0 core 0 {
// CHECK-NEXT:      zisa.move dram <[[#X]], counts [4, 6], strides [1, 4]> to dram <[[#T]], counts [4, 6], strides [6, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 1 {
// CHECK-NEXT:      zisa.move dram <[[#X]], counts [24], strides [1]> to dram <[[#C]], counts [24], strides [1]>
// CHECK-NEXT:      zisa.move dram <[[#X]], counts [24], strides [1]> to dram <[[#C+24]], counts [24], strides [1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 2 {
// CHECK-NEXT:      zisa.fill dram <[[#I]], counts [20], strides [1]> value 0.000000e+00{{$}}
// CHECK-NEXT:      zisa.move dram <[[#Z+1]], counts [2, 3], strides [5, 1]> to dram <[[#I+1]], counts [2, 3], strides [10, 3]>
// CHECK-NEXT:    }
// CHECK-NEXT:    zisa.core tile 0 core 3 {
// CHECK-NEXT:      zisa.move dram <[[#D]], counts [4, 2], strides [2, 1]> to dram <[[#S]], counts [4, 2], strides [8, 2]>
// CHECK-NEXT:      zisa.move dram <[[#D+8]], counts [4, 2], strides [2, 1]> to dram <[[#S+1]], counts [4, 2], strides [8, 2]>
// CHECK-NEXT:      zisa.move dram <[[#D+16]], counts [4, 2], strides [2, 1]> to dram <[[#S+4]], counts [4, 2], strides [8, 2]>
// CHECK-NEXT:      zisa.move dram <[[#D+24]], counts [4, 2], strides [2, 1]> to dram <[[#S+5]], counts [4, 2], strides [8, 2]>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @moves(%x: tensor<1x2x3x4xf32>, %z: tensor<1x2x5xf32>, %d: tensor<1x8x2x2xf32>)
    -> (tensor<1x4x2x3xf32>, tensor<1x4x3x4xf32>, tensor<1x2x10xf32>,
        tensor<1x2x4x4xf32>, tensor<1x24xf32>) {
  %t = reram.transpose %x permutation [0, 3, 1, 2] : tensor<1x2x3x4xf32> -> tensor<1x4x2x3xf32>
  %c = reram.concat %x, %x axis 1
       : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x4x3x4xf32>
  %i = reram.zero_insert %z strides [3] pads [-2, -1] : tensor<1x2x5xf32> -> tensor<1x2x10xf32>
  %s = reram.depth_to_space %d block_sizes [2, 2] : tensor<1x8x2x2xf32> -> tensor<1x2x4x4xf32>
  %r = reram.reshape %x : tensor<1x2x3x4xf32> -> tensor<1x24xf32>
  return %t, %c, %i, %s, %r : tensor<1x4x2x3xf32>, tensor<1x4x3x4xf32>, tensor<1x2x10xf32>,
                              tensor<1x2x4x4xf32>, tensor<1x24xf32>
}
