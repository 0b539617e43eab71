#!/usr/bin/python3
"""celltwin export, re-read: the OCEL 2.0 file validates against the schema shipped in
docs/schemas and holds one event per row of the window with its objects and genealogy; the
Chrome trace's busy, setup, down and blocked spans add up to results.json's state shares and its
WIP counter's time-weighted mean is kpis.wip_mean; a later window is read from its snapshot, not
from the top of events.csv.

Usage: export_test.py CELLTWIN SOURCE_DIR. Prints "N passed, M failed" last; exit 1 on failure.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def rows_of(path, t0, t1):
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f) if t0 <= float(r["time_s"]) <= t1]


def main(celltwin, src):
    import jsonschema
    tmp = tempfile.mkdtemp(prefix="celltwin_export_")
    d = os.path.join(tmp, "run")
    run(celltwin, "run", os.path.join(src, "configs/lines/liquid_lib.yaml"), "--out", d, "-q",
        "--set", "horizon_h=6")
    results = json.load(open(os.path.join(d, "results.json")))
    line = json.load(open(os.path.join(d, "line.json")))
    warm = results["sim"]["warmup_s"]
    end = warm + results["sim"]["horizon_s"]
    rows = rows_of(os.path.join(d, "events.csv"), warm, end)

    # OCEL 2.0
    run(celltwin, "export", d, "--format", "ocel", "--out", os.path.join(tmp, "log.json"), "-q")
    ocel = json.load(open(os.path.join(tmp, "log.json")))
    schema = json.load(open(os.path.join(src, "docs/schemas/ocel20-schema-json.json")))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(ocel))
    check(not errors, f"OCEL validates against the OCEL 2.0 JSON schema ({len(errors)} errors)")
    check(len(ocel["events"]) == len(rows),
          f"one OCEL event per row of the window ({len(ocel['events'])} vs {len(rows)})")
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
    check(all(iso.match(e["time"]) for e in ocel["events"]), "event times are RFC 3339 UTC")
    ids = {o["id"] for o in ocel["objects"]}
    dangling = [r["objectId"] for e in ocel["events"] for r in e["relationships"]
                if r["objectId"] not in ids]
    dangling += [r["objectId"] for o in ocel["objects"] for r in o["relationships"]
                 if r["objectId"] not in ids]
    check(not dangling, f"every related object exists ({len(dangling)} missing)")
    types = {t["name"] for t in ocel["objectTypes"]}
    kinds = {r["kind"] for r in rows if r["kind"]}
    check(types == kinds | {"machine"}, "object types are the lot kinds and machine")
    check({t["name"] for t in ocel["eventTypes"]} == {r["event"] for r in rows},
          "event types are the events of the window")
    made = {(r["related_lot"], r["lot"]) for r in rows if r["event"] == "consume" and r["related_lot"]}
    made_from = {(o["id"].split(":")[1], rel["objectId"].split(":")[1])
                 for o in ocel["objects"] for rel in o["relationships"]
                 if rel["qualifier"] == "made from"}
    assembled = {r["lot"] for r in rows if r["event"] == "assemble"}
    expected = {pair for pair in made if pair[0] in assembled}
    check(expected <= made_from and len(expected) > 100,
          f"every consume into an assembled lot is a 'made from' relation ({len(expected)})")
    machines = sum(1 for o in ocel["objects"] if o["type"] == "machine")
    used = {(r["station"], r["machine"]) for r in rows if r["machine"] != "-1"}
    check(machines == len(used), f"one machine object per machine in the log ({machines})")

    # Chrome trace
    out = run(celltwin, "export", d, "--format", "chrome", "--out", os.path.join(tmp, "t.json"))
    trace = json.load(open(os.path.join(tmp, "t.json")))["traceEvents"]
    names = {e["pid"]: e["args"]["name"] for e in trace
             if e["ph"] == "M" and e["name"] == "process_name"}
    stations = [s["name"] for s in line["stations"]]
    check(len(names) == len(stations) + 1, "a process per station and one for the line")
    threads = sum(1 for e in trace if e["ph"] == "M" and e["name"] == "thread_name")
    check(threads == sum(int(s["machines"]) for s in line["stations"]), "a track per machine")
    horizon_us = (end - warm) * 1e6
    worst = 0.0
    for i, st in enumerate(line["stations"]):
        for state in ("busy", "setup", "down", "blocked"):
            total = sum(e["dur"] for e in trace
                        if e["ph"] == "X" and e["pid"] == i + 1 and e["name"] == state)
            share = total / (horizon_us * int(st["machines"]))
            worst = max(worst, abs(share - results["stations"][st["name"]]["state_share"][state]))
    check(worst < 1e-6, f"span durations give results.json's state shares (worst {worst:.2e})")
    wip = [(e["ts"], e["args"]["cell_eq"]) for e in trace  # in file (time) order
           if e["ph"] == "C" and e["pid"] == 0]
    area = sum(v * (min(t2, end * 1e6) - t1) for (t1, v), (t2, _) in
               zip(wip, wip[1:] + [(end * 1e6, 0)]))
    mean = area / horizon_us
    theirs = results["kpis"]["wip_mean"]
    check(abs(mean - theirs) <= 1e-6 * theirs,
          f"WIP counter's time-weighted mean is kpis.wip_mean ({mean:.6f} vs {theirs:.6f})")
    check(all(e["ph"] != "X" or e["dur"] >= 0 for e in trace), "no negative span")

    # A later window starts from its snapshot: fewer bytes read than the file holds before it.
    later = run(celltwin, "export", d, "--format", "chrome", "--from-h", str(warm / 3600 + 4),
                "--out", os.path.join(tmp, "late.json"))
    m = re.search(r"\((\d+) bytes of events.csv read from offset (\d+)\)", later)
    size = os.path.getsize(os.path.join(d, "events.csv"))
    check(m is not None and int(m.group(2)) > 0.5 * size and int(m.group(1)) < 0.5 * size,
          f"a window 4 h in seeks to its snapshot ({later.strip()})")
    late = json.load(open(os.path.join(tmp, "late.json")))["traceEvents"]
    t4 = (warm + 4 * 3600) * 1e6
    busy_late = sum(e["dur"] for e in late if e["ph"] == "X" and e["name"] == "busy")
    busy_full = sum(max(0, e["ts"] + e["dur"] - max(e["ts"], t4)) for e in trace
                    if e["ph"] == "X" and e["name"] == "busy")
    check(abs(busy_late - busy_full) <= 2 * sum(1 for e in late if e["ph"] == "X"),
          f"the later window's busy time is the full trace's clipped ({busy_late} vs {busy_full} us)")

    # Bad input: a run without a log.
    none = os.path.join(tmp, "none")
    run(celltwin, "run", os.path.join(src, "configs/examples/two_station.yaml"), "--out", none,
        "-q", "--set", "horizon_h=1", "--events", "none")
    done = subprocess.run([celltwin, "export", none, "--format", "ocel"], capture_output=True,
                          text=True)
    check(done.returncode == 2 and "wrote no event log" in done.stderr,
          f"a run without a log is bad input (exit {done.returncode}: {done.stderr.strip()})")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
