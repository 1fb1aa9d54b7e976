#!/usr/bin/env bash
# Brian2's CUBA (models/cuba.lsm) at a fan-in of 80 from 4 000 to 256 000 neurons, one second of
# biological time: build time, simulation time, synapses, spikes and peak memory of
# `lsmc run`, median of RUNS runs per size; beside it Brian2's C++ standalone mode
# (benchmarks/cuba_standalone.py) for BRIAN2_SIZES when Debian's python3-brian is present.
# Usage: benchmarks/cuba_scaling.sh [BUILD_DIR] [RUNS]
#   SIZES="4000 16000 64000 256000"  BRIAN2_SIZES="4000 16000"  THREADS=2 (lsmc --threads)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
sizes=${SIZES-4000 16000 64000 256000}
brian2_sizes=${BRIAN2_SIZES-4000 16000}  # set and empty: no Brian2 runs
threads=${THREADS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for n in $sizes; do
  for ((k = 1; k <= runs; ++k)); do
    dir="$out/lsmc_${n}_$k"
    /usr/bin/time -f "%M" -o "$out/lsmc_${n}_$k.kb" "$build/cli/lsmc" run models/cuba.lsm \
      --set "N_CELLS=$n" --set "N_EXC=$((n * 4 / 5))" --threads "$threads" --quiet \
      --out "$dir" >/dev/null
  done
done
if /usr/bin/python3 -c "import brian2" 2>/dev/null; then
  for n in $brian2_sizes; do
    for ((k = 1; k <= runs; ++k)); do
      /usr/bin/time -f "%M" -o "$out/brian2_${n}_$k.kb" /usr/bin/python3 \
        benchmarks/cuba_standalone.py "$n" >"$out/brian2_${n}_$k.json" 2>/dev/null
    done
  done
else
  echo "python3-brian is not installed: Brian2's columns are left out" >&2
fi

python3 - "$out" "$runs" "$sizes" <<'PY'
import glob, json, os, statistics, sys
out, runs, sizes = sys.argv[1], int(sys.argv[2]), [int(n) for n in sys.argv[3].split()]
def median(values):
    return statistics.median(values) if values else float("nan")
print(f"{'N':>7} {'synapses':>10} {'spikes':>8} {'lsmc build':>11} {'lsmc sim':>9} "
      f"{'lsmc MiB':>9} {'Brian2 sim':>11} {'Brian2 MiB':>11} {'B2/lsmc':>10}   "
      f"(median of {runs}; times in s for 1 s of biological time)")
for n in sizes:
    builds, sims, mib, synapses, spikes = [], [], [], [], []
    for k in range(1, runs + 1):
        summary = json.load(open(f"{out}/lsmc_{n}_{k}/summary.json"))
        builds.append(summary["wall_seconds"]["build"])
        sims.append(summary["wall_seconds"]["simulation"])
        mib.append(int(open(f"{out}/lsmc_{n}_{k}.kb").read()) / 1024)
        synapses.append(sum(s["synapses"] for s in summary["synapses"].values()))
        spikes.append(summary["monitors"]["spikes"]["spikes"])
    b_sims, b_mib = [], []
    for k in range(1, runs + 1):
        path = f"{out}/brian2_{n}_{k}.json"
        if os.path.exists(path) and os.path.getsize(path) > 0:
            b_sims.append(json.loads(open(path).read().splitlines()[-1])["simulation_seconds"])
            b_mib.append(int(open(f"{out}/brian2_{n}_{k}.kb").read()) / 1024)
    brian2 = (f"{median(b_sims):>11.3f} {median(b_mib):>11.0f} "
              f"{median(b_sims) / median(sims):>9.2f}x" if b_sims else f"{'-':>11} {'-':>11} {'-':>10}")
    print(f"{n:>7} {median(synapses):>10.0f} {median(spikes):>8.0f} {median(builds):>11.3f} "
          f"{median(sims):>9.3f} {median(mib):>9.0f} {brian2}")
PY
