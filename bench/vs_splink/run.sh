#!/usr/bin/env bash
# Side-by-side benchmark: Linkage vs Splink (DuckDB backend) on the same data,
# blocking rules, comparisons and training settings. See README.md.
#
# Usage: bench/vs_splink/run.sh [--datasets febrl3,fake_1000,uk100k,uk1m]
#                               [--splink-timeout SECONDS] [--skip-build]
#                               [--uk-config PATH (default configs/uk_person.json)]
# Default datasets: febrl3,fake_1000,uk100k. Writes everything under
# bench/vs_splink/runs/ (gitignored) and prints the markdown table, also saved
# as bench/vs_splink/runs/results.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
WORK="${HERE}/runs"
VENV="${HERE}/.venv"
BUILD="${LINKAGE_BUILD_DIR:-${ROOT}/build-splink}"
DATASETS="febrl3,fake_1000,uk100k"
SPLINK_TIMEOUT=2400   # seconds per Splink run (40 minutes)
SKIP_BUILD=0
UK_CONFIG="${ROOT}/configs/uk_person.json"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --datasets) DATASETS="$2"; shift 2 ;;
    --datasets=*) DATASETS="${1#*=}"; shift ;;
    --splink-timeout) SPLINK_TIMEOUT="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --uk-config) UK_CONFIG="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# Pinned so that reruns compare against the same Splink.
SPLINK_PACKAGES=(splink==5.0.0 duckdb==2.0.0 jellyfish==1.3.0 metaphone==0.6)

if [[ ! -x "${VENV}/bin/python" ]]; then
  echo "== creating ${VENV}" >&2
  python3 -m venv "${VENV}"
  "${VENV}/bin/pip" install -q "${SPLINK_PACKAGES[@]}"
fi

TIME_BIN=/usr/bin/time
if [[ ! -x "${TIME_BIN}" ]]; then
  echo "run.sh: /usr/bin/time missing (apt-get install time); peak memory from /usr/bin/time will be n/a" >&2
  TIME_BIN=""
fi

if [[ "${SKIP_BUILD}" == 0 ]]; then
  echo "== building linkage (Release) in ${BUILD}" >&2
  cmake -S "${ROOT}" -B "${BUILD}" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DLINKAGE_BUILD_TESTS=OFF -DLINKAGE_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build "${BUILD}" -j2 --target linkage_cli >/dev/null
fi
LINKAGE="${BUILD}/bin/linkage"

mkdir -p "${WORK}"

timed() {  # timed OUT_TIME_FILE CMD...
  local out="$1"; shift
  if [[ -n "${TIME_BIN}" ]]; then
    "${TIME_BIN}" -v -o "${out}" "$@"
  else
    "$@"
  fi
}

IFS=',' read -r -a LIST <<< "${DATASETS}"
for ds in "${LIST[@]}"; do
  truth=()
  case "${ds}" in
    febrl3)
      config="${ROOT}/configs/febrl.json"; input="${ROOT}/data/febrl/dataset3.csv"
      truth=(--truth-id-regex 'rec-(\d+)-') ;;
    fake_1000)
      config="${ROOT}/configs/fake_1000.json"; input="${ROOT}/data/splink/fake_1000.csv"
      truth=(--truth-column cluster) ;;
    uk100k|uk1m)
      n=100000; [[ "${ds}" == uk1m ]] && n=1000000
      config="${UK_CONFIG}"; input="${WORK}/${ds}.csv"
      if [[ ! -s "${input}" ]]; then
        echo "== generating ${input} (${n} records, seed 1)" >&2
        "${LINKAGE}" generate --records "${n}" --seed 1 --reference-dir "${ROOT}/data/reference" --out "${input}" --quiet
      fi
      truth=(--truth-column entity_id) ;;
    *) echo "run.sh: unknown dataset ${ds}" >&2; exit 2 ;;
  esac
  dir="${WORK}/${ds}"
  rm -rf "${dir}"; mkdir -p "${dir}"
  echo "== ${ds}: linkage" >&2
  timed "${dir}/linkage.time" "${LINKAGE}" dedupe --config "${config}" --input "${input}" \
    --out-dir "${dir}/linkage" "${truth[@]}" -q > "${dir}/linkage.log" 2>&1 \
    || { echo "linkage failed on ${ds}; see ${dir}/linkage.log" >&2; }
  echo "== ${ds}: splink (timeout ${SPLINK_TIMEOUT}s)" >&2
  timed "${dir}/splink.time" timeout "${SPLINK_TIMEOUT}" "${VENV}/bin/python" \
    "${HERE}/splink_run.py" --config "${config}" --input "${input}" "${truth[@]}" \
    --out "${dir}/splink.json" > "${dir}/splink.log" 2>&1 \
    || { echo "splink failed or timed out on ${ds}; see ${dir}/splink.log" >&2; }
done

"${VENV}/bin/python" "${HERE}/report.py" "${WORK}" "${LIST[@]}"
