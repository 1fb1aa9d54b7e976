#!/usr/bin/python3
"""Brian2's run_regularly, for the reference fixture of lsmc's
tests/models/valid/run_regularly.lsm (tests/examples/brian2_examples.py, check run-regularly):
the same four neurons and ring of synapses with three run_regularly operations on the group
(dt = 2 ms in the groups slot at order 1, dt = 0.3 ms in the end slot, every step in the
thresholds slot at order -1) and one on the synapses (dt = 5 ms), over three runs of 15 ms,
7.3 ms and 10 ms (boundaries that are no multiples of the 2 ms clock). Written for this test,
not a gallery example. Deterministic (no random numbers).

The objects carry the model's names (neurons, ring, spikes, trace, seen), so that Brian2
breaks ties in the schedule as lsmc does. Brian2's runtime device, codegen target cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from:

  /usr/bin/python3 tools/brian2_reference/run_regularly.py \
      --out tests/fixtures/reference/run_regularly_brian2.json               # 15 s

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
from brian2 import (Network, NeuronGroup, SpikeMonitor, StateMonitor, Synapses,  # noqa: E402
                    defaultclock, ms, mV, prefs)


def run_model():
    defaultclock.dt = 0.1*ms
    neurons = NeuronGroup(4, """
        dv/dt = (v_target - v)/(10*ms) : volt
        v_target : volt
        ticks : 1
        v_seen : volt
        """, threshold='v > 10*mV', reset='v = 0*mV', method='euler', name='neurons')
    neurons.run_regularly('v_target += 3*mV*(i + 1)/N', dt=2*ms, when='groups', order=1)
    neurons.run_regularly('ticks += 1', dt=0.3*ms, when='end')
    neurons.run_regularly('v_seen = v', when='thresholds', order=-1, name='seen')
    ring = Synapses(neurons, neurons, 'w : volt', on_pre='v_post += w', name='ring')
    ring.connect(j='(i + 1) % N_post')
    ring.run_regularly('w += 0.5*mV', dt=5*ms)
    spikes = SpikeMonitor(neurons, name='spikes')
    trace = StateMonitor(neurons, ['v', 'v_target', 'ticks', 'v_seen'], record=True,
                         name='trace')
    net = Network(neurons, ring, spikes, trace)
    for duration in (15*ms, 7.3*ms, 10*ms):
        net.run(duration)
    names = sorted(obj.name for obj in net.objects)
    return spikes, trace, ring, names


def main():
    args = common.output_and_target(__doc__.splitlines()[0])

    t0 = time.time()
    spikes, trace, ring, names = run_model()
    dt = float(defaultclock.dt_)
    document = {
        "model": "tests/models/valid/run_regularly.lsm, written for this test",
        **common.provenance(prefs.codegen.target, [], "(none: lsmc's own test model)"),
        "dt_s": dt,
        "objects": names,
        "wall_seconds_total": round(time.time() - t0, 1),
        "spike_i": [int(k) for k in np.asarray(spikes.i[:])],
        "spike_step": [int(k) for k in np.rint(np.asarray(spikes.t_) / dt)],
        "w_V": [float(x) for x in np.asarray(ring.w_[:])],
        # rows: steps; columns: neurons
        **{f"{name}": np.asarray(getattr(trace, name + "_")).T.tolist()
           for name in ("v", "v_target", "ticks", "v_seen")},
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{len(document['spike_i'])} spikes; {len(document['v'])} steps recorded; "
          f"w = {document['w_V']}")


if __name__ == "__main__":
    main()
