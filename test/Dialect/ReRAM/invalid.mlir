// Every verifier rule and every ODS constraint of the reram ops, one case
// each, with the full expected message. The expected output sizes are worked
// out by hand in the comments, not taken from the verifier.
//
// RUN: zara-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Element type and static shape (ODS), shared by every op
//===----------------------------------------------------------------------===//

func.func @conv_input_not_f32(%x: tensor<1x1x4xf16>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x1x4xf16>'}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf16>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_input_dynamic(%x: tensor<?x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x1x4xf32>'}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<?x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_input_unranked(%x: tensor<*xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<*xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_weight_not_f32(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xi8>) {
  // expected-error @+1 {{'reram.conv' op operand #1 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x1x3xi8>'}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xi8>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_bias_rank_2(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>,
                            %b: tensor<1x1xf32>) {
  // expected-error @+1 {{'reram.conv' op operand #2 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<1x1xf32>'}}
  %y = reram.conv %x, %w, %b strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>, tensor<1x1xf32>)
         -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_bias_dynamic(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>,
                             %b: tensor<?xf32>) {
  // expected-error @+1 {{'reram.conv' op operand #2 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<?xf32>'}}
  %y = reram.conv %x, %w, %b strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>, tensor<?xf32>)
         -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_result_dynamic(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x1x?xf32>'}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return
}

// -----

func.func @conv_transpose_bias_dynamic(%x: tensor<1x1x4xf32>,
                                       %w: tensor<1x1x3xf32>,
                                       %b: tensor<?xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op operand #2 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<?xf32>'}}
  %y = reram.conv_transpose %x, %w, %b strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>, tensor<?xf32>)
         -> tensor<1x1x6xf32>
  return
}

// -----

func.func @conv_transpose_input_not_f32(%x: tensor<1x1x4xf64>,
                                        %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<1x1x4xf64>'}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf64>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return
}

// -----

