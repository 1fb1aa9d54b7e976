#!/usr/bin/python3
"""Brian2's IF_curve_LIF example (examples/IF_curve_LIF.py of Brian2 2.5.1: the input-frequency
curve of 1000 unconnected leaky integrate-and-fire neurons, v0 = 20 mV * i / (n - 1), tau 10 ms,
threshold v > 10 mV, reset v = 0 mV, refractory 5 ms, method 'exact', 1 s), run by Brian2
itself, for a reference fixture: the spike count of every neuron, with its v0. Deterministic
(no random numbers), so no seed.

The network is the example's code, line for line (only the plotting is left out). Brian2's
runtime device, magic `run`, default dt 0.1 ms, codegen target cython (`--target numpy` also
works and gives the same counts).

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from (wall time of one run on the 2-core VM while others built, load ~7; cython
cache warm; --target numpy gives the same counts, checked):

  /usr/bin/python3 tools/brian2_reference/if_curve.py \
      --out tests/fixtures/reference/if_curve_brian2.json                    # 10 s

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # pythran/numpy noise on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (NeuronGroup, SpikeMonitor, defaultclock, ms, mV, prefs, run,  # noqa: E402
                    second)


def run_if_curve():
    """Brian2's examples/IF_curve_LIF.py."""
    # --- examples/IF_curve_LIF.py (Brian2 2.5.1) from here, plotting left out ---
    n = 1000
    duration = 1*second
    tau = 10*ms
    eqs = '''
    dv/dt = (v0 - v) / tau : volt (unless refractory)
    v0 : volt
    '''
    group = NeuronGroup(n, eqs, threshold='v > 10*mV', reset='v = 0*mV',
                        refractory=5*ms, method='exact')
    group.v = 0*mV
    group.v0 = '20*mV * i / (n-1)'

    monitor = SpikeMonitor(group)

    run(duration)
    # --- end of the example ---
    return group, monitor, float(duration)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    args = parser.parse_args()
    prefs.codegen.target = args.target

    t0 = time.time()
    group, monitor, duration_s = run_if_curve()
    counts = [int(c) for c in np.asarray(monitor.count[:])]
    v0 = [float(x) for x in np.asarray(group.v0_[:])]
    firing = [k for k, c in enumerate(counts) if c > 0]
    first = firing[0] if firing else None
    document = {
        "model": "Brian2 examples/IF_curve_LIF.py",
        **common.provenance(prefs.codegen.target, [], "IF_curve_LIF.py"),
        "dt_s": float(defaultclock.dt_),
        "duration_s": duration_s,
        "neurons": len(group),
        "wall_seconds_total": round(time.time() - t0, 1),
        "total_spikes": int(monitor.num_spikes),
        "first_firing_neuron": first,
        "first_firing_v0_V": v0[first] if first is not None else None,
        "last_silent_v0_V": v0[first - 1] if first else None,
        "max_count": max(counts),
        "v0_V": v0,
        "counts": counts,
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{monitor.num_spikes} spikes; firing from neuron {first} (v0 = "
          f"{v0[first] * 1e3 if first is not None else float('nan')} mV); "
          f"max {max(counts)} spikes")


if __name__ == "__main__":
    main()
