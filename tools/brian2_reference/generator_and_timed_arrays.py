#!/usr/bin/python3
"""What Brian2 2.5.1 itself emits and reads for the spike generator and timed arrays of
tests/runtime/brian2_inputs_test.cpp, for a fixture the test compares lsmc with exactly: the
(step, element) pairs of a SpikeGeneratorGroup with times on, just below and between step
boundaries and a period, and each step's value of a 1-D TimedArray (dt a multiple of the
model's) and a 2-D one (dt 2.5 steps: the grids do not align) over 51 steps of 0.1 ms.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root:

  /usr/bin/python3 tools/brian2_reference/generator_and_timed_arrays.py \\
      --out tests/fixtures/reference/generator_and_timed_arrays_brian2.json

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor,  # noqa: E402
                    TimedArray, defaultclock, mV, ms, prefs, run)

STEPS = 51


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    prefs.codegen.target = "numpy"
    defaultclock.dt = 0.1*ms
    generator = SpikeGeneratorGroup(3, [2, 0, 1, 0, 2], [0.3, 0.1, 0.2999999, 1.05, 0]*ms,
                                    period=2*ms)
    spikes = SpikeMonitor(generator)
    steps = TimedArray([1, 2, 3, 4], dt=0.2*ms)  # noqa: F841  (read by the equations)
    grid = TimedArray(np.array([[1, 10, 100], [2, 20, 200], [3, 30, 300]])*mV,  # noqa: F841
                      dt=0.25*ms)
    group = NeuronGroup(3, """a = steps(t) : 1
                              b = grid(t, i) : volt""")
    values = StateMonitor(group, ["a", "b"], record=True)
    run(STEPS*defaultclock.dt)
    emitted = sorted(zip(np.round(spikes.t/defaultclock.dt).astype(int).tolist(),
                         np.asarray(spikes.i).tolist()))
    provenance = common.provenance("numpy", [], "")
    for key in ("example", "seeds", "sd"):  # no gallery example, no seeds
        provenance.pop(key)
    document = {"model": "tests/runtime/brian2_inputs_test.cpp", **provenance,
                "dt_s": 1e-4, "steps": STEPS,
                "emitted": [list(pair) for pair in emitted],
                "a": np.asarray(values.a[0]).tolist(),
                "b_volt": np.asarray(values.b).T.tolist()}
    common.write_json(args.out, document)


if __name__ == "__main__":
    main()
