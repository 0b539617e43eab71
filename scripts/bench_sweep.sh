#!/usr/bin/env bash
# Sweep speed-up: one 40-run sweep (liquid_lib, 4 stacking machine counts x 10 replications,
# 100 h warm-up + 100 h measured) with --jobs 1 and then --jobs 2, in the same invocation;
# prints both wall times and the ratio, and checks both databases hold the same runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/celltwin
[ -x "$bin" ] || { echo "bench_sweep: build first (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bench.yaml" <<YAML
sweep: bench
base: $PWD/configs/lines/liquid_lib.yaml
replications: 10
set: {warmup_h: 100, horizon_h: 100}
vary: {grid: {line.stations.stacking.machines: [10, 11, 12, 13]}}
sources: {line.stations.stacking.machines: "benchmark values around the line file's 12"}
YAML
time_of() {  # jobs -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$bin" sweep "$tmp/bench.yaml" --out "$tmp/jobs$1" --jobs "$1" -q
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
t1=$(time_of 1)
t2=$(time_of 2)
same=$(for j in 1 2; do sqlite3 "$tmp/jobs$j/results.sqlite" \
  "SELECT key, status, \"kpis.throughput_per_h\" FROM runs ORDER BY key" | md5sum; done | uniq | wc -l)
echo "40-run sweep: --jobs 1 ${t1} s, --jobs 2 ${t2} s, speed-up $(echo "scale=2; $t1 / $t2" | bc)x on $(nproc) cores"
[ "$same" -eq 1 ] && echo "databases: same runs and KPIs" || { echo "databases differ" >&2; exit 1; }
