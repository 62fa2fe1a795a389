#!/bin/bash
# Alternated A/B runs of Google Benchmark binaries on a shared, noisy machine:
# each round runs every command once, in turn, so that both see the same
# noise; prints each benchmark's minimum and median per command.
#
#   bash bench/alternate.sh ROUNDS FILTER "ENV=VALUE binary" "ENV=VALUE binary" ...
#
# e.g. two builds, or one build with and without a switch:
#   bash bench/alternate.sh 8 'BM_ScoringKernel(AllRules|InCache)/-1/' \
#     "X=1 old/bench/pipeline_bench" "X=1 build/bench/pipeline_bench"
#   bash bench/alternate.sh 8 'BM_ScoringKernelAllRules/-1/' \
#     "LINKAGE_LANE_BOUNDS=0 build/bench/pipeline_bench" "LINKAGE_LANE_BOUNDS=1 build/bench/pipeline_bench"
# (each command starts with an environment assignment; X=1 is a no-op one).
set -euo pipefail
if [[ $# -lt 3 ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
rounds=$1
filter=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq 1 "$rounds"); do
  i=0
  for command in "$@"; do
    # shellcheck disable=SC2086 # the command is split into its words on purpose
    env $command --benchmark_filter="$filter" --benchmark_min_time=0.3 2>/dev/null |
      awk -v i="$i" '/^BM_/ {print i, $1, $2}' >> "$out"
    i=$((i + 1))
  done
done
python3 - "$out" "$@" <<'PY'
import collections
import statistics
import sys

times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    i, name, t = line.split()
    times[(name, int(i))].append(float(t))
commands = sys.argv[2:]
for name in sorted({k[0] for k in times}):
    print(name)
    for i, command in enumerate(commands):
        v = sorted(times[(name, i)])
        if v:
            print("   %-60s min %8.1f  median %8.1f  all %s"
                  % (command[-60:], v[0], statistics.median(v), " ".join("%.0f" % x for x in v)))
PY
