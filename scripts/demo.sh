#!/usr/bin/env bash
# The main job on bundled data, end to end:
#   1. a data-quality report of a messy hand-written UK register;
#   2. a generated UK register of 100,000 records with ground truth:
#      blocking counts, then dedupe (train, score, decide, cluster) and
#      evaluation against the truth;
#   3. FEBRL3 (5,000 records, published benchmark) dedupe and evaluation;
#   4. the explanation (waterfall) of one FEBRL pair.
# Outputs go to out/demo/. Works on a fresh Debian 12 machine.
#   DEMO_RECORDS=1000000 scripts/demo.sh   for a bigger register
set -euo pipefail
cd "$(dirname "$0")/.."
records=${DEMO_RECORDS:-100000}

bash scripts/setup.sh
echo "== Building the linkage command (Release)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target linkage_cli
linkage=build/bin/linkage
out=out/demo
mkdir -p "$out"

echo
echo "== 1. Data-quality report: data/samples/uk_register_sample.csv"
"$linkage" profile --config configs/uk_person.json \
  --input data/samples/uk_register_sample.csv \
  --out-json "$out/profile.json" --out-csv "$out/profile.csv"

echo
echo "== 2. A generated UK register of $records records (seed 1)"
"$linkage" generate --records "$records" --seed 1 --out "$out/uk_register.csv"
echo "-- comparisons each blocking rule makes"
"$linkage" blocking --config configs/uk_person.json --input "$out/uk_register.csv" -q
echo "-- dedupe and evaluation against entity_id"
"$linkage" dedupe --config configs/uk_person.json --input "$out/uk_register.csv" \
  --out-dir "$out/uk_register" --truth-column entity_id

echo
echo "== 3. FEBRL3 dedupe (published Splink best F1: 0.9954)"
"$linkage" dedupe --config configs/febrl.json --input data/febrl/dataset3.csv \
  --out-dir "$out/febrl3" --truth-id-regex 'rec-(\d+)-' -q

echo
echo "== 4. Why rec-552-dup-3 and rec-552-dup-1 match"
"$linkage" explain --model "$out/febrl3/model.json" --input data/febrl/dataset3.csv \
  --left rec-552-dup-3 --right rec-552-dup-1

echo
echo "== 5. A live register: FEBRL3 loaded into a SQLite store, then one lookup"
rm -f "$out/febrl3_register.db" "$out/febrl3_register.db-wal" "$out/febrl3_register.db-shm"
"$linkage" load --model "$out/febrl3/model.json" --store "$out/febrl3_register.db" \
  --input data/febrl/dataset3.csv
"$linkage" match --model "$out/febrl3/model.json" --store "$out/febrl3_register.db" \
  --query '{"given_name": "harly", "surname": "mccarthy", "street_number": "177",
            "address_1": "pridham street", "suburb": "marsden", "postcode": "3165",
            "state": "nsw", "date_of_birth": "19080419"}' --count 3 --text

echo
echo "Outputs: $out/ (pairs.csv, review.csv, clusters.csv, model.json, summary.json per job;"
echo "febrl3_register.db, the live register). The FHIR service on such a register:"
echo "exchange/README.md."
