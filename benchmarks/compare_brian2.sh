#!/usr/bin/env bash
# lsmc against Brian2 on Fig. 2, side by side in one invocation: lsmc's full run (the model's 200
# pairs per distance, 1600 trials) and the seed's Brian2 script (../shared/seed, Debian's
# python3-brian run with /usr/bin/python3) on PAIRS pairs per distance. Prints each one's wall
# time, its simulation's wall time per trial (both run their trials on every core: lsmc's
# threads, the script's process pool), the ratio, and the peak memory of each from
# /usr/bin/time -v (the largest single process: Brian2's pool workers are separate processes).
# Without Brian2 it says so in one line and reports lsmc alone.
# Usage: benchmarks/compare_brian2.sh [BUILD_DIR] [PAIRS] [SEED_SCRIPT]
#   PAIRS: Brian2's pairs per distance (default 5: 40 trials, about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pairs=${2:-5}
script=${3:-$(cd .. && pwd)/shared/seed/maass2002_brian2.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# peak_kib LOG: "Maximum resident set size" of a /usr/bin/time -v log, in KiB.
peak_kib() { sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$1"; }
# wall_seconds LOG: the elapsed time of a /usr/bin/time -v log (h:mm:ss or m:ss.ss).
wall_seconds() {
  sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }'
}

/usr/bin/time -v "$build/cli/lsmc" run models/maass2002.lsm --quiet --out "$work/lsmc" \
  >"$work/lsmc.out" 2>"$work/lsmc.time"
read -r lsmc_trials lsmc_simulation < <(python3 - "$work/lsmc/summary.json" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
# Two trials per pair, for each target distance and d = 0.
print(2 * summary["pairs"] * len(summary["distances"]), summary["wall_seconds"]["simulation"])
EOF
)
lsmc_wall=$(wall_seconds "$work/lsmc.time")
lsmc_peak=$(peak_kib "$work/lsmc.time")

brian2=""
if [[ ! -f "$script" ]]; then
  brian2="Brian2: skipped (no seed script at $script)"
elif ! /usr/bin/python3 -c 'import brian2' 2>/dev/null; then
  brian2="Brian2: skipped (python3-brian is not installed: apt-get install python3-brian cython3 python3-matplotlib)"
else
  (cd "$work" && /usr/bin/time -v /usr/bin/python3 "$script" "$pairs" 2002 "$work/brian2" \
    >"$work/brian2.out" 2>"$work/brian2.time") ||
    { cat "$work/brian2.out" "$work/brian2.time" >&2; exit 1; }
  # "[REF] wall time simulation: S s for N trials of ...": the script's own measurement.
  read -r brian2_simulation brian2_trials < <(
    sed -n 's/^\[REF\] wall time simulation: \([0-9.]*\) s for \([0-9]*\) trials.*/\1 \2/p' \
      "$work/brian2.out")
  brian2_wall=$(wall_seconds "$work/brian2.time")
  brian2_peak=$(peak_kib "$work/brian2.time")
fi

python3 - "$lsmc_trials" "$lsmc_simulation" "$lsmc_wall" "$lsmc_peak" \
  "${brian2_trials:-}" "${brian2_simulation:-}" "${brian2_wall:-}" "${brian2_peak:-}" <<'EOF'
import sys
lt, ls, lw, lp, bt, bs, bw, bp = sys.argv[1:]
print(f"{'':<8}{'trials':>8}{'wall':>10}{'simulation':>12}{'per trial':>12}{'peak memory':>14}")
rows = [("lsmc", lt, ls, lw, lp)] + ([("Brian2", bt, bs, bw, bp)] if bt else [])
for name, trials, simulation, wall, peak in rows:
    per = float(simulation) / int(trials)
    print(f"{name:<8}{int(trials):>8}{float(wall):>9.2f}s{float(simulation):>11.2f}s"
          f"{per * 1e3:>10.3f}ms{int(peak) / 1024:>11.0f} MiB")
if bt:
    ratio = (float(bs) / int(bt)) / (float(ls) / int(lt))
    print(f"Brian2 / lsmc per trial: {ratio:.0f}x")
EOF
if [[ -n "$brian2" ]]; then echo "$brian2"; fi
