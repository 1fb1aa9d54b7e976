#!/usr/bin/python3
"""Checks that an exported CUBA instance (cuba.py export) holds everything Brian2's spikes
depend on: rebuilds the example's network from the file alone (v, ge, gi from the file,
Ce/Ci connected with the file's pre/post in the file's order, no random draws), runs it for
the file's duration with Brian2, and compares the spikes with the train stored under "brian2",
spike for spike. With `--target numpy` it also shows whether Brian2's two runtime targets
agree on the instance. Exit code 1 on any difference.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root, e.g.

  /usr/bin/python3 tools/brian2_reference/cuba_replay.py tests/fixtures/cuba_brian2_seed7.json.gz
  /usr/bin/python3 tools/brian2_reference/cuba_replay.py --target numpy \
      tests/fixtures/cuba_brian2_seed7.json.gz                   # 22 s (cython, compiling) / 8 s (numpy)

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import gzip
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # pythran/numpy noise on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, mV, prefs,  # noqa: E402
                    run, second, volt)


def replay(instance):
    """examples/CUBA.py with the instance's state and connectivity instead of random draws."""
    defaultclock.dt = instance["dt"] * second
    taum = 20*ms
    taue = 5*ms
    taui = 10*ms
    Vt = -50*mV
    Vr = -60*mV
    El = -49*mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                    method='exact')
    arrays = instance["groups"]["P"]["arrays"]
    P.v = np.array(arrays["v"]) * volt  # SI values, exactly as stored
    P.ge = np.array(arrays["ge"]) * volt
    P.gi = np.array(arrays["gi"]) * volt
    P.lastspike = np.array(arrays["lastspike"]) * second
    P.not_refractory = np.array(arrays["not_refractory"]) != 0
    we = (60*0.27/10)*mV
    wi = (-20*4.5/10)*mV
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    for syn, name in [(Ce, "Ce"), (Ci, "Ci")]:
        entry = instance["synapses"][name]
        syn.connect(i=np.array(entry["pre"]), j=np.array(entry["post"]))
        assert not any(entry["delay_steps"]), "this replay knows no delays"
    s_mon = SpikeMonitor(P)
    common.check_names([(P, "neurongroup"), (Ce, "synapses"), (Ci, "synapses_1"),
                        (s_mon, "spikemonitor")])
    run(instance["brian2"]["duration_steps"] * instance["dt"] * second)
    for syn, name in [(Ce, "Ce"), (Ci, "Ci")]:  # Brian2 kept the file's synapse order
        assert list(syn.i[:]) == instance["synapses"][name]["pre"], name
        assert list(syn.j[:]) == instance["synapses"][name]["post"], name
    return ([int(k) for k in s_mon.i[:]],
            [int(round(float(t) / instance["dt"])) for t in s_mon.t_[:]])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    args = parser.parse_args()
    prefs.codegen.target = args.target
    opener = gzip.open if args.instance.endswith(".gz") else open
    with opener(args.instance, "rt") as f:
        instance = json.load(f)
    indices, steps = replay(instance)
    stored = instance["brian2"]["spikes"]["spikes"]
    # Within one step Brian2 lists spikes by index, so the (step, index) pairs compare exactly.
    got, want = list(zip(steps, indices)), list(zip(stored["steps"], stored["indices"]))
    if got == want:
        print(f"{args.instance}: {len(got)} spikes, identical to the stored train "
              f"(Brian2 {args.target} replay; stored by {instance['brian2']['target']})")
        return 0
    first = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    print(f"{args.instance}: {len(got)} spikes replayed vs {len(want)} stored; first difference at "
          f"spike {first}: {got[first:first + 3]} vs {want[first:first + 3]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
