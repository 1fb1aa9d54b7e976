#!/usr/bin/python3
"""Brian2's CUBA example (examples/CUBA.py of Brian2 2.5.1; Brette et al. 2007, benchmark 2),
run by Brian2 itself, for two reference fixtures of lsmc's models/cuba.lsm.

  stats   runs the example once per seed (`seed(k)` before the network is built) and writes the
          number of spikes, the mean rate (spikes / 4000 / 1 s) and the number of synapses per
          seed, with their mean and sample sd over seeds 1..5 and over all seeds given.
  export  builds the example for one seed and writes that network instance in lsmc's instance
          format (docs/instance-format.md, as tools/brian2_export.py does for the Maass model):
          group P (v as Brian2 drew it, ge = gi = 0, lastspike, not_refractory), synapses Ce
          and Ci in Brian2's synapse order (delay_steps 0), and under "brian2" the spike train
          Brian2 computes for it in one second (monitor `spikes`). gzip-compressed when the
          output name ends in .gz (mtime 0, so the bytes depend only on the content); the file
          is read back and checked before the script ends.

The network is the example's code, line for line (only the plotting is left out): Brian2's
runtime device, the magic `run`, default clock dt = 0.1 ms, codegen target cython (the default
here; `--target numpy` also works and gives other random draws: 5.73 Hz over seeds 1..5
instead of cython's 5.66 Hz). cuba_replay.py rebuilds an exported instance and checks that
Brian2 (cython and numpy alike) gives the stored spikes again.

Run with Debian's Brian2 (python3-brian 2.5.1), from the repository root. The committed
fixtures came from (wall times on the 2-core VM while others built, load ~7; cython
cache warm - the very first cython run of a script compiles its code objects for ~45 s more):

  /usr/bin/python3 tools/brian2_reference/cuba.py stats --seeds 1-10 \
      --out tests/fixtures/reference/cuba_brian2.json                        # 14-15 s
  /usr/bin/python3 tools/brian2_reference/cuba.py export --seed 7 \
      --out tests/fixtures/cuba_brian2_seed7.json.gz                         # 9 s

Brian2 is a source of reference data only, never a dependency of lsmc's build or tests.
"""
import argparse
import gc
import gzip
import json
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=FutureWarning)  # pythran/numpy noise on import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_common as common  # noqa: E402
from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, mV,  # noqa: E402
                    prefs, run, second, seed, start_scope)

N_NEURONS = 4000
DURATION_S = 1.0


def run_cuba(seed_value, before_run=None):
    """Brian2's examples/CUBA.py, with `seed(seed_value)` first; `before_run(P, Ce, Ci)` sees
    the network after the example's initialisation and before its run."""
    start_scope()
    seed(seed_value)
    # --- examples/CUBA.py (Brian2 2.5.1) from here, plotting left out ---
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
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0*mV
    P.gi = 0*mV

    we = (60*0.27/10)*mV # excitatory synaptic weight (voltage)
    wi = (-20*4.5/10)*mV # inhibitory synaptic weight
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)

    s_mon = SpikeMonitor(P)

    common.check_names([(P, "neurongroup"), (Ce, "synapses"), (Ci, "synapses_1"),
                        (s_mon, "spikemonitor")])
    if before_run is not None:
        before_run(P, Ce, Ci)
    run(1 * second)
    # --- end of the example ---
    return P, Ce, Ci, s_mon


def measure(k):
    """The statistics of one seed; the network is gone once this returns."""
    t0 = time.time()
    P, Ce, Ci, s_mon = run_cuba(k)
    indices = np.asarray(s_mon.i[:])
    n_exc = int(np.count_nonzero(indices < 3200))
    return {
        "seed": k,
        "spikes": int(s_mon.num_spikes),
        "mean_rate_hz": s_mon.num_spikes / N_NEURONS / DURATION_S,
        "rate_exc_hz": n_exc / 3200 / DURATION_S,
        "rate_inh_hz": (len(indices) - n_exc) / 800 / DURATION_S,
        "synapses": len(Ce) + len(Ci),
        "synapses_Ce": len(Ce),
        "synapses_Ci": len(Ci),
        "wall_seconds": round(time.time() - t0, 2),
    }


def stats(args):
    per_seed = []
    started = time.time()
    for k in args.seeds:
        entry = measure(k)
        gc.collect()  # frees the names 'neurongroup', 'synapses', ... for the next seed
        per_seed.append(entry)
        print(f"seed {k}: {entry['spikes']} spikes, {entry['mean_rate_hz']:.4f} Hz, "
              f"{entry['synapses']} synapses ({entry['wall_seconds']} s)", flush=True)
    keys = ["spikes", "mean_rate_hz", "rate_exc_hz", "rate_inh_hz", "synapses"]
    summary = {}
    for seeds in [[k for k in args.seeds if 1 <= k <= 5], args.seeds]:
        if seeds:
            summary[common.seeds_label(seeds)] = common.summarise(per_seed, keys, seeds)
    document = {
        "model": "Brian2 examples/CUBA.py (lsmc: models/cuba.lsm)",
        **common.provenance(prefs.codegen.target, args.seeds, "CUBA.py"),
        "dt_s": float(defaultclock.dt_),
        "duration_s": DURATION_S,
        "neurons": N_NEURONS,
        "wall_seconds_total": round(time.time() - started, 1),
        "per_seed": per_seed,
        "summary": summary,
    }
    common.write_json(args.out, document)


