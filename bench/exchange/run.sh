#!/usr/bin/env bash
# Load benchmark of linkage-serve's $match on loopback, with the audit log on
# (every request fsynced to SQLite before its response):
#   1. a generated register of RECORDS people (default 1,000,000), a model
#      trained on its first TRAIN_RECORDS rows, bulk-loaded with `linkage load`;
#   2. `linkage-serve serve` on 127.0.0.1 (plain HTTP: the figure is the
#      service, not TLS);
#   3. paced load (linkage-serve-loadgen, open loop, latency from each
#      request's scheduled time) at RATE requests/s for SECONDS s: p50/p99;
#   4. wrk (closed loop, saturated) for the maximum requests/s, if installed.
# cpp-httplib serves one keep-alive connection per worker thread, so the
# server gets 32 threads and the clients at most 16 connections.
# Queries are 2,000 register rows drawn at random (seeded) and sent as
# $match Patients (names, birthDate, gender, postcode; NHS number on half).
#
# Usage: bench/exchange/run.sh [BUILD_DIR]   (env: RECORDS, RATE, SECONDS,
#        TRAIN_RECORDS, WORK, KEEP=1 to reuse a prepared register,
#        AUDIT_FSYNC=false for synchronous=NORMAL audit commits)
# Bounded: loopback only; the load stops after SECONDS (and wrk after 15 s).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
RECORDS=${RECORDS:-1000000}
TRAIN_RECORDS=${TRAIN_RECORDS:-200000}
RATE=${RATE:-500}
SECONDS_=${SECONDS:-20}
WORK=${WORK:-/tmp/linkage_serve_bench_$RECORDS}
LINKAGE=$BUILD/bin/linkage
SERVE=$BUILD/bin/linkage-serve
LOADGEN=$BUILD/bin/linkage-serve-loadgen
mkdir -p "$WORK"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true' EXIT

step() { echo "== $(date +%T) $*" >&2; }

if [[ "${KEEP:-0}" != 1 || ! -s "$WORK/register.db" ]]; then
  rm -f "$WORK"/register.db*
  step "generate $RECORDS records"
  /usr/bin/time -f "   %e s, %M KiB" "$LINKAGE" generate --records "$RECORDS" --seed 17 \
    --out "$WORK/register.csv" --reference-dir "$ROOT/data/reference" --quiet
  head -n $((TRAIN_RECORDS + 1)) "$WORK/register.csv" > "$WORK/train.csv"
  step "train on $TRAIN_RECORDS records"
  /usr/bin/time -f "   %e s, %M KiB" "$LINKAGE" train --config "$ROOT/configs/uk_person.json" \
    --input "$WORK/train.csv" --out "$WORK/model.json" --quiet
  step "load the register"
  /usr/bin/time -f "   %e s, %M KiB" "$LINKAGE" load --model "$WORK/model.json" \
    --store "$WORK/register.db" --input "$WORK/register.csv" --no-fsync --quiet
fi

TOKEN=bench-token-0123456789
HASH=$("$SERVE" hash-token "$TOKEN")
printf 'bench-salt-0123456789abcdef' > "$WORK/salt.txt"
rm -f "$WORK"/audit.db*
cat > "$WORK/serve.json" <<JSON
{
  "model": "model.json", "store": "register.db", "audit_db": "audit.db",
  "listen": {"host": "127.0.0.1", "port": 0, "threads": 32},
  "audit_salt_file": "salt.txt", "audit_fsync": ${AUDIT_FSYNC:-true},
  "accept_invalid_nhs_numbers": true,
  "auth": {"tokens": [{"sha256": "$HASH", "organisation": "org:bench"}]},
  "access": {"services": {"s": {"name": "Bench"}},
             "rules": [{"id": "bench", "outcome": "PERMIT", "operations": ["match"]}]}
}
JSON

step "make 2000 query bodies"
python3 - "$WORK" <<'PY'
import csv, json, random, sys
work = sys.argv[1]
rows = []
with open(f"{work}/register.csv", encoding="utf-8-sig") as f:
    for i, row in enumerate(csv.DictReader(f)):
        rows.append(row)
        if i >= 300000: break
rng = random.Random(5)
with open(f"{work}/bodies.jsonl", "w") as out, open(f"{work}/body.json", "w") as one:
    for n, row in enumerate(rng.sample(rows, 2000)):
        p = {"resourceType": "Patient",
             "name": [{"family": row["family_name"], "given": [row["given_name"]]}]}
        d = row.get("date_of_birth", "")
        if len(d) == 10 and d[4] == "-": p["birthDate"] = d
        if row.get("sex", "").upper() in ("M", "F"):
            p["gender"] = "male" if row["sex"].upper() == "M" else "female"
        if row.get("postcode"): p["address"] = [{"postalCode": row["postcode"]}]
        nhs = row.get("nhs_number", "").replace(" ", "")
        if n % 2 == 0 and len(nhs) == 10 and nhs.isdigit():
            p["identifier"] = [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs}]
        body = json.dumps({"resourceType": "Parameters", "parameter": [
            {"name": "resource", "resource": p}, {"name": "count", "valueInteger": 5}]})
        out.write(body + "\n")
        if n == 0: one.write(body)
PY

step "start linkage-serve"
"$SERVE" serve --config "$WORK/serve.json" > "$WORK/port.txt" 2> "$WORK/serve.log" &
PID=$!
for _ in $(seq 1 3000); do
  [[ -s "$WORK/port.txt" ]] && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.2
done
PORT=$(head -1 "$WORK/port.txt")
grep -h "records" "$WORK/serve.log" | tail -1 >&2 || true
echo "server RSS: $(ps -o rss= -p "$PID") KiB" >&2

step "warm-up"
"$LOADGEN" --port "$PORT" --rate 200 --seconds 3 --token "$TOKEN" --bodies "$WORK/bodies.jsonl" >/dev/null || true
step "paced: $RATE req/s for $SECONDS_ s"
"$LOADGEN" --port "$PORT" --rate "$RATE" --seconds "$SECONDS_" --connections 8 --token "$TOKEN" \
  --bodies "$WORK/bodies.jsonl"

if command -v wrk >/dev/null; then
  cat > "$WORK/match.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local bodies = {}
for line in io.lines("$WORK/bodies.jsonl") do bodies[#bodies + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/Patient/\$match", nil, bodies[(n % #bodies) + 1])
end
LUA
  step "wrk: saturated, 2 threads, 16 connections, 15 s"
  wrk -t2 -c16 -d15s --latency -s "$WORK/match.lua" "http://127.0.0.1:$PORT" | \
    grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
else
  echo "wrk not installed (apt-get install wrk): saturated figure skipped" >&2
fi
echo "audit rows: $("$SERVE" audit --db "$WORK/audit.db" --format csv | tail -n +2 | wc -l)" >&2
