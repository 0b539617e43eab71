#!/usr/bin/env bash
# Rewrites the README's scenario reference from `celltwin schema` (the deliberate update
# command for the test Cli.ReadmeReferenceMatchesSchema).
set -euo pipefail
cd "$(dirname "$0")/.."
build/celltwin schema > build/schema.md
/usr/bin/python3 - <<'PY'
import re
readme = open("README.md").read()
schema = open("build/schema.md").read().rstrip("\n") + "\n"
begin, end = "<!-- schema:begin -->\n", "<!-- schema:end -->"
i, j = readme.index(begin) + len(begin), readme.index(end)
open("README.md", "w").write(readme[:i] + schema + readme[j:])
PY
echo "README.md reference updated"
