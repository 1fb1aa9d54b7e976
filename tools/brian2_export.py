#!/usr/bin/env python3
"""Exports an instance of the seed's network (Maass, Natschlaeger & Markram 2002, Brian2's
example) built by Brian2, in lsmc's instance format (docs/instance-format.md), together with
the spike trains Brian2 computes for it: the contract that lsmc's runtime is cross-validated
against (tests/runtime/brian2_crossvalidation_test.cpp).

Uses Brian2 from Debian's python3-brian (run with /usr/bin/python3); never needed to build or
test lsmc. The network is built by the seed's own functions, imported from its file.

usage: brian2_export.py --seed 11 --input-seed 5 --out tests/fixtures/brian2_seed11.json
"""
import argparse
import json
import os
import sys

import numpy as np


def load_seed_module(seed_dir):
    saved = sys.argv
    sys.argv = [saved[0]]  # the seed reads N_PAIRS etc. from argv when imported
    sys.path.insert(0, seed_dir)
    try:
        import maass2002_brian2 as seed
    finally:
        sys.argv = saved
    return seed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True, help="numpy seed for the network")
    parser.add_argument("--input-seed", type=int, default=None,
                        help="numpy seed for the Poisson input and initial v (default: --seed + 1000)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="numpy", choices=["numpy", "cython"])
    parser.add_argument("--duration-ms", type=float, default=500.0)
    parser.add_argument("--seed-dir", default=os.path.join(here, "..", "..", "shared", "seed"))
    args = parser.parse_args()

    seed = load_seed_module(args.seed_dir)
    from brian2 import (Network, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, ms,
                        nA, prefs, second)

    prefs.codegen.target = args.target
    np.random.seed(args.seed)

    # The network, as the seed's main block builds it.
    neurons = seed.get_neurons()
    n_exc = int(0.8 * len(neurons))
    exc = neurons[:n_exc]
    exc.tau_refrac = 3 * ms
    exc.tau_stimulus = 3 * ms
    inh = neurons[n_exc:]
    inh.tau_refrac = 2 * ms
    inh.tau_stimulus = 6 * ms
    lam = 2
    recurrent = [
        seed.get_synapses("ee_synapses", exc, exc, C=0.3, l=lam, tau_I=3 * ms, A=30 * nA, U=0.5,
                          D=1.1 * second, F=0.05 * second, delay=1.5 * ms),
        seed.get_synapses("ei_synapses", exc, inh, C=0.2, l=lam, tau_I=3 * ms, A=60 * nA, U=0.05,
                          D=0.125 * second, F=1.2 * second, delay=0.8 * ms),
        seed.get_synapses("ie_synapses", inh, exc, C=0.4, l=lam, tau_I=6 * ms, A=-19 * nA,
                          U=0.25, D=0.7 * second, F=0.02 * second, delay=0.8 * ms),
        seed.get_synapses("ii_synapses", inh, inh, C=0.1, l=lam, tau_I=6 * ms, A=-19 * nA,
                          U=0.32, D=0.144 * second, F=0.06 * second, delay=0.8 * ms),
    ]
    stimulus = SpikeGeneratorGroup(1, [], [] * ms, name="stimulus")
    static_exc = Synapses(stimulus, exc, "A : ampere (shared, constant)",
                          on_pre="I_stimulus += A", name="static_synapses_exc")
    static_exc.connect(p=1)
    static_exc.A = 18 * nA
    static_inh = Synapses(stimulus, inh, "A : ampere (shared, constant)",
                          on_pre="I_stimulus += A", name="static_synapses_inh")
    static_inh.connect(p=1)
    static_inh.A = 9 * nA
    mon_exc = SpikeMonitor(exc, name="spike_monitor_exc")
    mon_inh = SpikeMonitor(inh, name="spike_monitor_inh")
    defaultclock.dt = seed.DT
    net = Network([neurons, *recurrent, static_exc, static_inh, stimulus, mon_exc, mon_inh])

    # One trial, as the seed's sim() runs it: new initial v, a Poisson input.
    np.random.seed(args.input_seed if args.input_seed is not None else args.seed + 1000)
    neurons.v = np.random.uniform(seed.V_RESET / seed.mV, seed.V_THRESH / seed.mV,
                                  size=len(neurons)) * seed.mV
    spikes_ms = seed.generate_poisson(args.duration_ms, seed.STIMULUS_POISSON_RATE / seed.Hz / 1e3)
    stimulus.set_spikes([0] * len(spikes_ms), spikes_ms * ms)
    step_dt = float(defaultclock.dt_)  # not `dt`: Brian2 would see it in the run namespace

    def arrays(group, names):
        return {n: [float(x) for x in np.asarray(getattr(group, n + "_")[:])] for n in names}

    def scalars(group, names):
        return {n: float(np.asarray(getattr(group, n + "_")).ravel()[0]) for n in names}

    instance = {
        "format": "lsmc-instance",
        "version": 1,
        "dt": step_dt,
        "seed": args.seed,
        "groups": {
            "neurons": {
                "size": len(neurons),
                "arrays": arrays(neurons, ["tau_refrac", "tau_stimulus", "I_syn_ee_synapses",
                                           "I_syn_ei_synapses", "I_syn_ie_synapses",
                                           "I_syn_ii_synapses", "I_stimulus", "R_in", "v",
                                           "x_pos", "y_pos", "z_pos", "lastspike"]),
                "scalars": scalars(neurons, ["tau_mem", "v_reset", "v_thresh", "I_b"]),
            },
            "stimulus": {"size": 1, "arrays": {}, "scalars": {}},
        },
        "synapses": {},
        "inputs": {"stimulus": {"indices": [0] * len(spikes_ms),
                                "times": [float(t) for t in np.asarray(spikes_ms * ms)]}},
    }
    instance["groups"]["neurons"]["arrays"]["not_refractory"] = [
        1.0 if x else 0.0 for x in neurons.not_refractory[:]]
    offsets = {"exc": 0, "inh": n_exc}

    def delays(syn):
        try:
            values = np.asarray(syn.delay_[:]).ravel()
        except IndexError:  # one delay for all synapses is a scalar variable in Brian2
            values = np.asarray(syn.delay_).ravel()
        return np.repeat(values, len(syn)) if values.size == 1 else values

    def pathway(syn, source, target, array_names, scalar_names):
        return {
            "size": len(syn),
            "pre": [int(k) + offsets[source] for k in syn.i[:]],
            "post": [int(k) + offsets[target] for k in syn.j[:]],
            # Brian2's SpikeQueue rounds delays to steps as (int)(delay/dt + 0.5).
            "delay_steps": [int(d / step_dt + 0.5) for d in delays(syn)],
            "arrays": arrays(syn, array_names),
            "scalars": scalars(syn, scalar_names),
        }

    ends = {"ee_synapses": ("exc", "exc"), "ei_synapses": ("exc", "inh"),
            "ie_synapses": ("inh", "exc"), "ii_synapses": ("inh", "inh")}
    for syn in recurrent:
        instance["synapses"][syn.name] = pathway(syn, *ends[syn.name],
                                                 ["A", "U", "D", "x", "y", "u", "F"], ["tau_I"])
    for syn, target in [(static_exc, "exc"), (static_inh, "inh")]:
        entry = pathway(syn, "exc", target, [], ["A"])
        entry["pre"] = [0] * len(syn)  # the spike generator's only element
        instance["synapses"][syn.name] = entry

    net.run(args.duration_ms * ms)

    def train(monitor):
        return {"indices": [int(k) for k in monitor.i[:]],
                "steps": [int(round(float(t) / step_dt)) for t in monitor.t_[:]]}

    instance["brian2"] = {
        "version": __import__("brian2").__version__,
        "target": args.target,
        "duration_steps": int(round(args.duration_ms * 1e-3 / step_dt)),
        "spikes": {"spike_monitor_exc": train(mon_exc), "spike_monitor_inh": train(mon_inh)},
    }
    with open(args.out, "w") as out:
        json.dump(instance, out)
    total = len(mon_exc.i) + len(mon_inh.i)
    print(f"{args.out}: {sum(len(s['pre']) for s in instance['synapses'].values())} synapses, "
          f"{len(spikes_ms)} input spikes, {total} spikes in {args.duration_ms} ms")


if __name__ == "__main__":
    main()
