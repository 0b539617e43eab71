#!/usr/bin/env bash
# Refreshes the golden files of every runnable config (tests/golden/, see scripts/golden.py).
# Run it on purpose only, when a change is meant to move results; say which and why in the commit.
# Usage: scripts/update-golden.sh [CONFIG.yaml ...]   (default: every runnable config)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target celltwin
if [ $# -gt 0 ]; then configs=("$@"); else mapfile -t configs < <(/usr/bin/python3 scripts/golden.py list); fi
printf '%s\n' "${configs[@]}" |
  xargs -P "$(nproc)" -I{} /usr/bin/python3 scripts/golden.py update build/celltwin {}
/usr/bin/python3 scripts/golden.py orphans
