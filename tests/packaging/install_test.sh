#!/usr/bin/env bash
# Installs this build into a temporary prefix, then configures, builds and runs examples/embed
# as a project of its own against it (find_package(lsmc) + lsmc::lsmc), and runs the
# installed lsmc. Usage: install_test.sh BUILD_DIR SOURCE_DIR [FLAGS], FLAGS being the
# compile and link flags of the example (the sanitizers, in a sanitizer build).
set -euo pipefail
build=$1
source=$2
flags=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"

# The public headers must not need LLVM or ANTLR.
if grep -rlE '#include [<"](llvm|antlr4|Eigen|fmt|nlohmann)' "$work/prefix/include/lsm"; then
  echo "FAIL: an installed header includes a private dependency" >&2
  exit 1
fi
test -f "$work/prefix/lib/cmake/lsmc/lsmcConfig.cmake"

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$source/examples/embed" -B "$work/embed" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/embed" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
output=$("$work/embed/embed")
echo "$output"
grep -q "neuron 9: [1-9][0-9]* spikes" <<<"$output"

# The installed command line runs from its prefix.
"$work/prefix/bin/lsmc" check "$work/prefix/share/lsmc/models/maass2002.lsm"
echo "installed lsmc, headers and CMake package work"
