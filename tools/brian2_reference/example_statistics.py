"""The statistics of two Brian2 gallery examples, computed the same way from Brian2's records
(spike_based_homeostasis.py, diesmann1999.py in this directory) and from lsmc's
(tests/examples/brian2_examples.py). numpy only: Brian2 is not imported.
"""
import numpy as np

# spike_based_homeostasis: the example runs 40 s, four 10 s segments of the varying stimulus.
SEGMENT_S = 10.0
SEGMENTS = 4

# diesmann1999: the synfire chain's groups.
N_GROUPS = 10
GROUP_SIZE = 100


def segment_statistics(w_times, w, spikes_with, spikes_without):
    """Per 10 s segment: the plastic weight's mean and both neurons' spike counts (the same
    function for Brian2's records and lsmc's, tests/examples/brian2_examples.py)."""
    out = {}
    for k in range(SEGMENTS):
        low, high = k * SEGMENT_S, (k + 1) * SEGMENT_S
        inside = (w_times >= low) & (w_times < high)
        out[f"w_mean_{k}"] = float(np.mean(w[inside]))
        out[f"spikes_with_{k}"] = int(np.sum((spikes_with >= low) & (spikes_with < high)))
        out[f"spikes_without_{k}"] = int(np.sum((spikes_without >= low) & (spikes_without < high)))
    return out


def chain_statistics(indices, times_s):
    """Per group: its spikes, and the pulse of synchronous spikes that travels down the chain:
    the 1 ms bin with most of the group's spikes, then the spikes within 2 ms of that bin's
    centre (the pulse's size) and their mean time (its time, ms). The propagation time is the
    last group's pulse time minus the first's. The same function for Brian2's spikes and
    lsmc's (tests/examples/brian2_examples.py)."""
    out = {}
    groups = np.asarray(indices) // GROUP_SIZE
    times_ms = np.asarray(times_s) * 1e3
    pulse_times = []
    for g in range(N_GROUPS):
        mine = times_ms[groups == g]
        out[f"spikes_{g}"] = int(len(mine))
        counts, edges = np.histogram(mine, bins=100, range=(0, 100))
        centre = edges[int(np.argmax(counts))] + 0.5
        pulse = mine[np.abs(mine - centre) <= 2.0]
        out[f"pulse_size_{g}"] = int(len(pulse))
        pulse_times.append(float(np.mean(pulse)) if len(pulse) else float("nan"))
        out[f"pulse_time_ms_{g}"] = pulse_times[-1]
    out["spikes"] = int(len(indices))
    out["propagation_ms"] = pulse_times[-1] - pulse_times[0]
    return out
