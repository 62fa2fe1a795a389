#!/usr/bin/env bash
# Checks the installed package (issue 7):
#
#   scripts/check_install.sh [BUILD_DIR]        (default: build)
#
# installs BUILD_DIR into a temporary prefix, then, as an outside project,
#   1. builds examples/c_api with find_package(linkage) (linkage::linkage_c),
#   2. builds the same C program with pkg-config (linkage.pc) and a plain cc,
#   3. builds examples/cpp_api with find_package(linkage) (linkage::linkage),
# trains a model with the installed `linkage` and runs each program on a few
# records, checking its answers. Exit 0 if all of it works.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
jobs=${LINKAGE_JOBS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/check_install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

step() { echo "== $*"; }
fail() { echo "check_install: FAIL: $*" >&2; exit 1; }

step "build and install $build into $prefix"
cmake --build "$build" -j "$jobs" --target linkage_cli linkage_c > "$work/build.log" ||
  { cat "$work/build.log" >&2; fail "build"; }
cmake --install "$build" --prefix "$prefix" > "$work/install.log" ||
  { cat "$work/install.log" >&2; fail "install"; }
for f in bin/linkage include/linkage/c/linkage_c.h include/linkage/matcher.h \
         include/normalise/normaliser.h include/base/status_macros.h \
         share/linkage/configs/fake_1000.json; do
  [[ -e $prefix/$f ]] || fail "$f not installed"
done
libso=$(find "$prefix" -name 'liblinkage_c.so' | head -n 1)
[[ -n $libso ]] || fail "liblinkage_c.so not installed"
libdir=$(dirname "$libso")
[[ -f $libdir/liblinkage_core.a ]] || fail "liblinkage_core.a not installed"
[[ -f $libdir/cmake/linkage/linkageConfig.cmake ]] || fail "no linkageConfig.cmake"
[[ -f $libdir/pkgconfig/linkage.pc ]] || fail "no linkage.pc"
[[ ! -e $prefix/include/linkage/cli ]] || fail "the command's headers were installed"

step "train a model with the installed linkage"
"$prefix/bin/linkage" train --config "$prefix/share/linkage/configs/fake_1000.json" \
  --input "$root/data/splink/fake_1000.csv" --out "$work/model.json" --quiet
cat > "$work/records.jsonl" <<'EOF'
{"id": "p1", "record": {"first_name": "Robert", "surname": "Allen", "dob": "1971-05-24"}}
{"id": "p2", "record": {"first_name": "Robert", "surname": "Alen", "dob": "1971-05-24"}}
{"id": "p3", "record": {"first_name": "Zoe", "surname": "Kowalski", "dob": "1990-12-01"}}
EOF

# Runs the C example and checks that p2's best match is p1 and that the
# register ends with 3 records (and again with 3 after a second run: upserts).
check_c_example() {
  local program=$1 store=$2 out
  out=$("$program" "$work/model.json" "$store" "$work/records.jsonl") ||
    fail "$program failed: $out"
  echo "$out" | sed "s/^/   /" | cut -c1-150
  grep -q '^linkage 0\.' <<< "$out" || fail "no version line: $out"
  grep -q '^p2: best {"candidates":\[{"record_id":"p1"' <<< "$out" ||
    fail "p2 should match p1 best: $out"
  grep -q '^register: 3 records$' <<< "$out" || fail "expected 3 records: $out"
  out=$("$program" "$work/model.json" "$store" "$work/records.jsonl") ||
    fail "$program second run failed: $out"
  grep -q '^register: 3 records$' <<< "$out" || fail "rerun: expected 3 records: $out"
}

step "examples/c_api with find_package(linkage)"
cmake -S "$root/examples/c_api" -B "$work/c_cmake" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$work/c_cmake.log" ||
  { cat "$work/c_cmake.log" >&2; fail "configure examples/c_api"; }
cmake --build "$work/c_cmake" -j "$jobs" > "$work/c_build.log" ||
  { cat "$work/c_build.log" >&2; fail "build examples/c_api"; }
check_c_example "$work/c_cmake/match_example" "$work/cmake.db"

step "examples/c_api with pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs linkage) || fail "pkg-config linkage"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror "$root/examples/c_api/match_example.c" \
  $flags -Wl,-rpath,"$libdir" -o "$work/match_example_pc" || fail "cc with pkg-config"
check_c_example "$work/match_example_pc" "$work/pkgconfig.db"
[[ $(pkg-config --modversion linkage) == 0.* ]] || fail "pkg-config version"

step "examples/cpp_api with find_package(linkage)"
cmake -S "$root/examples/cpp_api" -B "$work/cpp_cmake" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$work/cpp_cmake.log" ||
  { cat "$work/cpp_cmake.log" >&2; fail "configure examples/cpp_api"; }
cmake --build "$work/cpp_cmake" -j "$jobs" > "$work/cpp_build.log" ||
  { cat "$work/cpp_build.log" >&2; fail "build examples/cpp_api"; }
out=$("$work/cpp_cmake/matcher_example" "$work/model.json") ||
  fail "matcher_example: $out"
echo "$out" | sed "s/^/   /"
grep -q ' ok$' <<< "$out" || fail "matcher_example: $out"

echo "check_install: the installed package works (CMake C, pkg-config C, CMake C++)"
