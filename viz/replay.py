#!/usr/bin/env python3
"""Replay a celltwin run folder into PNG figures.

Reads only OUT_DIR/events.csv (streamed line by line, never loaded whole), line.json and
results.json, and writes into FIG_DIR (default: OUT_DIR):
  machine_states.png  Gantt-style machine-state timeline, one lane per machine (at most
                      --max-lanes per station), grouped by station, over [--from-h, --to-h]
  wip.png             units in the line and cumulative good output over the same window
  state_shares.png    stacked bar per station of the state shares in results.json
Timelines are accumulated into BINS time columns, so memory and drawing do not grow with the run;
a lane shows per column the state its machine spent most of that column in. --check-shares
recomputes per-station state shares from events.csv over the measured window [warmup_s,
warmup_s + horizon_s] and exits 1 if any differs from results.json by more than 0.01.
Exit status: 0 success, 1 shares disagree or matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sys
from itertools import accumulate

from runlog import BUSY, IDLE, STATES, InputError, Run, State

COLOURS = ("#2ca02c", "#d9d9d9", "#ff7f0e", "#d62728", "#1f77b4")
BINS, TOLERANCE = 1000, 0.01


class Replay:
    """Machine states and WIP rebuilt from the event stream (runlog's rules, the KPI
    collector's), from the snapshot before the window, per BINS equal columns over [t0, t1]."""

    def __init__(self, run, t0, t1, max_lanes):
        self.run, self.machines = run, run.machines
        self.warmup_s, self.end_s, self.t0, self.t1 = run.warmup_s, run.end_s, t0, t1
        self.width, self.h0, self.h1 = (t1 - t0) / BINS, t0 / 3600, t1 / 3600
        self.measured = {name: [0.0] * 5 for name in self.machines}  # seconds in the window
        self.snapshot = run.snapshot_before(t0)
        self.state = State(run, self.snapshot)
        self.since = {name: [self.state.time_s] * n for name, n in self.machines.items()}
        self.lanes = []   # (station, per-column seconds in each state, 5 per column)
        self.lane_of = {}
        for name, n in self.machines.items():
            for m in range(min(n, max_lanes)):
                self.lanes.append((name, [0.0] * (BINS * 5)))
                self.lane_of[(name, m)] = self.lanes[-1][1]
        self.wip_since = self.state.time_s
        self.wip_measured_area = 0.0  # cell equivalents x s within the measured window
        self.good = self.good_before = 0.0
        inf = float("inf")
        self.wip_area, self.wip_lo, self.wip_hi = [0.0] * BINS, [inf] * BINS, [-inf] * BINS
        self.good_at = [None] * BINS  # cumulative good output at the last exit in each column

    def bin(self, t):
        return min(int((t - self.t0) / self.width), BINS - 1)

    def add(self, acc, stride, k, value, a, b):
        """Spreads value x overlap of [a, b) with each column into acc[column * stride + k]."""
        if b <= self.t0 or a >= self.t1 or b <= a:
            return
        a, b, w = max(a, self.t0), min(b, self.t1), self.width
        i, j = self.bin(a), self.bin(b)
        if i == j:
            acc[i * stride + k] += value * (b - a)
            return
        acc[i * stride + k] += value * (self.t0 + (i + 1) * w - a)
        for m in range(i + 1, j):
            acc[m * stride + k] += value * w
        acc[j * stride + k] += value * (b - self.t0 - j * w)

    def close_state(self, station, machine, old, t):
        since = self.since[station][machine]
        lane = self.lane_of.get((station, machine))
        if lane is not None:
            self.add(lane, 5, old, 1.0, since, t)
        overlap = min(t, self.end_s) - max(since, self.warmup_s)
        if overlap > 0:
            self.measured[station][old] += overlap
        self.since[station][machine] = t

    def close_wip(self, old, new, t):
        self.add(self.wip_area, 1, 0, old, self.wip_since, t)
        self.wip_measured_area += old * max(0.0, min(t, self.end_s) - max(self.wip_since,
                                                                          self.warmup_s))
        if self.t0 <= t <= self.t1:  # old was held up to t, inside column i
            i = self.bin(t)
            self.wip_lo[i] = min(self.wip_lo[i], old, new)
            self.wip_hi[i] = max(self.wip_hi[i], old, new)
        self.wip_since = t

    def read(self):
        st = self.state
        for row in self.run.rows(self.snapshot, self.t1):
            t, event, q = row[1], row[4], row[7]
            old_wip = st.wip
            change = st.apply(row)
            if change is not None:
                self.close_state(change[0], change[1], change[2], t)
            if st.wip != old_wip:
                self.close_wip(old_wip, st.wip, t)
            if event == "exit":
                self.good += q
                if t < self.t0:
                    self.good_before = self.good
                else:
                    self.good_at[self.bin(t)] = self.good
        for station, tracks in st.machines.items():
            for m, (state, _) in enumerate(tracks):
                self.close_state(station, m, state, self.t1)
        self.close_wip(st.wip, st.wip, self.t1)


def save(fig, axes, path):
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.savefig(path, dpi=100, bbox_inches="tight")


def plot_states(Figure, rp, line, title, path):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    warm_h = rp.warmup_s / 3600
    image = [[max(range(5), key=lambda k: lane[5 * i + k]) for i in range(BINS)]
             for _, lane in rp.lanes]
    ax = Figure(figsize=(12, min(40, 2.2 + 0.35 * len(image)))).subplots()
    ax.imshow(image, aspect="auto", interpolation="nearest", cmap=ListedColormap(COLOURS),
              vmin=0, vmax=4, extent=(rp.h0, rp.h1, len(image), 0))
    ticks, labels, row = [], [], 0
    for s in line["stations"]:
        shown, n = sum(1 for name, _ in rp.lanes if name == s["name"]), int(s["machines"])
        ticks.append(row + shown / 2)
        labels.append(s["name"] + (f"\n({shown} of {n} machines)" if shown < n else
                                   f"\n({n} machines)" if n > 1 else ""))
        ax.hlines(range(row + 1, row + shown), rp.h0, rp.h1, colors="white", linewidth=0.6)
        row += shown
        ax.axhline(row, color="black", linewidth=1.2)
    ax.set_yticks(ticks, labels)
    handles = [Patch(color=c, label=s) for s, c in zip(STATES, COLOURS)]
    if rp.h0 < warm_h < rp.h1:
        handles.append(ax.axvline(warm_h, color="black", linestyle="--", label="end of warm-up"))
    ax.set_xlabel(f"simulated time (h); a column ({rp.width:.3g} s) shows the machine's main state")
    ax.set_ylabel("station (one lane per machine)")
    ax.set_title(f"Machine states, {title}, {rp.h0:g} to {rp.h1:g} h")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), title="state")
    ax.figure.savefig(path, dpi=100, bbox_inches="tight")


