// Inputs as ONNX TensorProto files (the format of the ONNX backend test
// data): raw_data and the typed float_data/double_data fields.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np, onnx; from onnx import helper, numpy_helper, TensorProto as T; a = np.float32([[1.5, -2, 3], [4, 5, 6.25]]); w = lambda t, f: open('%t/' + f, 'wb').write(t.SerializeToString()); w(numpy_helper.from_array(a, 'x'), 'raw.pb'); w(helper.make_tensor('x', T.FLOAT, [2, 3], a.flatten().tolist()), 'float_data.pb'); w(numpy_helper.from_array(a.astype(np.float64), 'x'), 'raw64.pb'); w(helper.make_tensor('x', T.DOUBLE, [2, 3], a.flatten().tolist()), 'double_data.pb'); w(numpy_helper.from_array(np.int32([[1, 2, 3], [4, 5, 6]]), 'x'), 'int.pb'); s = T(data_type=T.FLOAT, dims=[2, 3], float_data=[1, 2]); w(s, 'short.pb'); t = numpy_helper.from_array(a, 'x'); t.raw_data = t.raw_data[:-1]; w(t, 'short_raw.pb')"

// RUN: zara-interp %s --input x=%t/raw.pb --output-dir %t/raw
// RUN: %python %S/Inputs/check.py %t/raw/y.npy "[[3, -4, 6], [8, 10, 12.5]]"
// RUN: zara-interp %s --input x=%t/float_data.pb --output-dir %t/float_data
// RUN: %python %S/Inputs/check.py %t/float_data/y.npy "[[3, -4, 6], [8, 10, 12.5]]"
// RUN: zara-interp %s --input x=%t/raw64.pb --output-dir %t/raw64
// RUN: %python %S/Inputs/check.py %t/raw64/y.npy "[[3, -4, 6], [8, 10, 12.5]]"
// RUN: zara-interp %s --input x=%t/double_data.pb --output-dir %t/double_data
// RUN: %python %S/Inputs/check.py %t/double_data/y.npy "[[3, -4, 6], [8, 10, 12.5]]"

// RUN: not zara-interp %s --input x=%t/int.pb --output-dir %t/err 2>&1 | FileCheck %s --check-prefix=INT
// INT: zara-interp: error: '{{.*}}int.pb': unsupported TensorProto data type 6; expected FLOAT (1) or DOUBLE (11)
// RUN: not zara-interp %s --input x=%t/short.pb --output-dir %t/err 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: zara-interp: error: '{{.*}}short.pb': float_data holds 2 elements, but the dims need 6
// RUN: not zara-interp %s --input x=%t/short_raw.pb --output-dir %t/err 2>&1 | FileCheck %s --check-prefix=SHORTRAW
// SHORTRAW: zara-interp: error: '{{.*}}short_raw.pb': raw_data holds 23 bytes, but the dims need 24

func.func @double(%x: tensor<2x3xf32> {reram.onnx_name = "x"})
    -> (tensor<2x3xf32> {reram.onnx_name = "y"}) {
  %0 = reram.add %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
