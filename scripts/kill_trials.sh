#!/usr/bin/env bash
# Kills celltwin with SIGKILL at random moments and checks what it leaves behind:
# no process outlives a killed compare (its child runs die with it), and every results.json,
# compare.json and events.csv left is complete (outputs are written whole and renamed).
#   scripts/kill_trials.sh [TRIALS] [CELLTWIN]     (default 30, build/celltwin)
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-30}
bin=${2:-build/celltwin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
RANDOM=42  # the same kill moments on every invocation
orphans=0 broken=0 killed_running=0

complete_json() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

for trial in $(seq 1 "$trials"); do
  out="$work/t$trial"
  if (( trial % 2 )); then  # a compare with child runs, or a single run writing events.csv
    "$bin" compare configs/examples/mm1.yaml configs/examples/two_station.yaml --replications 2 \
      --jobs 2 -q --set horizon_h=30000 --out "$out" >/dev/null 2>&1 &
  else
    "$bin" run configs/examples/two_station.yaml -q --set horizon_h=4000 --out "$out" \
      >/dev/null 2>&1 &
  fi
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
  sleep $((RANDOM % 3))
  if kill -0 "$pid" 2>/dev/null; then killed_running=$((killed_running + 1)); fi
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.5  # the kernel delivers the children's death signal
  if pgrep -f -- "--parent-pi[d] $pid( |$)" >/dev/null; then
    orphans=$((orphans + 1))
    pkill -9 -f -- "--parent-pi[d] $pid( |$)" || true
  fi
  while IFS= read -r -d '' f; do
    complete_json "$f" || { broken=$((broken + 1)); echo "kill_trials: incomplete $f" >&2; }
  done < <(find "$out" -name '*.json' -print0 2>/dev/null)
  if [ -f "$out/events.csv" ] && [ -f "$out/results.json" ]; then
    rows=$(($(wc -l <"$out/events.csv") - 1))
    events=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["event_log"]["rows"])' "$out/run.json")
    [ "$rows" -eq "$events" ] || { broken=$((broken + 1)); echo "kill_trials: events.csv of $out has $rows rows, run.json says $events" >&2; }
  fi
done
echo "kill trials: $trials (killed while running: $killed_running), processes left behind: $orphans, incomplete outputs: $broken"
[ "$orphans" -eq 0 ] && [ "$broken" -eq 0 ]
