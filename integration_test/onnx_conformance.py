#!/usr/bin/env python3
"""The ONNX conformance harness of check-zara-integration.

Decides, from the model file alone and with the `onnx` Python package (never
with zara), which ONNX backend test models zara must import, then runs zara
on them:

* in scope: every model under DATA/node and DATA/pytorch-converted whose
  nodes are all in IN_SCOPE_OPS (default domain) with in-scope attributes,
  and whose tensors are all float32 (a Reshape's constant int64 shape is
  the one exception). `zara-compile M --emit=reram -o x.mlir` and
  `zara-opt x.mlir` must succeed, and the imported function's signature
  must carry the model's input and output names with the shapes of the
  reference tensors in test_data_set_0 (an independent record of the
  shapes: ONNX's backend test generator wrote them).
* refused: a chosen list of out-of-scope models (REFUSED, plus a few this
  script builds with onnx.helper, e.g. a double-precision Conv) and
  malformed files (empty, random bytes, truncated). zara-compile must exit
  with code 1 exactly (a signal or abort is a failure) and name the
  offending node (`node '<name>'`) or the file in its error.
* no crash anywhere: every other model of both directories (out of scope
  but not in REFUSED), in SWEEP_PARTS lit tests: zara-compile may import
  it (exit 0, e.g. an op zara has beyond the required set) or refuse it
  (exit 1 with an `error:`), but never crash, abort or hang.

lit runs each case as one test (see lit_onnx_format.py, which calls
`--cases` and `--run-case` in a subprocess, so lit itself may run on a
Python without onnx), and the lit report names the failing model. Run
standalone for a summary of all cases:

    /usr/bin/python3 integration_test/onnx_conformance.py --tools build/bin
    /usr/bin/python3 integration_test/onnx_conformance.py --list
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

DATA_DIR = "/usr/share/libonnx-testdata/data"
SUITES = ("node", "pytorch-converted")

# Ops zara imports (the foundation issue, section 4).
IN_SCOPE_OPS = {
    "Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul",
    "BatchNormalization", "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Reshape",
    "Flatten", "Concat", "Identity", "Constant",
}

# Out-of-scope models zara must refuse: (suite/test, what the error must
# name, why it is out of scope). "node" means the error names the first
# offending node as `node '<name>'` (its ONNX name, or `<op_type>_<index>`
# when unnamed); "file" means it names the model file.
REFUSED = [
    ("node/test_softmax_axis_0", "node", "Softmax"),
    ("pytorch-converted/test_Softmax", "node", "Softmax"),
    ("node/test_maxpool_2d_default", "node", "MaxPool"),
    ("pytorch-converted/test_MaxPool2d", "node", "MaxPool"),
    ("node/test_averagepool_2d_default", "node", "AveragePool"),
    ("pytorch-converted/test_AvgPool2d", "node", "AveragePool"),
    ("node/test_resize_upsample_scales_nearest", "node", "Resize"),
    ("node/test_lstm_defaults", "node", "LSTM"),
    ("node/test_convinteger_with_padding", "node", "ConvInteger"),
    ("node/test_qlinearconv", "node", "QLinearConv"),
    ("node/test_add_uint8", "file", "uint8 Add"),
    ("node/test_mul_uint8", "file", "uint8 Mul"),
    ("node/test_batchnorm_example_training_mode", "node",
     "BatchNormalization in training mode"),
    ("node/test_matmul_3d", "node", "3-D MatMul"),
    ("node/test_matmul_4d", "node", "4-D MatMul"),
    ("node/test_reshape_reduced_dims", "file",
     "Reshape whose shape is a graph input, not a constant"),
    ("node/test_identity_sequence", "file", "a sequence, not a tensor"),
    ("pytorch-converted/test_Embedding", "file", "Gather with int64 indices"),
    ("node/test_constant_pad", "file", "Pad with an int64 pads input"),
    ("pytorch-converted/test_ReflectionPad2d", "node", "Pad"),
]

# The no-crash sweep over the remaining models is split into this many lit
# tests, so lit runs the parts in parallel.
SWEEP_PARTS = 4

# Real models used as the base of the malformed files.
TRUNCATE_BASE = "node/test_conv_with_strides_padding"


def model_path(case):
    return os.path.join(DATA_DIR, case, "model.onnx")


# ---------------------------------------------------------------------------
# Classification (onnx only)
# ---------------------------------------------------------------------------

def _float_tensor_type(type_proto):
    """True if an ONNX TypeProto is a float32 tensor."""
    from onnx import TensorProto

    return (type_proto.WhichOneof("value") == "tensor_type"
            and type_proto.tensor_type.elem_type == TensorProto.FLOAT)


def _shape_of(value_info):
    """The static dims of a ValueInfoProto, None where a dim is symbolic."""
    dims = value_info.type.tensor_type.shape.dim
    return [d.dim_value if d.HasField("dim_value") else None for d in dims]


def classify(path):
    """Returns (True, "") if zara must import the model, else (False, why).

    Reads the file with onnx and runs ONNX's shape inference (for the
    ranks of MatMul operands); never runs zara.
    """
    import onnx
    from onnx import TensorProto, helper, shape_inference

    model = onnx.load(path)
    graph = model.graph
    for opset in model.opset_import:
        if opset.domain not in ("", "ai.onnx"):
            return False, f"uses opset domain '{opset.domain}'"

    initializers = {t.name: t for t in graph.initializer}
    # Constant int64 tensors that may feed a Reshape's shape.
    int_constants = {n for n, t in initializers.items()
                     if t.data_type == TensorProto.INT64}
    for node in graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if (a.name == "value"
                        and a.t.data_type == TensorProto.INT64):
                    int_constants.add(node.output[0])

    reshape_shapes = set()
    for node in graph.node:
        if node.domain not in ("", "ai.onnx"):
            return False, f"op {node.domain}.{node.op_type}"
        if node.op_type not in IN_SCOPE_OPS:
            return False, f"op {node.op_type}"
        attrs = {a.name: helper.get_attribute_value(a)
                 for a in node.attribute}
        if node.op_type == "Reshape":
            if len(node.input) < 2 or node.input[1] not in int_constants:
                return False, "Reshape with a non-constant shape"
            reshape_shapes.add(node.input[1])
        if node.op_type == "BatchNormalization":
            if attrs.get("training_mode", 0) != 0:
                return False, "BatchNormalization in training mode"
            if attrs.get("is_test", 1) != 1:
                return False, "BatchNormalization with is_test=0"
            if len([o for o in node.output if o]) != 1:
                return False, "BatchNormalization with training outputs"

    # Every tensor is float32, except constant Reshape shapes.
    for t in graph.initializer:
        if t.data_type != TensorProto.FLOAT and t.name not in reshape_shapes:
            return False, f"initializer '{t.name}' is not float32"
    for node in graph.node:
        if node.op_type == "Constant":
            if node.output[0] in reshape_shapes:
                continue
            for a in node.attribute:
                if a.name != "value" or a.t.data_type != TensorProto.FLOAT:
                    return False, f"Constant '{node.output[0]}' is not a " \
                                  "float32 tensor"
    for vi in list(graph.input) + list(graph.output):
        if vi.name in reshape_shapes:
            continue
        if not _float_tensor_type(vi.type):
            return False, f"'{vi.name}' is not a float32 tensor"
        shape = _shape_of(vi)
        if any(d is None for d in shape[1:]):
            return False, f"'{vi.name}' has a dynamic non-batch dimension"

    # MatMul: 2-D operands only (ranks from ONNX's shape inference).
    if any(n.op_type == "MatMul" for n in graph.node):
        inferred = shape_inference.infer_shapes(model)
        ranks = {}
        for vi in (list(inferred.graph.input) + list(inferred.graph.output)
                   + list(inferred.graph.value_info)):
            if vi.type.tensor_type.HasField("shape"):
                ranks[vi.name] = len(vi.type.tensor_type.shape.dim)
        for t in graph.initializer:
            ranks[t.name] = len(t.dims)
        for node in graph.node:
            if node.op_type == "MatMul":
                for name in node.input:
                    if ranks.get(name) != 2:
                        return False, "MatMul operand of rank " \
                                      f"{ranks.get(name, '?')}"
    return True, ""


def discover():
    """All backend test models: [(case, in_scope, why)], sorted."""
    cases = []
    for suite in SUITES:
        root = os.path.join(DATA_DIR, suite)
        if not os.path.isdir(root):
            continue
        for test in sorted(os.listdir(root)):
            case = f"{suite}/{test}"
            if not os.path.exists(model_path(case)):
                continue
            try:
                ok, why = classify(model_path(case))
            except Exception as e:  # a model onnx itself cannot read
                ok, why = False, f"onnx cannot read it: {e}"
            cases.append((case, ok, why))
    return cases


def node_display_name(model_file, predicate):
    """The name zara must use for the first node matching `predicate`:
    its ONNX name, or `<op_type>_<index>` when unnamed."""
    import onnx

    graph = onnx.load(model_file).graph
    for i, node in enumerate(graph.node):
        if predicate(node):
            return node.name or f"{node.op_type}_{i}"
    return None


# ---------------------------------------------------------------------------
# Generated refusal cases and malformed files
# ---------------------------------------------------------------------------

def _double_model(op):
    """A float64 Conv or Gemm, otherwise valid: zara only takes float32."""
    import onnx
    from onnx import TensorProto, helper

    D = TensorProto.DOUBLE
    if op == "Conv":
        x = helper.make_tensor_value_info("x", D, [1, 1, 5, 5])
        w = helper.make_tensor_value_info("w", D, [1, 1, 3, 3])
        y = helper.make_tensor_value_info("y", D, [1, 1, 3, 3])
        node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv_f64",
                                kernel_shape=[3, 3])
    else:
        x = helper.make_tensor_value_info("x", D, [2, 3])
        w = helper.make_tensor_value_info("w", D, [3, 4])
        y = helper.make_tensor_value_info("y", D, [2, 4])
        node = helper.make_node("Gemm", ["x", "w"], ["y"], name="gemm_f64")
    graph = helper.make_graph([node], f"{op.lower()}_f64", [x, w], [y])
    model = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    return model.SerializeToString()


# name -> (what the error must name, description, builder(tmpdir) -> path)
def generated_cases():
    def write(tmp, name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def truncated(tmp):
        with open(model_path(TRUNCATE_BASE), "rb") as f:
            data = f.read()
        return write(tmp, "truncated.onnx", data[: len(data) // 2])

    def random_bytes(tmp):
        rng = random.Random(20190602)
        return write(tmp, "random.onnx",
                     bytes(rng.randrange(256) for _ in range(4096)))

    return {
        "generated/conv_f64": (
            "file", "Conv with float64 tensors",
            lambda tmp: write(tmp, "conv_f64.onnx", _double_model("Conv"))),
        "generated/gemm_f64": (
            "file", "Gemm with float64 tensors",
            lambda tmp: write(tmp, "gemm_f64.onnx", _double_model("Gemm"))),
        "malformed/empty": (
            "file", "an empty file",
            lambda tmp: write(tmp, "empty.onnx", b"")),
        "malformed/random_bytes": (
            "file", "4 KiB of random bytes", random_bytes),
        "malformed/truncated": (
            "file", f"the first half of {TRUNCATE_BASE}", truncated),
        "malformed/text_garbage": (
            "file", "text that is no ONNX text model",
            lambda tmp: write(tmp, "garbage.onnxtext",
                              b"<\n  ir_version: 8\n>\nagraph (float x) => "
                              b"{ y = Frobnicate(x }\n")),
    }


# ---------------------------------------------------------------------------
# Running zara
# ---------------------------------------------------------------------------

TIMEOUT = 120  # seconds per tool run; a hang is a failure


def _run(cmd):
    """Runs a command; returns (exit code, output text). Exit code -N means
    killed by signal N; None means timed out."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return None, out


