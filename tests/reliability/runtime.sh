#!/usr/bin/env bash
# Runs and networks that once crashed, hung, ran out of memory after minutes, or gave a silent
# wrong answer: each ends in a one-line cause and exit 1 (the model's) or 2 (usage), before the
# work starts where the cause is known then. Usage: runtime.sh LSMC (from the project directory).
source "$(dirname "$0")/lib.sh"
lsmc=$1
small=tests/reliability/models/small_experiment.lsm
# `timeout` runs programs, not functions: "${run[@]}" is lsmc run with its usual options.
run=("$lsmc" run --quiet --out "$scratch/run")

# The separation experiment with a step more than twice the duration: an empty vector indexed
# at -1 (SIGSEGV).
check dt_longer_than_duration 1 "duration \(0.01 s\) is shorter than one step \(0.03 s\)" -- \
  "${run[@]}" "$small" --set 'DT=30 ms' --set 'DURATION=10 ms'

# exact with an infinite coefficient (a time constant of 0 or never set) looped forever in
# the matrix balancing; a negative one ran and grew.
check exact_time_constant_zero 1 "group 'neurons': the exact update of v cannot be computed: the coefficient of .* in dv/dt is (-)?inf" -- \
  "${run[@]}" "$small" --set 'TAU_MEM=0 ms'
check exact_negative_time_constant 1 "group 'neurons': the exact solution of v grows as exp\(t \* 33.3333/s\)" -- \
  "${run[@]}" "$small" --set 'TAU_MEM=-30 ms'
sed 's/        tau_mem = TAU_MEM//' "$small" >"$scratch/unset_tau.lsm"
check exact_time_constant_never_set 1 "group 'neurons': the exact update of v cannot be computed" -- \
  "${run[@]}" "$scratch/unset_tau.lsm"

# NaN or Inf in a state variable stops the run, naming variable, group, element and time
# (it used to run on: neurons stopped spiking and fig2.csv held zeros).
sed 's/method: exact/method: euler/; /threshold:/d; /reset:/d; /refractory:/d; s/ (unless refractory)//' \
  "$small" >"$scratch/euler.lsm"
check nan_from_division_by_zero 1 "group 'neurons': v\[0\] is NaN at t = 0.05 s \(step 500, trial [0-9]+\); every value was finite at t = 0 s" -- \
  "${run[@]}" "$scratch/euler.lsm" --set 'TAU_MEM=0 ms' --threads 1
check nan_from_euler_blow_up 1 "group 'neurons': v\[0\] is (NaN|[+-]inf) at t = [0-9.]+ s \(step [0-9]+, trial 0\)" -- \
  "${run[@]}" "$scratch/euler.lsm" --set 'TAU_MEM=0.1 ms' --set 'DT=10 ms' --set 'DURATION=5 s' \
  --set 'RATE=2 Hz' --set TOLERANCE=10 --threads 1

# Numbers that become integers: seeds, delays, steps.
check model_seed_1e30 1 "seed must be a whole number from 0 to 9007199254740992 .*, not 1e\+30" -- \
  "${run[@]}" "$small" --set SEED=1e30
check model_seed_2_64 1 "seed must be a whole number .*, not 1.8446744073709552e\+19" -- \
  "${run[@]}" "$small" --set SEED=18446744073709551616
check model_pairs_fraction 1 "small_experiment.lsm:[0-9]+:12: error: experiment setting 'pairs' must be a positive integer" -- \
  "${run[@]}" "$small" --set PAIRS=2.5
check delay_1e300_seconds 1 "synapses 'recurrent': synapse 0 has the delay 1e\+300 s, more than 2147483646 steps" -- \
  "${run[@]}" "$small" --set 'DELAY=1e300 second'
sed 's/delay: DELAY/delay: DELAY * sqrt(-1)/' "$small" >"$scratch/nan_delay.lsm"
check delay_nan 1 "synapses 'recurrent': synapse 0 has the delay NaN s; delays must be finite and not negative" -- \
  "${run[@]}" "$scratch/nan_delay.lsm"
check dt_1e-30 1 "more than 2147483646 steps of 1e-30 s|more than the 1e15 a trial may have" -- \
  "${run[@]}" "$small" --set 'DT=1e-30 s'
sed '/^synapses recurrent/,/^}/d' "$small" >"$scratch/no_delays.lsm"
check dt_1e-30_no_delays 1 "is 5e\+28 steps of 1e-30 s, more than the 1e15 a trial may have" -- \
  "${run[@]}" "$scratch/no_delays.lsm" --set 'DT=1e-30 s'

# Sizes beyond the machine: refused before the work, with the estimate (bad_alloc after 57 s
# and 4.3 GB; "cannot create std::vector larger than max_size()").
sed 's/group neurons(20)/group neurons(1000000000)/' "$small" >"$scratch/huge_group.lsm"
check group_of_1e9_neurons 1 "the network's groups needs an estimated [0-9.]+ GiB \(group 'neurons' \(1000000000 elements\)" -- \
  "${run[@]}" "$scratch/huge_group.lsm"
sed 's/group neurons(20)/group neurons(1000000)/' "$small" >"$scratch/million.lsm"
check candidate_pairs_1e12 1 "the network needs an estimated [0-9.]+ TiB \(synapses 'recurrent', about 2e\+11 of 1e\+12 candidate pairs" -- \
  "${run[@]}" "$scratch/million.lsm"
check duration_1000_s_memory 1 "the run needs an estimated [0-9.]+ GiB \(distances of 400 trial pairs over 1e\+07 steps" -- \
  "${run[@]}" "$small" --set 'DURATION=1000 s' --set PAIRS=200
check duration_1000_s_poisson 1 "a Poisson train of 20 Hz over 1000 s has about 20000 spikes, and two of them fall in one step" -- \
  "${run[@]}" "$small" --set 'DURATION=1000 s' --set PAIRS=1
check pairs_1e12 1 "the run needs an estimated .* \(distances of 2e\+12 trial pairs" -- \
  "${run[@]}" "$small" --pairs 1e12
check max_memory_option 1 "the run needs an estimated [0-9.]+ KiB .*, more than the 10 KiB that --max-memory allows" -- \
  "${run[@]}" "$small" --max-memory 10K
# A plain simulation honours --max-memory as the separation experiment does (it was ignored).
printf 'group g(10) {\n    equations {\n        dv/dt = -v/(10 ms) : volt\n    }\n}\nsynapses s(g -> g) {\n    on_pre: v += 1 mV\n    connect: p = 1\n}\nexperiment {\n    duration: 1 ms\n}\n' >"$scratch/simulation.lsm"
check max_memory_simulation 1 "the network needs an estimated [0-9.]+ KiB \(synapses 's'.*more than the 1 KiB that --max-memory allows" -- \
  "$lsmc" run "$scratch/simulation.lsm" --quiet --out "$scratch/simulation" --max-memory 1K
# A long train that Knuth's inversion could not count (a mean above 700 spikes) now runs.
check long_poisson_train 0 "^0.4 " -- "${run[@]}" "$small" --set 'DURATION=40 s' --set PAIRS=1 \
  --set TOLERANCE=10

# --threads 1000 where threads cannot be created: "terminate called without an active
# exception". The address space limit leaves room for a few threads only (not under ASan,
# whose shadow memory needs the address space).
if ! ldd "$lsmc" | grep -q libasan; then
  check threads_cannot_be_created 0 "^0.4 " -- \
    bash -c "ulimit -v 3000000 && exec \"\$@\"" _ "$lsmc" run "$small" --quiet \
    --out "$scratch/threads" --threads 1000
fi

finish reliability-runtime