func.func @matmul_lhs_rank_3(%a: tensor<1x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'reram.matmul' op operand #0 must be 2-D statically shaped tensor of 32-bit float values, but got 'tensor<1x2x3xf32>'}}
  %y = reram.matmul %a, %b : (tensor<1x2x3xf32>, tensor<3x4xf32>)
                             -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_rhs_dynamic(%a: tensor<2x3xf32>, %b: tensor<3x?xf32>) {
  // expected-error @+1 {{'reram.matmul' op operand #1 must be 2-D statically shaped tensor of 32-bit float values, but got 'tensor<3x?xf32>'}}
  %y = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x?xf32>)
                             -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_rank_1(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'reram.matmul' op result #0 must be 2-D statically shaped tensor of 32-bit float values, but got 'tensor<8xf32>'}}
  %y = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @batch_norm_scale_rank_2(%x: tensor<1x2x3xf32>, %s: tensor<1x2xf32>,
                                   %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op operand #1 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<1x2xf32>'}}
  %y = reram.batch_norm %x, %s, %p, %p, %p epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_variance_dynamic(%x: tensor<1x2x3xf32>,
                                       %p: tensor<2xf32>, %v: tensor<?xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op operand #4 must be 1-D statically shaped tensor of 32-bit float values, but got 'tensor<?xf32>'}}
  %y = reram.batch_norm %x, %p, %p, %p, %v epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<?xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_epsilon_not_f32(%x: tensor<1x2x3xf32>,
                                      %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = "reram.batch_norm"(%x, %p, %p, %p, %p) <{epsilon = 1.0e-05 : f64}>
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @relu_not_f32(%x: tensor<4xi32>) {
  // expected-error @+1 {{'reram.relu' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %y = reram.relu %x : tensor<4xi32>
  return
}

// -----

func.func @tanh_dynamic(%x: tensor<?xf32>) {
  // expected-error @+1 {{'reram.tanh' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?xf32>'}}
  %y = reram.tanh %x : tensor<?xf32>
  return
}

// -----

func.func @sigmoid_result_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'reram.sigmoid' op requires the same type for all operands and results}}
  %y = "reram.sigmoid"(%x) : (tensor<4xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @leaky_relu_result_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'reram.leaky_relu' op requires the same type for all operands and results}}
  %y = "reram.leaky_relu"(%x) <{alpha = 2.0e-01 : f32}>
       : (tensor<4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @leaky_relu_alpha_not_f32(%x: tensor<4xf32>) {
  // expected-error @+1 {{'reram.leaky_relu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %y = "reram.leaky_relu"(%x) <{alpha = 2.0e-01 : f64}>
       : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// An attribute of the wrong kind is already refused when the generic form's
// properties are converted.
func.func @leaky_relu_alpha_not_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {alpha = 2 : i32} for op reram.leaky_relu: Invalid attribute `alpha` in property conversion: 2 : i32}}
  %y = "reram.leaky_relu"(%x) <{alpha = 2 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @leaky_relu_alpha_missing(%x: tensor<4xf32>) {
  // expected-error @+1 {{'reram.leaky_relu' op requires attribute 'alpha'}}
  %y = "reram.leaky_relu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @add_not_f32(%a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'reram.add' op operand #1 must be statically shaped tensor of 32-bit float values, but got 'tensor<4xbf16>'}}
  %y = reram.add %a, %b : (tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return
}

// -----

func.func @reshape_dynamic(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'reram.reshape' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x4xf32>'}}
  %y = reram.reshape %x : tensor<?x4xf32> -> tensor<8xf32>
  return
}

// -----

func.func @transpose_not_f32(%x: tensor<2x3xi1>) {
  // expected-error @+1 {{'reram.transpose' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<2x3xi1>'}}
  %y = reram.transpose %x permutation [1, 0] : tensor<2x3xi1> -> tensor<3x2xf32>
  return
}

// -----

func.func @concat_input_dynamic(%a: tensor<2x3xf32>, %b: tensor<?x3xf32>) {
  // expected-error @+1 {{'reram.concat' op operand #1 must be variadic of statically shaped tensor of 32-bit float values, but got 'tensor<?x3xf32>'}}
  %y = reram.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<?x3xf32>)
                                    -> tensor<4x3xf32>
  return
}

// -----

func.func @constant_not_f32() {
  // expected-error @+1 {{'reram.constant' op result #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<2xi32>'}}
  %0 = reram.constant dense<1> : tensor<2xi32>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'reram.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "reram.constant"() <{value = dense<1.0> : tensor<2xf32>}>
       : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_not_elements() {
  // expected-error @+1 {{invalid properties {value = 1.000000e+00 : f32} for op reram.constant: Invalid attribute `value` in property conversion: 1.000000e+00 : f32}}
  %0 = "reram.constant"() <{value = 1.0 : f32}> : () -> tensor<f32>
  return
}

// -----

func.func @constant_missing_value() {
  // expected-error @+1 {{'reram.constant' op requires attribute 'value'}}
  %0 = "reram.constant"() : () -> tensor<f32>
  return
}

//===----------------------------------------------------------------------===//
// Positive groups, non-negative concat axis (ODS attribute constraints)
//===----------------------------------------------------------------------===//

// -----

func.func @conv_groups_zero(%x: tensor<1x2x4xf32>, %w: tensor<2x2x3xf32>) {
  // expected-error @+1 {{'reram.conv' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 0
       : (tensor<1x2x4xf32>, tensor<2x2x3xf32>) -> tensor<1x2x2xf32>
  return
}

// -----

func.func @conv_transpose_groups_negative(%x: tensor<1x2x4xf32>,
                                          %w: tensor<2x2x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups -1
       : (tensor<1x2x4xf32>, tensor<2x2x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

func.func @concat_axis_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.concat' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %y = reram.concat %a, %a axis -1 : (tensor<2x3xf32>, tensor<2x3xf32>)
                                     -> tensor<2x6xf32>
  return
}

// -----

// An array attribute is not a dense i64 array.
func.func @conv_strides_not_array(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{invalid properties {dilations = array<i64: 1>, groups = 1 : i64, pads = array<i64: 0, 0>, strides = [1]} for op reram.conv: Invalid attribute `strides` in property conversion: [1]}}
  %y = "reram.conv"(%x, %w) <{strides = [1], pads = array<i64: 0, 0>,
                              dilations = array<i64: 1>, groups = 1 : i64}>
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv and conv_transpose: ranks and attribute lengths
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_rank_2(%x: tensor<1x4xf32>, %w: tensor<1x4xf32>) {
  // expected-error @+1 {{'reram.conv' op input must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 2}}
  %y = reram.conv %x, %w strides [] pads [] dilations [] groups 1
       : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
  return
}

// -----

func.func @conv_transpose_input_rank_6(%x: tensor<1x1x2x2x2x2xf32>,
                                       %w: tensor<1x1x1x1x1x1xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op input must have rank 3, 4 or 5 (N x C x 1-3 spatial dims), got rank 6}}
  %y = reram.conv_transpose %x, %w strides [1, 1, 1, 1]
       pads [0, 0, 0, 0, 0, 0, 0, 0] dilations [1, 1, 1, 1]
       output_padding [0, 0, 0, 0] groups 1
       : (tensor<1x1x2x2x2x2xf32>, tensor<1x1x1x1x1x1xf32>)
         -> tensor<1x1x2x2x2x2xf32>
  return
}

// -----

// The kernel must have as many spatial dimensions as the input.
func.func @conv_weight_rank(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op weight rank 4 does not match input rank 3}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_transpose_weight_rank(%x: tensor<1x1x4x4xf32>,
                                      %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op weight rank 3 does not match input rank 4}}
  %y = reram.conv_transpose %x, %w strides [1, 1] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

func.func @conv_result_rank(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result rank 2 does not match input rank 3}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @conv_transpose_result_rank(%x: tensor<1x1x4xf32>,
                                      %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result rank 4 does not match input rank 3}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6x1xf32>
  return
}

// -----

func.func @conv_strides_length(%x: tensor<1x1x4x4xf32>,
                               %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op expected 2 strides, got 1}}
  %y = reram.conv %x, %w strides [1] pads [0, 0, 0, 0] dilations [1, 1]
       groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @conv_transpose_strides_length(%x: tensor<1x1x4xf32>,
                                         %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op expected 1 strides, got 2}}
  %y = reram.conv_transpose %x, %w strides [1, 1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return
}

