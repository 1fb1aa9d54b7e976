#!/usr/bin/python3
"""Brian2's Brette & Gerstner (2005) example (examples/frompapers/Brette_Gerstner_2005.py of
Brian2 2.5.1: one adaptive exponential integrate-and-fire neuron, regular spiking, forward
Euler at dt = 0.1 ms, runs of 20 ms, 100 ms with I = 1 nA and 20 ms), run by Brian2 itself, for
the reference fixture of lsmc's models/brette_gerstner2005.lsm: the spike steps and the
recorded vm at every step. Deterministic (no random numbers), so no seed.

The network is the example's code, line for line (only the spike drawing and the plotting are
left out). Brian2's runtime device, magic `run`, codegen target cython (`--target numpy` works
too).

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from:

  /usr/bin/python3 tools/brian2_reference/brette_gerstner.py \
      --out tests/fixtures/reference/brette_gerstner_brian2.json            # 10 s

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
from brian2 import (NeuronGroup, SpikeMonitor, StateMonitor, defaultclock, mV, ms, nA,  # noqa: E402
                    nS, pF, prefs, run)


def run_brette_gerstner():
    """Brian2's examples/frompapers/Brette_Gerstner_2005.py."""
    # --- examples/frompapers/Brette_Gerstner_2005.py (Brian2 2.5.1) from here ---
    C = 281 * pF
    gL = 30 * nS
    taum = C / gL  # noqa: F841  (unused in the example too)
    EL = -70.6 * mV
    VT = -50.4 * mV
    DeltaT = 2 * mV
    Vcut = VT + 5 * DeltaT  # noqa: F841  (read by the threshold string)

    # Pick an electrophysiological behaviour
    tauw, a, b, Vr = 144*ms, 4*nS, 0.0805*nA, -70.6*mV  # Regular spiking (as in the paper)

    eqs = """
    dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
    dw/dt = (a*(vm - EL) - w)/tauw : amp
    I : amp
    """

    neuron = NeuronGroup(1, model=eqs, threshold='vm>Vcut',
                         reset="vm=Vr; w+=b", method='euler')
    neuron.vm = EL
    trace = StateMonitor(neuron, 'vm', record=0)
    spikes = SpikeMonitor(neuron)

    run(20 * ms)
    neuron.I = 1*nA
    run(100 * ms)
    neuron.I = 0*nA
    run(20 * ms)
    # --- end of the example (the spike drawing and plotting left out) ---
    return trace, spikes


def main():
    args = common.output_and_target(__doc__.splitlines()[0])

    t0 = time.time()
    trace, spikes = run_brette_gerstner()
    dt = float(defaultclock.dt_)
    steps = [int(k) for k in np.rint(np.asarray(spikes.t_) / dt)]
    vm = [float(x) for x in np.asarray(trace.vm_[0])]
    document = {
        "model": "Brian2 examples/frompapers/Brette_Gerstner_2005.py",
        **common.provenance(prefs.codegen.target, [], "frompapers/Brette_Gerstner_2005.py"),
        "dt_s": dt,
        "wall_seconds_total": round(time.time() - t0, 1),
        "spike_steps": steps,
        "vm_V": vm,
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{len(steps)} spikes at steps {steps}; {len(vm)} samples of vm")


if __name__ == "__main__":
    main()
