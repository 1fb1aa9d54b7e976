#!/usr/bin/env python3
"""Brian2's example models written as .lsm files (models/), run with `lsmc run` alone, their
outputs read with numpy, and compared with what Brian2 2.5.1 gives on this machine
(tests/fixtures/reference/, made by tools/brian2_reference/; Brian2 itself is not needed here):

  cuba-instance  spike for spike on a network Brian2 built (tests/fixtures/cuba_brian2_seed7.json.gz)
  cuba-rate      the mean rate and synapse count over seeds 1-5, within the spread of seeds
  cobahh-rate    the same for COBAHH over seeds 1-3
  if-curve       the spike count of every neuron (the model is deterministic)
  brunel-hakim   Brunel & Hakim (1999), white noise: mean rate, mean CV of the inter-spike
                 intervals and the population rate's fluctuation over seeds 1-5, within the
                 spread of seeds (the statistics of tools/brian2_reference/reference_common.py)
  homeostasis    spike-based homeostasis (TimedArray-driven Poisson inputs): per 10 s segment
                 the plastic weight's mean and both neurons' spike counts, lsmc's seeds 1-20
                 against Brian2's seeds 1-12
  diesmann       Diesmann et al. (1999), a synfire chain started by a volley read from a file:
                 per group its spikes and the pulse's size and time, and the propagation time
                 along the chain, over seeds 1-10 (each statistic within 3 standard errors)
  izhikevich2007 Izhikevich (2007), synapses on synapses, two runs: every neuron and dopamine
                 spike at Brian2's step, and the STDP synapse's s, c, d every 5 ms within
                 rounding of Brian2's (the model is deterministic)
  brette-gerstner  Brette & Gerstner (2005), one AdEx neuron over three runs: spike for spike,
                 and vm at every step within 1e-12 relative (deterministic)
  touboul-brette   Touboul & Brette (2008), the AdEx bifurcation diagram (chaotic): per neuron
                 the spike count and the min, max and mean of w at the start of the spike's
                 step, within the change a 1e-5 mV shift of every Vr makes (see the function)
  run-regularly  tests/models/valid/run_regularly.lsm (run_regularly on clocks of 2 ms, 0.3 ms
                 and every step, in three slots, on a group and on synapses; three runs):
                 spike for spike, the tick counts exactly, the traces within 1e-12 relative
  custom-events  tests/models/valid/custom_events.lsm (an event besides the spike, its
                 run_on_event code, synapses it triggers, an events() monitor): spike for spike,
                 event for event, v at the events and in the trace within 1e-12 relative
  linked-variables  tests/models/valid/linked_variables.lsm (a group reading another's v through
                 a (linked) variable, and a larger one through index = i // 3): spike for spike
                 in the three groups, the traces and the linked variables at the spikes within
                 1e-12 relative

usage: brian2_examples.py LSMC CHECK   (from the project directory)
"""
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools",
                                "brian2_reference"))
import reference_common  # noqa: E402  (numpy only; Brian2 is not imported)

FIXTURES = "tests/fixtures"


def run(lsmc, model, out, *options):
    subprocess.run([lsmc, "run", model, "--quiet", "--out", out, *options], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)


def reference(name):
    with open(os.path.join(FIXTURES, "reference", name)) as f:
        return json.load(f)


def within_spread(what, ours, theirs, ours_n, sd, theirs_n, z=2):
    """Two means of seeds agree when they differ by less than z (2) standard errors of their
    difference (Brian2's spread over seeds standing for both)."""
    tolerance = z * sd * math.sqrt(1 / ours_n + 1 / theirs_n)
    print(f"{what}: lsmc {ours:.4f} (n={ours_n}), Brian2 {theirs:.4f} (n={theirs_n}, sd {sd:.4f}); "
          f"difference {ours - theirs:+.4f}, tolerance {tolerance:.4f}")
    return abs(ours - theirs) <= tolerance


def cuba_instance(lsmc, scratch):
    path = os.path.join(FIXTURES, "cuba_brian2_seed7.json.gz")
    with gzip.open(path, "rt") as f:
        brian2 = json.load(f)["brian2"]["spikes"]["spikes"]
    run(lsmc, "models/cuba.lsm", scratch, "--instance", path)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    i, t = spikes["i"], spikes["t"]
    assert i.dtype == np.int64 and t.dtype == np.float64, (i.dtype, t.dtype)
    steps = np.rint(t / 1e-4).astype(np.int64)
    expected_i = np.asarray(brian2["indices"], dtype=np.int64)
    expected_steps = np.asarray(brian2["steps"], dtype=np.int64)
    same = len(i) == len(expected_i) and np.array_equal(i, expected_i) and \
        np.array_equal(steps, expected_steps)
    print(f"cuba on Brian2's instance (seed 7): lsmc {len(i)} spikes, Brian2 {len(expected_i)}; "
          f"{'every spike the same' if same else 'DIFFERENT'}")
    if not same:
        n = min(len(i), len(expected_i))
        first = next((k for k in range(n) if i[k] != expected_i[k] or steps[k] != expected_steps[k]), n)
        print(f"first difference at spike {first}")
    return same