// -----

func.func @conv_dilations_length(%x: tensor<1x1x4x4x4xf32>,
                                 %w: tensor<1x1x3x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op expected 3 dilations, got 2}}
  %y = reram.conv %x, %w strides [1, 1, 1] pads [0, 0, 0, 0, 0, 0]
       dilations [1, 1] groups 1
       : (tensor<1x1x4x4x4xf32>, tensor<1x1x3x3x3xf32>)
         -> tensor<1x1x2x2x2xf32>
  return
}

// -----

func.func @conv_transpose_dilations_length(%x: tensor<1x1x4xf32>,
                                           %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op expected 1 dilations, got 0}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations []
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return
}

// -----

// One pad per dimension is not enough: pads lists begin and end pads.
func.func @conv_pads_length(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op expected 4 pads (begin pads, then end pads), got 2}}
  %y = reram.conv %x, %w strides [1, 1] pads [1, 1] dilations [1, 1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv_transpose_pads_length(%x: tensor<1x1x4xf32>,
                                      %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op expected 2 pads (begin pads, then end pads), got 3}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return
}

// -----

func.func @conv_transpose_output_padding_length(%x: tensor<1x1x4x4xf32>,
                                                %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op expected 2 output_padding values, got 1}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x9x9xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv and conv_transpose: attribute ranges
//===----------------------------------------------------------------------===//

// -----

func.func @conv_stride_zero(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op strides must be positive}}
  %y = reram.conv %x, %w strides [0] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_transpose_stride_negative(%x: tensor<1x1x4x4xf32>,
                                          %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op strides must be positive}}
  %y = reram.conv_transpose %x, %w strides [1, -2] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op dilations must be positive}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_transpose_dilation_zero(%x: tensor<1x1x4xf32>,
                                        %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op dilations must be positive}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [0]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x6xf32>
  return
}

// -----

func.func @conv_pad_negative(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op pads must be non-negative}}
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, -1] dilations [1, 1]
       groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x1xf32>
  return
}

// -----

// A negative pad would crop the output; ONNX does not allow it.
func.func @conv_transpose_pad_negative(%x: tensor<1x1x4xf32>,
                                       %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op pads must be non-negative}}
  %y = reram.conv_transpose %x, %w strides [1] pads [-1, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x7xf32>
  return
}

// -----

// output_padding must stay below the stride (2) or the dilation (1).
func.func @conv_transpose_output_padding_equals_stride(
    %x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op output_padding[1] = 2 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [0, 0, 0, 0]
       dilations [1, 1] output_padding [1, 2] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x10x11xf32>
  return
}

