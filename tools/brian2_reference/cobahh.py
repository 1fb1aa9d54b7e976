#!/usr/bin/python3
"""Brian2's COBAHH example (examples/COBAHH.py of Brian2 2.5.1; Brette et al. 2007, benchmark
3: 4000 Hodgkin-Huxley neurons, exponential conductance synapses, exponential_euler), run by
Brian2 itself once per seed (`seed(k)` before the network is built), for a reference fixture:
per seed the number of spikes, the mean rate (spikes / 4000 / 1 s), the number of synapses,
and the example's own StateMonitor of v (neurons 1, 10, 100) summarised as mean, sd, min and
max over time; then mean and sample sd over the seeds.

The network is the example's code, line for line (only the plotting is left out), with one
addition: a SpikeMonitor of P, created after the example's StateMonitor (the example has none,
and the spikes are what we count). A monitor draws no random numbers and writes no state, and
being the last object created it leaves the example's object names - hence the order of objects
in the schedule - as they are. Brian2's runtime device, magic `run`, default dt 0.1 ms, codegen
target cython (`--target numpy` also works, with other random draws). Note that m, n and h are
not initialised by the example: they start at 0.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from (wall time of two runs on the 2-core VM while others built, load ~7; cython
cache warm - the very first cython run compiles its code objects for ~30 s more):

  /usr/bin/python3 tools/brian2_reference/cobahh.py --seeds 1-5 \
      --out tests/fixtures/reference/cobahh_brian2.json                      # 67-77 s

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import gc
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # pythran/numpy noise on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (Equations, NeuronGroup, SpikeMonitor, StateMonitor, Synapses,  # noqa: E402
                    cm, defaultclock, ms, msiemens, mV, nS, prefs, run, second, seed, siemens,
                    start_scope, ufarad, umetre)

N_NEURONS = 4000
N_EXC = 3200
DURATION_S = 1.0
TRACED = [1, 10, 100]


def run_cobahh(seed_value, report):
    """Brian2's examples/COBAHH.py, with `seed(seed_value)` first and a SpikeMonitor added."""
    start_scope()
    seed(seed_value)
    # --- examples/COBAHH.py (Brian2 2.5.1) from here, plotting left out ---
    # Parameters
    area = 20000*umetre**2
    Cm = (1*ufarad*cm**-2) * area
    gl = (5e-5*siemens*cm**-2) * area

    El = -60*mV
    EK = -90*mV
    ENa = 50*mV
    g_na = (100*msiemens*cm**-2) * area
    g_kd = (30*msiemens*cm**-2) * area
    VT = -63*mV
    # Time constants
    taue = 5*ms
    taui = 10*ms
    # Reversal potentials
    Ee = 0*mV
    Ei = -80*mV
    we = 6*nS  # excitatory synaptic weight
    wi = 67*nS  # inhibitory synaptic weight

    # The model
    eqs = Equations('''
    dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
             g_na*(m*m*m)*h*(v-ENa)-
             g_kd*(n*n*n*n)*(v-EK))/Cm : volt
    dm/dt = alpha_m*(1-m)-beta_m*m : 1
    dn/dt = alpha_n*(1-n)-beta_n*n : 1
    dh/dt = alpha_h*(1-h)-beta_h*h : 1
    dge/dt = -ge*(1./taue) : siemens
    dgi/dt = -gi*(1./taui) : siemens
    alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
    beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
    alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
    beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
    alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
    beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
    ''')

    P = NeuronGroup(4000, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                    method='exponential_euler')
    Pe = P[:3200]
    Pi = P[3200:]
    Ce = Synapses(Pe, P, on_pre='ge+=we')
    Ci = Synapses(Pi, P, on_pre='gi+=wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)

    # Initialization
    P.v = 'El + (randn() * 5 - 5)*mV'
    P.ge = '(randn() * 1.5 + 4) * 10.*nS'
    P.gi = '(randn() * 12 + 20) * 10.*nS'

    # Record a few traces
    trace = StateMonitor(P, 'v', record=[1, 10, 100])
    s_mon = SpikeMonitor(P)  # added: the example counts no spikes
    common.check_names([(P, "neurongroup"), (Ce, "synapses"), (Ci, "synapses_1"),
                        (trace, "statemonitor"), (s_mon, "spikemonitor")])
    run(1 * second, report=report)
    # --- end of the example ---
    return P, Ce, Ci, trace, s_mon


def measure(k, report):
    """The statistics of one seed; the network is gone once this returns."""
    t0 = time.time()
    P, Ce, Ci, trace, s_mon = run_cobahh(k, report)
    indices = np.asarray(s_mon.i[:])
    counts = np.bincount(indices, minlength=N_NEURONS)
    n_exc = int(counts[:N_EXC].sum())
    v = np.asarray(trace.v_)  # [neuron, time], volt
    traces = {}
    for row, neuron in enumerate(trace.record):
        traces[str(int(neuron))] = {
            "samples": int(v.shape[1]),
            "v_mean_V": float(np.mean(v[row])),
            "v_sd_V": float(np.std(v[row])),  # over time, ddof = 0
            "v_min_V": float(np.min(v[row])),
            "v_max_V": float(np.max(v[row])),
            "spikes": int(counts[int(neuron)]),
        }
    return {
        "seed": k,
        "spikes": int(s_mon.num_spikes),
        "mean_rate_hz": s_mon.num_spikes / N_NEURONS / DURATION_S,
        "rate_exc_hz": n_exc / N_EXC / DURATION_S,
        "rate_inh_hz": (len(indices) - n_exc) / (N_NEURONS - N_EXC) / DURATION_S,
        "silent_neurons": int(np.count_nonzero(counts == 0)),
        "synapses": len(Ce) + len(Ci),
        "synapses_Ce": len(Ce),
        "synapses_Ci": len(Ci),
        "v_trace": traces,
        "wall_seconds": round(time.time() - t0, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=common.parse_seeds, default=list(range(1, 6)),
                        help="e.g. 1-5 (default) or 1,3,5")
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    parser.add_argument("--report", default="text", help="Brian2's run(report=...); 'none' for none")
    args = parser.parse_args()
    prefs.codegen.target = args.target
    report = None if args.report == "none" else args.report

    per_seed = []
    started = time.time()
    for k in args.seeds:
        entry = measure(k, report)
        gc.collect()  # frees the names 'neurongroup', 'synapses', ... for the next seed
        per_seed.append(entry)
        print(f"seed {k}: {entry['spikes']} spikes, {entry['mean_rate_hz']:.4f} Hz, "
              f"{entry['synapses']} synapses ({entry['wall_seconds']} s)", flush=True)
    keys = ["spikes", "mean_rate_hz", "rate_exc_hz", "rate_inh_hz", "silent_neurons", "synapses"]
    trace_summary = {}
    for neuron in TRACED:
        for key in ["v_mean_V", "v_sd_V", "spikes"]:
            trace_summary[f"{neuron}.{key}"] = common.mean_sd(
                [entry["v_trace"][str(neuron)][key] for entry in per_seed])
    document = {
        "model": "Brian2 examples/COBAHH.py, plus a SpikeMonitor of P",
        **common.provenance(prefs.codegen.target, args.seeds, "COBAHH.py"),
        "dt_s": float(defaultclock.dt_),
        "duration_s": DURATION_S,
        "neurons": N_NEURONS,
        "v_trace_note": "the example's StateMonitor(P, 'v', record=[1, 10, 100]): 10000 samples "
                        "at t = 0, dt, ..., taken before each step's update; mean/sd/min/max "
                        "over time (sd with ddof = 0); per neuron and seed in per_seed",
        "wall_seconds_total": round(time.time() - started, 1),
        "per_seed": per_seed,
        "summary": {common.seeds_label(args.seeds): common.summarise(per_seed, keys, args.seeds),
                    "v_trace_over_seeds": trace_summary},
    }
    common.write_json(args.out, document)


if __name__ == "__main__":
    main()
