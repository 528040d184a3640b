"""A tiny assembler for zara programs, for the simulator's tests.

Builds `.zara` files with python3-flatbuffers and the modules flatc
generates from include/zara/Program/Program.fbs (PYTHONPATH=<build>/python),
independently of the ISA dialect and of lib/Sim. Also holds the ISAAC
defaults as the tests' own copy of docs/Hardware.md's table, and helpers
that run zara-sim.

    prog = Program(dram_size=1024)
    x = prog.input("x", [4], address=0)
    g = prog.group(tile=0, core=0, first=0, num=1, rows=4, cols=2)
    core = prog.core(tile=0, core=0)
    core.move("dram", pat(0, (4, 1)), "buffer", pat(0, (4, 1)))
    ...
    open(path, "wb").write(prog.build())
"""

import copy
import json
import os
import struct
import subprocess
import sys

import flatbuffers
import numpy as np

from zara.program import (Alu, Barrier, BarrierDecl, Binding, Core,
                          CrossbarGroup, DebugEntry, Dim, EndLoop, Fill, Halt,
                          HwConfig, Instr, Loop, Move, Mvm, Op, Pattern,
                          Program as ProgramTable, ProgramXbar, Recv, Send,
                          Version)

# The ISAAC defaults of docs/Hardware.md, written out independently of
# zara-sim (test_hw_defaults compares them with --print-default-hw).
ISAAC = {
    "organisation": {"tiles": 168, "cores_per_tile": 12,
                     "crossbars_per_core": 8},
    "crossbar": {"rows": 128, "cols": 128, "bits_per_cell": 2,
                 "read_latency_ns": 100, "read_energy_pj": 30},
    "write": {"array_latency_ns": 11000, "array_energy_pj": 21000,
              "row_latency_ns": 85.9375, "row_energy_pj": 164.0625},
    "dac": {"bits": 1, "energy_pj": 0.42},
    "adc": {"bits": 9, "per_crossbar": 1, "sample_rate_gsps": 1.28,
            "energy_pj": 1.67},
    "sample_hold": {"energy_pj": 0.00098},
    "shift_add": {"latency_cycles": 1, "energy_pj": 0.021},
    "registers": {"input_bytes": 2048, "output_bytes": 256,
                  "input_energy_pj": 124, "output_energy_pj": 23},
    "buffer": {"bytes": 65536, "port_bits": 256, "access_latency_cycles": 1,
               "access_energy_pj": 20.45},
    "noc": {"flit_bits": 32, "tiles_per_router": 4, "hop_latency_cycles": 1,
            "energy_pj_per_flit_hop": 2.5925},
    "vector": {"lanes": 16, "latency_cycles": 1,
               "transcendental_latency_cycles": 4, "energy_pj": 0.05,
               "mul_energy_pj": 0.8, "transcendental_energy_pj": 0.22},
    "dram": {"capacity_bytes": 8589934592, "bandwidth_gbps": 25.6,
             "latency_ns": 100, "energy_pj_per_bit": 20},
    "timing": {"clock_ghz": 1.2},
    "numerics": {"weight_bits": 16, "input_bits": 16, "data_bits": 16,
                 "signed_weights": "offset"},
}

TABLES = {
    "organisation": "HwOrganisation", "crossbar": "HwCrossbar",
    "write": "HwWrite", "dac": "HwDac", "adc": "HwAdc",
    "sample_hold": "HwSampleHold", "shift_add": "HwShiftAdd",
    "registers": "HwRegisters", "buffer": "HwBuffer", "noc": "HwNoc",
    "vector": "HwVector", "dram": "HwDram", "timing": "HwTiming",
    "numerics": "HwNumerics",
}

ALU_OPS = ["copy", "add", "sub", "mul", "max", "min", "scale_shift",
           "add_imm", "mul_imm", "relu", "leaky_relu", "tanh", "sigmoid",
           "relu_grad", "leaky_relu_grad", "tanh_grad", "sigmoid_grad",
           "loss_diff", "reduce_sum", "rsqrt"]
MEM = {"dram": 0, "buffer": 1}


def hw_config(**overrides):
    """ISAAC with dotted overrides: hw_config(**{"adc.bits": 6})."""
    hw = copy.deepcopy(ISAAC)
    for key, value in overrides.items():
        section, field = key.split(".")
        hw[section][field] = value
    return hw


def camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def pat(base, *dims, loop=()):
    """A pattern: base, (count, stride) dimensions outermost first, and
    loop coefficients outermost first."""
    return (base, tuple(loop), tuple(dims))


def pattern_size(p):
    n = 1
    for count, _ in p[2]:
        n *= count
    return n


class CoreBuilder:
    def __init__(self, tile, core):
        self.tile, self.core = tile, core
        self.instrs = []  # (op name, fields dict, debug id)

    def _add(self, kind, debug=-1, **fields):
        self.instrs.append((kind, fields, debug))
        return self

    def loop(self, count, debug=-1):
        return self._add("Loop", debug, count=count)

    def end_loop(self, debug=-1):
        return self._add("EndLoop", debug)

    def halt(self, debug=-1):
        return self._add("Halt", debug)

    def barrier(self, id, debug=-1):
        return self._add("Barrier", debug, id=id)

    def program_xbar(self, group, src, whole=True, row_begin=0,
                     row_count=None, debug=-1):
        return self._add("ProgramXbar", debug, group=group, src=src,
                         whole=whole, row_begin=row_begin,
                         row_count=row_count)

    def mvm(self, group, input, output, accumulate=False, debug=-1):
        return self._add("Mvm", debug, group=group, input=input,
                         output=output, accumulate=accumulate)

    def alu(self, op, dst, a=None, b=None, c=None, imm=0.0, debug=-1):
        return self._add("Alu", debug, op=op, dst=dst, a=a, b=b, c=c, imm=imm)

    def move(self, src_mem, src, dst_mem, dst, debug=-1):
        return self._add("Move", debug, src_mem=src_mem, src=src,
                         dst_mem=dst_mem, dst=dst)

    def fill(self, mem, dst, value=0.0, tag="zero", debug=-1):
        return self._add("Fill", debug, mem=mem, dst=dst, value=value, tag=tag)

    def send(self, dst_tile, channel, src, debug=-1):
        return self._add("Send", debug, dst_tile=dst_tile, channel=channel,
                         src=src)

    def recv(self, src_tile, channel, dst, debug=-1):
        return self._add("Recv", debug, src_tile=src_tile, channel=channel,
                         dst=dst)

    def raw(self, op_type, debug=-1):
        """An instruction of union type `op_type` with an empty table (for
        tests of unknown instruction types)."""
        return self._add(("raw", op_type), debug)