def plot_wip(Figure, rp, results, title, path):
    warm_h = rp.warmup_s / 3600
    hours = [(rp.t0 + (i + 0.5) * rp.width) / 3600 for i in range(BINS)]
    mean = [a / rp.width for a in rp.wip_area]
    good = list(accumulate(rp.good_at, lambda c, g: c if g is None else g,
                           initial=rp.good_before))[1:]
    fig = Figure(figsize=(12, 7))
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.fill_between(hours, [min(x, m) for x, m in zip(rp.wip_lo, mean)],
                     [max(x, m) for x, m in zip(rp.wip_hi, mean)],
                     step="mid", color="#9ecae1", label=f"min to max within {rp.width:.3g} s")
    top.plot(hours, mean, drawstyle="steps-mid", color="#08519c", lw=1, label="time-weighted mean")
    if max(rp.h0, warm_h) < rp.h1:
        top.hlines(results["kpis"]["wip_mean"], max(rp.h0, warm_h), rp.h1, colors="black",
                   linestyles="--", label="results.json wip_mean (measured window)")
    top.set_ylabel("units in the line (WIP)")
    top.set_title(f"Work in progress and good output, {title}, {rp.h0:g} to {rp.h1:g} h")
    ends = [(rp.t0 + (i + 1) * rp.width) / 3600 for i in range(BINS - 1)] + [rp.h1]
    bottom.plot(ends, good, drawstyle="steps-pre", color="#238b45",
                label="cumulative good output since t = 0")
    bottom.set_ylabel("good units (cumulative)")
    bottom.set_xlabel("simulated time (h)")
    bottom.set_xlim(rp.h0, rp.h1)
    for ax in (top, bottom):
        if rp.h0 < warm_h < rp.h1:
            ax.axvline(warm_h, color="grey", linestyle=":", linewidth=1.5, label="end of warm-up")
    save(fig, (top, bottom), path)


def plot_shares(Figure, line, results, title, path):
    names, sim = [s["name"] for s in line["stations"]], results["sim"]
    ax = Figure(figsize=(max(6, 1.1 * len(names) + 3), 5)).subplots()
    bottom = [0.0] * len(names)
    for state, colour in zip(STATES, COLOURS):
        share = [results["stations"][n]["state_share"][state] for n in names]
        bars = ax.bar(names, share, bottom=bottom, color=colour, label=state, edgecolor="white")
        ax.bar_label(bars, [f"{s:.0%}" if s >= 0.05 else "" for s in share], label_type="center",
                     fontsize=8)
        bottom = [b + s for b, s in zip(bottom, share)]
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    ax.set_ylabel("share of measured time (mean over machines)")
    ax.set_xlabel("station")
    w0, w1 = sim["warmup_s"] / 3600, (sim["warmup_s"] + sim["horizon_s"]) / 3600
    ax.set_title(f"Machine state shares, {title}\nmeasured window {w0:g} to {w1:g} h "
                 "(results.json)")
    ax.tick_params(axis="x", labelrotation=45 if len(names) > 6 else 0)
    save(ax.figure, [ax], path)