def _describe_exit(code):
    if code is None:
        return f"timed out after {TIMEOUT} s"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


def _tensor_type_text(dims):
    return "tensor<" + "".join(f"{d}x" for d in dims) + "f32>"


def _reference_shapes(case_dir, names, prefix):
    """Shapes of test_data_set_0/<prefix>_<i>.pb, in the order of `names`."""
    import onnx

    shapes = {}
    data_dir = os.path.join(case_dir, "test_data_set_0")
    for i, name in enumerate(names):
        pb = os.path.join(data_dir, f"{prefix}_{i}.pb")
        if not os.path.exists(pb):
            continue
        t = onnx.TensorProto()
        with open(pb, "rb") as f:
            t.ParseFromString(f.read())
        shapes[name] = list(t.dims)
    return shapes


def check_signature(mlir_text, model_file):
    """Problems with the imported signature, [] if none: every graph input
    that is not an initializer and every graph output must appear with its
    reference shape and `reram.onnx_name`."""
    import onnx

    graph = onnx.load(model_file).graph
    inits = {t.name for t in graph.initializer}
    inputs = [vi.name for vi in graph.input if vi.name not in inits]
    outputs = [vi.name for vi in graph.output]
    case_dir = os.path.dirname(model_file)
    expected = {}
    expected.update(_reference_shapes(case_dir, inputs, "input"))
    expected.update(_reference_shapes(case_dir, outputs, "output"))
    problems = []
    for name in inputs + outputs:
        attr = r'reram\.onnx_name\s*=\s*"' + re.escape(name) + '"'
        if not re.search(attr, mlir_text):
            problems.append(f"no reram.onnx_name = \"{name}\" in the IR")
            continue
        if name in expected:
            typed = re.escape(_tensor_type_text(expected[name])) + \
                r"\s*\{[^}]*" + attr
            if not re.search(typed, mlir_text):
                problems.append(
                    f"'{name}' is not typed {_tensor_type_text(expected[name])}"
                    " (shape of the reference tensor in test_data_set_0)")
    return problems


