// The folders of reshape, transpose and constant, driven by the canonicalizer.
// Expected constants are computed with NumPy (reshape, transpose), not with
// zara.
//
// RUN: zara-opt %s -canonicalize -split-input-file | FileCheck %s

// A reshape to the input's own type is the input.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: reram.reshape
// CHECK: return %[[X]]
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = reram.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// A chain of reshapes is one reshape of the original input.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x512x4x4xf32>)
// CHECK: %[[Y:.*]] = reram.reshape %[[X]] : tensor<1x512x4x4xf32> -> tensor<1x8192xf32>
// CHECK-NOT: reram.reshape
// CHECK: return %[[Y]]
func.func @reshape_chain(%x: tensor<1x512x4x4xf32>) -> tensor<1x8192xf32> {
  %0 = reram.reshape %x : tensor<1x512x4x4xf32> -> tensor<512x16xf32>
  %1 = reram.reshape %0 : tensor<512x16xf32> -> tensor<8192xf32>
  %2 = reram.reshape %1 : tensor<8192xf32> -> tensor<1x8192xf32>
  return %2 : tensor<1x8192xf32>
}

// A chain back to the input's shape disappears.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: reram.reshape
// CHECK: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = reram.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = reram.reshape %0 : tensor<6xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// A reshape of a constant is a constant of the new type, elements in the
// same row-major order.
// CHECK-LABEL: func.func @reshape_constant
// CHECK-DAG: %[[A:.*]] = reram.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG: %[[B:.*]] = reram.constant dense<5.000000e-01> : tensor<1x4xf32>
// CHECK-NOT: reram.reshape
// CHECK: return %[[A]], %[[B]]
func.func @reshape_constant() -> (tensor<3x2xf32>, tensor<1x4xf32>) {
  %c = reram.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = reram.reshape %c : tensor<2x3xf32> -> tensor<3x2xf32>
  %s = reram.constant dense<0.5> : tensor<2x2xf32>
  %1 = reram.reshape %s : tensor<2x2xf32> -> tensor<1x4xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<1x4xf32>
}

// -----

// A reshape of a resource constant keeps the blob: only the type changes,
// and the bytes are neither copied nor changed.
// CHECK-LABEL: func.func @reshape_resource
// CHECK: %[[W:.*]] = reram.constant dense_resource<fc.weight> : tensor<4xf32>
// CHECK-NOT: reram.reshape
// CHECK: return %[[W]]
// CHECK: fc.weight: "0x040000000000803F00000040000000BF0000803E"
func.func @reshape_resource() -> tensor<4xf32> {
  %w = reram.constant dense_resource<fc.weight> : tensor<2x2xf32>
  %0 = reram.reshape %w : tensor<2x2xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      fc.weight: "0x040000000000803F00000040000000BF0000803E"
    }
  }
#-}

// -----

// The identity permutation is the input.
// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: reram.transpose
// CHECK: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %y = reram.transpose %x permutation [0, 1, 2]
       : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// A transpose of a square matrix has the input's type but is no identity:
