#!/usr/bin/env bash
# Building a network whose connection rule is judged pair by pair (benchmarks/distance_grid.lsm:
# p = C*exp(-d^2/LAMBDA^2) over N_SIDE^2 neurons, 10^8 pairs at N_SIDE=100), the rule
# interpreted (--backend interpreter) beside the rule compiled with the model (the default):
# wall_seconds.build of summary.json, RUNS times each (default 5), alternating, then the median
# and range of each. The two networks are the same (tests/runtime/compiled_rules_test.cpp).
# MODEL=benchmarks/init_weights.lsm times another model so (there the synapses' init, compiled
# or interpreted). Needs a built tree and python3 (for reading the JSON only).
# Usage: [MODEL=...] benchmarks/distance_build.sh [BUILD_DIR] [RUNS] [lsmc run options, e.g. --set N_SIDE=140]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
model=${MODEL:-benchmarks/distance_grid.lsm}
shift $(($# < 2 ? $# : 2))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((k = 1; k <= runs; ++k)); do
  for backend in interpreter jit; do
    "$build/cli/lsmc" run "$model" --backend "$backend" --quiet "$@" \
      --out "$out/$backend$k" >/dev/null
  done
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
print(f"{'rule/init':<14}{'median':>9}{'min':>9}{'max':>9}   (build, {runs} runs)")
for backend, label in (("interpreter", "interpreted"), ("jit", "compiled")):
    values = [json.load(open(f"{out}/{backend}{k}/summary.json"))["wall_seconds"]["build"]
              for k in range(1, runs + 1)]
    print(f"{label:<14}{statistics.median(values):>8.3f}s{min(values):>8.3f}s{max(values):>8.3f}s")
PY
