#!/usr/bin/env bash
# Durability test of linkage-serve (label "durability" in ctest):
# start the service on a loopback port over a small generated register, fire
# requests from concurrent curl loops, kill -9 the server mid-load, and check
# that every request that received a response (its X-Request-Id header) has
# its audit row in the SQLite file. The audit row is committed (fsync) before
# the response is written, so none may be missing.
#
# Usage: scripts/serve_kill9_test.sh [LINKAGE_SERVE_BIN] [LINKAGE_BIN]
# Bounded: 4 clients x at most 400 requests, and the kill comes after 3 s.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVE=${1:-$ROOT/build/bin/linkage-serve}
LINKAGE=${2:-$ROOT/build/bin/linkage}
WORK=$(mktemp -d /tmp/serve_kill9.XXXXXX)
PID=""
cleanup() {
  if [[ -n "$PID" ]]; then kill -9 "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$LINKAGE" generate --records 3000 --seed 9 --out "$WORK/register.csv" \
  --reference-dir "$ROOT/data/reference" --quiet
"$LINKAGE" train --config "$ROOT/configs/uk_person.json" --input "$WORK/register.csv" \
  --out "$WORK/model.json" --quiet

TOKEN=kill9-token-0123456789
HASH=$("$SERVE" hash-token "$TOKEN")
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/salt.txt"
cat > "$WORK/serve.json" <<JSON
{
  "model": "model.json", "store": "register.db",
  "listen": {"host": "127.0.0.1", "port": 0, "threads": 8},
  "audit_salt_file": "salt.txt",
  "auth": {"tokens": [{"sha256": "$HASH", "organisation": "org:council"}]},
  "access": {
    "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/47"],
    "services": {"s": {"name": "Safeguarding", "telecom": [{"system": "phone", "value": "01234 567890"}]}},
    "rules": [{"id": "all", "outcome": "PERMIT"}]
  }
}
JSON
"$SERVE" load --config "$WORK/serve.json" --input "$WORK/register.csv" 2> "$WORK/load.log"

# A query for the first register row (exact demographics) and a stranger.
python3 - "$WORK" <<'PY'
import csv, json, sys
work = sys.argv[1]
row = next(csv.DictReader(open(f"{work}/register.csv", encoding="utf-8-sig")))
patient = {"resourceType": "Patient",
           "name": [{"family": row["family_name"], "given": [row["given_name"]]}]}
if row.get("date_of_birth", "")[:4].isdigit() and len(row["date_of_birth"]) == 10:
    patient["birthDate"] = row["date_of_birth"]
reason = {"name": "reason", "valueUri": "https://www.legislation.gov.uk/ukpga/1989/41/section/47"}
json.dump({"resourceType": "Parameters",
           "parameter": [{"name": "resource", "resource": patient}, reason]},
          open(f"{work}/piq.json", "w"))
json.dump({"resourceType": "Parameters",
           "parameter": [{"name": "resource", "resource": patient}]},
          open(f"{work}/match.json", "w"))
PY

"$SERVE" serve --config "$WORK/serve.json" > "$WORK/port.txt" 2> "$WORK/serve.log" &
PID=$!
for _ in $(seq 1 300); do
  [[ -s "$WORK/port.txt" ]] && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
PORT=$(head -1 "$WORK/port.txt")
[[ -n "$PORT" ]] || { echo "server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

client() {
  local n=$1 path body auth out id
  for i in $(seq 1 400); do
    case $((i % 4)) in
      0) path='/Patient/$match'; body="$WORK/match.json"; auth="Authorization: Bearer $TOKEN" ;;
      1) path='/Patient/$person-info-query'; body="$WORK/piq.json"; auth="Authorization: Bearer $TOKEN" ;;
      2) path='/Patient/$person-info-query'; body="$WORK/piq.json"; auth="Authorization: Bearer wrong" ;;
      3) path='/Patient/$person-info-query'; body="$WORK/register.csv"; auth="Authorization: Bearer $TOKEN" ;;
    esac
    out=$(curl -s -m 5 -o /dev/null -D - -H "$auth" -H 'Content-Type: application/fhir+json' \
          --data-binary "@$body" "$BASE$path") || break
    id=$(printf '%s' "$out" | tr -d '\r' | awk 'tolower($1) == "x-request-id:" {print $2}')
    [[ -n "$id" ]] && echo "$id" >> "$WORK/ids.$n"
  done
  return 0
}
for n in 1 2 3 4; do client "$n" & done
sleep 3
kill -9 "$PID"
PID_KILLED=$PID
PID=""
wait
sort -u "$WORK"/ids.* > "$WORK/answered.txt"
ANSWERED=$(wc -l < "$WORK/answered.txt")

"$SERVE" audit --db "$WORK/register.db" --format csv | tail -n +2 | cut -d, -f2 | sort -u > "$WORK/audited.txt"
AUDITED=$(wc -l < "$WORK/audited.txt")
MISSING=$(comm -23 "$WORK/answered.txt" "$WORK/audited.txt" | wc -l)
echo "serve_kill9: server $PID_KILLED killed; $ANSWERED requests answered, $AUDITED audit rows, $MISSING answered without a row"
if [[ "$ANSWERED" -lt 20 ]]; then
  echo "serve_kill9: too few requests answered before the kill" >&2
  exit 1
fi
if [[ "$MISSING" -ne 0 ]]; then
  comm -23 "$WORK/answered.txt" "$WORK/audited.txt" | head >&2
  echo "serve_kill9: FAILED" >&2
  exit 1
fi
echo "serve_kill9: OK"
