#!/usr/bin/env bash
# Installs every system dependency of Linkage from Debian 12's packages.
# Idempotent and non-interactive; run as root (or with sudo available).
# Skips apt entirely when every package is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  # core libraries (DESIGN.md section 7)
  libabsl-dev libtbb-dev libre2-dev libboost-program-options-dev
  nlohmann-json3-dev libicu-dev libphonenumber-dev
  libcpp-httplib-dev libssl-dev libsqlite3-dev sqlite3 zlib1g-dev
  # tests, benchmarks, fuzzing
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  python3 python3-venv python3-pip
  hyperfine
  openssl curl wrk  # linkage-serve tests (TLS certificates), kill -9 test, load benchmark
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} system packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
