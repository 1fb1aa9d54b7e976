#!/usr/bin/python3
"""Brian2's CUBA (examples/CUBA.py) at N neurons with a fan-in of 80 (p = 80/N, 80 % excitatory),
in Brian2's C++ standalone mode, for benchmarks/cuba_scaling.sh. Prints one JSON line: the
simulation's wall time as Brian2 measures it (device._last_run_time: the run loop only), the
whole binary's wall time (network creation included), synapses and spikes.

  /usr/bin/python3 benchmarks/cuba_standalone.py N [--threads K]

Needs Debian's python3-brian (2.5.1) and g++; compiles into a temporary directory first (tens
of seconds, not counted). Brian2 is a comparison only, never a dependency of lsmc.
"""
import argparse
import json
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")
from brian2 import (NeuronGroup, SpikeMonitor, Synapses, device, ms, mV, prefs,  # noqa: E402
                    run, second, set_device)

parser = argparse.ArgumentParser()
parser.add_argument("neurons", type=int)
parser.add_argument("--threads", type=int, default=0, help="OpenMP threads (0: Brian2's default, one)")
args = parser.parse_args()
n, n_exc = args.neurons, args.neurons * 4 // 5

directory = tempfile.mkdtemp(prefix="cuba_standalone_")
set_device("cpp_standalone", directory=directory, build_on_run=False)
if args.threads > 0:
    prefs.devices.cpp_standalone.openmp_threads = args.threads

taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
eqs = """
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
"""
P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact")
P.v = "Vr + rand() * (Vt - Vr)"
P.ge = 0 * mV
P.gi = 0 * mV
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
Ce = Synapses(P, P, on_pre="ge += we")
Ci = Synapses(P, P, on_pre="gi += wi")
Ce.connect(f"i<{n_exc}", p=80.0 / n)
Ci.connect(f"i>={n_exc}", p=80.0 / n)
s_mon = SpikeMonitor(P)
run(1 * second)

device.build(directory=directory, compile=True, run=False)
started = time.time()
device.run(directory=directory, with_output=False, run_args=[])
binary = time.time() - started
print(json.dumps({
    "neurons": n,
    "simulation_seconds": float(device._last_run_time),
    "binary_seconds": binary,
    "synapses": int(len(Ce) + len(Ci)),
    "spikes": int(s_mon.num_spikes),
}))