def rate_over_seeds(lsmc, scratch, model, fixture, seeds, population):
    ref = reference(fixture)["summary"]["seeds_1_10" if "seeds_1_10" in reference(fixture)["summary"]
                                         else "seeds_1_5"]
    rates, synapses = [], []
    for seed in seeds:
        out = os.path.join(scratch, f"seed{seed}")
        summary = run(lsmc, model, out, "--seed", str(seed))
        spikes = np.load(os.path.join(out, "spikes.npz"))
        rates.append(len(spikes["i"]) / population / summary["duration"])
        synapses.append(sum(s["synapses"] for s in summary["synapses"].values()))
    ok = within_spread("mean rate (Hz)", float(np.mean(rates)), ref["mean_rate_hz"]["mean"],
                       len(rates), ref["mean_rate_hz"]["sd"], ref["mean_rate_hz"]["n"])
    ok = within_spread("synapses", float(np.mean(synapses)), ref["synapses"]["mean"],
                       len(synapses), ref["synapses"]["sd"], ref["synapses"]["n"]) and ok
    return ok


def brunel_hakim(lsmc, scratch):
    fixture = reference("brunel_hakim_brian2.json")
    ref = fixture["summary"]["seeds_1_5"]
    keys = ["mean_rate_hz", "mean_cv", "population_rate_sd_hz"]
    ours = {key: [] for key in keys}
    for seed in range(1, 6):
        out = os.path.join(scratch, f"seed{seed}")
        summary = run(lsmc, "models/brunel_hakim1999.lsm", out, "--seed", str(seed))
        spikes = np.load(os.path.join(out, "spikes.npz"))
        stats = reference_common.spike_statistics(spikes["i"].astype(np.int64), spikes["t"],
                                                  fixture["neurons"], summary["duration"])
        for key in keys:
            ours[key].append(stats[key])
    ok = True
    for key in keys:
        ok = within_spread(key, float(np.mean(ours[key])), ref[key]["mean"], len(ours[key]),
                           ref[key]["sd"], ref[key]["n"]) and ok
    return ok


def if_curve(lsmc, scratch):
    ref = reference("if_curve_brian2.json")
    run(lsmc, "models/if_curve.lsm", scratch)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    counts = np.bincount(spikes["i"], minlength=len(ref["counts"]))
    expected = np.asarray(ref["counts"])
    differ = np.nonzero(counts != expected)[0]
    print(f"if curve: lsmc {counts.sum()} spikes, Brian2 {expected.sum()}; "
          f"{len(differ)} neurons differ {list(differ[:5])}")
    return len(differ) == 0


def compare_summaries(ours, ref):
    """within_spread for every key of Brian2's summary, over lsmc's per-seed values (NaN
    left out). A dozen statistics or more are compared at once: each within 3 standard errors,
    so that all of them agree by chance in 97 % of comparisons of equal models (2 standard
    errors each would fail 40 % of them)."""
    ok = True
    for key, theirs in ref.items():
        values = [v for v in ours[key] if not math.isnan(v)]
        ok = within_spread(key, float(np.mean(values)), theirs["mean"], len(values), theirs["sd"],
                           theirs["n"], z=3) and ok
    return ok


def over_seeds(lsmc, scratch, model, seeds, statistics):
    """`statistics(out, summary)` of lsmc's run of `model` for each seed, as lists per key."""
    ours = {}
    for seed in seeds:
        out = os.path.join(scratch, f"seed{seed}")
        summary = run(lsmc, model, out, "--seed", str(seed))
        for key, value in statistics(out, summary).items():
            ours.setdefault(key, []).append(value)
    return ours


