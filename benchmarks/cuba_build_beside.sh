#!/usr/bin/env bash
# CUBA's build time (models/cuba.lsm, fan-in 80) with this build's runtime library and with a
# baseline's, alternating, so that both see the same load: median (min – max) of ROUNDS rounds
# of `lsmc run ... --duration 10ms` (the build does not depend on the duration) per size and
# thread count, and peak memory from /usr/bin/time.
# Usage: benchmarks/cuba_build_beside.sh BASELINE_LIB_DIR [BUILD_DIR] [ROUNDS]
#   BASELINE_LIB_DIR holds a copy of an earlier build/runtime/liblsmc_runtime.so.0.1.0
#   SIZES="64000 256000"  THREADS="1 2"
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=$1
build=${2:-build}
rounds=${3:-5}
sizes=${SIZES-64000 256000}
threads=${THREADS-1 2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
uptime
for ((r = 1; r <= rounds; ++r)); do
  for n in $sizes; do
    for t in $threads; do
      for lib in base this; do
        dir="$out/${lib}_${n}_${t}_$r"
        library=()
        [[ $lib == base ]] && library=(env "LD_LIBRARY_PATH=$baseline")
        "${library[@]}" /usr/bin/time -f "%M" -o "$dir.kb" "$build/cli/lsmc" run models/cuba.lsm \
          --set "N_CELLS=$n" --set "N_EXC=$((n * 4 / 5))" --threads "$t" --duration 10ms \
          --quiet --out "$dir" >/dev/null
      done
    done
  done
done
uptime
python3 - "$out" "$rounds" "$sizes" "$threads" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
sizes, threads = sys.argv[3].split(), sys.argv[4].split()
print(f"{'N':>7} {'threads':>7} {'synapses':>10} {'baseline build':>24} {'this build':>24} "
      f"{'ratio':>6} {'base MiB':>9} {'this MiB':>9}   (median (min - max) of {rounds})")
for n in sizes:
    for t in threads:
        row = {}
        for lib in ("base", "this"):
            builds, mib, synapses = [], [], set()
            for r in range(1, rounds + 1):
                d = f"{out}/{lib}_{n}_{t}_{r}"
                summary = json.load(open(f"{d}/summary.json"))
                builds.append(summary["wall_seconds"]["build"])
                mib.append(int(open(f"{d}.kb").read()) / 1024)
                synapses.add(sum(s["synapses"] for s in summary["synapses"].values()))
            row[lib] = (builds, mib, synapses)
        b, m = row["base"], row["this"]
        fmt = lambda v: f"{statistics.median(v):.3f} ({min(v):.3f} - {max(v):.3f})"
        print(f"{n:>7} {t:>7} {'/'.join(map(str, sorted(b[2] | m[2]))):>10} {fmt(b[0]):>24} "
              f"{fmt(m[0]):>24} {statistics.median(b[0]) / statistics.median(m[0]):>5.2f}x "
              f"{statistics.median(b[1]):>9.0f} {statistics.median(m[1]):>9.0f}")
PY
