#!/usr/bin/python3
"""Brian2's synfire chain example after Diesmann et al. (1999) (examples/frompapers/
Diesmann_et_al_1999.py of Brian2 2.5.1: 10 groups of 100 neurons with white-noise input, each
group connected to all of the next, the first driven by a volley of 85 input spikes around
50 ms), run by Brian2 itself once per seed (`seed(k)` before the network is built), for a
reference fixture: per seed and per group the number of spikes, the size and time of the pulse
of synchronous spikes, and the propagation time of the pulse from the first group to the last
(chain_statistics); then mean and sample sd over the seeds.

The network is the example's code, line for line (the plotting is left out), with one change:
the input volley (the example draws `np.random.randn(85)*1*ms + 50*ms` anew for each run) is
drawn once, with seed 1, and written to models/data/diesmann1999_input.csv (index, time in
ms), which every seed here and models/diesmann1999.lsm read. The seeds then vary the membrane
noise and the initial potentials only, as an lsmc model with its spike times in a file does.
Brian2's runtime device, magic `run`, default dt 0.1 ms, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root:

  /usr/bin/python3 tools/brian2_reference/diesmann1999.py --seeds 1-10 \\
      --out tests/fixtures/reference/diesmann1999_brian2.json

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from example_statistics import chain_statistics  # noqa: E402
from brian2 import (Equations, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, Synapses,  # noqa: E402
                    ms, mV, run, second, seed, start_scope)

INPUT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models",
                          "data", "diesmann1999_input.csv")
from example_statistics import GROUP_SIZE, N_GROUPS  # noqa: E402


def input_volley():
    """The example's volley, drawn once with seed 1 and kept in the CSV file."""
    if not os.path.exists(INPUT_FILE):
        np.random.seed(1)
        times_ms = np.random.randn(85) * 1 + 50
        with open(INPUT_FILE, "w") as out:
            out.write("index,time_ms\n")
            out.write("# the input volley of tools/brian2_reference/diesmann1999.py (seed 1)\n")
            for k, t in enumerate(times_ms):
                out.write(f"{k},{t!r}\n")
    table = np.loadtxt(INPUT_FILE, delimiter=",", skiprows=2)
    return table[:, 0].astype(int), table[:, 1]


def run_diesmann(seed_value, input_indices, input_times_ms):
    start_scope()
    seed(seed_value)
    # --- examples/frompapers/Diesmann_et_al_1999.py (Brian2 2.5.1), plotting left out ---
    duration = 100*ms
    Vr = -70*mV
    Vt = -55*mV
    taum = 10*ms
    taupsp = 0.325*ms
    weight = 4.86*mV
    eqs = Equations('''
    dV/dt = (-(V-Vr)+x)*(1./taum) : volt
    dx/dt = (-x+y)*(1./taupsp) : volt
    dy/dt = -y*(1./taupsp)+25.27*mV/ms+
            (39.24*mV/ms**0.5)*xi : volt
    ''')
    n_groups = N_GROUPS
    group_size = GROUP_SIZE
    P = NeuronGroup(N=n_groups*group_size, model=eqs,
                    threshold='V>Vt', reset='V=Vr', refractory=1*ms,
                    method='euler')
    # The example: SpikeGeneratorGroup(85, np.arange(85), np.random.randn(85)*1*ms + 50*ms)
    Pinput = SpikeGeneratorGroup(85, input_indices, input_times_ms*ms)
    S = Synapses(P, P, on_pre='y+=weight')
    S.connect(j='k for k in range((int(i/group_size)+1)*group_size, (int(i/group_size)+2)*group_size) '
                'if i<N_pre-group_size')
    Sinput = Synapses(Pinput, P[:group_size], on_pre='y+=weight')
    Sinput.connect()
    Mgp = SpikeMonitor(P)
    P.V = 'Vr + rand() * (Vt - Vr)'
    run(duration)
    # --- end of the example ---
    entry = {"seed": seed_value, "synapses": int(len(S))}
    entry.update(chain_statistics(np.asarray(Mgp.i[:]), np.asarray(Mgp.t / second)))
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-10")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    seeds = common.parse_seeds(args.seeds)
    input_indices, input_times_ms = input_volley()
    per_seed = common.run_seeds(seeds, lambda s: run_diesmann(s, input_indices, input_times_ms))
    keys = [k for k in per_seed[0] if k not in ("seed", "wall_s")]
    document = {"model": "Brian2 examples/frompapers/Diesmann_et_al_1999.py, input volley fixed",
                **common.provenance("cython", seeds, "frompapers/Diesmann_et_al_1999.py"),
                "dt_s": 1e-4, "duration_s": 0.1, "input": "models/data/diesmann1999_input.csv",
                "statistics": chain_statistics.__doc__.strip(),
                "per_seed": per_seed,
                # Mean times of a group that did not fire are NaN: left out (n counts the rest).
                "summary": {common.seeds_label(seeds): {
                    key: common.mean_sd([e[key] for e in per_seed if not np.isnan(e[key])])
                    for key in keys}}}
    common.write_json(args.out, document)


if __name__ == "__main__":
    main()