def delay_steps(syn, step_dt):
    # One delay for all synapses is a scalar variable in Brian2 (here: no delay at all).
    try:
        values = np.asarray(syn.delay_[:]).ravel()
    except IndexError:
        values = np.asarray(syn.delay_).ravel()
    if values.size == 1:
        values = np.repeat(values, len(syn))
    # Brian2's SpikeQueue rounds delays to steps as (int)(delay/dt + 0.5).
    return [int(d / step_dt + 0.5) for d in values]


def export(args):
    t0 = time.time()
    instance = {}

    def snapshot(P, Ce, Ci):
        step_dt = float(defaultclock.dt_)  # not `dt`: Brian2 would see it in the run namespace
        arrays = {name: [float(x) for x in np.asarray(getattr(P, name + "_")[:])]
                  for name in ["v", "ge", "gi", "lastspike"]}
        arrays["not_refractory"] = [1.0 if x else 0.0 for x in P.not_refractory[:]]

        def pathway(syn):
            return {"size": len(syn),
                    "pre": [int(k) for k in syn.i[:]],  # P -> P: group-wide indices as they are
                    "post": [int(k) for k in syn.j[:]],
                    "delay_steps": delay_steps(syn, step_dt),
                    "arrays": {}, "scalars": {}}

        instance.update({
            "format": "lsmc-instance",
            "version": 1,
            "dt": step_dt,
            "seed": args.seed,
            "groups": {"P": {"size": len(P), "arrays": arrays, "scalars": {}}},
            "synapses": {"Ce": pathway(Ce), "Ci": pathway(Ci)},
            "inputs": {},
        })

    P, Ce, Ci, s_mon = run_cuba(args.seed, before_run=snapshot)
    step_dt = instance["dt"]
    instance["brian2"] = {
        "version": __import__("brian2").__version__,
        "target": prefs.codegen.target,
        "command": common.the_command(),
        "duration_steps": int(round(DURATION_S / step_dt)),
        "spikes": {"spikes": {"indices": [int(k) for k in s_mon.i[:]],
                              "steps": [int(round(float(t) / step_dt)) for t in s_mon.t_[:]]}},
    }
    text = json.dumps(instance)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if args.out.endswith(".gz"):
        with open(args.out, "wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            out.write(text.encode())
    else:
        with open(args.out, "w") as out:
            out.write(text)
    check_export(args.out, instance, s_mon, Ce, Ci)
    print(f"{args.out}: {os.path.getsize(args.out)} bytes ({len(text)} uncompressed), "
          f"{len(Ce)} + {len(Ci)} synapses, {s_mon.num_spikes} spikes in 1 s "
          f"({time.time() - t0:.1f} s)")


def check_export(path, written, s_mon, Ce, Ci):
    """Reads the file back and compares it with what Brian2 holds."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        back = json.load(f)
    assert back == written, "the file does not read back as written"
    group = back["groups"]["P"]
    assert group["size"] == N_NEURONS
    for name in ["v", "ge", "gi", "lastspike", "not_refractory"]:
        assert len(group["arrays"][name]) == N_NEURONS, name
    v = np.array(group["arrays"]["v"])
    assert np.all((v >= -60e-3) & (v < -50e-3)), "v outside [Vr, Vt)"
    assert not any(group["arrays"]["ge"]) and not any(group["arrays"]["gi"])
    for name, syn, sources in [("Ce", Ce, (0, 3200)), ("Ci", Ci, (3200, 4000))]:
        entry = back["synapses"][name]
        assert entry["size"] == len(syn) == len(entry["pre"]) == len(entry["post"])
        assert entry["pre"] == [int(k) for k in syn.i[:]]
        assert entry["post"] == [int(k) for k in syn.j[:]]
        assert all(sources[0] <= k < sources[1] for k in entry["pre"]), name
        assert all(0 <= k < N_NEURONS for k in entry["post"]), name
        assert not any(entry["delay_steps"]), name
    train = back["brian2"]["spikes"]["spikes"]
    assert len(train["indices"]) == len(train["steps"]) == s_mon.num_spikes
    assert all(0 <= s < back["brian2"]["duration_steps"] for s in train["steps"])
    assert train["steps"] == sorted(train["steps"])
    print(f"checked {path}: {group['size']} neurons, {len(back['synapses']['Ce']['pre'])} Ce + "
          f"{len(back['synapses']['Ci']['pre'])} Ci synapses, {len(train['steps'])} spikes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    commands = parser.add_subparsers(dest="command", required=True)
    p_stats = commands.add_parser("stats", help="spikes, rate, synapses over seeds")
    p_stats.add_argument("--seeds", type=common.parse_seeds, default=list(range(1, 11)),
                         help="e.g. 1-10 (default) or 1,3,5")
    p_stats.add_argument("--out", required=True)
    p_export = commands.add_parser("export", help="one instance with Brian2's spikes")
    p_export.add_argument("--seed", type=int, required=True)
    p_export.add_argument("--out", required=True)
    args = parser.parse_args()
    prefs.codegen.target = args.target
    {"stats": stats, "export": export}[args.command](args)


if __name__ == "__main__":
    main()
