#!/usr/bin/python3
"""Brian2's Izhikevich (2007) example (examples/frompapers/Izhikevich_2007.py of Brian2 2.5.1:
dopamine-modulated STDP, a synapse whose eligibility trace c and strength s are driven by a
third synapses object, `reward`, that targets the STDP synapses: synapses on synapses; two
runs of 3 s, `mode` 0 (classical STDP) then 1 (dopamine-modulated)), run by Brian2 itself,
for a reference fixture: every spike of the two neurons (as steps), the input and dopamine
spikes, and the STDP synapse's s, c and d every 5 ms (the example records them every step;
the fixture keeps every 50th). Deterministic (no random numbers), so no seed.

The network is the example's code, line for line (only the plotting is left out, and the
state monitor's traces are read before they are thinned). Brian2's runtime device, magic
`run`, default dt 0.1 ms, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root:

  /usr/bin/python3 tools/brian2_reference/izhikevich2007.py \
      --out tests/fixtures/reference/izhikevich2007_brian2.json

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
from brian2 import (NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor,  # noqa: E402
                    Synapses, array, defaultclock, mV, ms, prefs, run, second)

EVERY = 50  # steps between the kept samples of the traces (5 ms)


def run_izhikevich():
    """Brian2's examples/frompapers/Izhikevich_2007.py."""
    # --- examples/frompapers/Izhikevich_2007.py (Brian2 2.5.1) from here, plots left out ---
    simulation_duration = 6 * second
    taum = 10*ms
    Ee = 0*mV
    vt = -54*mV
    vr = -60*mV
    El = -74*mV
    taue = 5*ms
    taupre = 20*ms
    taupost = taupre
    gmax = .01
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax
    tauc = 1000*ms
    taud = 200*ms
    taus = 1*ms
    epsilon_dopa = 5e-3

    input_indices = array([0, 1, 0, 1, 1, 0,
                           0, 1, 0, 1, 1, 0])
    input_times = array([500,  550, 1000, 1010, 1500, 1510,
                         3500, 3550, 4000, 4010, 4500, 4510])*ms
    spike_input = SpikeGeneratorGroup(2, input_indices, input_times)

    neurons = NeuronGroup(2, '''dv/dt = (ge * (Ee-v) + El - v) / taum : volt
                                dge/dt = -ge / taue : 1''',
                          threshold='v>vt', reset='v = vr',
                          method='euler')
    neurons.v = vr
    neurons_monitor = SpikeMonitor(neurons)

    synapse = Synapses(spike_input, neurons,
                       model='''s: volt''',
                       on_pre='v += s')
    synapse.connect(i=[0, 1], j=[0, 1])
    synapse.s = 100. * mV

    synapse_stdp = Synapses(neurons, neurons,
                            model='''mode: 1
                             dc/dt = -c / tauc : 1 (clock-driven)
                             dd/dt = -d / taud : 1 (clock-driven)
                             ds/dt = mode * c * d / taus : 1 (clock-driven)
                             dApre/dt = -Apre / taupre : 1 (event-driven)
                             dApost/dt = -Apost / taupost : 1 (event-driven)''',
                            on_pre='''ge += s
                              Apre += dApre
                              c = clip(c + mode * Apost, -gmax, gmax)
                              s = clip(s + (1-mode) * Apost, -gmax, gmax)
                              ''',
                            on_post='''Apost += dApost
                              c = clip(c + mode * Apre, -gmax, gmax)
                              s = clip(s + (1-mode) * Apre, -gmax, gmax)
                              ''',
                            method='euler'
                            )
    synapse_stdp.connect(i=0, j=1)
    synapse_stdp.mode = 0
    synapse_stdp.s = 1e-10
    synapse_stdp.c = 1e-10
    synapse_stdp.d = 0
    synapse_stdp_monitor = StateMonitor(synapse_stdp, ['s', 'c', 'd'], record=[0])

    dopamine_indices = array([0, 0, 0])
    dopamine_times = array([3520, 4020, 4520])*ms
    dopamine = SpikeGeneratorGroup(1, dopamine_indices, dopamine_times)
    dopamine_monitor = SpikeMonitor(dopamine)
    reward = Synapses(dopamine, synapse_stdp, model='''''',
                      on_pre='''d_post += epsilon_dopa''',
                      method='exact')
    reward.connect()

    synapse_stdp.mode = 0
    run(simulation_duration/2)
    synapse_stdp.mode = 1
    run(simulation_duration/2)
    # --- end of the example ---
    input_monitor_note = "spike_input's spikes are its input_times (a SpikeGeneratorGroup)"
    return {"neurons": neurons_monitor, "dopamine": dopamine_monitor,
            "traces": synapse_stdp_monitor, "duration": float(simulation_duration),
            "names": [(synapse, "synapses"), (synapse_stdp, "synapses_1"),
                      (reward, "synapses_2"), (neurons, "neurongroup")],
            "note": input_monitor_note, "input": (input_indices, input_times)}


def steps(monitor, dt):
    return [int(k) for k in np.rint(np.asarray(monitor.t_) / dt)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    args = parser.parse_args()
    prefs.codegen.target = args.target

    t0 = time.time()
    out = run_izhikevich()
    common.check_names(out["names"])
    dt = float(defaultclock.dt_)
    traces = out["traces"]
    recorded = np.rint(np.asarray(traces.t_) / dt).astype(np.int64)
    kept = np.nonzero(recorded % EVERY == 0)[0]
    document = {
        "model": "Brian2 examples/frompapers/Izhikevich_2007.py",
        **common.provenance(prefs.codegen.target, [], "frompapers/Izhikevich_2007.py"),
        "dt_s": dt,
        "duration_s": out["duration"],
        "wall_seconds_total": round(time.time() - t0, 1),
        "neurons": {"indices": [int(k) for k in out["neurons"].i[:]],
                    "steps": steps(out["neurons"], dt)},
        "dopamine": {"indices": [int(k) for k in out["dopamine"].i[:]],
                     "steps": steps(out["dopamine"], dt)},
        "traces_every_steps": EVERY,
        "traces": {"steps": [int(k) for k in recorded[kept]],
                   **{name: [float(x) for x in np.asarray(getattr(traces, name + "_"))[0][kept]]
                      for name in ("s", "c", "d")}},
        # Where the traces change most between samples: the largest values, for tolerances.
        "max_abs": {name: float(np.max(np.abs(np.asarray(getattr(traces, name + "_"))[0])))
                    for name in ("s", "c", "d")},
    }
    for key in ("sd", "seeds"):  # no seeds: the example draws no random numbers
        del document[key]
    common.write_json(args.out, document)
    print(f"neuron spikes {len(document['neurons']['steps'])}, dopamine spikes "
          f"{len(document['dopamine']['steps'])}; final s {traces.s_[0][-1]:.6g}, "
          f"c {traces.c_[0][-1]:.6g}, d {traces.d_[0][-1]:.6g}")


if __name__ == "__main__":
    main()
