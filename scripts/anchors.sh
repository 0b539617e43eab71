#!/usr/bin/env bash
# Runs the reference lines the published figures are about and prints celltwin's value next to each published figure of
# the project's process-data notes, section (b), with PASS / MISS against the stated band.
# Usage: scripts/anchors.sh [--horizon-h H] (default: each line's own horizon)
set -euo pipefail
cd "$(dirname "$0")/.."
out=out/anchors
extra=()
if [ "${1:-}" = "--horizon-h" ]; then extra=(--set "horizon_h=$2"); fi
lines=(configs/lines/liquid_lib.yaml configs/lines/semi_solid_retrofit.yaml
       configs/lines/dry_process.yaml configs/lines/all_solid.yaml configs/lines/cylindrical.yaml
       configs/lines/liquid_lfp.yaml configs/lines/clay_semi_solid.yaml)
if [ ${#extra[@]} -gt 0 ]; then
  for f in "${lines[@]}"; do build/celltwin validate "$f" >/dev/null; done
  mkdir -p "$out"
  i=0
  for f in "${lines[@]}"; do
    i=$((i + 1)); name=$(basename "$f" .yaml)
    build/celltwin run "$f" --out "$out/${i}_$name" -q --no-events "${extra[@]}"
  done
else
  build/celltwin compare "${lines[@]}" --out "$out" -q
fi
/usr/bin/python3 scripts/anchors.py "$out"
