#!/usr/bin/env bash
# Every chart and the replay page for the four-line comparison, from the shipped configs:
# the runs into out/figures/, every chart beside its run, and one of each chart plus a screenshot
# of the replay page into docs/figures/ (the pictures in the README). Needs a build
# (bash scripts/setup.sh); the screenshot also needs Debian's chromium and tests/browser's node
# modules (scripts/setup.sh installs them). About 2.5 minutes on 2 cores.
# Usage: scripts/figures.sh [OUT_DIR]   (default out/figures)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/figures}
docs=docs/figures
py=/usr/bin/python3
ct=build/celltwin
[ -x "$ct" ] || { echo "figures: no $ct; run bash scripts/setup.sh first" >&2; exit 2; }
lines=(liquid_lib semi_solid_retrofit dry_process all_solid)
files=()
for l in "${lines[@]}"; do files+=("configs/lines/$l.yaml"); done
mkdir -p "$out" "$docs"

# The runs. The compare keeps replication 1's event log of every line for two days inside the
# measured window (600 to 648 h; a month's log is ~0.4 GB per line).
"$ct" compare "${files[@]}" --out "$out/compare" --events csv --events-from-h 600 \
  --events-to-h 648
"$ct" retrofit configs/lines/liquid_lib.yaml configs/lines/semi_solid_retrofit.yaml \
  --out "$out/retrofit"
"$ct" run configs/lines/liquid_lib.yaml --events none --mc 2000 --out "$out/monte_carlo"
"$ct" run configs/ramp_up/semi_solid_ramp_up.yaml --events none --out "$out/ramp_up"
"$ct" sweep configs/sweeps/formation_curing.yaml --out "$out/sweep"

# The charts, beside their runs.
for i in "${!lines[@]}"; do
  rep="$out/compare/$((i + 1))_${lines[$i]}/rep_1"
  "$py" viz/replay.py "$rep" --expand stacking
  "$py" viz/replay_html.py "$rep" --out "$rep/replay.html"
done
"$py" viz/compare_plot.py "$out/compare"
"$py" viz/retrofit_plot.py "$out/retrofit"
"$py" viz/mc_plot.py "$out/monte_carlo"
"$py" viz/ramp_up_plot.py "$out/ramp_up"
"$py" viz/sweep_plot.py "$out/sweep" --x line.stations.formation.batch.duration_s

# One of each into docs/figures/ for the README.
liquid="$out/compare/1_liquid_lib/rep_1"
for f in machine_states wip output bottleneck state_shares; do cp "$liquid/$f.png" "$docs/$f.png"; done
cp "$out/compare/cost_breakdown.png" "$out/compare/kpis.png" "$out/retrofit/retrofit_stations.png" \
  "$out/monte_carlo/monte_carlo.png" "$out/ramp_up/ramp_up.png" \
  "$out/sweep/sweep_kpis_throughput_per_h.png" "$docs/"
if [ -x /usr/bin/chromium ] && [ -d tests/browser/node_modules ]; then
  node tests/browser/replay_test.js "$liquid/replay.html" "$liquid/line.json" "$docs/replay.png"
else
  echo "figures: no chromium or tests/browser/node_modules: docs/figures/replay.png not refreshed" >&2
fi
echo "figures: charts beside the runs in $out; README pictures in $docs"
