#!/usr/bin/env bash
# Installs celltwin's Debian packages, builds it, and compares the shipped reference lines.
# Idempotent and non-interactive; safe to run again after a pull.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libsimgrid-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
          libcli11-dev nlohmann-json3-dev libgtest-dev libsqlite3-dev sqlite3 bc python3-matplotlib
          python3-jsonschema chromium
          slurm-wlm munge clang libclang-rt-14-dev libomp-dev)
# The browser test drives Debian's chromium with npm's puppeteer-core (Node.js from Debian when
# the machine has none).
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The browser test's node modules, exactly as locked (no browser download).
if [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  (cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) >&2
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

# The main job: every shipped line side by side (cells/h, GWh/yr, yield, cost per Wh).
if [ "${CELLTWIN_SETUP_NO_RUN:-0}" != "1" ]; then
  build/celltwin compare configs/lines/*.yaml --out out/compare
fi
