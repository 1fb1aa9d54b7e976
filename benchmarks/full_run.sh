#!/usr/bin/env bash
# The whole `lsmc run models/maass2002.lsm` (200 pairs, 1600 trials), timed RUNS times (default
# 5): each run's wall time from outside the process and its phases from summary.json, then the
# median of each. Needs a built tree and python3 (for reading the JSON only).
# Usage: benchmarks/full_run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((k = 1; k <= runs; ++k)); do
  begin=$(date +%s.%N)
  "$build/cli/lsmc" run models/maass2002.lsm --quiet --out "$out/run$k" >/dev/null
  end=$(date +%s.%N)
  echo "$begin $end" >"$out/run$k/outside"
done
python3 - "$out" "$runs" <<'EOF'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
rows = []
for k in range(1, runs + 1):
    phases = json.load(open(f"{out}/run{k}/summary.json"))["wall_seconds"]
    begin, end = map(float, open(f"{out}/run{k}/outside").read().split())
    rows.append(dict(phases, total=end - begin))
names = ["total", "compile", "build", "pair_collection", "simulation", "analysis", "plotting", "figures"]
print(f"{'phase':<16}{'median':>9}{'min':>9}{'max':>9}   ({runs} runs)")
for name in names:
    values = [r[name] for r in rows]
    print(f"{name:<16}{statistics.median(values):>8.3f}s{min(values):>8.3f}s{max(values):>8.3f}s")
EOF