// -----

// With stride 1 and dilation 2, output_padding 2 reaches the dilation.
func.func @conv_transpose_output_padding_equals_dilation(
    %x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op output_padding[0] = 2 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [2]
       output_padding [2] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x10xf32>
  return
}

// -----

func.func @conv_transpose_output_padding_negative(%x: tensor<1x1x4xf32>,
                                                  %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op output_padding[0] = -1 must be non-negative and smaller than the stride or the dilation of its dimension}}
  %y = reram.conv_transpose %x, %w strides [2] pads [0, 0] dilations [1]
       output_padding [-1] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x8xf32>
  return
}

// -----

func.func @conv_kernel_zero(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x0xf32>) {
  // expected-error @+1 {{'reram.conv' op kernel sizes must be positive}}
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1]
       groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x0xf32>) -> tensor<1x1x2x5xf32>
  return
}

// -----

func.func @conv_transpose_kernel_zero(%x: tensor<1x1x4xf32>,
                                      %w: tensor<1x1x0xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op kernel sizes must be positive}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x0xf32>) -> tensor<1x1x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv: channels, groups, batch, bias
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_channels_vs_groups(%x: tensor<1x3x4xf32>,
                                         %w: tensor<4x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op input channels (3) are not divisible by groups (2)}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 2
       : (tensor<1x3x4xf32>, tensor<4x1x3xf32>) -> tensor<1x4x2xf32>
  return
}

// -----

func.func @conv_output_channels_vs_groups(%x: tensor<1x4x4xf32>,
                                          %w: tensor<3x2x3xf32>) {
  // expected-error @+1 {{'reram.conv' op output channels (3) are not divisible by groups (2)}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 2
       : (tensor<1x4x4xf32>, tensor<3x2x3xf32>) -> tensor<1x3x2xf32>
  return
}

// -----

// With 2 groups of 2 channels the weight's second dimension must be 2.
func.func @conv_weight_channels_per_group(%x: tensor<1x4x4xf32>,
                                          %w: tensor<4x4x3xf32>) {
  // expected-error @+1 {{'reram.conv' op weight expects 4 input channels per group, but the input has 4 channels in 2 group(s)}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 2
       : (tensor<1x4x4xf32>, tensor<4x4x3xf32>) -> tensor<1x4x2xf32>
  return
}

// -----

func.func @conv_weight_channels(%x: tensor<1x3x4x4xf32>,
                                %w: tensor<8x2x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op weight expects 2 input channels per group, but the input has 3 channels in 1 group(s)}}
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1]
       groups 1
       : (tensor<1x3x4x4xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @conv_result_batch(%x: tensor<2x1x4xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result batch 1 does not match input batch 2}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<2x1x4xf32>, tensor<1x1x3xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @conv_result_channels(%x: tensor<1x1x4xf32>, %w: tensor<5x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result has 4 channels but the weight has 5 output channels}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<5x1x3xf32>) -> tensor<1x4x2xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x1x4xf32>, %w: tensor<5x1x3xf32>,
                          %b: tensor<4xf32>) {
  // expected-error @+1 {{'reram.conv' op bias has 4 elements but the result has 5 channels}}
  %y = reram.conv %x, %w, %b strides [1] pads [0, 0] dilations [1] groups 1
       : (tensor<1x1x4xf32>, tensor<5x1x3xf32>, tensor<4xf32>)
         -> tensor<1x5x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv: spatial output sizes
//===----------------------------------------------------------------------===//

// -----

// (9 + 1 + 0 - 3) / 2 + 1 = 4, not 5.
func.func @conv_1d_output_size(%x: tensor<1x2x9xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result spatial dimension 0 is 5 but the convolution arithmetic gives 4}}
  %y = reram.conv %x, %w strides [2] pads [1, 0] dilations [1] groups 1
       : (tensor<1x2x9xf32>, tensor<4x2x3xf32>) -> tensor<1x4x5xf32>
  return
}

// -----

