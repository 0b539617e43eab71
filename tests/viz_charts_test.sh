#!/usr/bin/env bash
# The charts of compare, retrofit, Monte Carlo, ramp-up and sweep outputs (viz/*_plot.py) on
# small real outputs: each writes its non-empty PNGs, answers --help, and exits 2 naming the
# problem on a folder that lacks its input.
# Usage: tests/viz_charts_test.sh CELLTWIN_BINARY SOURCE_DIR. Prints "1 passed, 0 failed" or
# "0 passed, 1 failed" last; exits non-zero on failure.
set -uo pipefail
bin=$(realpath "$1")
src=$(cd "$2" && pwd) || exit 1
py=/usr/bin/python3
fail() {
  echo "FAIL: $*"
  echo "0 passed, 1 failed"
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || fail "no $src"

"$bin" compare configs/examples/two_station.yaml configs/lines/liquid_lib.yaml --replications 2 \
  --set horizon_h=2 --out "$tmp/compare" -q || fail "compare exited $?"
"$bin" retrofit configs/lines/liquid_lib.yaml configs/lines/semi_solid_retrofit.yaml \
  --replications 2 --set horizon_h=2 --out "$tmp/retrofit" -q || fail "retrofit exited $?"
"$bin" run configs/lines/liquid_lib.yaml --events none --mc 200 --set horizon_h=2 \
  --out "$tmp/mc" -q || fail "run --mc exited $?"
cat >"$tmp/sweep.yaml" <<YAML
sweep: tiny
base: $src/configs/examples/two_station.yaml
replications: 2
set: {horizon_h: 2}
vary:
  grid:
    line.stations.press.machines: [1, 2, 3]
sources:
  line.stations.press.machines: "assumption: a test of the chart, not a real line"
YAML
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/sweep" -q || fail "sweep exited $?"

check_png() {
  [ -s "$1" ] && [ "$(head -c 4 "$1" | tail -c 3)" = "PNG" ] || fail "$1 missing or not a PNG"
}
"$py" viz/compare_plot.py "$tmp/compare" --out "$tmp/fig" || fail "compare_plot exited $?"
check_png "$tmp/fig/cost_breakdown.png"
check_png "$tmp/fig/kpis.png"
"$py" viz/compare_plot.py "$tmp/retrofit" --out "$tmp/fig/rf" || fail "compare_plot on retrofit exited $?"
check_png "$tmp/fig/rf/cost_breakdown.png"
"$py" viz/retrofit_plot.py "$tmp/retrofit" --out "$tmp/fig" || fail "retrofit_plot exited $?"
check_png "$tmp/fig/retrofit_stations.png"
"$py" viz/mc_plot.py "$tmp/mc" --out "$tmp/fig" || fail "mc_plot exited $?"
check_png "$tmp/fig/monte_carlo.png"
"$py" viz/ramp_up_plot.py "$tmp/mc" "$tmp/compare/2_liquid_lib/rep_1" --out "$tmp/fig" \
  || fail "ramp_up_plot exited $?"
check_png "$tmp/fig/ramp_up.png"
"$py" viz/sweep_plot.py "$tmp/sweep" --out "$tmp/fig" || fail "sweep_plot exited $?"
check_png "$tmp/fig/sweep_kpis_throughput_per_h.png"

# Every chart answers --help and refuses a folder without its input (exit 2, a message).
mkdir "$tmp/empty"
for script in replay compare_plot retrofit_plot mc_plot ramp_up_plot sweep_plot; do
  "$py" "viz/$script.py" --help >/dev/null || fail "$script.py --help exited $?"
  "$py" "viz/$script.py" "$tmp/empty" --out "$tmp/nofig" >"$tmp/err.txt" 2>&1
  rc=$?
  [ "$rc" -eq 2 ] || fail "$script.py on an empty folder exited $rc (expected 2): $(cat "$tmp/err.txt")"
  grep -q "$script" "$tmp/err.txt" || fail "$script.py: no message naming itself: $(cat "$tmp/err.txt")"
done
# Monte Carlo charts need a run made with --mc: a plain run is refused by name.
"$py" viz/mc_plot.py "$tmp/compare/1_two_station/rep_1" >"$tmp/err.txt" 2>&1
[ $? -eq 2 ] && grep -q "run with --mc" "$tmp/err.txt" || fail "mc_plot on a run without --mc: $(cat "$tmp/err.txt")"
echo "1 passed, 0 failed"
