# -*- Python -*-
# lit configuration of check-zara-integration: tests that need Debian's
# ONNX backend test data (libonnx-testdata) or the Python packages onnx and
# torch, besides zara's tools.
#
# Features:
#   torch          config.python_executable can import torch (DCGAN tests)
#   onnx-testdata  /usr/share/libonnx-testdata/data exists (conformance)

import os
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "ZARA-INTEGRATION"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".test", ".mlir"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.zara_obj_root, "integration_test")

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%zara_src", config.zara_src_root))
# Runs a zara_models command: PYTHONPATH=<src>/python python3 -m ...
config.substitutions.append(
    ("%zara_models",
     f"env PYTHONPATH={config.zara_src_root}/python "
     f"{config.python_executable} -m zara_models"))

# Python with zara_models and the modules flatc generates from Program.fbs
# (zara.program, for scripts that read .zara files).
config.substitutions.append(
    ("%zarapy",
     f"env PYTHONPATH={config.zara_src_root}/python:"
     f"{config.zara_obj_root}/python {config.python_executable}"))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.zara_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["zara-opt", "zara-translate", "zara-compile", "zara-interp", "zara-sim"],
    tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)


def python_has_module(name):
    """True if config.python_executable finds `name` (without importing
    it: importing torch takes seconds)."""
    code = ("import importlib.util, sys; "
            f"sys.exit(importlib.util.find_spec({name!r}) is None)")
    return subprocess.call([config.python_executable, "-c", code]) == 0


if python_has_module("torch"):
    config.available_features.add("torch")
if python_has_module("onnx"):
    config.available_features.add("onnx")
if os.path.isdir(config.onnx_testdata_dir):
    config.available_features.add("onnx-testdata")
