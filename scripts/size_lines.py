#!/usr/bin/python3
"""Sizes the reference lines by one rule (`celltwin size`) and writes the counts into them.

Each line of configs/lines/ is sized for the same target (default 2 GWh/yr, confidence 0.9, the
command's defaults otherwise), bases before the lines that patch them, so a patch is sized on
its sized base. Every count that changes is written into the line's own file, where the file
sets it (a station's `machines:` line), or else into its `patch: modify:` block, with the
derivation as its `source:`. The search of each line stays in out/size/<line>_sized.json.
A deliberate update, like scripts/update-golden.sh: run it, then refresh the goldens.

usage: /usr/bin/python3 scripts/size_lines.py [--target-gwh 2] [--confidence 0.9] [LINE ...]
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINES = ROOT / "configs" / "lines"


def base_of(path):
    m = re.search(r"^base:\s*[\"']?([^\"'\s#]+)", path.read_text(), re.MULTILINE)
    return m.group(1).removesuffix(".yaml") if m else None


def in_base_order(names):
    """Every line after the line it patches."""
    done, order = set(), []

    def visit(name):
        if name in done:
            return
        base = base_of(LINES / f"{name}.yaml")
        if base and base in names:
            visit(base)
        done.add(name)
        order.append(name)

    for n in names:
        visit(n)
    return order


def machines_line(indent, count, source):
    return f'{" " * indent}machines: {{value: {count}, source: "{source}"}}'


def block_end(lines, start, indent):
    """The first line after `start` indented `indent` or less (blank and comment lines skipped)."""
    i = start + 1
    while i < len(lines):
        text = lines[i]
        if text.strip() and not text.lstrip().startswith("#"):
            if len(text) - len(text.lstrip()) <= indent:
                return i
        i += 1
    return i


def set_count(text, station, count, source):
    """`text` with `station`'s machine count set where the file sets it, or in patch.modify."""
    lines = text.split("\n")
    quoted = f"[\"']?{re.escape(station)}[\"']?"
    # 1. patch: modify: STATION: (indent 4)
    for i, line in enumerate(lines):
        if re.fullmatch(rf"    {quoted}:\s*(#.*)?", line):
            end = block_end(lines, i, 4)
            for j in range(i + 1, end):
                if re.match(r"      machines:", lines[j]):
                    lines[j] = machines_line(6, count, source)
                    return "\n".join(lines)
            lines.insert(i + 1, machines_line(6, count, source))
            return "\n".join(lines)
    # 2. A station the file defines: `- name: STATION` or `name: STATION`.
    for i, line in enumerate(lines):
        m = re.fullmatch(rf"(\s*)(- )?name:\s*{quoted}\s*(#.*)?", line)
        if not m:
            continue
        key_indent = len(m.group(1)) + (2 if m.group(2) else 0)
        end = block_end(lines, i, key_indent - 1)
        for j in range(i + 1, end):
            if re.match(rf"{' ' * key_indent}machines:", lines[j]):
                lines[j] = machines_line(key_indent, count, source)
                return "\n".join(lines)
        lines.insert(i + 1, machines_line(key_indent, count, source))
        return "\n".join(lines)
    # 3. Inherited and not modified yet: a new entry of patch: modify:.
    for i, line in enumerate(lines):
        if re.fullmatch(r"  modify:\s*(#.*)?", line):
            lines[i + 1:i + 1] = [f"    {station}:", machines_line(6, count, source)]
            return "\n".join(lines)
    for i, line in enumerate(lines):
        if re.fullmatch(r"patch:\s*(#.*)?", line):
            lines[i + 1:i + 1] = ["  modify:", f"    {station}:", machines_line(6, count, source)]
            return "\n".join(lines)
    sys.exit(f"size_lines: {station}: no place for its count in the file")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lines", nargs="*", help="line names (default: every file in configs/lines)")
    ap.add_argument("--target-gwh", type=float, default=2.0)
    ap.add_argument("--confidence", type=float, default=0.9)
    ap.add_argument("--celltwin", default=str(ROOT / "build" / "celltwin"))
    args = ap.parse_args()
    names = args.lines or sorted(p.stem for p in LINES.glob("*.yaml"))
    for name in in_base_order(names):
        path = LINES / f"{name}.yaml"
        out = ROOT / "out" / "size" / f"{name}_sized.yaml"
        command = [args.celltwin, "size", str(path.relative_to(ROOT)), "--target-gwh",
                   str(args.target_gwh), "--confidence", str(args.confidence), "--out",
                   str(out.relative_to(ROOT)), "-q"]
        print(f"size_lines: {' '.join(command[1:])}", file=sys.stderr, flush=True)
        subprocess.run(command, cwd=ROOT, check=True)
        report = json.loads(out.with_suffix(".json").read_text())
        text = path.read_text()
        changed = []
        for s in report["stations"]:
            if s["machines_sized"] == s["machines_given"]:
                continue
            source = (f"derived: celltwin size (scripts/size_lines.py, {args.target_gwh:g} GWh/yr at "
                      f"confidence {args.confidence:g}): work {s['work_machines_per_unit']:.4g} "
                      f"machines per GWh/yr, floor {s['machines_floor']}, first order "
                      f"{s['machines_first_order']}; was {s['machines_given']} by hand")
            text = set_count(text, s["name"], s["machines_sized"], source)
            changed.append(f"{s['name']} {s['machines_given']}->{s['machines_sized']}")
        path.write_text(text)
        subprocess.run([args.celltwin, "validate", str(path.relative_to(ROOT))], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"size_lines: {name}: {', '.join(changed) or 'no change'}; "
              f"{report['sized']['output_mean']:.4g} GWh/yr (lower bound "
              f"{report['sized']['lower_bound']:.4g}), capex {report['capex_given_usd'] / 1e6:.1f} "
              f"-> {report['capex_sized_usd'] / 1e6:.1f} M USD", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
