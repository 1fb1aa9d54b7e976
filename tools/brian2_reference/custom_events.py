#!/usr/bin/python3
"""Brian2's custom events, for the reference fixture of lsmc's
tests/models/valid/custom_events.lsm (tests/examples/brian2_examples.py, check custom-events):
five neurons with an event 'half' (v > 5 mV and armed) besides the spike, its run_on_event
code, synapses triggered by it (on_event={'pre': 'half'}), an EventMonitor of it recording v,
one of the subgroup neurons[1:4] (which Brian2 runs in the thresholds slot, so that it records
the events of the step before), a SpikeMonitor and a StateMonitor; 100 ms. Written for this test, not a gallery example.
Deterministic (no random numbers).

The objects carry the model's names, so that Brian2 breaks ties in the schedule as lsmc does.
Brian2's runtime device, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from:

  /usr/bin/python3 tools/brian2_reference/custom_events.py \\
      --out tests/fixtures/reference/custom_events_brian2.json               # 15 s

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
from brian2 import (EventMonitor, Network, NeuronGroup, SpikeMonitor, StateMonitor,  # noqa: E402
                    Synapses, defaultclock, ms, mV, prefs)


def run_model():
    defaultclock.dt = 0.1*ms
    neurons = NeuronGroup(5, """
        dv/dt = (v_drive - v)/(10*ms) : volt
        v_drive : volt (constant)
        halves : 1
        armed : boolean
        """, threshold='v > 10*mV', reset='v = 0*mV; armed = True', method='euler',
        events={'half': 'v > 5*mV and armed'}, name='neurons')
    neurons.run_on_event('half', 'halves += 1\narmed = False')
    neurons.v_drive = '10.5*mV + i*1*mV'
    neurons.armed = True
    at_half = Synapses(neurons, neurons, on_pre='v_post += 0.2*mV', on_event={'pre': 'half'},
                       name='at_half')
    at_half.connect(j='(i + 1) % N_post')
    spikes = SpikeMonitor(neurons, name='spikes')
    halfway = EventMonitor(neurons, 'half', variables=['v'], name='halfway')
    halfway_middle = EventMonitor(neurons[1:4], 'half', name='halfway_middle')
    trace = StateMonitor(neurons, ['v', 'halves'], record=True, name='trace')
    net = Network(neurons, at_half, spikes, halfway, halfway_middle, trace)
    net.run(100*ms)
    return spikes, halfway, halfway_middle, trace, net


def main():
    args = common.output_and_target(__doc__.splitlines()[0])
    t0 = time.time()
    spikes, halfway, halfway_middle, trace, net = run_model()
    dt = float(defaultclock.dt_)
    schedule = [(obj.name, obj.when, obj.order) for obj in net.sorted_objects]
    document = {
        "model": "tests/models/valid/custom_events.lsm, written for this test",
        **common.provenance(prefs.codegen.target, [], "(none: lsmc's own test model)"),
        "dt_s": dt,
        "schedule": schedule,
        "wall_seconds_total": round(time.time() - t0, 1),
        "spike_i": [int(k) for k in np.asarray(spikes.i[:])],
        "spike_step": [int(k) for k in np.rint(np.asarray(spikes.t_) / dt)],
        "event_i": [int(k) for k in np.asarray(halfway.i[:])],
        "event_step": [int(k) for k in np.rint(np.asarray(halfway.t_) / dt)],
        "event_v": [float(x) for x in np.asarray(halfway.v_[:])],
        "middle_event_i": [int(k) for k in np.asarray(halfway_middle.i[:])],
        "middle_event_step": [int(k) for k in np.rint(np.asarray(halfway_middle.t_) / dt)],
        "v": np.asarray(trace.v_).T.tolist(),
        "halves": np.asarray(trace.halves_).T.tolist(),
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{len(document['spike_i'])} spikes, {len(document['event_i'])} events; "
          f"schedule {schedule}")


if __name__ == "__main__":
    main()