def homeostasis(lsmc, scratch):
    from example_statistics import segment_statistics  # noqa: E402  (numpy only)

    fixture = reference("spike_based_homeostasis_brian2.json")

    def statistics(out, summary):
        w = np.load(os.path.join(out, "M2.npz"))
        with_, without = (np.load(os.path.join(out, f"{name}.npz"))["t"]
                          for name in ("spikes_with", "spikes_without"))
        return segment_statistics(w["t"], w["w"][:, 0], with_, without)

    ours = over_seeds(lsmc, scratch, "models/spike_based_homeostasis.lsm", range(1, 21), statistics)
    return compare_summaries(ours, fixture["summary"]["seeds_1_12"])


def diesmann(lsmc, scratch):
    from example_statistics import chain_statistics  # noqa: E402  (numpy only)

    fixture = reference("diesmann1999_brian2.json")

    def statistics(out, summary):
        spikes = np.load(os.path.join(out, "Mgp.npz"))
        return {"synapses": summary["synapses"]["S"]["synapses"],
                **chain_statistics(spikes["i"], spikes["t"])}

    ours = over_seeds(lsmc, scratch, "models/diesmann1999.lsm", range(1, 11), statistics)
    return compare_summaries(ours, fixture["summary"]["seeds_1_10"])


# Izhikevich (2007): the traces may differ from Brian2's by rounding only (the operations are
# Brian2's, in Brian2's order; its code generator may associate them otherwise), relative to
# each trace's largest value.
IZHIKEVICH_TOLERANCE = 1e-12


def izhikevich2007(lsmc, scratch):
    ref = reference("izhikevich2007_brian2.json")
    dt = ref["dt_s"]
    run(lsmc, "models/izhikevich2007.lsm", scratch)
    ok = True
    for monitor, key in (("neurons_monitor", "neurons"), ("dopamine_monitor", "dopamine")):
        spikes = np.load(os.path.join(scratch, monitor + ".npz"))
        steps = np.rint(spikes["t"] / dt).astype(np.int64)
        same = np.array_equal(spikes["i"], ref[key]["indices"]) and \
            np.array_equal(steps, ref[key]["steps"])
        print(f"{key} spikes: lsmc {len(steps)}, Brian2 {len(ref[key]['steps'])}; "
              f"{'every spike the same step' if same else 'DIFFERENT'}")
        ok = ok and same
    traces = np.load(os.path.join(scratch, "synapse_stdp_monitor.npz"))
    recorded = np.rint(traces["t"] / dt).astype(np.int64)
    wanted = np.asarray(ref["traces"]["steps"], dtype=np.int64)
    at = np.searchsorted(recorded, wanted)
    if not (np.all(at < len(recorded)) and np.array_equal(recorded[np.minimum(at, len(recorded) - 1)],
                                                         wanted)):
        print("the traces miss steps that Brian2 recorded")
        return False
    for name in ("s", "c", "d"):
        ours = np.asarray(traces[name])[at, 0]
        theirs = np.asarray(ref["traces"][name])
        scale = ref["max_abs"][name]
        worst = float(np.max(np.abs(ours - theirs))) / scale
        print(f"{name} of synapse 0 at {len(wanted)} steps: largest difference {worst:.3g} of its "
              f"largest value {scale:.6g} (tolerance {IZHIKEVICH_TOLERANCE:g}); final lsmc "
              f"{ours[-1]:.15g}, Brian2 {theirs[-1]:.15g}")
        ok = ok and worst <= IZHIKEVICH_TOLERANCE
    # The reference interpreter gives the JIT's bits.
    interpreted = os.path.join(scratch, "interpreter")
    run(lsmc, "models/izhikevich2007.lsm", interpreted, "--backend", "interpreter")
    for monitor in ("neurons_monitor", "dopamine_monitor", "synapse_stdp_monitor"):
        jit = np.load(os.path.join(scratch, monitor + ".npz"))
        other = np.load(os.path.join(interpreted, monitor + ".npz"))
        same = all(np.array_equal(jit[key], other[key]) for key in jit.files)
        print(f"{monitor}: interpreter {'== JIT bit for bit' if same else 'DIFFERS from the JIT'}")
        ok = ok and same
    return ok


def brette_gerstner(lsmc, scratch):
    ref = reference("brette_gerstner_brian2.json")
    run(lsmc, "models/brette_gerstner2005.lsm", scratch)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    trace = np.load(os.path.join(scratch, "trace.npz"))
    steps = np.rint(spikes["t"] / ref["dt_s"]).astype(np.int64)
    vm, expected = trace["vm"][:, 0], np.asarray(ref["vm_V"])
    same_spikes = np.array_equal(steps, np.asarray(ref["spike_steps"], dtype=np.int64))
    same_length = len(vm) == len(expected)
    relative = float(np.max(np.abs(vm - expected) / np.abs(expected))) if same_length else math.inf
    print(f"brette-gerstner: lsmc spikes at steps {list(steps)}, Brian2 {ref['spike_steps']}; "
          f"vm over {len(vm)} steps (Brian2 {len(expected)}): largest relative difference "
          f"{relative:.3g} (tolerance 1e-12)")
    return same_spikes and relative <= 1e-12


