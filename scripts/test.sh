#!/usr/bin/env bash
# The test command: installs dependencies, configures, builds and runs every
# test. Works on a fresh Debian 12 machine; CI runs exactly this.
#
#   scripts/test.sh            Release build + ctest, then ASan/UBSan build +
#                              ctest
#   LINKAGE_TEST_QUICK=1       Release build + ctest only
#   LINKAGE_TEST_TSAN=1        also the ThreadSanitizer run (scripts/tsan.sh)
#   LINKAGE_FUZZ_SECONDS=N     also build the libFuzzer targets with clang and
#                              run each for N seconds (default 0: skipped, to
#                              keep CI well under 30 minutes on 2 cores;
#                              scripts/fuzz.sh runs them on their own)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)

bash scripts/setup.sh

echo "== Release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLINKAGE_BUILD_TESTS=ON -DLINKAGE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j "$jobs"
echo "== Release tests"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${LINKAGE_TEST_QUICK:-0}" = "1" ]; then exit 0; fi

echo "== ASan/UBSan build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Asan \
  -DLINKAGE_BUILD_TESTS=ON -DLINKAGE_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j "$jobs"
echo "== ASan/UBSan tests"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

if [ "${LINKAGE_TEST_TSAN:-0}" = "1" ]; then
  echo "== ThreadSanitizer (scripts/tsan.sh)"
  bash "$root/scripts/tsan.sh"
fi

fuzz_seconds=${LINKAGE_FUZZ_SECONDS:-0}
if [ "$fuzz_seconds" != "0" ]; then
  echo "== libFuzzer smoke run (${fuzz_seconds}s per target)"
  bash "$root/scripts/fuzz.sh" "$fuzz_seconds"
fi
