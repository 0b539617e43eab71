#!/usr/bin/python3
"""Golden tests of the shipped configs (SimGrid's .tesh per example, OMNeT++'s fingerprints).

Every YAML under configs/ with a top-level `scenario:` key is a runnable scenario. Its golden
file, tests/golden/<path under configs>.json, holds what one short run of it gives: the run is
`celltwin run CONFIG --set horizon_h=24` (24 measured hours after the scenario's own warm-up,
with its own seed), and the file keeps every number of results.json rounded to 6 significant
digits plus the SHA-256 of events.csv and events.index.jsonl (the event log's fingerprint;
the default window, the measured one).

  golden.py list                       runnable configs, one per line
  golden.py check  CELLTWIN CONFIG     exit 1 with the differences if the run moved
  golden.py update CELLTWIN CONFIG     rewrite the golden file (on purpose only)
  golden.py orphans                    golden files whose config is gone (exit 1 if any)
"""
import hashlib
import json
import math
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
GOLDEN = ROOT / "tests" / "golden"
HORIZON_H = 24
DIGITS = 6  # significant digits kept of every number


def runnable(path):
    with open(path, encoding="utf-8") as f:
        return any(line.startswith("scenario:") for line in f)


def configs():
    return sorted(p for p in CONFIGS.rglob("*.yaml") if runnable(p))


def golden_path(config):
    rel = pathlib.Path(config).resolve().relative_to(CONFIGS)
    return GOLDEN / rel.with_suffix(".json")


def rounded(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        if value == 0 or not math.isfinite(value):
            return value
        return float(f"{value:.{DIGITS}g}")
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return {k: rounded(v) for k, v in value.items()}


def fingerprint(celltwin, config):
    with tempfile.TemporaryDirectory(prefix="celltwin_golden_") as tmp:
        out = pathlib.Path(tmp) / "run"
        # Relative to the repository, as users run it: results.json names the files it read.
        rel = pathlib.Path(config).resolve().relative_to(ROOT)
        cmd = [celltwin, "run", str(rel), "--out", str(out), "--set", f"horizon_h={HORIZON_H}", "-q"]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"golden: {' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
        shas = {}
        for name in ("events.csv", "events.index.jsonl"):
            sha = hashlib.sha256()
            with open(out / name, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    sha.update(block)
            shas[name] = sha.hexdigest()
        results = json.loads((out / "results.json").read_text())
    return {
        "config": str(rel),
        "run": f"celltwin run CONFIG --set horizon_h={HORIZON_H}",
        "precision": f"{DIGITS} significant digits",
        "events_sha256": shas["events.csv"],
        "events_index_sha256": shas["events.index.jsonl"],
        "results": rounded(results),
    }


def differences(expected, actual, path=""):
    if type(expected) is not type(actual):
        return [f"{path or '.'}: {json.dumps(expected)} -> {json.dumps(actual)}"]
    if isinstance(expected, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                out.append(f"{sub}: removed")
            elif key not in expected:
                out.append(f"{sub}: added")
            else:
                out += differences(expected[key], actual[key], sub)
        return out
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} -> {len(actual)} entries"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += differences(e, a, f"{path}[{i}]")
        return out
    return [] if expected == actual else [f"{path}: {json.dumps(expected)} -> {json.dumps(actual)}"]


def main(argv):
    if len(argv) >= 1 and argv[0] == "list":
        for c in configs():
            print(c.relative_to(ROOT))
        return 0
    if len(argv) >= 1 and argv[0] == "orphans":
        wanted = {golden_path(c) for c in configs()}
        orphans = [p for p in GOLDEN.rglob("*.json") if p not in wanted]
        for p in orphans:
            print(f"golden: {p.relative_to(ROOT)} has no runnable config; delete it or "
                  "run scripts/update-golden.sh")
        return 1 if orphans else 0
    if len(argv) != 3 or argv[0] not in ("check", "update"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, celltwin, config = argv
    target = golden_path(config)
    actual = fingerprint(celltwin, config)
    if mode == "update":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(actual, indent=1, sort_keys=False) + "\n")
        print(f"golden: wrote {target.relative_to(ROOT)}")
        return 0
    if not target.exists():
        print(f"golden: no golden file {target.relative_to(ROOT)} for {config}; "
              "run scripts/update-golden.sh and review the new file")
        return 1
    expected = json.loads(target.read_text())
    diff = differences(expected, actual)
    if diff:
        print(f"golden: {config} moved ({len(diff)} differences; if on purpose, "
              "run scripts/update-golden.sh and say why in the commit):")
        for line in diff[:60]:
            print("  " + line)
        if len(diff) > 60:
            print(f"  ... and {len(diff) - 60} more")
        return 1
    print(f"golden: {config} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
