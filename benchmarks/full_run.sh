#!/usr/bin/env bash
# The whole `lsmc run models/maass2002.lsm` (200 pairs, 1600 trials), timed RUNS times (default
# 5): each run's wall time from outside the process, its phases from summary.json, its peak
# memory (/usr/bin/time's maximum resident set), and the start-up of `lsmc --version` before it,
# then the median and range of each. Needs a built tree and python3 (for reading the JSON only).
# Usage: benchmarks/full_run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((k = 1; k <= runs; ++k)); do
  begin=$(date +%s.%N)
  "$build/cli/lsmc" --version >/dev/null
  end=$(date +%s.%N)
  startup="$begin $end"
  begin=$(date +%s.%N)
  /usr/bin/time -f %M -o "$out/peak$k" \
    "$build/cli/lsmc" run models/maass2002.lsm --quiet --out "$out/run$k" >/dev/null
  end=$(date +%s.%N)
  echo "$begin $end" >"$out/run$k/outside"
  echo "$startup" >"$out/run$k/startup"
  mv "$out/peak$k" "$out/run$k/peak_kib"
done
python3 - "$out" "$runs" <<'EOF'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
rows = []
for k in range(1, runs + 1):
    phases = json.load(open(f"{out}/run{k}/summary.json"))["wall_seconds"]
    begin, end = map(float, open(f"{out}/run{k}/outside").read().split())
    begin_startup, end_startup = map(float, open(f"{out}/run{k}/startup").read().split())
    rows.append(dict(phases, total=end - begin, startup=end_startup - begin_startup))
    rows[-1]["peak"] = int(open(f"{out}/run{k}/peak_kib").read().split()[-1]) / 1024
names = ["total", "startup", "compile", "build", "pair_collection", "simulation", "analysis", "plotting", "figures"]
print(f"{'phase':<16}{'median':>9}{'min':>9}{'max':>9}   ({runs} runs)")
for name in names:
    values = [r[name] for r in rows]
    print(f"{name:<16}{statistics.median(values):>8.3f}s{min(values):>8.3f}s{max(values):>8.3f}s")
values = [r["peak"] for r in rows]
print(f"{'peak memory':<16}{statistics.median(values):>5.0f} MiB{min(values):>5.0f} MiB{max(values):>5.0f} MiB")
EOF
