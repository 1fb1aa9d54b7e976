#!/usr/bin/python3
"""Brian2's Brunel & Hakim (1999) example (examples/frompapers/Brunel_Hakim_1999.py of Brian2
2.5.1: 5000 inhibitory LIF neurons with white-noise input, sparse random connections with a
2 ms delay, integrated with `euler`, Euler-Maruyama), run by Brian2 itself once per seed
(`seed(k)` before the network is built), for a reference fixture: per seed the number of
synapses and spikes, the mean rate (spikes / 5000 / duration), the mean coefficient of
variation of the inter-spike intervals (over the neurons with at least 3 spikes), and the
standard deviation over time of the population rate in 1 ms bins (the global oscillation the
paper is about); then mean and sample sd over the seeds.

The network is the example's code, line for line (only the plotting is left out), with one
change: it runs for 1 s instead of 0.1 s, because at the example's low rates a neuron fires
about once in 0.1 s and has no inter-spike intervals to speak of. Brian2's runtime device,
magic `run`, default dt 0.1 ms, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root:

  /usr/bin/python3 tools/brian2_reference/brunel_hakim.py --seeds 1-5 \\
      --out tests/fixtures/reference/brunel_hakim_brian2.json

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
from brian2 import (NeuronGroup, PopulationRateMonitor, SpikeMonitor, Synapses, ms, mV,  # noqa: E402
                    run, second, seed, start_scope)

DURATION_S = 1.0
N = 5000


def run_brunel_hakim(seed_value):
    start_scope()
    seed(seed_value)
    # --- examples/frompapers/Brunel_Hakim_1999.py (Brian2 2.5.1), plotting left out ---
    N = 5000
    Vr = 10*mV
    theta = 20*mV
    tau = 20*ms
    delta = 2*ms
    taurefr = 2*ms
    duration = DURATION_S*second  # the example: .1*second
    C = 1000
    sparseness = float(C)/N
    J = .1*mV
    muext = 25*mV
    sigmaext = 1*mV

    eqs = """
    dV/dt = (-V+muext + sigmaext * sqrt(tau) * xi)/tau : volt
    """

    group = NeuronGroup(N, eqs, threshold='V>theta',
                        reset='V=Vr', refractory=taurefr, method='euler')
    group.V = Vr
    conn = Synapses(group, group, on_pre='V += -J', delay=delta)
    conn.connect(p=sparseness)
    M = SpikeMonitor(group)
    LFP = PopulationRateMonitor(group)
    run(duration)
    # --- end of the example ---
    entry = {"seed": seed_value, "synapses": int(len(conn)), "spikes": int(M.num_spikes)}
    entry.update(common.spike_statistics(np.asarray(M.i[:], dtype=np.int64), np.asarray(M.t[:] / second),
                                  N, DURATION_S))
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    seeds = common.parse_seeds(args.seeds)
    per_seed = common.run_seeds(seeds, run_brunel_hakim)
    keys = ["mean_rate_hz", "mean_cv", "population_rate_sd_hz", "synapses", "spikes"]
    document = {"model": "Brian2 examples/frompapers/Brunel_Hakim_1999.py, run for 1 s",
                **common.provenance("cython", seeds, "frompapers/Brunel_Hakim_1999.py"),
                "dt_s": 1e-4, "duration_s": DURATION_S, "neurons": N,
                "statistics": common.spike_statistics.__doc__.strip(),
                "per_seed": per_seed,
                "summary": {common.seeds_label(seeds): common.summarise(per_seed, keys, seeds)}}
    common.write_json(args.out, document)


if __name__ == "__main__":
    main()
