#!/usr/bin/env bash
# The command line's contract: exit codes 0 (ok), 1 (errors in the model), 2 (wrong usage),
# and one-line messages. Run from the project directory with the lsmc binary as argument.
set -u
lsmc=$1
failures=0
total=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

expect() {  # expect CODE PATTERN -- COMMAND...
  local code=$1 pattern=$2
  shift 3
  total=$((total + 1))
  "$@" >"$scratch/out" 2>&1
  local actual=$?
  if [[ $actual -ne $code ]] || ! grep -qE -- "$pattern" "$scratch/out"; then
    echo "FAIL: $* -> exit $actual (expected $code), output:"
    sed 's/^/    /' "$scratch/out"
    failures=$((failures + 1))
  fi
}

expect 0 '^models/maass2002.lsm: ok$' -- "$lsmc" check models/maass2002.lsm
expect 0 'group neurons: 135 elements' -- "$lsmc" check models/maass2002.lsm
expect 0 '^synapses ee_synapses: exc_neurons \(neurons\[0:108\]\)' -- "$lsmc" ir models/maass2002.lsm
expect 0 'constant V_THRESH = 0.016 volt  \(--set\)' -- \
  "$lsmc" ir models/maass2002.lsm --set V_THRESH=16mV
expect 1 '^--set V_THRESH:1:12: error: the model gives V_THRESH dimension volt, the new value has ampere' -- \
  "$lsmc" check models/maass2002.lsm --set 'V_THRESH=16 nA'
expect 1 '^models/nope.lsm: error: cannot open model file$' -- "$lsmc" check models/nope.lsm
expect 1 '^1 error$' -- "$lsmc" check models/nope.lsm
expect 2 'expected NAME=VALUE' -- "$lsmc" check models/maass2002.lsm --set V_THRESH
expect 2 'FILE is required' -- "$lsmc" check
expect 2 'A subcommand is required' -- "$lsmc" frobnicate
expect 2 'unrecognized|not expected|Extra' -- "$lsmc" check models/maass2002.lsm --bogus
expect 0 'lsmc 0.1.0' -- "$lsmc" --version
# The IR after each pass: hoisted constants and lazy synapses appear only after the
# optimisation passes.
expect 0 '_K1 = I_b \* R_in / tau_mem' -- "$lsmc" ir models/maass2002.lsm
expect 0 'advance \[x, y\] by _steps steps' -- "$lsmc" ir models/maass2002.lsm
expect 0 'let _B_x = 1 / D' -- "$lsmc" ir --after integration models/maass2002.lsm
expect 2 'optimisation' -- "$lsmc" ir --after hoisting models/maass2002.lsm
# Every pass that `lsmc ir --help` lists can be stopped after; before name binding the model
# prints as .lsm text, after it as IR.
passes=$("$lsmc" ir --help | sed -n '/^Passes/,$p' | tail -n +2 | awk '{print $1}')
[[ $(wc -w <<<"$passes") -ge 20 ]] || { echo "FAIL: lsmc ir --help lists no passes"; failures=$((failures + 1)); }
for pass in $passes; do
  expect 0 '(group|constant|synapses) ' -- "$lsmc" ir --after "$pass" models/maass2002.lsm
done
expect 0 '^synapses ee_synapses\(exc_neurons -> exc_neurons\) = tsodyks_markram' -- \
  "$lsmc" ir --after template-expansion models/maass2002.lsm
expect 0 "^$(wc -w <<<"$passes")\$" -- bash -c "'$lsmc' ir --print-after-all models/maass2002.lsm | grep -c '^# after '"
expect 0 '^# after schedule$' -- "$lsmc" ir --print-after-all models/maass2002.lsm
# --no-opt switches an optimisation pass off, and only those.
expect 1 '^0$' -- grep -c '_K1 = ' <("$lsmc" ir --no-opt constant-hoisting models/maass2002.lsm)
expect 1 '^0$' -- grep -c advance <("$lsmc" ir --no-opt lazy-synapses models/maass2002.lsm)
expect 2 'no-opt' -- "$lsmc" ir --no-opt integration models/maass2002.lsm
expect 0 '^4$' -- grep -c 'in vector lanes' <("$lsmc" ir models/maass2002.lsm)
expect 1 '^0$' -- grep -c 'in vector lanes' <("$lsmc" ir --no-opt event-lanes models/maass2002.lsm)

# lsmc run: a small experiment end to end, and its usage errors.
expect 0 '^0\.4 ' -- "$lsmc" run models/maass2002.lsm --pairs 2 --threads 2 --quiet --out "$scratch/run"
for output in fig2.png fig2.svg fig2.csv summary.json; do
  expect 0 "$output" -- ls "$scratch/run"
