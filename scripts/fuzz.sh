#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz/ with clang (ASan + UBSan) and
# runs each for N seconds (default 60), seeded from tests/fuzz/corpus/<name>
# when present. A crash leaves its input in build-fuzz/artifacts/ and fails.
#   scripts/fuzz.sh [seconds] [target-name-filter]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
filter=${2:-}
bash scripts/setup.sh >/dev/null
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLINKAGE_BUILD_TESTS=OFF -DLINKAGE_BUILD_BENCHMARKS=OFF -DLINKAGE_BUILD_FUZZERS=ON \
  -DCMAKE_CXX_FLAGS="$sanitize" >/dev/null
# Build only the targets the filter selects, so one broken fuzzer does not
# block the others.
targets=()
for source in tests/fuzz/*_fuzzer.cc; do
  name=$(basename "$source" .cc)
  if [ -n "$filter" ] && [[ "$name" != *"$filter"* ]]; then continue; fi
  targets+=("$name")
done
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz: no target matches '$filter'"; exit 2; fi
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"
mkdir -p build-fuzz/artifacts
status=0
for name in "${targets[@]}"; do
  fuzzer=build-fuzz/tests/fuzz/$name
  corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=()
  if [ -d "tests/fuzz/corpus/$name" ]; then seeds+=("tests/fuzz/corpus/$name"); fi
  echo "-- $name (${seconds}s)"
  if ! "$fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=0 \
       -artifact_prefix=build-fuzz/artifacts/"$name"- "$corpus" "${seeds[@]}" \
       >build-fuzz/"$name".log 2>&1; then
    echo "FAILED: $name (see build-fuzz/$name.log)"
    tail -40 build-fuzz/"$name".log
    status=1
  else
    grep -E '^(#[0-9]+|Done)' build-fuzz/"$name".log | tail -1 || true
  fi
done
exit $status
