#!/usr/bin/env bash
# Pastes the output of `celltwin schema` (the config reference, generated from the parameter
# tables) between the schema markers of README.md. tests/test_cli.cpp checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/celltwin ] || { echo "readme-reference: build first (scripts/setup.sh)" >&2; exit 2; }
build/celltwin schema > build/schema.md
/usr/bin/python3 - <<'PY'
ref = open("build/schema.md").read().rstrip("\n") + "\n"
text = open("README.md").read()
begin, end = "<!-- schema:begin -->\n", "<!-- schema:end -->"
a, b = text.index(begin) + len(begin), text.index(end)
open("README.md", "w").write(text[:a] + ref + text[b:])
PY
