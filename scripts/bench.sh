#!/usr/bin/env bash
# Engine speed and memory: an M/M/1 run of HOURS simulated hours (default 500), once without an
# event log (the baseline) and once with events.csv, in the same invocation. Prints events/s,
# peak memory and the cost of the event log as a ratio against the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
hours=${1:-500}
bin=build/celltwin
[ -x "$bin" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() {  # name, extra args -> "events wall_s peak_kb"
  /usr/bin/time -f "%M" -o "$tmp/$1.mem" "$bin" run configs/examples/mm1.yaml --out "$tmp/$1" \
    --set horizon_h="$hours" -q "${@:2}"
  /usr/bin/python3 - "$tmp/$1/run.json" "$(cat "$tmp/$1.mem")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["events"], r["wall_s"], sys.argv[2])
PY
}

read -r ev0 wall0 mem0 <<<"$(measure baseline --no-events)"
read -r ev1 wall1 mem1 <<<"$(measure with_log)"
/usr/bin/python3 - "$hours" "$ev0" "$wall0" "$mem0" "$ev1" "$wall1" "$mem1" <<'PY'
import sys
h, ev0, w0, m0, ev1, w1, m1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
print(f"M/M/1, {h} simulated hours, {ev0} events")
print(f"  baseline (no event log): {ev0 / w0:12.0f} events/s  {w0:7.2f} s  peak {m0 / 1024:6.1f} MB")
print(f"  with events.csv        : {ev1 / w1:12.0f} events/s  {w1:7.2f} s  peak {m1 / 1024:6.1f} MB")
print(f"  event log cost: {w1 / w0:.2f}x the baseline wall time")
PY
