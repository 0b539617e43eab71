#!/usr/bin/env bash
# Configures build-fuzz/: clang, ASan + UBSan on everything, fuzzer coverage on every object
# (CELLTWIN_FUZZ=ON). One build serves both scripts/sanitize.sh (the whole test suite) and
# scripts/fuzz.sh (the libFuzzer targets), so CI compiles the sanitized code once.
# -gline-tables-only: reports keep file:line at a fraction of full debug info's build time.
set -euo pipefail
cd "$(dirname "$0")/../.."
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
  -DCELLTWIN_FUZZ=ON >/dev/null