def run_in_scope(model_file, tools_dir, tmp_dir):
    """Imports one in-scope model. Returns (ok, report)."""
    compile_ = os.path.join(tools_dir, "zara-compile")
    opt = os.path.join(tools_dir, "zara-opt")
    mlir = os.path.join(tmp_dir, "imported.mlir")
    cmd = [compile_, model_file, "--emit=reram", "-o", mlir]
    code, out = _run(cmd)
    report = f"$ {' '.join(cmd)}\n{out}"
    if code != 0:
        return False, report + f"zara-compile: {_describe_exit(code)}, " \
                               "expected 0\n"
    cmd = [opt, mlir, "-o", os.devnull]
    code, out = _run(cmd)
    report += f"$ {' '.join(cmd)}\n{out}"
    if code != 0:
        return False, report + f"zara-opt: {_describe_exit(code)}, " \
                               "expected 0\n"
    with open(mlir, encoding="utf-8", errors="replace") as f:
        problems = check_signature(f.read(), model_file)
    if problems:
        return False, report + "imported, but:\n  " + "\n  ".join(problems) \
            + "\n"
    return True, report


def run_refused(model_file, must_name, tools_dir, tmp_dir, node_name=None):
    """Runs zara-compile on a model it must refuse. Returns (ok, report)."""
    compile_ = os.path.join(tools_dir, "zara-compile")
    cmd = [compile_, model_file, "--emit=reram",
           "-o", os.path.join(tmp_dir, "refused.mlir")]
    code, out = _run(cmd)
    report = f"$ {' '.join(cmd)}\n{out}"
    problems = []
    if code != 1:
        problems.append(f"{_describe_exit(code)}, expected exit code 1")
    if "error:" not in out:
        problems.append("no 'error:' diagnostic")
    if must_name == "node":
        if f"node '{node_name}'" not in out:
            problems.append(f"the error does not name node '{node_name}'")
    elif model_file not in out:
        problems.append(f"the error does not name the file {model_file}")
    if problems:
        return False, report + "\n".join(problems) + "\n"
    return True, report