class Program:
    def __init__(self, dram_size=4096, hw=None, producer="zara_asm.py"):
        self.hw = hw if hw is not None else copy.deepcopy(ISAAC)
        self.dram_size = dram_size
        self.producer = producer
        self.inputs, self.outputs = [], []
        self.groups, self.barriers, self.cores = [], [], []
        self.debug = []
        self.weights = np.zeros(0, np.float32)
        self.weights_address = 0
        self.version = (1, 0)

    def input(self, name, shape, address):
        self.inputs.append((name, list(shape), address))

    def output(self, name, shape, address):
        self.outputs.append((name, list(shape), address))

    def set_weights(self, values, address):
        self.weights = np.asarray(values, np.float32).ravel()
        self.weights_address = address

    def group(self, tile, core, first, num, rows, cols, preload=None):
        """A crossbar group; `preload` (a DRAM pattern of rows * cols
        weights) programs it before cycle 0."""
        self.groups.append((tile, core, first, num, rows, cols, preload))
        return len(self.groups) - 1

    def barrier_decl(self, id, participants):
        self.barriers.append((id, list(participants)))

    def core(self, tile=0, core=0):
        c = CoreBuilder(tile, core)
        self.cores.append(c)
        return c

    def debug_entry(self, name, location=""):
        self.debug.append((name, location or f'loc("{name}")'))
        return len(self.debug) - 1

    # -- serialisation --------------------------------------------------
    def _pattern(self, b, p):
        base, loop, dims = p
        coeffs = None
        if loop:
            Pattern.PatternStartLoopCoeffsVector(b, len(loop))
            for c in reversed(loop):
                b.PrependInt64(c)
            coeffs = b.EndVector()
        dimv = None
        if dims:
            Pattern.PatternStartDimsVector(b, len(dims))
            for count, stride in reversed(dims):
                Dim.CreateDim(b, stride, count)
            dimv = b.EndVector()
        Pattern.PatternStart(b)
        Pattern.PatternAddBase(b, base)
        if coeffs is not None:
            Pattern.PatternAddLoopCoeffs(b, coeffs)
        if dimv is not None:
            Pattern.PatternAddDims(b, dimv)
        return Pattern.PatternEnd(b)

    def _hw(self, b):
        offsets = {}
        for section, table in TABLES.items():
            module = __import__(f"zara.program.{table}", fromlist=[table])
            getattr(module, f"{table}Start")(b)
            for key, value in self.hw[section].items():
                if key == "signed_weights":
                    value = {"offset": 0, "differential": 1}[value]
                getattr(module, f"{table}Add{camel(key)}")(b, value)
            offsets[section] = getattr(module, f"{table}End")(b)
        HwConfig.HwConfigStart(b)
        for section in TABLES:
            getattr(HwConfig, f"HwConfigAdd{camel(section)}")(b,
                                                              offsets[section])
        return HwConfig.HwConfigEnd(b)

    def _instr(self, b, op, f, debug):
        if isinstance(op, tuple):  # raw union member for error tests
            Halt.HaltStart(b)
            table, op_type = Halt.HaltEnd(b), op[1]
        elif op == "Loop":
            Loop.LoopStart(b)
            Loop.LoopAddCount(b, f["count"])
            table, op_type = Loop.LoopEnd(b), Op.Op.Loop
        elif op == "EndLoop":
            EndLoop.EndLoopStart(b)
            table, op_type = EndLoop.EndLoopEnd(b), Op.Op.EndLoop
        elif op == "Halt":
            Halt.HaltStart(b)
            table, op_type = Halt.HaltEnd(b), Op.Op.Halt
        elif op == "Barrier":
            Barrier.BarrierStart(b)
            Barrier.BarrierAddId(b, f["id"])
            table, op_type = Barrier.BarrierEnd(b), Op.Op.Barrier
        elif op == "ProgramXbar":
            src = self._pattern(b, f["src"])
            g = self.groups[f["group"]] if f["group"] < len(self.groups) else (0,) * 7
            rows = f["row_count"] if f["row_count"] is not None else g[4]
            ProgramXbar.ProgramXbarStart(b)
            ProgramXbar.ProgramXbarAddGroup(b, f["group"])
            ProgramXbar.ProgramXbarAddMode(b, 0 if f["whole"] else 1)
            ProgramXbar.ProgramXbarAddRowBegin(b, f["row_begin"])
            ProgramXbar.ProgramXbarAddRowCount(b, rows)
            ProgramXbar.ProgramXbarAddSrc(b, src)
            table, op_type = ProgramXbar.ProgramXbarEnd(b), Op.Op.ProgramXbar
        elif op == "Mvm":
            inp = self._pattern(b, f["input"])
            out = self._pattern(b, f["output"])
            Mvm.MvmStart(b)
            Mvm.MvmAddGroup(b, f["group"])
            Mvm.MvmAddInput(b, inp)
            Mvm.MvmAddOutput(b, out)
            Mvm.MvmAddAccumulate(b, f["accumulate"])
            table, op_type = Mvm.MvmEnd(b), Op.Op.Mvm
        elif op == "Alu":
            dst = self._pattern(b, f["dst"])
            srcs = [self._pattern(b, f[k]) if f[k] is not None else None
                    for k in ("a", "b", "c")]
            Alu.AluStart(b)
            Alu.AluAddOp(b, ALU_OPS.index(f["op"]) if isinstance(f["op"], str)
                         else f["op"])
            Alu.AluAddDst(b, dst)
            for k, s in zip("ABC", srcs):
                if s is not None:
                    getattr(Alu, f"AluAdd{k}")(b, s)
            Alu.AluAddImm(b, f["imm"])
            table, op_type = Alu.AluEnd(b), Op.Op.Alu
        elif op == "Move":
            src = self._pattern(b, f["src"])
            dst = self._pattern(b, f["dst"])
            Move.MoveStart(b)
            Move.MoveAddSrcMem(b, MEM.get(f["src_mem"], f["src_mem"]))
            Move.MoveAddSrc(b, src)
            Move.MoveAddDstMem(b, MEM.get(f["dst_mem"], f["dst_mem"]))
            Move.MoveAddDst(b, dst)
            table, op_type = Move.MoveEnd(b), Op.Op.Move
        elif op == "Fill":
            dst = self._pattern(b, f["dst"])
            Fill.FillStart(b)
            Fill.FillAddMem(b, MEM[f["mem"]])
            Fill.FillAddDst(b, dst)
            Fill.FillAddValue(b, f["value"])
            Fill.FillAddTag(b, {"original": 0, "zero": 1}[f["tag"]])
            table, op_type = Fill.FillEnd(b), Op.Op.Fill
        elif op == "Send":
            src = self._pattern(b, f["src"])
            Send.SendStart(b)
            Send.SendAddDstTile(b, f["dst_tile"])
            Send.SendAddChannel(b, f["channel"])
            Send.SendAddSrc(b, src)
            table, op_type = Send.SendEnd(b), Op.Op.Send
        elif op == "Recv":
            dst = self._pattern(b, f["dst"])
            Recv.RecvStart(b)
            Recv.RecvAddSrcTile(b, f["src_tile"])
            Recv.RecvAddChannel(b, f["channel"])
            Recv.RecvAddDst(b, dst)
            table, op_type = Recv.RecvEnd(b), Op.Op.Recv
        else:
            raise ValueError(op)
        Instr.InstrStart(b)
        Instr.InstrAddDebugId(b, debug)
        Instr.InstrAddOpType(b, op_type)
        Instr.InstrAddOp(b, table)
        return Instr.InstrEnd(b)

    def _table_vector(self, b, start, offsets):
        start(b, len(offsets))
        for o in reversed(offsets):
            b.PrependUOffsetTRelative(o)
        return b.EndVector()

    def _binding(self, b, name, shape, address):
        n = b.CreateString(name)
        Binding.BindingStartShapeVector(b, len(shape))
        for d in reversed(shape):
            b.PrependInt64(d)
        s = b.EndVector()
        Binding.BindingStart(b)
        Binding.BindingAddName(b, n)
        Binding.BindingAddShape(b, s)
        Binding.BindingAddElementType(b, 1)
        Binding.BindingAddAddress(b, address)
        return Binding.BindingEnd(b)

    def build(self, identifier=b"ZARA"):
        b = flatbuffers.Builder(1024)
        producer = b.CreateString(self.producer)
        hw = self._hw(b)
        # The weight segment, 64-byte aligned as Program.fbs demands.
        raw = self.weights.astype("<f4").tobytes()
        b.StartVector(1, len(raw), 64)
        b.head = b.head - len(raw)
        b.Bytes[b.head:b.head + len(raw)] = raw
        weights = b.EndVector()
        inputs = self._table_vector(
            b, ProgramTable.ProgramStartInputsVector,
            [self._binding(b, *i) for i in self.inputs])
        outputs = self._table_vector(
            b, ProgramTable.ProgramStartOutputsVector,
            [self._binding(b, *o) for o in self.outputs])
        groups = []
        for tile, core, first, num, rows, cols, preload in self.groups:
            preload_off = (self._pattern(b, preload)
                           if preload is not None else None)
            CrossbarGroup.CrossbarGroupStart(b)
            CrossbarGroup.CrossbarGroupAddTile(b, tile)
            CrossbarGroup.CrossbarGroupAddCore(b, core)
            CrossbarGroup.CrossbarGroupAddFirstCrossbar(b, first)
            CrossbarGroup.CrossbarGroupAddNumCrossbars(b, num)
            CrossbarGroup.CrossbarGroupAddRows(b, rows)
            CrossbarGroup.CrossbarGroupAddCols(b, cols)
            if preload_off is not None:
                CrossbarGroup.CrossbarGroupAddPreload(b, preload_off)
            groups.append(CrossbarGroup.CrossbarGroupEnd(b))
        groups = self._table_vector(b, ProgramTable.ProgramStartGroupsVector,
                                    groups)
        barriers = []
        for id, parts in self.barriers:
            BarrierDecl.BarrierDeclStartParticipantsVector(b, len(parts))
            for p in reversed(parts):
                b.PrependUint32(p)
            pv = b.EndVector()
            BarrierDecl.BarrierDeclStart(b)
            BarrierDecl.BarrierDeclAddId(b, id)
            BarrierDecl.BarrierDeclAddParticipants(b, pv)
            barriers.append(BarrierDecl.BarrierDeclEnd(b))
        barriers = self._table_vector(
            b, ProgramTable.ProgramStartBarriersVector, barriers)
        cores = []
        for c in self.cores:
            instrs = [self._instr(b, *i) for i in c.instrs]
            iv = self._table_vector(b, Core.CoreStartInstructionsVector,
                                    instrs)
            Core.CoreStart(b)
            Core.CoreAddTile(b, c.tile)
            Core.CoreAddCore(b, c.core)
            Core.CoreAddInstructions(b, iv)
            cores.append(Core.CoreEnd(b))
        cores = self._table_vector(b, ProgramTable.ProgramStartCoresVector,
                                   cores)
        debug = []
        for name, loc in self.debug:
            n, l = b.CreateString(name), b.CreateString(loc)
            DebugEntry.DebugEntryStart(b)
            DebugEntry.DebugEntryAddName(b, n)
            DebugEntry.DebugEntryAddLocation(b, l)
            debug.append(DebugEntry.DebugEntryEnd(b))
        debug = self._table_vector(b, ProgramTable.ProgramStartDebugVector,
                                   debug)
        ProgramTable.ProgramStart(b)
        ProgramTable.ProgramAddVersion(
            b, Version.CreateVersion(b, *self.version))
        ProgramTable.ProgramAddProducer(b, producer)
        ProgramTable.ProgramAddHardware(b, hw)
        ProgramTable.ProgramAddDramSize(b, self.dram_size)
        ProgramTable.ProgramAddWeightsAddress(b, self.weights_address)
        ProgramTable.ProgramAddWeights(b, weights)
        ProgramTable.ProgramAddInputs(b, inputs)
        ProgramTable.ProgramAddOutputs(b, outputs)
        ProgramTable.ProgramAddGroups(b, groups)
        ProgramTable.ProgramAddBarriers(b, barriers)
        ProgramTable.ProgramAddCores(b, cores)
        ProgramTable.ProgramAddDebug(b, debug)
        root = ProgramTable.ProgramEnd(b)
        b.Finish(root, file_identifier=identifier)
        return bytes(b.Output())