def check_shares(rp, results):
    """State shares over the measured window, mean over machines, against results.json."""
    horizon, worst = rp.end_s - rp.warmup_s, 0.0
    for name, n in rp.machines.items():
        secs, theirs = list(rp.measured[name]), results["stations"][name]["state_share"]
        for k, state in enumerate(STATES):
            mine = secs[k] / (n * horizon) if horizon > 0 else 0.0
            diff = abs(mine - theirs[state])
            worst = max(worst, diff)
            print(f"share {name} {state} events={mine:.6f} results={theirs[state]:.6f} "
                  f"diff={diff:.6f} {'ok' if diff <= TOLERANCE else 'MISMATCH'}")
    print(f"shares: largest difference {worst:.6f} (tolerance {TOLERANCE})")
    return worst <= TOLERANCE


def check_wip(rp, results):
    """The time-weighted mean of the WIP curve over the measured window against kpis.wip_mean
    (both in cell equivalents; equal up to rounding)."""
    horizon = rp.end_s - rp.warmup_s
    mine = rp.wip_measured_area / horizon if horizon > 0 else 0.0
    theirs = float(results["kpis"]["wip_mean"])
    ok = abs(mine - theirs) <= 1e-6 * max(1.0, abs(theirs))
    print(f"wip_mean events={mine:.6f} results={theirs:.6f} {'ok' if ok else 'MISMATCH'}")
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", metavar="OUT_DIR", help="celltwin run folder")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNGs (default: OUT_DIR)")
    ap.add_argument("--from-h", type=float,
                    help="window start, simulated h from t = 0 (default: the log's start)")
    ap.add_argument("--to-h", type=float, help="window end, simulated h (default: the log's end)")
    ap.add_argument("--max-lanes", type=int, default=10, help="lanes per station (default 10)")
    ap.add_argument("--check-shares", action="store_true",
                    help="exit 1 if shares from events.csv and results.json differ by > 0.01")
    ap.add_argument("--check", action="store_true",
                    help="--check-shares, and exit 1 unless the WIP curve's time-weighted mean "
                         "over the measured window equals results.json kpis.wip_mean")
    args = ap.parse_args(argv)
    try:
        from matplotlib.figure import Figure
    except ImportError:
        print(f"replay: {sys.executable} cannot import matplotlib; install python3-matplotlib "
              "(scripts/setup.sh does)", file=sys.stderr)
        return 1
    try:
        run = Run(args.out_dir)
        run.need_log()
        line, results = run.line, run.results
        t0 = run.log_from_s if args.from_h is None else args.from_h * 3600
        t1 = run.log_to_s if args.to_h is None else min(args.to_h * 3600, run.log_to_s)
        if not run.log_from_s <= t0 < t1:
            raise InputError(f"empty window {t0 / 3600:g} to {t1 / 3600:g} h (the event log "
                             f"spans {run.log_from_s / 3600:g} to {run.log_to_s / 3600:g} h)")
        if (args.check_shares or args.check) and not (t0 <= run.warmup_s and t1 >= run.end_s):
            raise InputError("--check-shares needs the window to cover the measured window "
                             f"{run.warmup_s / 3600:g} to {run.end_s / 3600:g} h")
        if args.max_lanes < 1:
            raise InputError(f"--max-lanes must be at least 1 (got {args.max_lanes})")
        rp = Replay(run, t0, t1, args.max_lanes)
        rp.read()
    except InputError as e:
        print(f"replay: {e}", file=sys.stderr)
        return 2
    fig_dir = args.out or args.out_dir
    os.makedirs(fig_dir, exist_ok=True)
    title = run.title()
    plot_states(Figure, rp, line, title, os.path.join(fig_dir, "machine_states.png"))
    plot_wip(Figure, rp, results, title, os.path.join(fig_dir, "wip.png"))
    plot_shares(Figure, line, results, title, os.path.join(fig_dir, "state_shares.png"))
    print(f"replay: wrote machine_states.png, wip.png, state_shares.png to {fig_dir}")
    ok = True
    if args.check_shares or args.check:
        ok = check_shares(rp, results) and ok
    if args.check:
        ok = check_wip(rp, results) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