def bifurcation_statistics(indices, w, neurons):
    """Per neuron: the spike count and the min, max and mean of w at its spikes (0 without)."""
    counts = np.bincount(indices, minlength=neurons)
    summary = np.zeros((neurons, 3))
    for n in range(neurons):
        values = w[indices == n]
        if len(values):
            summary[n] = values.min(), values.max(), values.mean()
    return counts, summary


def touboul_brette(lsmc, scratch):
    """The figure's points, w at the start of each spike's step against the neuron's Vr,
    compared as statistics: the model is chaotic, lsmc's arithmetic differs from Brian2's
    cython code by up to ~2e-13 relative in w (not bit-identical: other operation order), so
    spike for spike holds only as long as no difference grows to a spike's step. The
    tolerances are what shifting every Vr by 1e-5 mV (--set V_R_FIRST=-48.29999mV, 2e-7
    relative, a million times our arithmetic's difference) changes in lsmc: up to 2 spikes in
    19 neurons, w's min, max and mean by up to 0.009 nA. Whether every spike is also Brian2's
    is printed."""
    ref = reference("touboul_brette_brian2.json")
    run(lsmc, "models/touboul_brette2008.lsm", scratch)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    states = np.load(os.path.join(scratch, "states.npz"))
    i = spikes["i"].astype(np.int64)
    steps = np.rint((spikes["t"] - ref["discarded_s"]) / ref["dt_s"]).astype(np.int64)
    w = states["w"][steps, i] / 1e-9  # nA; the monitor records at the start of each step
    neurons = len(ref["counts"])
    expected_i = np.asarray(ref["spike_i"], dtype=np.int64)
    expected_steps = np.asarray(ref["spike_step"], dtype=np.int64)
    counts, summary = bifurcation_statistics(i, w, neurons)
    expected_counts, expected_summary = bifurcation_statistics(
        expected_i, np.asarray(ref["spike_w_nA"]), neurons)
    count_difference = int(np.max(np.abs(counts - expected_counts)))
    w_difference = float(np.max(np.abs(summary - expected_summary)))
    same = np.array_equal(i, expected_i) and np.array_equal(steps, expected_steps)
    print(f"touboul-brette: lsmc {len(i)} spikes, Brian2 {len(expected_i)} "
          f"({'every spike the same' if same else 'not spike for spike'}); per neuron: "
          f"{int(np.sum(counts != expected_counts))} counts differ, by at most "
          f"{count_difference} (tolerance 2); w at spikes (min, max, mean) differ by at most "
          f"{w_difference:.3g} nA (tolerance 0.01 nA)")
    return count_difference <= 2 and w_difference <= 0.01


def same_events(what, indices, steps, expected_indices, expected_steps):
    """Whether lsmc's (element, step) list is Brian2's, printed."""
    same = np.array_equal(indices, np.asarray(expected_indices)) and \
        np.array_equal(steps, np.asarray(expected_steps))
    print(f"{what}: lsmc {len(steps)}, Brian2 {len(expected_steps)}: "
          f"{'every one the same' if same else 'DIFFERENT'}")
    return same


def close_values(what, ours, theirs, exact=False):
    """Whether two arrays agree: exactly, or within 1e-12 relative (1e-15 absolute near 0)."""
    theirs = np.asarray(theirs)
    if ours.shape != theirs.shape:
        print(f"  {what}: shape {ours.shape}, Brian2 {theirs.shape}")
        return False
    difference = np.abs(ours - theirs)
    allowed = 0 if exact else 1e-12 * np.maximum(np.abs(theirs), 1e-3)
    worst = float(np.max(difference)) if difference.size else 0.0
    print(f"  {what}: largest difference {worst:.3g} ({'exact' if exact else '1e-12 relative'})")
    return bool(np.all(difference <= allowed))