def _first_out_of_scope(node):
    """The node a refusal names: the first whose op or attributes are out of
    scope. Type problems (uint8, float64) are named by the file instead."""
    from onnx import helper

    if node.op_type not in IN_SCOPE_OPS:
        return True
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if node.op_type == "BatchNormalization":
        return attrs.get("training_mode", 0) != 0
    return node.op_type in ("MatMul", "Reshape")


def all_cases():
    """{name: (kind, detail)} for every case: kind is 'import' or 'refuse'."""
    cases = {}
    for case, ok, why in discover():
        if ok:
            cases[case] = ("import", None)
    for case, must_name, why in REFUSED:
        cases["refuse/" + case] = ("refuse", (must_name, why))
    for name, (must_name, why, _) in generated_cases().items():
        cases["refuse/" + name] = ("refuse", (must_name, why))
    for part in range(SWEEP_PARTS):
        cases[f"sweep/part-{part}-of-{SWEEP_PARTS}"] = ("sweep", None)
    return cases


def sweep_models(part):
    """The models of sweep part `part`: out of scope and not in REFUSED."""
    refused = {c for c, _, _ in REFUSED}
    others = [case for case, ok, _ in discover()
              if not ok and case not in refused]
    return others[part::SWEEP_PARTS]


def run_sweep(part, tools_dir, tmp_dir):
    """Runs zara-compile on every model of a sweep part; each must exit 0,
    or 1 with an `error:` diagnostic. Returns (ok, report)."""
    compile_ = os.path.join(tools_dir, "zara-compile")
    models = sweep_models(part)
    problems = []
    accepted = refused = 0
    for case in models:
        cmd = [compile_, model_path(case), "--emit=reram",
               "-o", os.path.join(tmp_dir, "sweep.mlir")]
        code, out = _run(cmd)
        if code == 0:
            accepted += 1
        elif code == 1 and "error:" in out:
            refused += 1
        else:
            problems.append(f"{case}: {_describe_exit(code)}\n"
                            f"  $ {' '.join(cmd)}\n"
                            + "".join("  " + l + "\n"
                                      for l in out.splitlines()[-20:]))
    report = (f"{len(models)} models: {refused} refused with an error, "
              f"{accepted} imported, {len(problems)} crashed or hung "
              "(or exited 1 without an error)\n" + "".join(problems))
    return not problems, report