done
expect 0 '^t_s,mean_d0.4,sem_d0.4,mean_d0.2,sem_d0.2,mean_d0.1,sem_d0.1,mean_d0,sem_d0$' -- \
  head -n 1 "$scratch/run/fig2.csv"
expect 0 '^5001 ' -- wc -l "$scratch/run/fig2.csv"
# Brian2's clock-driven synapse update gives the same spikes, hence the same figure data.
expect 0 '^0\.4 ' -- "$lsmc" run models/maass2002.lsm --pairs 2 --threads 2 --quiet \
  --clock-driven-synapses --out "$scratch/clock"
expect 0 '^same$' -- bash -c "cmp '$scratch/run/fig2.csv' '$scratch/clock/fig2.csv' && echo same"
expect 0 '"lazy_synapses": ?\[\]' -- cat "$scratch/clock/summary.json"
# Without the optimisation passes: the same spikes, the same figure data.
expect 0 '^0\.4 ' -- "$lsmc" run models/maass2002.lsm --pairs 2 --threads 2 --quiet \
  --no-opt constant-hoisting --no-opt lazy-synapses --out "$scratch/noopt"
expect 0 '^same$' -- bash -c "cmp '$scratch/run/fig2.csv' '$scratch/noopt/fig2.csv' && echo same"
expect 0 '"ee_synapses"' -- grep -A5 lazy_synapses "$scratch/run/summary.json"
expect 0 'advance \[x, y\]' -- "$lsmc" ir models/maass2002.lsm
expect 1 '^0$' -- grep -c advance <("$lsmc" ir --clock-driven-synapses models/maass2002.lsm)
expect 2 'pairs' -- "$lsmc" run models/maass2002.lsm --pairs zero
expect 2 'pairs' -- "$lsmc" run models/maass2002.lsm --pairs -3
expect 2 'backend' -- "$lsmc" run models/maass2002.lsm --backend gpu
expect 2 'cannot write to the output directory' -- \
  "$lsmc" run models/maass2002.lsm --pairs 1 --out /proc/no-such-place
expect 1 'experiment' -- "$lsmc" run tests/models/valid/adex_euler.lsm
expect 0 '^0\.4 ' -- "$lsmc" run models/maass2002.lsm --pairs 1 --quiet --out "$scratch/run2" \
  --instance tests/fixtures/brian2_seed11.json
sed '/duration:/d' models/if_curve.lsm >"$scratch/no_duration.lsm"
expect 1 "neither a 'duration' nor run" -- "$lsmc" run "$scratch/no_duration.lsm" --quiet \
  --out "$scratch/run3"
expect 1 "group 'neurons' has 135 elements in the file, 1000 in the model" -- \
  "$lsmc" run models/if_curve.lsm --quiet --out "$scratch/run4" --instance tests/fixtures/brian2_seed11.json

# lsmc run of a plain simulation: a file per monitor that numpy reads, figures, summary.json.
expect 0 '^spikes +[0-9]+ spikes' -- "$lsmc" run models/if_curve.lsm --quiet --out "$scratch/if"
for output in spikes.npz spikes.png spikes.svg summary.json; do
  expect 0 "$output" -- ls "$scratch/if"
done
expect 0 '"mean_rate_hz"' -- cat "$scratch/if/summary.json"
expect 0 '"duration": 0.2,' -- bash -c "'$lsmc' run models/if_curve.lsm --duration 200ms --quiet \
  --out '$scratch/if200' >/dev/null && cat '$scratch/if200/summary.json'"
expect 2 'positive duration with a unit' -- "$lsmc" run models/if_curve.lsm --duration 200
expect 2 'runs in 3 phases' -- "$lsmc" run tests/models/checks/experiment-settings/ok_simulation_steps.lsm \
  --duration 1s --quiet --out "$scratch/phases"
expect 0 '^spikes_all +[0-9]+ spikes' -- "$lsmc" run \
  tests/models/checks/experiment-settings/ok_simulation_steps.lsm --quiet --out "$scratch/phases"

# LLVM's remarks on loops it leaves scalar (a threshold loop of Izhikevich's model) stay out of
# the user's terminal: `lsmc run --quiet` prints nothing on stderr.
expect 0 '^0$' -- bash -c "'$lsmc' run models/izhikevich2007.lsm --quiet --out '$scratch/izh' \
  2>'$scratch/izh.err' >/dev/null && wc -c <'$scratch/izh.err'"

# Many errors are capped, not flooded.
for k in $(seq 1 40); do echo "A$k = unknown_$k"; done >"$scratch/many.lsm"
expect 1 'more errors not shown' -- "$lsmc" check "$scratch/many.lsm"

echo "cli: $((total - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
