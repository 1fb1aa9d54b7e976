#!/usr/bin/env bash
# Broken instance files (docs/instance-format.md) for the Maass model: each is refused with a
# one-line cause and exit 1. They used to be cut to 32-bit integers and run, wrap negative,
# go unchecked (the inputs), run with a negative time constant, or loop forever (tau_mem = 0,
# one synapse with D = 0). Usage: instances.sh LSMC (from the project directory).
source "$(dirname "$0")/lib.sh"
lsmc=$1
fixture=tests/fixtures/brian2_seed11.json
run=("$lsmc" run models/maass2002.lsm --pairs 1 --quiet --out "$scratch/run" --instance)

# instance NAME SED-EXPRESSION: the fixture with the first match of an edit.
instance() {
  sed -E "$2" "$fixture" >"$scratch/$1.json"
  if cmp -s "$fixture" "$scratch/$1.json"; then echo "instance $1: the edit changed nothing" >&2; fi
  echo "$scratch/$1.json"
}

check tau_mem_zero 1 "group 'neurons', element 0: the exact update of v cannot be computed: the coefficient of .* is (-)?inf" -- \
  "${run[@]}" "$(instance tau_mem_zero 's/"tau_mem": 0.03/"tau_mem": 0/')"
check tau_mem_negative 1 "group 'neurons', element 0: the exact solution of v grows as exp\(t \* 33.3333/s\)" -- \
  "${run[@]}" "$(instance tau_mem_negative 's/"tau_mem": 0.03/"tau_mem": -0.03/')"
check one_synapse_with_D_zero 1 "synapses 'ee_synapses', element 0: the exact update of x cannot be computed" -- \
  "${run[@]}" "$(instance D_zero '0,/"D": \[[^,]*,/s//"D": [0,/')"
check pre_2_40 1 "synapses 'ee_synapses'.pre\[0\] is 1099511627776, not a whole number from 0 to 2147483646" -- \
  "${run[@]}" "$(instance pre_2_40 '0,/"pre": \[0,/s//"pre": [1099511627776,/')"
check pre_fraction 1 "synapses 'ee_synapses'.pre\[0\] is 1.5, not a whole number" -- \
  "${run[@]}" "$(instance pre_fraction '0,/"pre": \[0,/s//"pre": [1.5,/')"
check pre_negative 1 "synapses 'ee_synapses'.pre\[0\] is -1, not a whole number" -- \
  "${run[@]}" "$(instance pre_negative '0,/"pre": \[0,/s//"pre": [-1,/')"
check delay_steps_2_62 1 "synapses 'ee_synapses'.delay_steps\[0\] is 4611686018427387904, not a whole number from 0 to 2147483646" -- \
  "${run[@]}" "$(instance delay_2_62 '0,/"delay_steps": \[15,/s//"delay_steps": [4611686018427387904,/')"
check delay_steps_2_31_plus_5 1 "delay_steps\[0\] is 2147483653, not a whole number" -- \
  "${run[@]}" "$(instance delay_2_31 '0,/"delay_steps": \[15,/s//"delay_steps": [2147483653,/')"
check delay_steps_1e9 1 "the run needs an estimated [0-9.]+ GiB \(delay rings: [0-9.]+ GiB" -- \
  "${run[@]}" "$(instance delay_1e9 '0,/"delay_steps": \[15,/s//"delay_steps": [1e9,/')"
check value_not_finite 1 "is not valid JSON: .*number overflow parsing '1e400'" -- \
  "${run[@]}" "$(instance v_infinite 's/"v": \[[^,]*,/"v": [1e400,/')"
check seed_negative 1 "seed is -1, not a whole number from 0 to 2\^64 - 1" -- \
  "${run[@]}" "$(instance seed_negative 's/"seed": 11,/"seed": -1,/')"
check dt_zero 1 "dt is 0, not a positive number of seconds" -- \
  "${run[@]}" "$(instance dt_zero 's/"dt": 0.0001,/"dt": 0,/')"
# The inputs section, which was not checked at all.
check input_of_no_generator 1 "inputs 'bogus': the model has no spike_generator of that name" -- \
  "${run[@]}" "$(instance input_name 's/"inputs": \{"stimulus"/"inputs": {"bogus"/')"
check input_index_outside 1 "inputs 'stimulus'.indices\[0\] is 1, not a whole number from 0 to 0" -- \
  "${run[@]}" "$(instance input_index 's/"inputs": \{"stimulus": \{"indices": \[0,/"inputs": {"stimulus": {"indices": [1,/')"
check input_time_negative 1 "inputs 'stimulus'.times\[0\] is -0.5 s, outside 0 to 2\^62 steps" -- \
  "${run[@]}" "$(instance input_time '0,/"times": \[[^,]*,/s//"times": [-0.5,/')"
check input_lengths_differ 1 "inputs 'stimulus' has 6 indices and 7 times" -- \
  "${run[@]}" "$(instance input_lengths 's/"inputs": \{"stimulus": \{"indices": \[0,/"inputs": {"stimulus": {"indices": [/')"
check not_json 1 "is not valid JSON" -- "${run[@]}" "$(instance truncated 's/.{20}$//')"

finish reliability-instances
