#!/usr/bin/env bash
# How validation time grows with the number of stations: `celltwin validate` on generated lines
# of 2,500 to 20,000 stations (the most a line may have), best of 3 runs each, as a ratio to the
# 2,500-station run of the same invocation. Linear growth doubles the time per doubling.
#   scripts/bench_validate.sh [CELLTWIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/celltwin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

line() {  # $1 stations in series
  printf 'scenario: big\nhorizon_h: 1\nline:\n  source: {release: saturated, lot: {kind: p}}\n  stations:\n'
  for ((i = 0; i < $1; ++i)); do printf '    - {name: s%d, kind: unit, cycle_time_s: 1}\n' "$i"; done
}

best_of_3() {
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$bin" validate "$1" >/dev/null
    end=$(date +%s.%N)
    local t
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
  echo "$best"
}

printf '%10s %10s %12s %16s\n' stations seconds "x 2500 run" "x per doubling"
base="" prev=""
for n in 2500 5000 10000 20000; do
  line "$n" >"$work/line_$n.yaml"
  t=$(best_of_3 "$work/line_$n.yaml")
  [ -n "$base" ] || base=$t
  step="-"
  [ -z "$prev" ] || step=$(printf '%.2f' "$(echo "$t / $prev" | bc -l)")
  printf '%10d %10.3f %12.2f %16s\n' "$n" "$t" "$(echo "$t / $base" | bc -l)" "$step"
  prev=$t
done