def custom_events(lsmc, scratch):
    ref = reference("custom_events_brian2.json")
    run(lsmc, "tests/models/valid/custom_events.lsm", scratch)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    events = np.load(os.path.join(scratch, "halfway.npz"))
    trace = np.load(os.path.join(scratch, "trace.npz"))
    step = ref["dt_s"]
    ok = same_events("custom-events: spikes", spikes["i"], np.rint(spikes["t"] / step),
                     ref["spike_i"], ref["spike_step"])
    ok = same_events("custom-events: events 'half'", events["i"], np.rint(events["t"] / step),
                     ref["event_i"], ref["event_step"]) and ok
    middle = np.load(os.path.join(scratch, "halfway_middle.npz"))
    ok = same_events("custom-events: events 'half' of the subgroup middle (a step late, as in "
                     "Brian2)", middle["i"], np.rint(middle["t"] / step), ref["middle_event_i"],
                     ref["middle_event_step"]) and ok
    ok = close_values("v at the events", events["v"], ref["event_v"]) and ok
    ok = close_values("v", trace["v"], ref["v"]) and ok
    return close_values("halves", trace["halves"], ref["halves"], exact=True) and ok


def linked_variables(lsmc, scratch):
    ref = reference("linked_variables_brian2.json")
    run(lsmc, "tests/models/valid/linked_variables.lsm", scratch)
    source = np.load(os.path.join(scratch, "source_spikes.npz"))
    follower = np.load(os.path.join(scratch, "follower_spikes.npz"))
    trace = np.load(os.path.join(scratch, "trace.npz"))
    step = ref["dt_s"]
    ok = same_events("linked-variables: source spikes", source["i"], np.rint(source["t"] / step),
                     ref["source_i"], ref["source_step"])
    ok = same_events("linked-variables: follower spikes", follower["i"],
                     np.rint(follower["t"] / step), ref["follower_i"], ref["follower_step"]) and ok
    ok = close_values("v_in at the follower's spikes", follower["v_in"], ref["follower_v_in"]) and ok
    ok = close_values("x", trace["x"], ref["x"]) and ok
    ok = close_values("v_in", trace["v_in"], ref["v_in"]) and ok
    pool = np.load(os.path.join(scratch, "pool_spikes.npz"))
    pool_trace = np.load(os.path.join(scratch, "pool_trace.npz"))
    ok = same_events("linked-variables: pool spikes (index = i // 3)", pool["i"],
                     np.rint(pool["t"] / step), ref["pool_i"], ref["pool_step"]) and ok
    ok = close_values("v_src at the pool's spikes", pool["v_src"], ref["pool_v_src"]) and ok
    ok = close_values("y", pool_trace["y"], ref["y"]) and ok
    return close_values("v_src", pool_trace["v_src"], ref["v_src"]) and ok


def run_regularly(lsmc, scratch):
    ref = reference("run_regularly_brian2.json")
    run(lsmc, "tests/models/valid/run_regularly.lsm", scratch)
    spikes = np.load(os.path.join(scratch, "spikes.npz"))
    trace = np.load(os.path.join(scratch, "trace.npz"))
    ok = same_events("run-regularly: spikes", spikes["i"], np.rint(spikes["t"] / ref["dt_s"]),
                     ref["spike_i"], ref["spike_step"])
    for name in ("v", "v_target", "ticks", "v_seen"):
        ok = close_values(name, trace[name], ref[name], exact=name == "ticks") and ok
    return ok


def main():
    lsmc, check = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as scratch:
        if check == "cuba-instance":
            ok = cuba_instance(lsmc, scratch)
        elif check == "cuba-rate":
            ok = rate_over_seeds(lsmc, scratch, "models/cuba.lsm", "cuba_brian2.json",
                                 range(1, 6), 4000)
        elif check == "cobahh-rate":
            ok = rate_over_seeds(lsmc, scratch, "models/cobahh.lsm", "cobahh_brian2.json",
                                 range(1, 4), 4000)
        elif check == "if-curve":
            ok = if_curve(lsmc, scratch)
        elif check == "brunel-hakim":
            ok = brunel_hakim(lsmc, scratch)
        elif check == "homeostasis":
            ok = homeostasis(lsmc, scratch)
        elif check == "diesmann":
            ok = diesmann(lsmc, scratch)
        elif check == "izhikevich2007":
            ok = izhikevich2007(lsmc, scratch)
        elif check == "brette-gerstner":
            ok = brette_gerstner(lsmc, scratch)
        elif check == "custom-events":
            ok = custom_events(lsmc, scratch)
        elif check == "linked-variables":
            ok = linked_variables(lsmc, scratch)
        elif check == "run-regularly":
            ok = run_regularly(lsmc, scratch)
        elif check == "touboul-brette":
            ok = touboul_brette(lsmc, scratch)
        else:
            sys.exit(f"unknown check {check}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
