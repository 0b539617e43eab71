#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [SECONDS]
# Builds the libFuzzer targets (tests/fuzz/, CELLTWIN_FUZZ=ON, clang) into build-fuzz/ and runs
# each for SECONDS (default 60), seeded from the repo's YAML files. Prints one line per target
# (seconds, executions, crashes) and exits 1 if any target found a crash, leak, timeout or
# out-of-memory input; those inputs stay in build-fuzz/crashes/<target>/. Nothing is written
# into the repo: corpora, dictionaries and temp files live in build-fuzz/run/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=$(nproc); [ "$jobs" -le 2 ] || jobs=2
targets=(fuzz_scenario fuzz_cell_design fuzz_cost_inputs fuzz_sweep fuzz_set)

bash scripts/sanitizers/configure.sh  # after scripts/sanitize.sh: nothing left to compile
cmake --build build-fuzz -j"$jobs" --target fuzz_targets

run=build-fuzz/run
crashes=build-fuzz/crashes
rm -rf "$run" "$crashes"
mkdir -p "$run/tmp" "$crashes"
export TMPDIR=$PWD/$run/tmp  # the targets' per-process scratch folders (fuzz_input.hpp)

# Seeds: every YAML file of configs/ and tests/data/, and the bad inputs once they exist.
seeds=$run/seeds
mkdir -p "$seeds"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/$i-$(basename "$f")"; i=$((i + 1))
done < <(find configs tests/data $( [ -d tests/bad_inputs ] && echo tests/bad_inputs ) \
           -type f \( -name '*.yaml' -o -path 'tests/bad_inputs/*' \) -print0)
# The --set target's seeds are PATH=VALUE lines.
set_seeds=$run/set_seeds
mkdir -p "$set_seeds"
n=0
while IFS= read -r line; do
  [ -n "$line" ] && printf '%s' "$line" > "$set_seeds/$n" && n=$((n + 1))
done < tests/fuzz/set_seeds.txt

# Dictionary: YAML syntax plus every key name the shipped files use.
dict=$run/yaml.dict
{
  cat tests/fuzz/yaml.dict
  grep -rhoE '^[ -]*[A-Za-z_][A-Za-z0-9_]*:' configs tests/data | sed -E 's/^[ -]*//' | sort -u |
    sed -E 's/(.*)/"\1 "/'
} > "$dict"

failed=0
printf '%-18s %8s %14s %8s\n' target seconds executions crashes
for t in "${targets[@]}"; do
  corpus=$run/corpus/$t
  mkdir -p "$corpus" "$crashes/$t"
  if [ "$t" = fuzz_set ]; then cp "$set_seeds"/* "$corpus/"; else cp "$seeds"/* "$corpus/"; fi
  start=$SECONDS
  execs=0
  found=0
  # libFuzzer stops at its first finding: start it again for the time left (at most 5 times)
  # so one shallow bug does not hide the rest.
  for attempt in 1 2 3 4 5; do
    left=$((start + seconds - SECONDS))
    [ "$left" -gt 0 ] || break
    log=$run/$t.$attempt.log
    rc=0
    "build-fuzz/tests/fuzz/$t" -max_total_time="$left" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -dict="$dict" -artifact_prefix="$crashes/$t/" "$corpus" \
      >"$log" 2>&1 || rc=$?
    e=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    execs=$((execs + ${e:-0}))
    [ "$rc" -ne 0 ] || break
    before=$found
    found=$(find "$crashes/$t" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
              -o -name 'oom-*' \) | wc -l)
    if [ "$found" -eq "$before" ]; then  # failed without leaving an input: not a finding
      echo "fuzz: $t exited $rc without an input; see $log" >&2
      tail -5 "$log" >&2
      failed=1
      break
    fi
  done
  printf '%-18s %8d %14d %8d\n' "$t" $((SECONDS - start)) "$execs" "$found"
  [ "$found" -eq 0 ] || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: findings in $crashes/ (logs in $run/):" >&2
  # Each input's first bytes, escaped (the full input is the file).
  find "$crashes" -type f ! -name 'slow-unit-*' -print0 | sort -z |
    xargs -0 -r /usr/bin/python3 -c '
import sys
for f in sys.argv[1:]:
    data = open(f, "rb").read()[:160]
    print(f"  {f}: {data!r}", file=sys.stderr)'
  exit 1
fi
