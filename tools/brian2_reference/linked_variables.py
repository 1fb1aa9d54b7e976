#!/usr/bin/python3
"""Brian2's linked variables, for the reference fixture of lsmc's
tests/models/valid/linked_variables.lsm (tests/examples/brian2_examples.py, check
linked-variables): four neurons `source`, four `follower` whose v_in is
linked_var(source, 'v'), and twelve `pool` whose v_src is linked_var(source, 'v',
index=arange(12) // 3), 60 ms. Written for this test, not a gallery example. Deterministic.

The objects carry the model's names, so that Brian2 breaks ties in the schedule as lsmc does
(follower_stateupdater, pool_stateupdater, source_stateupdater). Brian2's runtime device, cython.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixture came from:

  /usr/bin/python3 tools/brian2_reference/linked_variables.py \\
      --out tests/fixtures/reference/linked_variables_brian2.json            # 15 s

Brian2 2.5.1's SpikeMonitor records a linked variable with an index wrongly (it reads the
source array at the spiking element's own index: out of bounds, garbage under cython, an
IndexError under numpy), so v_src at the pool's spikes is taken from a StateMonitor of the
source's v in the spike monitors' slot (thresholds, after them), read through the index here.

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
from brian2 import (Network, NeuronGroup, SpikeMonitor, StateMonitor, defaultclock,  # noqa: E402
                    linked_var, ms, prefs)


def run_model():
    defaultclock.dt = 0.1*ms
    source = NeuronGroup(4, """
        dv/dt = (v_drive - v)/(10*ms) : volt
        v_drive : volt (constant)
        """, threshold='v > 10*mV', reset='v = 0*mV', method='euler', name='source')
    source.v_drive = '11*mV + i*1*mV'
    follower = NeuronGroup(4, """
        dx/dt = (v_in - x)/(5*ms) : volt
        v_in : volt (linked)
        """, threshold='x > 6*mV', reset='x = 0*mV', method='euler', name='follower')
    follower.v_in = linked_var(source, 'v')
    pool = NeuronGroup(12, """
        dy/dt = (v_src - y)/tau : volt
        v_src : volt (linked)
        tau : second (constant)
        """, threshold='y > 7*mV', reset='y = 0*mV', method='euler', name='pool')
    pool.v_src = linked_var(source, 'v', index=np.arange(12) // 3)
    pool.tau = '(3 + i % 3) * 1*ms'
    source_spikes = SpikeMonitor(source, name='source_spikes')
    pool_spikes = SpikeMonitor(pool, name='pool_spikes')
    source_at_spikes = StateMonitor(source, 'v', record=True, when='thresholds', order=2,
                                    name='source_at_spikes')
    pool_trace = StateMonitor(pool, ['y', 'v_src'], record=True, name='pool_trace')
    follower_spikes = SpikeMonitor(follower, variables=['v_in'], name='follower_spikes')
    trace = StateMonitor(follower, ['x', 'v_in'], record=True, name='trace')
    net = Network(source, follower, pool, source_spikes, follower_spikes, trace, pool_spikes,
                  pool_trace, source_at_spikes)
    net.run(60*ms)
    pool_steps = np.rint(np.asarray(pool_spikes.t_) / float(defaultclock.dt_)).astype(int)
    pool_v_src = [float(source_at_spikes.v_[i // 3, step])
                  for i, step in zip(np.asarray(pool_spikes.i[:]), pool_steps)]
    return source_spikes, follower_spikes, trace, pool_spikes, pool_trace, pool_v_src, net


def main():
    args = common.output_and_target(__doc__.splitlines()[0])
    t0 = time.time()
    source_spikes, follower_spikes, trace, pool_spikes, pool_trace, pool_v_src, net = run_model()
    dt = float(defaultclock.dt_)
    steps = lambda monitor: [int(k) for k in np.rint(np.asarray(monitor.t_) / dt)]  # noqa: E731
    document = {
        "model": "tests/models/valid/linked_variables.lsm, written for this test",
        **common.provenance(prefs.codegen.target, [], "(none: lsmc's own test model)"),
        "dt_s": dt,
        "schedule": [(obj.name, obj.when, obj.order) for obj in net.sorted_objects],
        "wall_seconds_total": round(time.time() - t0, 1),
        "source_i": [int(k) for k in np.asarray(source_spikes.i[:])],
        "source_step": steps(source_spikes),
        "follower_i": [int(k) for k in np.asarray(follower_spikes.i[:])],
        "follower_step": steps(follower_spikes),
        "follower_v_in": [float(x) for x in np.asarray(follower_spikes.v_in_[:])],
        "x": np.asarray(trace.x_).T.tolist(),
        "v_in": np.asarray(trace.v_in_).T.tolist(),
        "pool_i": [int(k) for k in np.asarray(pool_spikes.i[:])],
        "pool_step": steps(pool_spikes),
        "pool_v_src": pool_v_src,
        "y": np.asarray(pool_trace.y_).T.tolist(),
        "v_src": np.asarray(pool_trace.v_src_).T.tolist(),
    }
    document.pop("sd")
    common.write_json(args.out, document)
    print(f"{len(document['source_i'])} source spikes, {len(document['follower_i'])} follower "
          f"spikes, {len(document['pool_i'])} pool spikes; schedule {document['schedule']}")


if __name__ == "__main__":
    main()
