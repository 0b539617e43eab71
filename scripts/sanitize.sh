#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UBSan into build-fuzz/ (clang; the build
# scripts/fuzz.sh uses too, see scripts/sanitizers/configure.sh) and runs the whole ctest suite
# under them; a sanitizer report fails its test. Extra arguments go
# to ctest (e.g. -R golden). The options and why each is set: scripts/sanitizers/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc); [ "$jobs" -le 2 ] || jobs=2

# -O2 keeps the suite near its normal speed; line tables give file:line in reports.
bash scripts/sanitizers/configure.sh
start=$(date +%s)
cmake --build build-fuzz -j"$jobs"
echo "sanitize: build $(( $(date +%s) - start )) s" >&2

# One option a line in the shipped files, comments dropped; inherited by every child process
# (celltwin's sweep and compare children, the golden and Slurm tests' runs).
options() { grep -v -e '^\s*#' -e '^\s*$' "scripts/sanitizers/$1" | paste -sd: -; }
export ASAN_OPTIONS; ASAN_OPTIONS="$(options asan.options):suppressions=$root/scripts/sanitizers/asan.supp"
export UBSAN_OPTIONS; UBSAN_OPTIONS=$(options ubsan.options)
export LSAN_OPTIONS; LSAN_OPTIONS="$(options lsan.options):suppressions=$root/scripts/sanitizers/lsan.supp"

start=$(date +%s)
status=0
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" "$@" || status=$?
echo "sanitize: suite $(( $(date +%s) - start )) s" >&2
exit $status
