# Shared by the reliability scripts: `check NAME CODE PATTERN -- COMMAND...` runs the command
# (a program: `timeout` cannot run shell functions) with a time limit and passes when it exits
# with CODE, prints a line matching PATTERN (grep -E; an empty one asks for nothing), and shows
# none of the signs of a fault of lsmc itself (an internal error, an escaped
# exception, a sanitizer report, a signal). Each script ends with `finish`.
set -u
failures=0
total=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Seconds one case may take: hangs fail instead of stalling ctest. Sanitizer builds are slower.
limit=${LSMC_RELIABILITY_TIMEOUT:-60}

check() {
  local name=$1 code=$2 pattern=$3
  shift 4
  total=$((total + 1))
  timeout --kill-after=5 "$limit" "$@" >"$scratch/out" 2>&1
  local actual=$?
  local fault
  fault=$(grep -E -m1 'internal error|terminate called|runtime error:|Sanitizer|Segmentation|core dumped' "$scratch/out")
  if [[ $actual -ne $code ]] || [[ -n $fault ]] ||
    { [[ -n $pattern ]] && ! grep -qE -- "$pattern" "$scratch/out"; }; then
    echo "FAIL $name: exit $actual (expected $code, /$pattern/), output:"
    head -c 3000 "$scratch/out" | sed 's/^/    /'
    [[ $actual -eq 124 ]] && echo "    (timed out after $limit s)"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

finish() {
  echo "$1: $((total - failures)) passed, $failures failed"
  [[ $failures -eq 0 ]]
}