// The first DCGAN-64 discriminator layer without its padding:
// (64 - 4) / 2 + 1 = 31, not 32.
func.func @conv_2d_output_size_dim_0(%x: tensor<1x3x64x64xf32>,
                                     %w: tensor<64x3x4x4xf32>) {
  // expected-error @+1 {{'reram.conv' op result spatial dimension 0 is 32 but the convolution arithmetic gives 31}}
  %y = reram.conv %x, %w strides [2, 2] pads [0, 1, 0, 1] dilations [1, 1]
       groups 1
       : (tensor<1x3x64x64xf32>, tensor<64x3x4x4xf32>) -> tensor<1x64x32x32xf32>
  return
}

// -----

// Dimension 1 has dilation 2: (8 + 0 - 5) / 1 + 1 = 4, not 6.
func.func @conv_2d_output_size_dim_1(%x: tensor<1x1x8x8xf32>,
                                     %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv' op result spatial dimension 1 is 6 but the convolution arithmetic gives 4}}
  %y = reram.conv %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 2]
       groups 1
       : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

// Dimension 2 has stride 3: (8 - 1) / 3 + 1 = 3, not 8.
func.func @conv_3d_output_size_dim_2(%x: tensor<1x1x6x7x8xf32>,
                                     %w: tensor<1x1x3x2x1xf32>) {
  // expected-error @+1 {{'reram.conv' op result spatial dimension 2 is 8 but the convolution arithmetic gives 3}}
  %y = reram.conv %x, %w strides [1, 1, 3] pads [1, 0, 0, 1, 1, 0]
       dilations [1, 1, 1] groups 1
       : (tensor<1x1x6x7x8xf32>, tensor<1x1x3x2x1xf32>) -> tensor<1x1x6x7x8xf32>
  return
}

// -----

// A dilated kernel spanning 2 * (3 - 1) + 1 = 5 does not fit into 3 + 1 + 0.
func.func @conv_no_output(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op spatial dimension 0 has no output: input 3, kernel 3, stride 1, dilation 2, pads 1/0}}
  %y = reram.conv %x, %w strides [1] pads [1, 0] dilations [2] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

// A dilation of 2^63 - 1 overflows dil * (K - 1): there is no output size
// (with wrapping arithmetic this once came out as 5 and verified).
func.func @conv_dilation_overflow(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op spatial dimension 0 has no output: input 3, kernel 3, stride 1, dilation 9223372036854775807, pads 0/0}}
  %y = reram.conv %x, %w strides [1] pads [0, 0] dilations [9223372036854775807]
       groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
  return
}

// -----

func.func @conv_pads_overflow(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv' op spatial dimension 0 has no output: input 3, kernel 3, stride 1, dilation 1, pads 9223372036854775807/1}}
  %y = reram.conv %x, %w strides [1] pads [9223372036854775807, 1]
       dilations [1] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv_transpose: channels, groups, batch, bias
//===----------------------------------------------------------------------===//

// -----

func.func @conv_transpose_input_channels_vs_groups(%x: tensor<1x3x4xf32>,
                                                   %w: tensor<3x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op input channels (3) are not divisible by groups (2)}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 2
       : (tensor<1x3x4xf32>, tensor<3x1x3xf32>) -> tensor<1x2x6xf32>
  return
}

// -----

// With groups the weight is still Cin x Cout/groups x K: its first
// dimension is the full input channel count (4), not Cin/groups (2).
func.func @conv_transpose_weight_channels_groups(%x: tensor<1x4x4xf32>,
                                                 %w: tensor<2x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op weight has 2 input channels but the input has 4}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 2
       : (tensor<1x4x4xf32>, tensor<2x3x3xf32>) -> tensor<1x6x6xf32>
  return
}

// -----

// The weight in the direct-convolution layout (Cout x Cin) is refused.
func.func @conv_transpose_weight_channels(%x: tensor<1x512x4x4xf32>,
                                          %w: tensor<256x512x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op weight has 256 input channels but the input has 512}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [1, 1, 1, 1]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x512x4x4xf32>, tensor<256x512x4x4xf32>)
         -> tensor<1x256x8x8xf32>
  return
}

// -----

func.func @conv_transpose_result_batch(%x: tensor<1x1x4xf32>,
                                       %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result batch 2 does not match input batch 1}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x4xf32>, tensor<1x1x3xf32>) -> tensor<2x1x6xf32>
  return
}

// -----

// Cout = Cout/groups * groups = 3 * 2 = 6.
func.func @conv_transpose_result_channels(%x: tensor<1x4x4xf32>,
                                          %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result has 3 channels but weight and groups give 6}}
  %y = reram.conv_transpose %x, %w strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 2
       : (tensor<1x4x4xf32>, tensor<4x3x3xf32>) -> tensor<1x3x6xf32>
  return
}