// it must stay.
// CHECK-LABEL: func.func @transpose_square
// CHECK: reram.transpose %{{.*}} permutation [1, 0] : tensor<3x3xf32> -> tensor<3x3xf32>
func.func @transpose_square(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %y = reram.transpose %x permutation [1, 0] : tensor<3x3xf32> -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// Two transposes compose: [2, 0, 1] then [0, 2, 1] takes result dimension k
// from input dimension [2, 0, 1][[0, 2, 1][k]] = [2, 1, 0][k].
// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[Y:.*]] = reram.transpose %[[X]] permutation [2, 1, 0] : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NOT: reram.transpose
// CHECK: return %[[Y]]
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = reram.transpose %x permutation [2, 0, 1]
       : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = reram.transpose %0 permutation [0, 2, 1]
       : tensor<4x2x3xf32> -> tensor<4x3x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// A transpose and its inverse cancel.
// CHECK-LABEL: func.func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: reram.transpose
// CHECK: return %[[X]]
func.func @transpose_inverse(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = reram.transpose %x permutation [2, 0, 1]
       : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = reram.transpose %0 permutation [1, 2, 0]
       : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Transposes of dense constants fold (as Gemm's transB on a constant weight
// does). NumPy: arange(6).reshape(2, 3).T and
// arange(24).reshape(2, 3, 4).transpose(2, 0, 1).
// CHECK-LABEL: func.func @transpose_constant
// CHECK-DAG: %[[A:.*]] = reram.constant dense<{{\[}}[0.000000e+00, 3.000000e+00], [1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG: %[[B:.*]] = reram.constant dense<{{\[}}{{\[}}[0.000000e+00, 4.000000e+00, 8.000000e+00], [1.200000e+01, 1.600000e+01, 2.000000e+01]], {{\[}}[1.000000e+00, 5.000000e+00, 9.000000e+00], [1.300000e+01, 1.700000e+01, 2.100000e+01]], {{\[}}[2.000000e+00, 6.000000e+00, 1.000000e+01], [1.400000e+01, 1.800000e+01, 2.200000e+01]], {{\[}}[3.000000e+00, 7.000000e+00, 1.100000e+01], [1.500000e+01, 1.900000e+01, 2.300000e+01]]]> : tensor<4x2x3xf32>
// CHECK-DAG: %[[C:.*]] = reram.constant dense<2.500000e-01> : tensor<3x2xf32>
// CHECK-NOT: reram.transpose
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @transpose_constant()
    -> (tensor<3x2xf32>, tensor<4x2x3xf32>, tensor<3x2xf32>) {
  %a = reram.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>
  %0 = reram.transpose %a permutation [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %b = reram.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0],
                              [8.0, 9.0, 10.0, 11.0]],
                             [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0],
                              [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %1 = reram.transpose %b permutation [2, 0, 1]
       : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %c = reram.constant dense<0.25> : tensor<2x3xf32>
  %2 = reram.transpose %c permutation [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<4x2x3xf32>, tensor<3x2xf32>
}

// -----

// A transpose of a resource constant is left alone: folding it would copy
// the weight out of its blob.
// CHECK-LABEL: func.func @transpose_resource
// CHECK: %[[W:.*]] = reram.constant dense_resource<fc.weight> : tensor<2x2xf32>
// CHECK: reram.transpose %[[W]] permutation [1, 0]
func.func @transpose_resource() -> tensor<2x2xf32> {
  %w = reram.constant dense_resource<fc.weight> : tensor<2x2xf32>
  %0 = reram.transpose %w permutation [1, 0] : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      fc.weight: "0x040000000000803F00000040000000BF0000803E"
    }
  }
#-}

// -----

// A concatenation of one input is that input; of several, it stays.
// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK: %[[C:.*]] = reram.concat %[[A]], %[[A]] axis 1
// CHECK: return %[[A]], %[[C]]
func.func @concat_single(%a: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x6xf32>) {
  %0 = reram.concat %a axis 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = reram.concat %a, %a axis 1 : (tensor<2x3xf32>, tensor<2x3xf32>)
                                    -> tensor<2x6xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x6xf32>
}

// -----

// Equal constants are uniqued, unused ones erased, and a constant feeding a
// computing op stays a reram.constant (materialised by the dialect).
// CHECK-LABEL: func.func @constants
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[C:.*]] = reram.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NOT: reram.constant
// CHECK: %[[A:.*]] = reram.add %[[X]], %[[C]]
// CHECK: reram.mul %[[A]], %[[C]]
func.func @constants(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = reram.constant dense<1.0> : tensor<4xf32>
  %1 = reram.constant dense<1.0> : tensor<4xf32>
  %unused = reram.constant dense<2.0> : tensor<4xf32>
  %2 = reram.add %x, %0 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = reram.mul %2, %1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// reram ops are Pure: an unused one is erased, a used one without a folder
// stays.
// CHECK-LABEL: func.func @dead_code
// CHECK-NOT: reram.relu
// CHECK: reram.tanh
func.func @dead_code(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = reram.relu %x : tensor<4xf32>
  %1 = reram.tanh %x : tensor<4xf32>
  return %1 : tensor<4xf32>
}