def run_case(name, tools_dir, tmp_dir):
    """Runs one case by its name from all_cases(). Returns (ok, report)."""
    os.makedirs(tmp_dir, exist_ok=True)
    if name.startswith("sweep/"):
        part = int(name.split("-")[1])
        return run_sweep(part, tools_dir, tmp_dir)
    if not name.startswith("refuse/"):
        return run_in_scope(model_path(name), tools_dir, tmp_dir)
    case = name[len("refuse/"):]
    generated = generated_cases()
    if case in generated:
        must_name, why, build = generated[case]
        return run_refused(build(tmp_dir), must_name, tools_dir, tmp_dir)
    must_name, why = {c: (m, w) for c, m, w in REFUSED}[case]
    path = model_path(case)
    if not os.path.exists(path):
        return False, f"{path} does not exist; fix REFUSED\n"
    # The list is chosen by hand: check that it agrees with the classifier.
    in_scope, _ = classify(path)
    if in_scope:
        return False, f"{case} is in scope by classify(); fix REFUSED\n"
    node = None
    if must_name == "node":
        node = node_display_name(path, _first_out_of_scope)
    ok, report = run_refused(path, must_name, tools_dir, tmp_dir, node)
    return ok, f"refusing {why}\n" + report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tools", help="directory with zara-compile and "
                        "zara-opt (e.g. build/bin)")
    parser.add_argument("--list", action="store_true",
                        help="print the classification of every model")
    parser.add_argument("--filter", default="",
                        help="run only cases whose name contains this")
    parser.add_argument("--cases", action="store_true",
                        help="print the name of every case, one a line")
    parser.add_argument("--run-case", metavar="NAME",
                        help="run one case; exit 0 if it passes")
    parser.add_argument("--tmp", help="scratch directory for --run-case")
    args = parser.parse_args(argv)

    if args.cases:
        for name in sorted(all_cases()):
            print(name)
        return 0
    if args.run_case:
        if not args.tools or not args.tmp:
            parser.error("--run-case needs --tools and --tmp")
        ok, report = run_case(args.run_case, args.tools, args.tmp)
        sys.stdout.write(report)
        return 0 if ok else 1
    if args.list:
        for case, ok, why in discover():
            print(f"{'import' if ok else 'skip  '}  {case}"
                  + (f"  ({why})" if why else ""))
        return 0
    if not args.tools:
        parser.error("--tools is required unless --list is given")

    failures = []
    passed = 0
    cases = {n: k for n, k in all_cases().items() if args.filter in n}
    with tempfile.TemporaryDirectory(prefix="zara-conformance-") as tmp:
        for i, name in enumerate(sorted(cases)):
            try:
                ok, report = run_case(name, args.tools,
                                      os.path.join(tmp, str(i)))
            except Exception as e:  # a harness bug: one failure, go on
                ok, report = False, f"harness error: {e!r}\n"
            if ok:
                passed += 1
            else:
                failures.append((name, report))
    for name, report in failures:
        print(f"FAIL {name}\n" + "".join("    " + l + "\n"
                                         for l in report.splitlines()))
    kinds = [k for k, _ in cases.values()]
    print(f"{kinds.count('import')} in-scope models, "
          f"{kinds.count('refuse')} refusal cases, "
          f"{kinds.count('sweep')} no-crash sweep parts")
    for name, _ in failures:
        print(f"  failed: {name}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
