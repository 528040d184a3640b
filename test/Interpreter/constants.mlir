// Constants: dense literals, splats, hex-encoded dense, and dense_resource
// blobs (as the importer writes large weights).

// RUN: rm -rf %t && mkdir -p %t
// RUN: zara-interp %s --function constants --output-dir %t
// RUN: %python %S/Inputs/check.py %t/literal.npy "[[1.5, -2], [0, 1e-3]]"
// RUN: %python %S/Inputs/check.py %t/splat.npy "np.full((2, 3), 0.25)"
// RUN: %python %S/Inputs/check.py %t/hex.npy "[1, 2]"
// RUN: %python %S/Inputs/check.py %t/resource.npy "[[1, 2], [-3, 0.5]]"
func.func @constants()
    -> (tensor<2x2xf32> {reram.onnx_name = "literal"},
        tensor<2x3xf32> {reram.onnx_name = "splat"},
        tensor<2xf32> {reram.onnx_name = "hex"},
        tensor<2x2xf32> {reram.onnx_name = "resource"}) {
  %0 = reram.constant dense<[[1.5, -2.0], [0.0, 1.0e-3]]> : tensor<2x2xf32>
  %1 = reram.constant dense<0.25> : tensor<2x3xf32>
  %2 = reram.constant dense<"0x0000803F00000040"> : tensor<2xf32>
  %3 = reram.constant dense_resource<weights> : tensor<2x2xf32>
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<2x2xf32>
}

// A resource elided when the IR was printed has no data.
// RUN: not zara-interp %s --function elided --output-dir %t 2>&1 | FileCheck %s --check-prefix=ELIDED
// ELIDED: zara-interp: error: {{.*}}constants.mlir:[[@LINE+2]]:{{[0-9]+}}: constant 'dense_resource<__elided__>' has no data (the resource was elided when the IR was printed, or is missing from the file's dialect_resources)
func.func @elided() -> tensor<2x2xf32> {
  %0 = reram.constant dense_resource<__elided__> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// Blobs: a 4-byte alignment word, then little-endian f32 elements.
{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F00000040000040C00000003F"
    }
  }
#-}
