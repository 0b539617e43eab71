"""Reading a celltwin run folder: line.json, results.json, run.json, events.csv and its snapshot
index events.index.jsonl. Shared by the viz scripts; Python standard library only.

The replay rules are the KPI collector's (README "Event log"):
  machine state: start/assemble -> busy, setup -> setup, finish/unblocked -> idle,
                 blocked -> blocked, fail -> down, repair -> the state before the fail;
  line WIP (cell equivalents, as kpis.wip_mean): + quantity x weight on release, assemble and
                 convert, - on consume, scrap and exit (weights: line.json
                 cell_equivalents_per_unit, kinds not named count 1);
  waiting at a station (cell equivalents): + on arrive, - on start, - on consume with a
                 related_lot (assembly using up its stock).
A reader starts at the last snapshot at or before its window and seeks there, so it reads the
window and at most one snapshot interval before it, whatever the size of the log.
"""
import csv
import json
import os

STATES = ("busy", "idle", "blocked", "down", "setup")
BUSY, IDLE, BLOCKED, DOWN, SETUP = range(5)
NEW_STATE = {"start": BUSY, "assemble": BUSY, "setup": SETUP, "finish": IDLE,
             "blocked": BLOCKED, "unblocked": IDLE, "fail": DOWN, "repair": None}  # None: pre-fail
LINE_SIGN = {"release": 1, "assemble": 1, "convert": 1, "consume": -1, "scrap": -1, "exit": -1}
COLUMNS = "time_s,station,machine,event,lot,kind,quantity,related_lot"
CODE = {"b": BUSY, "i": IDLE, "k": BLOCKED, "s": SETUP}


class InputError(Exception):
    """Missing or malformed input (exit status 2)."""


def open_input(path, mode="r"):
    try:
        return open(path, mode, encoding=None if "b" in mode else "utf-8",
                    newline=None if "b" in mode else "")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None


def load_json(path):
    with open_input(path) as f:
        try:
            return json.load(f)
        except ValueError as e:
            raise InputError(f"{path}: not valid JSON ({e})") from None


def decode_machines(codes):
    """Snapshot letters -> [state, state before the fail] per machine."""
    out = []
    for c in codes:
        if c in CODE:
            out.append([CODE[c], BUSY])
        elif c.lower() in CODE:
            out.append([DOWN, CODE[c.lower()]])
        else:
            raise InputError(f"unknown machine state letter {c!r} in events.index.jsonl")
    return out


