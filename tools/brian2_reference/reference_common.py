"""Shared pieces of the Brian2 reference scripts in this directory: seed-list parsing, the
statistics over seeds, the provenance every fixture carries, and writing the JSON.

Not a script of its own; imported by cuba.py, cobahh.py, if_curve.py and brunel_hakim.py (which
put this directory on sys.path), and by tests/examples/brian2_examples.py for spike_statistics
(numpy only: Brian2 is imported where provenance needs it). Brian2 is reference data only: nothing in lsmc's build or tests runs it.
"""
import argparse
import json
import os
import platform
import shlex
import sys

import numpy as np

# Where the examples come from: Brian2's repository at tag 2.5.1 (identical to its master for
# these three files), the version Debian's python3-brian installs.
EXAMPLES_URL = "https://github.com/brian-team/brian2/blob/2.5.1/examples/"


def parse_seeds(text):
    """'1-10' or '1,3,5' or '7' -> [1, ..., 10] / [1, 3, 5] / [7]."""
    seeds = []
    for part in text.split(","):
        if "-" in part:
            first, last = (int(x) for x in part.split("-"))
            seeds.extend(range(first, last + 1))
        else:
            seeds.append(int(part))
    return seeds


def seeds_label(seeds):
    """'seeds_1_10' for 1..10, 'seeds_1_3_5' otherwise: the key of a summary over `seeds`."""
    seeds = list(seeds)
    if len(seeds) > 1 and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"seeds_{seeds[0]}_{seeds[-1]}"
    return "seeds_" + "_".join(str(k) for k in seeds)


def mean_sd(values):
    """Mean and sample standard deviation (ddof = 1; 0 for a single value) of `values`."""
    values = np.asarray(values, dtype=float)
    sd = float(np.std(values, ddof=1)) if values.size > 1 else 0.0
    return {"mean": float(np.mean(values)), "sd": sd, "n": int(values.size)}


def summarise(per_seed, keys, seeds):
    """mean_sd of each of `keys` over the entries of `per_seed` whose seed is in `seeds`."""
    chosen = [entry for entry in per_seed if entry["seed"] in seeds]
    return {key: mean_sd([entry[key] for entry in chosen]) for key in keys}


def the_command():
    """The command line that is running, as typed from the repository root."""
    return " ".join(shlex.quote(a) for a in ["/usr/bin/python3", *sys.argv])


def provenance(target, seeds, example):
    import brian2

    return {
        "brian2_version": brian2.__version__,
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "codegen_target": target,
        "example": EXAMPLES_URL + example,
        "seeds": list(seeds),
        "command": the_command(),
        "cwd": "repository root",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "sd": "sample standard deviation over seeds (ddof = 1)",
    }


def spike_statistics(indices, times, n, duration):
    """Mean rate, mean CV of ISIs (neurons with >= 3 spikes) and the population rate's sd over
    time in 1 ms bins: the same function for Brian2's spikes and for lsmc's
    (tests/examples/brian2_examples.py)."""
    rate = len(indices) / n / duration
    order = np.lexsort((times, indices))
    indices, times = indices[order], times[order]
    cvs = []
    starts = np.searchsorted(indices, np.arange(n))
    stops = np.searchsorted(indices, np.arange(n), side="right")
    for a, b in zip(starts, stops):
        if b - a >= 3:
            isi = np.diff(times[a:b])
            cvs.append(np.std(isi) / np.mean(isi))
    bins = np.histogram(times, bins=int(round(duration / 1e-3)), range=(0, duration))[0]
    population = bins / n / 1e-3
    return {"mean_rate_hz": rate, "mean_cv": float(np.mean(cvs)) if cvs else float("nan"),
            "neurons_with_cv": len(cvs), "population_rate_sd_hz": float(np.std(population))}


def output_and_target(description):
    """The options of a deterministic reference script, parsed: --out (the fixture to write)
    and --target (Brian2's codegen target, cython or numpy), which is set in Brian2's prefs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", default="cython", choices=["cython", "numpy"])
    args = parser.parse_args()
    from brian2 import prefs

    prefs.codegen.target = args.target
    return args


def write_json(path, document):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")




def check_names(expected):
    """Fails unless each Brian2 object of `expected` ((object, name) pairs) has the name it
    gets when the example runs alone in a fresh interpreter. The names decide the order of
    objects within a schedule slot and the generated code (so the cython cache); an object of
    an earlier seed still alive would give 'neurongroup_1' and change both."""
    for obj, name in expected:
        if obj.name != name:
            raise RuntimeError(f"{obj.name} should be {name}: an earlier run's object is alive")


def run_seeds(seeds, run_one):
    """run_one(seed) for each seed, each entry with its wall time, printed as it comes."""
    import time

    per_seed = []
    for seed_value in seeds:
        began = time.time()
        entry = run_one(seed_value)
        entry["wall_s"] = round(time.time() - began, 1)
        print(entry, flush=True)
        per_seed.append(entry)
    return per_seed
