#!/usr/bin/env bash
# Browser test of viz/replay_html.py: runs a 6-hour liquid_lib simulation (26 stations) into a
# temporary folder, writes its replay page and checks it in Debian's headless Chromium with
# replay_test.js (puppeteer-core; no browser is downloaded). Installs node_modules from
# package-lock.json first if they are missing.
# Usage: tests/browser/run.sh CELLTWIN_BINARY SOURCE_DIR [SCREENSHOT_PNG]
# (the screenshot goes into the temporary folder, removed at the end, unless SCREENSHOT_PNG is given)
# Prints "1 passed, 0 failed" or "0 passed, 1 failed" last; exits non-zero on failure.
set -uo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 CELLTWIN_BINARY SOURCE_DIR [SCREENSHOT_PNG]" >&2
  exit 2
fi
fail() {
  echo "FAIL: $*"
  echo "0 passed, 1 failed"
  exit 1
}
[ -x "$1" ] || fail "no celltwin binary at $1"
[ -f "$2/viz/replay_html.py" ] || fail "no viz/replay_html.py under $2"
bin=$(realpath "$1")  # absolute: the simulation runs with SOURCE_DIR as working directory
src=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium (apt-get install chromium; scripts/setup.sh does)"
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot=${3:-$tmp/replay.png}

(cd "$src" && "$bin" run configs/lines/liquid_lib.yaml --out "$tmp/run" -q --set horizon_h=6) \
  || fail "celltwin run liquid_lib exited $?"
/usr/bin/python3 "$src/viz/replay_html.py" "$tmp/run" --out "$tmp/replay.html" \
  || fail "replay_html.py exited $?"

if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund) || fail "npm ci exited $?"
fi
PUPPETEER_SKIP_DOWNLOAD=1 node "$here/replay_test.js" "$tmp/replay.html" "$tmp/run/line.json" "$shot" \
  || fail "replay_test.js failed"
echo "1 passed, 0 failed"