# -- running zara-sim ----------------------------------------------------

def run_sim(program_bytes, workdir, name, inputs=None, args=(),
            expect_fail=False):
    """Writes the program, runs zara-sim with --stats and --output-dir,
    returns (stats dict, {output name: array}) or, with expect_fail, the
    completed process."""
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name + ".zara")
    with open(path, "wb") as f:
        f.write(program_bytes)
    cmd = ["zara-sim", path, "--quiet"]
    for input_name, array in (inputs or {}).items():
        npy = os.path.join(workdir, f"{name}.in.{input_name}.npy")
        np.save(npy, np.asarray(array, np.float32))
        cmd += ["--input", f"{input_name}={npy}"]
    out_dir = os.path.join(workdir, name + ".out")
    stats = os.path.join(workdir, name + ".stats.json")
    cmd += ["--output-dir", out_dir, "--stats", stats] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if expect_fail:
        return proc
    if proc.returncode != 0:
        sys.exit(f"zara-sim failed ({proc.returncode}): {proc.stderr}")
    outputs = {}
    for f in os.listdir(out_dir):
        outputs[f[:-4]] = np.load(os.path.join(out_dir, f))
    with open(stats) as f:
        return json.load(f), outputs


def cyc(ns, hw=ISAAC):
    """Cycles of the digital clock for `ns` nanoseconds, rounded up."""
    import math
    c = ns * hw["timing"]["clock_ghz"]
    return max(0, math.ceil(c - 1e-9 * max(1.0, c)))


def words(n, hw=ISAAC):
    bits = n * hw["numerics"]["data_bits"]
    port = hw["buffer"]["port_bits"]
    return (bits + port - 1) // port


class Checker:
    """Collects comparisons and prints one line per check."""

    def __init__(self):
        self.failures = 0

    def eq(self, what, got, want):
        ok = got == want
        print(f"{'OK' if ok else 'FAIL'} {what}: {got}" +
              ("" if ok else f" (want {want})"))
        self.failures += not ok

    def close(self, what, got, want, rtol=1e-9, atol=0.0):
        ok = bool(np.allclose(got, want, rtol=rtol, atol=atol))
        shown = got if np.ndim(got) == 0 else "array"
        print(f"{'OK' if ok else 'FAIL'} {what}: {shown}" +
              ("" if ok else f"\n  got  {got}\n  want {want}"))
        self.failures += not ok

    def true(self, what, cond, detail=""):
        print(f"{'OK' if cond else 'FAIL'} {what}" +
              ("" if cond else f": {detail}"))
        self.failures += not cond

    def finish(self):
        if self.failures:
            sys.exit(f"{self.failures} check(s) failed")
