#!/usr/bin/env bash
# Wrong usage of lsmc run and ir: exit 2 and a short line saying what is wrong (`--pairs 0`
# used to print the 310-digit range of a double; --seed wrapped -1 and 2^64 into valid seeds).
# Usage: options.sh LSMC (from the project directory).
source "$(dirname "$0")/lib.sh"
lsmc=$1
run=("$lsmc" run models/maass2002.lsm --quiet --out "$scratch/run")
# short COMMAND...: runs it and fails when a line of its output is longer than 120 characters.
short=(bash -c '"$@" >"$0" 2>&1; code=$?; cat "$0"; awk "length > 120 { exit 1 }" "$0" || exit 99; exit $code' "$scratch/short")

check pairs_zero 2 "^--pairs: must be a whole number from 1 to 2\^53, not '0'$" -- "${short[@]}" "${run[@]}" --pairs 0
check pairs_negative 2 "not '-3'" -- "${short[@]}" "${run[@]}" --pairs -3
check pairs_fraction 2 "not '1.5'" -- "${short[@]}" "${run[@]}" --pairs 1.5
check pairs_beyond_2_53 2 "not '1e300'" -- "${short[@]}" "${run[@]}" --pairs 1e300
check threads_zero 2 "^--threads: must be a whole number from 1 to 2\^53, not '0'$" -- \
  "${short[@]}" "${run[@]}" --threads 0
check seed_negative 2 "^--seed: must be a whole number from 0 to 18446744073709551615, not '-1'$" -- \
  "${short[@]}" "${run[@]}" --seed -1
check seed_2_64 2 "not '18446744073709551616'" -- "${short[@]}" "${run[@]}" --seed 18446744073709551616
check seed_fraction 2 "not '1.5'" -- "${short[@]}" "${run[@]}" --seed 1.5
check max_memory_not_a_size 2 "^--max-memory: '12Q' is not a size \(such as 4G or 512M\)$" -- \
  "${short[@]}" "${run[@]}" --max-memory 12Q
check max_memory_zero 2 "'0' is not a size" -- "${short[@]}" "${run[@]}" --max-memory 0
# ir's --after conflicts with --llvm and --plan, named in a fixed order (CLI11's excludes()
# ordered them by heap address, in the help and in the error: a finding of the fuzz target).
check ir_after_with_llvm 2 "^--after excludes --llvm$" -- \
  "$lsmc" ir models/maass2002.lsm --after parse --plan --llvm
check ir_after_with_plan 2 "^--after excludes --plan$" -- \
  "$lsmc" ir models/maass2002.lsm --plan --after parse
check ir_help_conflicts 0 "^ +--after PASS +the last pass .*; not with --llvm or --plan$" -- \
  "$lsmc" ir --help
# The largest seed is a seed.
check seed_2_64_minus_1 0 "^0.4 " -- "${run[@]}" --pairs 1 --seed 18446744073709551615

finish reliability-options
