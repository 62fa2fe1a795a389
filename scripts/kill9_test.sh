#!/usr/bin/env bash
# Durability of acknowledged writes under kill -9 (issue 7).
#
#   scripts/kill9_test.sh [path/to/linkage]     (default: build/bin/linkage)
#
# For each trial: start `linkage stream` adding records to a fresh SQLite
# store, read its acknowledgements from stdout, kill -9 it after N acks
# (a different N each trial, some with --no-fsync), then check that
#   - the store passes SQLite's integrity check,
#   - every acknowledged id is in the store,
#   - at most one write beyond the acknowledged ones is there (the one in
#     flight when the process died), and
#   - `linkage match` opens the store cleanly (the index rebuilds from it) and
#     a restarted `linkage stream` refuses to add an acknowledged id again.
# Needs the sqlite3 command-line tool. Exit 0 if every trial passes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
linkage=${1:-$root/build/bin/linkage}
if [[ ! -x $linkage ]]; then
  echo "kill9_test: no linkage binary at $linkage (build linkage_cli first)" >&2
  exit 2
fi
if ! command -v sqlite3 > /dev/null; then
  echo "kill9_test: needs the sqlite3 command-line tool" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kill9_test.XXXXXX")
stream_pid=
cleanup() {
  if [[ -n $stream_pid ]]; then kill -9 "$stream_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$linkage" train --config "$root/configs/fake_1000.json" \
  --input "$root/data/splink/fake_1000.csv" --out "$work/model.json" --quiet

# 3000 add requests: fake_1000's rows three times under distinct ids.
for round in 1 2 3; do
  awk -F, -v round="$round" 'NR > 1 {
    printf "{\"op\":\"add\",\"id\":\"r%s_%s\",\"record\":{\"first_name\":\"%s\",\"surname\":\"%s\",\"dob\":\"%s\",\"city\":\"%s\",\"email\":\"%s\"}}\n", round, $1, $2, $3, $4, $5, $6
  }' "$root/data/splink/fake_1000.csv"
done > "$work/requests.jsonl"

# Acknowledged ids: complete success lines only (a line cut by the kill does
# not end in "]}").
acked_ids() {
  sed -n 's/^{"ok":true,"op":"add","id":"\([^"]*\)",.*\]}$/\1/p' "$1"
}

# Complete or partial "ok":true lines in $1, 0 if none (or no file yet).
ack_count() {
  local n
  n=$(grep -c '"ok":true' "$1" 2> /dev/null) || true
  echo "${n:-0}"
}

failures=0
trial() {
  local kill_after=$1 sync_flag=$2
  local store="$work/store_$kill_after.db" acks="$work/acks_$kill_after.jsonl"
  # Created here, not by the background redirection: the polling below may
  # run before the child has opened it.
  : > "$acks"
  "$linkage" stream --model "$work/model.json" --store "$store" --quiet \
    $sync_flag < "$work/requests.jsonl" > "$acks" 2> "$work/stream.err" &
  stream_pid=$!
  # A wall-clock deadline (not a count of polls, whose length depends on the
  # machine's load); generous, since fsync'd commits are slow on busy disks.
  local deadline=$((SECONDS + ${KILL9_TIMEOUT:-300}))
  while (( $(ack_count "$acks") < kill_after )); do
    if ! kill -0 "$stream_pid" 2> /dev/null; then
      # It may have written the last acks after the count above: look again
      # before calling it a failure.
      (( $(ack_count "$acks") >= kill_after )) && break
      echo "FAIL kill after $kill_after: the stream ended before the kill" >&2
      cat "$work/stream.err" >&2
      failures=$((failures + 1))
      stream_pid=
      return
    fi
    if (( SECONDS > deadline )); then
      echo "FAIL kill after $kill_after: timed out waiting for acks" >&2
      failures=$((failures + 1))
      kill -9 "$stream_pid" 2> /dev/null || true
      wait "$stream_pid" 2> /dev/null || true
      stream_pid=
      return
    fi
    sleep 0.005
  done
  kill -9 "$stream_pid" 2> /dev/null || true
  wait "$stream_pid" 2> /dev/null || true
  stream_pid=

  acked_ids "$acks" | sort > "$work/acked"
  local integrity
  integrity=$(sqlite3 "$store" 'PRAGMA integrity_check;')
  sqlite3 "$store" 'SELECT id FROM records;' | sort > "$work/stored"
  local acked stored missing
  acked=$(wc -l < "$work/acked")
  stored=$(wc -l < "$work/stored")
  missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
  local problems=()
  [[ $integrity == ok ]] || problems+=("integrity_check: $integrity")
  (( acked >= kill_after )) || problems+=("only $acked acks parsed")
  (( missing == 0 )) || problems+=("$missing acknowledged ids missing")
  (( stored <= acked + 1 )) || problems+=("$stored stored for $acked acked")

  # The store opens cleanly: an index rebuild and a query.
  if ! "$linkage" match --model "$work/model.json" --store "$store" --quiet \
      --query '{"first_name": "Robert", "surname": "Allen"}' > /dev/null \
      2> "$work/match.err"; then
    problems+=("linkage match failed: $(cat "$work/match.err")")
  fi
  # A restarted stream knows the acknowledged records.
  local first
  first=$(head -n 1 "$work/acked")
  local again
  again=$(printf '{"op":"add","id":"%s","record":{}}\n' "$first" |
    "$linkage" stream --model "$work/model.json" --store "$store" --quiet)
  [[ $again == *'"code":"ALREADY_EXISTS"'* ]] ||
    problems+=("restart did not see $first: $again")

  if (( ${#problems[@]} == 0 )); then
    echo "ok   kill -9 after $kill_after acks ${sync_flag:-(fsync)}: $acked acked, $stored stored"
  else
    echo "FAIL kill -9 after $kill_after acks ${sync_flag:-(fsync)}: ${problems[*]}" >&2
    failures=$((failures + 1))
  fi
}

trial 150 ""
trial 420 ""
trial 777 ""
trial 300 --no-fsync
trial 1500 --no-fsync

if (( failures > 0 )); then
  echo "kill9_test: $failures trial(s) failed" >&2
  exit 1
fi
echo "kill9_test: every acknowledged write survived kill -9"
