// reram-deform-tconv and reram-lower-zero-insert have no precondition to
// fail: every verified conv_transpose is rewritten (the differential tests
// in integration_test/Deform cover thousands of geometries). What can go
// wrong is an option, which the pass-option parser rejects with the option's
// name, and ops other than conv_transpose, which the passes leave alone.
//
// RUN: not zara-opt %s --reram-deform-tconv=form=bogus 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORM
// FORM: for the --form option: Cannot find option named 'bogus'!
//
// RUN: not zara-opt %s --reram-deform-tconv=fuse-phases=maybe 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FUSE
// FUSE: for the --fuse-phases option: 'maybe' is invalid value for boolean argument! Try 0 or 1
//
// RUN: not zara-opt %s --reram-deform-tconv=fuse=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: <Pass-Options-Parser>: no such option fuse
//
// The baseline has no options.
// RUN: not zara-opt %s --reram-lower-zero-insert=form=phase 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BASELINE
// BASELINE: error: <Pass-Options-Parser>: no such option form
//
// RUN: zara-opt %s --reram-deform-tconv | FileCheck %s
// RUN: zara-opt %s --reram-lower-zero-insert | FileCheck %s

// A strided convolution (no zeros to remove in the forward direction) and a
// matrix product pass through both passes unchanged.
// CHECK-LABEL: func.func @untouched
// CHECK-NEXT: reram.conv %{{.*}}, %{{.*}} strides [2] pads [1, 1] dilations [1] groups 1
// CHECK-NEXT: reram.matmul
// CHECK-NEXT: return
func.func @untouched(%x: tensor<1x2x8xf32>, %w: tensor<3x2x4xf32>,
                     %a: tensor<2x3xf32>, %b: tensor<3x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<2x4xf32>) {
  %y = reram.conv %x, %w strides [2] pads [1, 1] dilations [1] groups 1
       : (tensor<1x2x8xf32>, tensor<3x2x4xf32>) -> tensor<1x3x4xf32>
  %m = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %y, %m : tensor<1x3x4xf32>, tensor<2x4xf32>
}
