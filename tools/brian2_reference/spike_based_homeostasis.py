#!/usr/bin/python3
"""Brian2's spike-based homeostasis example (examples/synapses/spike_based_homeostasis.py of
Brian2 2.5.1: two Poisson groups driven by TimedArrays, one neuron with a plastic synapse from
the steady input and a static one from the varying input, one neuron with the static synapse
only), run by Brian2 itself once per seed (`seed(k)` before the network is built), for a
reference fixture: per seed and per 10 s segment of the varying stimulus (25, 50, 0, 35, 0 Hz)
the mean of the plastic weight w (recorded every step, as the example records it) and the
spike counts of the two neurons; then mean and sample sd over the seeds.

The network is the example's code, line for line (the plotting is left out). Brian2's runtime
device, magic `run`, dt 0.1 ms, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root:

  /usr/bin/python3 tools/brian2_reference/spike_based_homeostasis.py --seeds 1-12 \\
      --out tests/fixtures/reference/spike_based_homeostasis_brian2.json

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
from example_statistics import SEGMENT_S, SEGMENTS, segment_statistics  # noqa: E402
from brian2 import (NeuronGroup, PoissonGroup, SpikeMonitor, StateMonitor, Synapses,  # noqa: E402
                    TimedArray, defaultclock, Hz, ms, run, second, seed, start_scope)

def run_homeostasis(seed_value):
    start_scope()
    seed(seed_value)
    # --- examples/synapses/spike_based_homeostasis.py (Brian2 2.5.1), plotting left out ---
    steady_stimulus = TimedArray([50]*Hz, dt=40*second)
    steady_poisson = PoissonGroup(1, rates='steady_stimulus(t)')
    varying_stimulus = TimedArray([25*Hz, 50*Hz, 0*Hz, 35*Hz, 0*Hz], dt=10*second)
    varying_poisson = PoissonGroup(1, rates='varying_stimulus(t)')
    parameters = {
        'tau': 10*ms,
        'dw_plus': 0.05,
        'dw_minus': 0.05,
        'w_max': 2,
        'w_initial': 0
    }
    eqs = 'dv/dt = (0 - v)/tau : 1 (unless refractory)'
    neuron_with_homeostasis = NeuronGroup(1, eqs, threshold='v > 1', reset='v = -1',
                                          method='euler', refractory=1*ms, namespace=parameters)
    neuron_without_homeostasis = NeuronGroup(1, eqs, threshold='v > 1', reset='v = -1',
                                             method='euler', refractory=1*ms,
                                             namespace=parameters)
    plastic_synapse = Synapses(steady_poisson, neuron_with_homeostasis, 'w : 1',
                               on_pre='''
                               v_post += w
                               w = clip(w + dw_plus, 0, w_max)
                               ''',
                               on_post='''
                               w = clip(w - dw_minus, 0, w_max)
                               ''', namespace=parameters)
    plastic_synapse.connect()
    plastic_synapse.w = parameters['w_initial']
    non_plastic_synapse_neuron_without_homeostasis = Synapses(
        varying_poisson, neuron_without_homeostasis, 'w : 1', on_pre='v_post += w')
    non_plastic_synapse_neuron_without_homeostasis.connect()
    non_plastic_synapse_neuron_without_homeostasis.w = 2
    non_plastic_synapse_neuron = Synapses(varying_poisson, neuron_with_homeostasis, 'w : 1',
                                          on_pre='v_post += w')
    non_plastic_synapse_neuron.connect()
    non_plastic_synapse_neuron.w = 2
    M2 = StateMonitor(plastic_synapse, 'w', record=True)
    # The example's PopulationRateMonitors, as spike monitors (the same spikes).
    S_with = SpikeMonitor(neuron_with_homeostasis)
    S_without = SpikeMonitor(neuron_without_homeostasis)
    duration = 40*second
    defaultclock.dt = 0.1*ms
    run(duration)
    # --- end of the example ---
    entry = {"seed": seed_value}
    entry.update(segment_statistics(np.asarray(M2.t / second), np.asarray(M2.w[0]),
                                    np.asarray(S_with.t / second), np.asarray(S_without.t / second)))
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-12")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    seeds = common.parse_seeds(args.seeds)
    per_seed = common.run_seeds(seeds, run_homeostasis)
    keys = [k for k in per_seed[0] if k not in ("seed", "wall_s")]
    document = {"model": "Brian2 examples/synapses/spike_based_homeostasis.py",
                **common.provenance("cython", seeds, "synapses/spike_based_homeostasis.py"),
                "dt_s": 1e-4, "duration_s": SEGMENT_S * SEGMENTS, "segment_s": SEGMENT_S,
                "statistics": segment_statistics.__doc__.strip(),
                "per_seed": per_seed,
                "summary": {common.seeds_label(seeds): common.summarise(per_seed, keys, seeds)}}
    common.write_json(args.out, document)


if __name__ == "__main__":
    main()