// -----

func.func @conv_transpose_bias_size(%x: tensor<1x4x4xf32>,
                                    %w: tensor<4x3x3xf32>,
                                    %b: tensor<3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op bias has 3 elements but the result has 6 channels}}
  %y = reram.conv_transpose %x, %w, %b strides [1] pads [0, 0] dilations [1]
       output_padding [0] groups 2
       : (tensor<1x4x4xf32>, tensor<4x3x3xf32>, tensor<3xf32>)
         -> tensor<1x6x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv_transpose: spatial output sizes
//===----------------------------------------------------------------------===//

// -----

// 3 * (5 - 1) + (4 - 1) + 1 + 2 - 1 - 2 = 15, not 14.
func.func @conv_transpose_1d_output_size(%x: tensor<1x3x5xf32>,
                                         %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result spatial dimension 0 is 14 but the transposed-convolution arithmetic gives 15}}
  %y = reram.conv_transpose %x, %w strides [3] pads [1, 2] dilations [1]
       output_padding [2] groups 1
       : (tensor<1x3x5xf32>, tensor<3x2x4xf32>) -> tensor<1x2x14xf32>
  return
}

// -----

// The second DCGAN-64 generator layer without its padding:
// 2 * 3 + 3 + 1 = 10, not 8.
func.func @conv_transpose_2d_output_size_dim_0(%x: tensor<1x512x4x4xf32>,
                                               %w: tensor<512x256x4x4xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result spatial dimension 0 is 8 but the transposed-convolution arithmetic gives 10}}
  %y = reram.conv_transpose %x, %w strides [2, 2] pads [0, 1, 0, 1]
       dilations [1, 1] output_padding [0, 0] groups 1
       : (tensor<1x512x4x4xf32>, tensor<512x256x4x4xf32>)
         -> tensor<1x256x8x8xf32>
  return
}

// -----

// Dimension 1 has dilation 2 and output_padding 1: 3 + 4 + 1 + 1 = 9.
func.func @conv_transpose_2d_output_size_dim_1(%x: tensor<1x1x4x4xf32>,
                                               %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result spatial dimension 1 is 6 but the transposed-convolution arithmetic gives 9}}
  %y = reram.conv_transpose %x, %w strides [1, 1] pads [0, 0, 0, 0]
       dilations [1, 2] output_padding [0, 1] groups 1
       : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return
}

// -----

// Dimension 2: 1 * 2 + 2 + 1 + 0 - 0 - 0 = 5, not 6.
func.func @conv_transpose_3d_output_size_dim_2(%x: tensor<1x4x3x3x3xf32>,
                                               %w: tensor<4x3x3x3x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op result spatial dimension 2 is 6 but the transposed-convolution arithmetic gives 5}}
  %y = reram.conv_transpose %x, %w strides [2, 2, 1] pads [0, 0, 0, 0, 0, 0]
       dilations [2, 1, 1] output_padding [1, 1, 0] groups 2
       : (tensor<1x4x3x3x3xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x6x10x8x6xf32>
  return
}

// -----

// Pads that crop more than the full output: 1 * 1 + 2 + 1 - 2 - 2 = 0.
func.func @conv_transpose_no_output(%x: tensor<1x1x2xf32>,
                                    %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op spatial dimension 0 has no output: input 2, kernel 3, stride 1, dilation 1, pads 2/2, output_padding 0}}
  %y = reram.conv_transpose %x, %w strides [1] pads [2, 2] dilations [1]
       output_padding [0] groups 1
       : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

// s * (H - 1) = 2^62 * 2 overflows.
func.func @conv_transpose_stride_overflow(%x: tensor<1x1x3xf32>,
                                          %w: tensor<1x1x3xf32>) {
  // expected-error @+1 {{'reram.conv_transpose' op spatial dimension 0 has no output: input 3, kernel 3, stride 4611686018427387904, dilation 1, pads 0/0, output_padding 0}}
  %y = reram.conv_transpose %x, %w strides [4611686018427387904] pads [0, 0]
       dilations [1] output_padding [0] groups 1
       : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_contracting(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'reram.matmul' op contracting dimensions differ: lhs is 2x3, rhs is 4x5}}
  %y = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_result_rows(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{'reram.matmul' op result must be 2x5, got 3x5}}
  %y = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_result_columns(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{'reram.matmul' op result must be 2x5, got 2x3}}
  %y = reram.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_input_rank_1(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op input must have rank 2 or more (N x C x ...), got rank 1}}
  %y = reram.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-05
       : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
          tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @batch_norm_result_type(%x: tensor<1x2x3xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op result type must match the input type}}
  %y = reram.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x3x2xf32>
  return
}

