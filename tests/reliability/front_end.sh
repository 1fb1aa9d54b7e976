#!/usr/bin/env bash
# Model text a user can type that once crashed, hung or ended in "internal error": each ends
# in a located one-line cause and exit 1. Usage: front_end.sh LSMC (from the project directory).
source "$(dirname "$0")/lib.sh"
lsmc=$1

# Bytes that are not UTF-8, even in a comment, and NUL bytes: located at the offending byte.
printf 'X = 1\n# caf\xe9\n' >"$scratch/latin1.lsm"
check latin1_in_comment 1 'latin1.lsm:2:6: error: byte 0xE9 is not valid UTF-8' -- \
  "$lsmc" check "$scratch/latin1.lsm"
printf 'X = 1\nY = \xc3\x28\n' >"$scratch/truncated.lsm"
check truncated_sequence 1 'truncated.lsm:2:5: error: byte 0xC3 is not valid UTF-8' -- \
  "$lsmc" check "$scratch/truncated.lsm"
printf 'X = 1\n# \xed\xa0\x80 a surrogate\n' >"$scratch/surrogate.lsm"
check surrogate 1 'surrogate.lsm:2:3: error: byte 0xED is not valid UTF-8' -- \
  "$lsmc" check "$scratch/surrogate.lsm"
printf 'X = 1 # d\xc3\xa9j\xc3\xa0\0 vu\n' >"$scratch/nul.lsm"
check nul_byte 1 'nul.lsm:1:13: error: a NUL byte' -- "$lsmc" check "$scratch/nul.lsm"
# The quoted line shows the NUL as '?': the diagnostic is not cut short at it.
check nul_byte_quoted 1 '^  X = 1 # déjà\? vu$' -- "$lsmc" check "$scratch/nul.lsm"
check set_value_not_utf8 1 'set X:1:5: error: byte 0xFF is not valid UTF-8' -- \
  "$lsmc" check models/maass2002.lsm --set "X=$(printf '\xff')"

# One expression of 200 000 summed terms (800 KB): overflowed the stack of the AST builder.
{ printf 'X = 1'; yes ' + 1' | head -n 200000 | tr -d '\n'; echo; } >"$scratch/long.lsm"
check long_sum 1 'long.lsm:1:1: error: this statement is longer than 4000 tokens' -- \
  "$lsmc" check "$scratch/long.lsm"
{ printf 'X = 2'; yes ' ** 1' | head -n 100000 | tr -d '\n'; echo; } >"$scratch/tower.lsm"
check long_power_tower 1 'longer than 4000 tokens' -- "$lsmc" check "$scratch/tower.lsm"
# ... and the rendered line is a window around the column, not 800 KB.
check long_line_window 1 '^  X = 1 \+ 1 \+ 1 .*\.\.\.$' -- "$lsmc" check "$scratch/long.lsm"

# Powers a dimension cannot hold: signed overflow in Dimension::power, or accepted as
# 'metre ** 127 ...'.
printf 'X = 1 mV ** 1000000000\n' >"$scratch/unit_power.lsm"
check unit_literal_power 1 'unit_power.lsm:1:7: error: mV\*\*1e\+09 is not a dimension lsmc represents' -- \
  "$lsmc" check "$scratch/unit_power.lsm"
power_model() {  # power_model EXPONENT
  printf 'group g(2) {\n    equations {\n        dv/dt = -v**%s/(10 ms) : volt\n    }\n}\n' "$1"
}
power_model 1000000000 >"$scratch/variable_power.lsm"
check variable_power 1 'variable_power.lsm:3:21: error: volt to the power 1000000000 is not a plausible dimension' -- \
  "$lsmc" check "$scratch/variable_power.lsm"
power_model 1e400 >"$scratch/infinite_power.lsm"
check infinite_power 1 'infinite_power.lsm:3:21: error: the number 1e400 is too large' -- \
  "$lsmc" check "$scratch/infinite_power.lsm"
power_model 1e300 >"$scratch/huge_power.lsm"
check huge_power 1 'volt to the power 1e\+300 is not a plausible dimension' -- \
  "$lsmc" check "$scratch/huge_power.lsm"
printf 'X = 1 mV ** 99999999999999999999\n' >"$scratch/unit_power_long.lsm"
check unit_literal_power_beyond_int 1 'mV\*\*1e\+20 is not a dimension lsmc represents' -- \
  "$lsmc" check "$scratch/unit_power_long.lsm"

# Two similar names of 100 000 characters: 60 s of edit distance for "did you mean".
name=$(head -c 100000 /dev/zero | tr '\0' a)
{ echo "${name} = 1"; echo "Y = ${name%a}b"; } >"$scratch/names.lsm"
limit=5 check long_similar_names 1 "names.lsm:2:5: error: unknown name 'a{50}" -- \
  "$lsmc" check "$scratch/names.lsm"

finish reliability-front-end
