"""A lit test format with one test per ONNX conformance case.

The cases (which models zara must import, which it must refuse) come from
onnx_conformance.py beside this file; this module only maps them onto lit
tests, so `lit -v` names each failing model and prints its commands and
diagnostics. The harness runs in a subprocess under the configured Python
(Debian's /usr/bin/python3, which has onnx), because lit itself may run
under another interpreter. Used by ONNX/lit.local.cfg.
"""

import os
import subprocess

import lit.formats
import lit.Test

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "onnx_conformance.py")


class ONNXConformanceFormat(lit.formats.TestFormat):
    def __init__(self, python, tools_dir):
        self.python = python
        self.tools_dir = tools_dir

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig,
                            localConfig):
        if localConfig.unsupported:
            return
        p = subprocess.run([self.python, HARNESS, "--cases"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            litConfig.error("cannot list the ONNX conformance cases:\n"
                            + p.stderr.decode("utf-8", "replace"))
            return
        for name in p.stdout.decode().split():
            yield lit.Test.Test(testSuite,
                                path_in_suite + tuple(name.split("/")),
                                localConfig)

    def execute(self, test, litConfig):
        if test.config.unsupported:
            return lit.Test.UNSUPPORTED, ""
        name = "/".join(test.path_in_suite[1:])
        cmd = [self.python, HARNESS, "--run-case", name,
               "--tools", self.tools_dir,
               "--tmp", test.getExecPath() + ".tmp"]
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode == 0:
            return lit.Test.PASS, out
        return lit.Test.FAIL, out