// -----

func.func @batch_norm_scale_size(%x: tensor<1x2x3xf32>, %s: tensor<3xf32>,
                                 %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op scale has 3 elements but the input has 2 channels}}
  %y = reram.batch_norm %x, %s, %p, %p, %p epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_bias_size(%x: tensor<1x2x3xf32>, %s: tensor<3xf32>,
                                %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op bias has 3 elements but the input has 2 channels}}
  %y = reram.batch_norm %x, %p, %s, %p, %p epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<3xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_mean_size(%x: tensor<1x2x3xf32>, %s: tensor<1xf32>,
                                %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op mean has 1 elements but the input has 2 channels}}
  %y = reram.batch_norm %x, %p, %p, %s, %p epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<1xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_variance_size(%x: tensor<1x2x3xf32>, %s: tensor<3xf32>,
                                    %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op variance has 3 elements but the input has 2 channels}}
  %y = reram.batch_norm %x, %p, %p, %p, %s epsilon 1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<3xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @batch_norm_epsilon_negative(%x: tensor<1x2x3xf32>,
                                       %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op epsilon must be non-negative, got -1.000000e-05}}
  %y = reram.batch_norm %x, %p, %p, %p, %p epsilon -1.0e-05
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

// -----

// A NaN epsilon (bit pattern 0x7FC00000) is refused too.
func.func @batch_norm_epsilon_nan(%x: tensor<1x2x3xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{'reram.batch_norm' op epsilon must be non-negative, got nan}}
  %y = reram.batch_norm %x, %p, %p, %p, %p epsilon 0x7FC00000
       : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
          tensor<2xf32>) -> tensor<1x2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Broadcasting add, sub, mul
//===----------------------------------------------------------------------===//

// -----

func.func @add_incompatible(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'reram.add' op operand shapes 'tensor<2x3xf32>' and 'tensor<2xf32>' are not broadcast-compatible}}
  %y = reram.add %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Trailing dimensions 3 and 2 differ and neither is 1.
func.func @sub_incompatible(%a: tensor<4x1x3xf32>, %b: tensor<2x2xf32>) {
  // expected-error @+1 {{'reram.sub' op operand shapes 'tensor<4x1x3xf32>' and 'tensor<2x2xf32>' are not broadcast-compatible}}
  %y = reram.sub %a, %b : (tensor<4x1x3xf32>, tensor<2x2xf32>) -> tensor<4x2x3xf32>
  return
}

// -----

func.func @mul_incompatible(%a: tensor<5xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'reram.mul' op operand shapes 'tensor<5xf32>' and 'tensor<4xf32>' are not broadcast-compatible}}
  %y = reram.mul %a, %b : (tensor<5xf32>, tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

// The broadcast of 1x64 and 64 is 1x64, not 64.
func.func @add_result_shape(%a: tensor<1x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'reram.add' op result type 'tensor<64xf32>' does not match the broadcast shape of 'tensor<1x64xf32>' and 'tensor<64xf32>'}}
  %y = reram.add %a, %b : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return
}

// -----

// The broadcast of 2x1x3 and 4x1 is 2x4x3.
func.func @sub_result_shape(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) {
  // expected-error @+1 {{'reram.sub' op result type 'tensor<2x1x3xf32>' does not match the broadcast shape of 'tensor<2x1x3xf32>' and 'tensor<4x1xf32>'}}
  %y = reram.sub %a, %b : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x1x3xf32>
  return
}

// -----

