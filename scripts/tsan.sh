#!/usr/bin/env bash
# ThreadSanitizer run of the tests that exercise concurrent readers and
# writers: the Matcher (readers while a writer adds, updates and removes),
# the C API from many threads, and the exchange service's audit log.
#
#   scripts/tsan.sh            build in build-tsan and run them
#   LINKAGE_TEST_TSAN=1 scripts/test.sh   runs this after the other suites
#
# Debian's oneTBB is not built with TSan, so tests limit TBB to one thread
# under TSan (see tests/linkage/matcher_test.cc) and scripts/tsan.supp hides
# TBB's own internals (the `linkage train` a test runs as a subprocess uses
# TBB threads): what is checked is the tests' own threads against the
# library's locks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs=${LINKAGE_JOBS:-2}
tests=(matcher_test c_api_test audit_log_test)

cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" \
  -DLINKAGE_BUILD_TESTS=ON -DLINKAGE_BUILD_BENCHMARKS=OFF >/dev/null
targets=()
for t in "${tests[@]}"; do
  if [ -n "$(find tests -name "${t}.cc" -print -quit)" ]; then targets+=("$t"); fi
done
cmake --build build-tsan -j "$jobs" --target linkage_cli "${targets[@]}"
status=0
for t in "${targets[@]}"; do
  echo "== TSan: $t"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/scripts/tsan.supp" \
    "build-tsan/tests/$t" --gtest_brief=1 || status=1
done
exit $status