class Run:
    """A run folder: its line, results, run info and event log window."""

    def __init__(self, folder):
        self.folder = folder
        self.line = load_json(os.path.join(folder, "line.json"))
        self.results = load_json(os.path.join(folder, "results.json"))
        self.info = load_json(os.path.join(folder, "run.json"))
        try:
            self.stations = [s["name"] for s in self.line["stations"]]
            self.machines = {s["name"]: int(s["machines"]) for s in self.line["stations"]}
            self.weights = dict(self.line.get("cell_equivalents_per_unit", {}))
            self.warmup_s = float(self.results["sim"]["warmup_s"])
            self.end_s = self.warmup_s + float(self.results["sim"]["horizon_s"])
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"{folder}: line.json or results.json lacks {e}") from None
        log = self.info.get("event_log")
        self.log = log
        if log is not None:
            self.log_from_s, self.log_to_s = float(log["from_s"]), float(log["to_s"])

    def title(self):
        return f"{self.line.get('scenario', '?')} (seed {self.results.get('seed', '?')})"

    def need_log(self):
        if self.log is None:
            raise InputError(f"{self.folder}: the run wrote no event log (run.json has no "
                             "event_log; rerun without --events none)")
        for name in ("events.csv", "events.index.jsonl"):
            if not os.path.exists(os.path.join(self.folder, name)):
                raise InputError(f"cannot read {os.path.join(self.folder, name)}: missing")

    def window(self, from_h, to_h):
        """[t0, t1] in s: the log's window, narrowed by --from-h/--to-h (None: not given)."""
        self.need_log()
        t0 = self.log_from_s if from_h is None else from_h * 3600
        t1 = self.log_to_s if to_h is None else min(to_h * 3600, self.log_to_s)
        if not self.log_from_s <= t0 < t1:
            raise InputError(f"empty window {t0 / 3600:g} to {t1 / 3600:g} h (the event log "
                             f"spans {self.log_from_s / 3600:g} to {self.log_to_s / 3600:g} h)")
        return t0, t1

    def snapshot_before(self, t_s):
        """The last snapshot at or before t_s (the first one if t_s is before it)."""
        self.need_log()
        path = os.path.join(self.folder, "events.index.jsonl")
        chosen = None
        with open_input(path) as f:
            for n, text in enumerate(f, start=1):
                try:
                    snap = json.loads(text)
                    float(snap["time_s"]), int(snap["offset"])
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{path}:{n}: not a snapshot line") from None
                if chosen is None or snap["time_s"] <= t_s:
                    chosen = snap
                else:
                    break
        if chosen is None:
            raise InputError(f"{path}: no snapshot")
        if len(chosen["machines"]) != len(self.stations):
            raise InputError(f"{path}: {len(chosen['machines'])} stations, line.json has "
                             f"{len(self.stations)}")
        return chosen

    def rows(self, snapshot, to_s):
        """Rows of events.csv from the snapshot's offset up to to_s: (line number or None, time,
        station, machine, event, lot, kind, quantity, related_lot)."""
        path = os.path.join(self.folder, "events.csv")
        with open_input(path, "rb") as f:
            header = f.readline().decode("utf-8", "replace").rstrip("\r\n")
            if header != COLUMNS:
                raise InputError(f"{path}:1: expected header '{COLUMNS}', got '{header}'")
            start = int(snapshot["offset"])
            f.seek(start)
            first = 2 if start <= len(header) + 1 else None  # line numbers only from the top
            last = -1.0
            for n, raw in enumerate(f, start=first or 0):
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                # Quoted fields (names with commas or quotes) are rare: the csv module for those.
                p = line.split(",") if '"' not in line else next(csv.reader([line]))
                try:
                    t = float(p[0])
                    if len(p) != 8 or t < last:
                        raise ValueError
                    row = (t, p[1], int(p[2]), p[3], int(p[4]), p[5], float(p[6]),
                           int(p[7]) if p[7] else 0)
                except (ValueError, IndexError):
                    where = f"{path}:{n}" if first else f"{path} (byte {start}+)"
                    raise InputError(f"{where}: bad or out-of-order row {line!r}") from None
                if t > to_s:
                    return
                last = t
                yield (n if first else None,) + row


class State:
    """Machine states, line WIP and waiting stock, moved by rows from a snapshot on."""

    def __init__(self, run, snapshot):
        self.run = run
        self.time_s = float(snapshot["time_s"])
        self.machines = {name: decode_machines(codes)
                         for name, codes in zip(run.stations, snapshot["machines"])}
        self.wip = float(snapshot["wip_cell_eq"])
        self.waiting = dict(zip(run.stations, map(float, snapshot["waiting_cell_eq"])))

    def weight(self, kind):
        return float(self.run.weights.get(kind, 1.0))

    def apply(self, row):
        """Applies one row; returns (station, machine, old state, new state) for a machine
        change, else None."""
        _, t, station, machine, event, _, kind, q, related = row
        self.time_s = t
        change = None
        if event in NEW_STATE and machine >= 0:
            try:
                m = self.machines[station][machine]
            except (KeyError, IndexError):
                raise InputError(f"machine {machine} of {station!r} is not in line.json") from None
            new = NEW_STATE[event]
            if event == "fail":
                m[1] = m[0]
            old, m[0] = m[0], m[1] if new is None else new
            change = (station, machine, old, m[0])
        sign = LINE_SIGN.get(event, 0)
        if sign:
            self.wip += sign * q * self.weight(kind)
        if event == "arrive" or event == "start" or (event == "consume" and related):
            if station not in self.waiting:
                raise InputError(f"station {station!r} is not in line.json")
            self.waiting[station] += (1 if event == "arrive" else -1) * q * self.weight(kind)
        return change