// A scalar times 2x3 is 2x3; the result does not broadcast further.
func.func @mul_result_shape(%a: tensor<f32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.mul' op result type 'tensor<1x2x3xf32>' does not match the broadcast shape of 'tensor<f32>' and 'tensor<2x3xf32>'}}
  %y = reram.mul %a, %b : (tensor<f32>, tensor<2x3xf32>) -> tensor<1x2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// reshape, transpose, concat
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_count(%x: tensor<1x512x4x4xf32>) {
  // expected-error @+1 {{'reram.reshape' op cannot reshape 8192 elements into 4096 elements}}
  %y = reram.reshape %x : tensor<1x512x4x4xf32> -> tensor<1x4096xf32>
  return
}

// -----

func.func @transpose_permutation_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.transpose' op permutation length 3 does not match input rank 2}}
  %y = reram.transpose %x permutation [1, 0, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_permutation_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.transpose' op permutation must be a permutation of 0..1}}
  %y = reram.transpose %x permutation [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_permutation_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.transpose' op permutation must be a permutation of 0..1}}
  %y = reram.transpose %x permutation [-1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_permutation_repeated(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'reram.transpose' op permutation must be a permutation of 0..2}}
  %y = reram.transpose %x permutation [0, 2, 0]
       : tensor<2x3x4xf32> -> tensor<2x4x2xf32>
  return
}

// -----

func.func @transpose_result_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.transpose' op result rank 3 does not match input rank 2}}
  %y = reram.transpose %x permutation [1, 0] : tensor<2x3xf32> -> tensor<3x2x1xf32>
  return
}

// -----

// Result dimension j is input dimension permutation[j]: 4, 2, 3.
func.func @transpose_result_shape(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'reram.transpose' op result dimension 1 is 3 but input dimension 0 is 2}}
  %y = reram.transpose %x permutation [2, 0, 1]
       : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{'reram.concat' op needs at least one input}}
  %y = reram.concat axis 0 : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'reram.concat' op axis 2 is out of range for rank 2}}
  %y = reram.concat %a, %a axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>)
                                    -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_input_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+1 {{'reram.concat' op input 1 rank 3 does not match result rank 2}}
  %y = reram.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<2x3x1xf32>)
                                    -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_other_dimension(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+1 {{'reram.concat' op input 1 dimension 0 is 1 but the result's is 2}}
  %y = reram.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<1x3xf32>)
                                    -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_sum(%z: tensor<1x100xf32>, %label: tensor<1x10xf32>) {
  // expected-error @+1 {{'reram.concat' op result dimension 1 is 100 but the inputs add up to 110}}
  %y = reram.concat %z, %label axis 1 : (tensor<1x100xf32>, tensor<1x10xf32>)
                                        -> tensor<1x100xf32>
  return
}

//===----------------------------------------------------------------------===//
// constant: resource blobs
//===----------------------------------------------------------------------===//

// -----

// Two floats where the type needs four.
func.func @constant_blob_size() {
  // expected-error @+1 {{'reram.constant' op dense_resource blob 'short' holds 8 bytes but 'tensor<2x2xf32>' needs 16}}
  %0 = reram.constant dense_resource<short> : tensor<2x2xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// The blob's declared alignment (the first four bytes) is 2.
func.func @constant_blob_alignment() {
  // expected-error @+1 {{'reram.constant' op dense_resource blob 'unaligned' is aligned to 2 bytes but f32 elements need 4}}
  %0 = reram.constant dense_resource<unaligned> : tensor<1xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      unaligned: "0x020000000000803F"
    }
  }
#-}

//===----------------------------------------------------------------------===//
// Dialect attributes on function arguments and results
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{'func.func' op 'reram.onnx_name' on argument 0 must be a string attribute}}
func.func @onnx_name_not_string(%x: tensor<4xf32> {reram.onnx_name = 3 : i64}) {
  return
}

// -----

// expected-error @+1 {{'func.func' op 'reram.onnx_name' on result 1 must be a string attribute}}
func.func @onnx_name_result_not_string(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32> {reram.onnx_name = ["y"]}) {
  return %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op unknown reram attribute 'reram.onnx_nam' on argument 1}}
func.func @unknown_argument_attribute(%w: tensor<4xf32>,
                                      %x: tensor<4xf32> {reram.onnx_nam = "x"}) {
  return
}

// -----

// expected-error @+1 {{'func.func' op unknown reram attribute 'reram.layer' on result 0}}
func.func @unknown_result_attribute(%x: tensor<4xf32>)
    -> (tensor<4xf32> {reram.layer = "y"}) {
  return %x : tensor<4xf32>
}
