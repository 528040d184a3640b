"""Hand-written cost formulas of docs/ISA.md, for single instructions on an
otherwise idle machine (so every resource is free when the instruction
starts and its duration is the sum of its phases). Written from the
document, not from lib/Sim: the tests compare zara-sim against these.

Each function returns (cycles, energy dict by component, counts dict).
"""

import math

from zara_asm import ISAAC, cyc, words

COMPONENTS = ["crossbar", "adc", "dac", "digital", "buffer", "noc", "write"]


def energy(**parts):
    e = {k: 0.0 for k in COMPONENTS}
    e.update(parts)
    return e


def cells_per_weight(hw):
    bits = hw["numerics"]["weight_bits"]
    if hw["numerics"]["signed_weights"] == "differential":
        bits -= 1
    return math.ceil(bits / hw["crossbar"]["bits_per_cell"])


def polarities(hw):
    return 2 if hw["numerics"]["signed_weights"] == "differential" else 1


def arrays(cols, hw=ISAAC):
    per = math.ceil(cols * cells_per_weight(hw) / hw["crossbar"]["cols"])
    return per * polarities(hw)


def slices(hw=ISAAC):
    db = hw["dac"]["bits"]
    ib = hw["numerics"]["input_bits"]
    return 1 if db == 0 else 1 + math.ceil((ib - 1) / db)


def used_columns(cols, hw=ISAAC):
    """Physical columns used on each array of one polarity."""
    phys = cols * cells_per_weight(hw)
    xc = hw["crossbar"]["cols"]
    return [min(xc, phys - a * xc) for a in range(math.ceil(phys / xc))]


def mvm(rows, cols, accumulate=False, hw=ISAAC):
    S = slices(hw)
    A = arrays(cols, hw)
    used = used_columns(cols, hw)
    m = max(used)
    t_read = cyc(hw["crossbar"]["read_latency_ns"], hw)
    per_adc = math.ceil(m / hw["adc"]["per_crossbar"])
    t_adc = cyc(per_adc / hw["adc"]["sample_rate_gsps"], hw)
    compute = (t_read + (S - 1) * max(t_read, t_adc) + t_adc +
               hw["shift_add"]["latency_cycles"])
    L = hw["buffer"]["access_latency_cycles"]
    out_words = words(cols, hw) * (2 if accumulate else 1)
    cycles = words(rows, hw) * L + compute + out_words * L
    N = S * sum(used) * polarities(hw)
    e = energy(
        crossbar=A * S * hw["crossbar"]["read_energy_pj"],
        dac=A * rows * S * hw["dac"]["energy_pj"],
        adc=N * (hw["adc"]["energy_pj"] + hw["sample_hold"]["energy_pj"]),
        digital=N * hw["shift_add"]["energy_pj"] +
        S * (hw["registers"]["input_energy_pj"] +
             hw["registers"]["output_energy_pj"]),
        buffer=(words(rows, hw) + out_words) *
        hw["buffer"]["access_energy_pj"])
    counts = {"crossbar_activations": A, "adc_conversions": N,
              "macs_issued": rows * cols}
    return cycles, e, counts


def dram_cycles(n, hw=ISAAC):
    return cyc(n * hw["numerics"]["data_bits"] / 8 /
               hw["dram"]["bandwidth_gbps"], hw)


def dram_energy(n, hw=ISAAC):
    return n * hw["numerics"]["data_bits"] * hw["dram"]["energy_pj_per_bit"]


def program_xbar(rows, cols, whole=True, row_count=None, hw=ISAAC):
    A = arrays(cols, hw)
    rc = rows if whole else row_count
    n = rc * cols
    if whole:
        t_write = cyc(A * hw["write"]["array_latency_ns"], hw)
        e_write = A * hw["write"]["array_energy_pj"]
        cells = A * hw["crossbar"]["rows"] * hw["crossbar"]["cols"]
    else:
        t_write = cyc(A * rc * hw["write"]["row_latency_ns"], hw)
        e_write = A * rc * hw["write"]["row_energy_pj"]
        cells = rc * cols * cells_per_weight(hw) * polarities(hw)
    cycles = cyc(hw["dram"]["latency_ns"], hw) + dram_cycles(n, hw) + t_write
    return cycles, energy(write=e_write, buffer=dram_energy(n, hw)), \
        {"cell_writes": cells}


def move(n, src, dst, hw=ISAAC):
    d = (src == "dram") + (dst == "dram")
    b = 2 - d
    L = hw["buffer"]["access_latency_cycles"]
    cycles = (cyc(hw["dram"]["latency_ns"], hw) if d else 0) + \
        max(d * dram_cycles(n, hw), b * words(n, hw) * L)
    e = energy(buffer=d * dram_energy(n, hw) +
               b * words(n, hw) * hw["buffer"]["access_energy_pj"])
    return cycles, e, {}


def fill(n, mem, hw=ISAAC):
    L = hw["buffer"]["access_latency_cycles"]
    if mem == "dram":
        return cyc(hw["dram"]["latency_ns"], hw) + dram_cycles(n, hw), \
            energy(buffer=dram_energy(n, hw)), {}
    return words(n, hw) * L, \
        energy(buffer=words(n, hw) * hw["buffer"]["access_energy_pj"]), {}


ALU_CLASS = {
    "copy": "simple", "add": "simple", "sub": "simple", "max": "simple",
    "min": "simple", "add_imm": "simple", "relu": "simple",
    "relu_grad": "simple", "reduce_sum": "simple",
    "mul": "mul", "mul_imm": "mul", "scale_shift": "mul",
    "leaky_relu": "mul", "leaky_relu_grad": "mul", "tanh_grad": "mul",
    "sigmoid_grad": "mul",
    "tanh": "transcendental", "sigmoid": "transcendental",
    "loss_diff": "transcendental", "rsqrt": "transcendental",
}
ALU_OPERANDS = {"copy": 1, "add_imm": 1, "mul_imm": 1, "relu": 1,
                "leaky_relu": 1, "tanh": 1, "sigmoid": 1, "reduce_sum": 1,
                "rsqrt": 1, "scale_shift": 3}


def alu(op, n, hw=ISAAC):
    k = ALU_OPERANDS.get(op, 2)
    n_dst = 1 if op == "reduce_sum" else n
    cls = ALU_CLASS[op]
    v = hw["vector"]
    lat = v["transcendental_latency_cycles"] if cls == "transcendental" \
        else v["latency_cycles"]
    L = hw["buffer"]["access_latency_cycles"]
    cycles = (k * words(n, hw) * L + math.ceil(n / v["lanes"]) * lat +
              words(n_dst, hw) * L)
    per = {"simple": v["energy_pj"], "mul": v["mul_energy_pj"],
           "transcendental": v["transcendental_energy_pj"]}[cls]
    e = energy(digital=n * per,
               buffer=(k * words(n, hw) + words(n_dst, hw)) *
               hw["buffer"]["access_energy_pj"])
    return cycles, e, {}


def hops(a, b, hw=ISAAC):
    tpr = hw["noc"]["tiles_per_router"]
    routers = math.ceil(hw["organisation"]["tiles"] / tpr)
    width = math.isqrt(routers - 1) + 1 if routers > 1 else 1
    ra, rb = a // tpr, b // tpr
    return abs(ra % width - rb % width) + abs(ra // width - rb // width) + 1


def flits(n, hw=ISAAC):
    return math.ceil(n * hw["numerics"]["data_bits"] / hw["noc"]["flit_bits"])


def add(total, part):
    for k, v in part.items():
        total[k] = total.get(k, 0) + v
    return total
