#!/usr/bin/env bash
# Visualisation test: runs a 2-hour two_station simulation and a 6-hour liquid_lib one (metres,
# sheets, cells and trays in one line) into a temporary folder, replays them with viz/replay.py,
# and checks that the PNGs exist and are non-empty, that the machine-state shares replay.py
# recomputes from events.csv agree with results.json within 0.01 and the WIP curve's
# time-weighted mean equals kpis.wip_mean (cell equivalents; --check). Also checks that the
# checks fail (exit 1) on a tampered results.json and that a missing events.csv is an input
# error (exit 2).
# Usage: tests/viz_test.sh CELLTWIN_BINARY SOURCE_DIR
# Prints "1 passed, 0 failed" or "0 passed, 1 failed" last; exits non-zero on failure.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CELLTWIN_BINARY SOURCE_DIR" >&2
  exit 2
fi
bin=$1
src=$2
py=/usr/bin/python3

fail() {
  echo "FAIL: $*"
  echo "0 passed, 1 failed"
  exit 1
}

if ! "$py" -c "import matplotlib" 2>/dev/null; then
  echo "viz_test: $py cannot import matplotlib; install python3-matplotlib (bash scripts/setup.sh)"
  echo "0 passed, 1 failed"
  exit 1
fi
[ -x "$bin" ] || fail "no celltwin binary at $bin"
[ -f "$src/viz/replay.py" ] || fail "no viz/replay.py under $src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" run "$src/configs/examples/two_station.yaml" --out "$tmp/run" -q --set horizon_h=2 \
  || fail "celltwin run exited $?"

"$py" "$src/viz/replay.py" "$tmp/run" --out "$tmp/fig" --check >"$tmp/replay.log" 2>&1
rc=$?
cat "$tmp/replay.log"
[ "$rc" -eq 0 ] || fail "replay.py --check exited $rc (expected 0)"

"$bin" run "$src/configs/lines/liquid_lib.yaml" --out "$tmp/lib" -q --set horizon_h=6 \
  || fail "celltwin run liquid_lib exited $?"
"$py" "$src/viz/replay.py" "$tmp/lib" --out "$tmp/libfig" --check >"$tmp/lib.log" 2>&1
rc=$?
tail -2 "$tmp/lib.log"
[ "$rc" -eq 0 ] || fail "replay.py --check on liquid_lib exited $rc (expected 0)"
grep -qE '^wip_mean events=.* ok$' "$tmp/lib.log" || fail "liquid_lib WIP mean not checked"

for png in machine_states wip output bottleneck state_shares; do
  f="$tmp/fig/$png.png"
  [ -s "$f" ] || fail "$png.png missing or empty"
  [ "$(head -c 4 "$f" | tail -c 3)" = "PNG" ] || fail "$png.png is not a PNG file"
done

# All five state shares of press were compared and agree within 0.01.
n=$(grep -cE '^share press (busy|idle|blocked|down|setup) .* ok$' "$tmp/replay.log")
[ "$n" -eq 5 ] || fail "expected 5 agreeing press shares in replay.py's output, found $n"

# The check must catch a disagreement: press busy share in results.json off by 0.02.
mkdir "$tmp/bad"
cp "$tmp/run/events.csv" "$tmp/run/events.index.jsonl" "$tmp/run/line.json" "$tmp/run/run.json" \
  "$tmp/bad/"
tamper() {  # KEY PATH... of results.json, the value moved by 2 %
  "$py" - "$tmp/run/results.json" "$tmp/bad/results.json" "$@" <<'PY' || fail "could not tamper"
import json, sys
r = json.load(open(sys.argv[1]))
node = r
for key in sys.argv[3:-1]:
    node = node[key]
node[sys.argv[-1]] = node[sys.argv[-1]] * 1.02 + 0.02
json.dump(r, open(sys.argv[2], "w"))
PY
}
tamper stations press state_share busy
"$py" "$src/viz/replay.py" "$tmp/bad" --out "$tmp/badfig" --check >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "replay.py --check on a tampered results.json exited $rc (expected 1)"
tamper kpis wip_mean
"$py" "$src/viz/replay.py" "$tmp/bad" --out "$tmp/badfig" --check >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "replay.py --check on a tampered wip_mean exited $rc (expected 1)"

# A missing input file is a usage/input error.
rm "$tmp/bad/events.csv"
"$py" "$src/viz/replay.py" "$tmp/bad" --out "$tmp/badfig" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "replay.py without events.csv exited $rc (expected 2)"

echo "1 passed, 0 failed"
