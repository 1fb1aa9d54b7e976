#!/usr/bin/python3
"""Brian2's Touboul & Brette (2008) example (examples/frompapers/Touboul_Brette_2008.py of
Brian2 2.5.1; Fig. 8B of the paper: chaos in the adaptive exponential integrate-and-fire
model), run by Brian2 itself, for the reference fixture of lsmc's models/touboul_brette2008.lsm.

200 unconnected AdEx neurons, Vr = linspace(-48.3 mV, -47.7 mV, 200), forward Euler at
dt = 0.01 ms; 3 s are discarded, then 1 s is recorded: the spikes and w at the start of every
step (StateMonitor(when='start')). The fixture holds what the figure plots, per spike: the
neuron, the step and w at the start of that step (in nA, rounded to 1e-9 nA to keep the file
small: far below the 1e-3 nA the comparison resolves), and per neuron its Vr and spike count.

The network is the example's code, line for line (only the plotting is left out). Brian2's
runtime device, magic `run`, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from:

  /usr/bin/python3 tools/brian2_reference/touboul_brette.py \
      --out tests/fixtures/reference/touboul_brette_brian2.json              # 40 s

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # pythran/numpy noise on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (NeuronGroup, SpikeMonitor, StateMonitor, defaultclock, int_, linspace,  # noqa: E402
                    mV, ms, nA, nS, pF, prefs, run, second)


def run_touboul_brette():
    """Brian2's examples/frompapers/Touboul_Brette_2008.py."""
    # --- examples/frompapers/Touboul_Brette_2008.py (Brian2 2.5.1) from here ---
    defaultclock.dt = 0.01*ms

    C = 281*pF
    gL = 30*nS
    EL = -70.6*mV
    VT = -50.4*mV
    DeltaT = 2*mV
    tauw = 40*ms
    a = 4*nS
    b = 0.08*nA  # noqa: F841  (read by the reset string)
    I = .8*nA  # noqa: F841,E741
    Vcut = VT + 5 * DeltaT  # practical threshold condition  # noqa: F841
    N = 200

    eqs = """
    dvm/dt=(gL*(EL-vm)+gL*DeltaT*exp((vm-VT)/DeltaT)+I-w)/C : volt
    dw/dt=(a*(vm-EL)-w)/tauw : amp
    Vr:volt
    """

    neuron = NeuronGroup(N, model=eqs, threshold='vm > Vcut',
                         reset="vm = Vr; w += b", method='euler')
    neuron.vm = EL
    neuron.w = a * (neuron.vm - EL)
    neuron.Vr = linspace(-48.3 * mV, -47.7 * mV, N)  # bifurcation parameter

    init_time = 3*second
    run(init_time)  # we discard the first spikes

    states = StateMonitor(neuron, "w", record=True, when='start')
    spikes = SpikeMonitor(neuron)
    run(1 * second)

    # Get the values of Vr and w for each spike
    Vr = neuron.Vr[spikes.i]
    w = states.w[spikes.i, int_((spikes.t-init_time)/defaultclock.dt)]
    # --- end of the example (plotting left out) ---
    return neuron, spikes, Vr, w, float(init_time)


def main():
    args = common.output_and_target(__doc__.splitlines()[0])

    t0 = time.time()
    neuron, spikes, _, w, init_time = run_touboul_brette()
    dt = float(defaultclock.dt_)
    indices = [int(k) for k in np.asarray(spikes.i[:])]
    steps = [int(k) for k in np.rint((np.asarray(spikes.t_) - init_time) / dt)]
    document = {
        "model": "Brian2 examples/frompapers/Touboul_Brette_2008.py",
        **common.provenance(prefs.codegen.target, [], "frompapers/Touboul_Brette_2008.py"),
        "dt_s": dt,
        "discarded_s": init_time,
        "recorded_s": 1.0,
        "wall_seconds_total": round(time.time() - t0, 1),
        "Vr_V": [float(x) for x in np.asarray(neuron.Vr_[:])],
        "counts": [int(c) for c in np.asarray(spikes.count[:])],
        "spike_i": indices,
        "spike_step": steps,
        "spike_w_nA": [round(float(x), 9) for x in np.asarray(w / nA)],
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{len(indices)} spikes")


if __name__ == "__main__":
    main()
