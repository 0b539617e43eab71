#!/usr/bin/env python3
"""Replay a celltwin run folder into PNG figures of its event log window.

Reads only OUT_DIR/events.csv (from the snapshot before the window, streamed), events.index.jsonl,
line.json, results.json and run.json; writes into FIG_DIR (default OUT_DIR):
  machine_states.png  one lane per station: the share of its machines in each state over time
                      (--expand STATION,... adds a lane per machine for those stations)
  wip.png             line WIP in cell equivalents (the unit of kpis.wip_mean, drawn dashed) and
                      the waiting stock per station
  output.png          cumulative good output and rolling throughput (--rolling-h)
  bottleneck.png      shifting bottleneck detection by active periods, over time and per station
  state_shares.png    stacked bar per station of the state shares in results.json
--check recomputes state shares and the WIP mean over the measured window and exits 1 if they
differ from results.json (shares by more than 0.01, the WIP mean beyond rounding).
Exit status: 0 success, 1 a check failed or matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import STATE_COLOURS, run_main, save  # noqa: E402
from runlog import BLOCKED, IDLE, STATES, InputError, Run, State  # noqa: E402

BINS, TOLERANCE = 1000, 0.01
COLOURS = [STATE_COLOURS[s] for s in STATES]


class Replay:
    """Per BINS equal columns of [t0, t1]: machine-seconds per station and state, WIP and waiting
    areas, exits; whole-run: measured-window state seconds and WIP area; active periods (no
    machine of the station idle or blocked) for the shifting bottleneck."""

    def __init__(self, run, t0, t1, expand, max_lanes):
        self.run, self.t0, self.t1 = run, t0, t1
        self.width = (t1 - t0) / BINS
        self.snapshot = run.snapshot_before(t0)
        self.state = State(run, self.snapshot)
        since = self.state.time_s
        self.since = {s: [since] * n for s, n in run.machines.items()}
        self.station_acc = {s: [0.0] * (BINS * 5) for s in run.stations}
        self.lanes = {(s, m): [0.0] * (BINS * 5) for s in expand
                      for m in range(min(run.machines[s], max_lanes))}
        self.measured = {s: [0.0] * 5 for s in run.stations}
        self.wip_since = since
        self.wip_area, self.wip_measured = [0.0] * BINS, 0.0
        self.waiting_since = {s: since for s in run.stations}
        self.waiting_area = {s: [0.0] * BINS for s in run.stations}
        self.exits = [0.0] * BINS
        self.inactive = {s: sum(1 for st, _ in self.state.machines[s] if st in (IDLE, BLOCKED))
                         for s in run.stations}
        self.active_from = {s: since if self.inactive[s] == 0 else None for s in run.stations}
        self.periods = {s: [] for s in run.stations}  # (start, end, station), in the window

    def col(self, t):
        return min(int((t - self.t0) / self.width), BINS - 1)

    def spread(self, acc, stride, k, value, a, b):
        """Adds value x overlap of [a, b) with each column to acc[column * stride + k]."""
        a, b = max(a, self.t0), min(b, self.t1)
        if b <= a:
            return
        i, j, w = self.col(a), self.col(b), self.width
        if i == j:
            acc[i * stride + k] += value * (b - a)
            return
        acc[i * stride + k] += value * (self.t0 + (i + 1) * w - a)
        for m in range(i + 1, j):
            acc[m * stride + k] += value * w
        acc[j * stride + k] += value * (b - self.t0 - j * w)

    def measured_overlap(self, a, b):
        return max(0.0, min(b, self.run.end_s) - max(a, self.run.warmup_s))

    def machine_change(self, station, m, old, new, t):
        a = self.since[station][m]
        self.spread(self.station_acc[station], 5, old, 1.0, a, t)
        if (station, m) in self.lanes:
            self.spread(self.lanes[(station, m)], 5, old, 1.0, a, t)
        self.measured[station][old] += self.measured_overlap(a, t)
        self.since[station][m] = t
        waiting = (IDLE, BLOCKED)
        before = self.inactive[station]
        self.inactive[station] += (new in waiting) - (old in waiting)
        if before == 0 and self.inactive[station] > 0:
            self.close_period(station, t)
        elif before > 0 and self.inactive[station] == 0:
            # A machine idle for no time (finished and restarted at one instant) does not end
            # the station's active period.
            mine = self.periods[station]
            if mine and mine[-1][1] == min(t, self.t1):
                self.active_from[station] = mine.pop()[0]
            else:
                self.active_from[station] = t

    def close_period(self, station, t):
        a = self.active_from[station]
        if a is not None and min(t, self.t1) > max(a, self.t0):
            self.periods[station].append((max(a, self.t0), min(t, self.t1), station))
        self.active_from[station] = None

    def read(self):
        st = self.state
        for row in self.run.rows(self.snapshot, self.t1):
            t, station, machine, event, q = row[1], row[2], row[3], row[4], row[7]
            wip, waiting = st.wip, st.waiting.get(station)
            change = st.apply(row)
            if change is not None and change[2] != change[3]:
                self.machine_change(*change, t)
            if st.wip != wip:
                self.spread(self.wip_area, 1, 0, wip, self.wip_since, t)
                self.wip_measured += wip * self.measured_overlap(self.wip_since, t)
                self.wip_since = t
            if waiting is not None and st.waiting[station] != waiting:
                self.spread(self.waiting_area[station], 1, 0, waiting,
                            self.waiting_since[station], t)
                self.waiting_since[station] = t
            if event == "exit" and t >= self.t0:
                self.exits[self.col(t)] += q
        for station, tracks in st.machines.items():
            for m, (state, _) in enumerate(tracks):
                self.machine_change(station, m, state, state, self.t1)
            self.close_period(station, self.t1)
            self.spread(self.waiting_area[station], 1, 0, st.waiting[station],
                        self.waiting_since[station], self.t1)
        self.spread(self.wip_area, 1, 0, st.wip, self.wip_since, self.t1)
        self.wip_measured += st.wip * self.measured_overlap(self.wip_since, self.t1)


def hours(rp):
    return [(rp.t0 + (i + 0.5) * rp.width) / 3600 for i in range(BINS)]


def mark_warmup(ax, rp):
    w = rp.run.warmup_s / 3600
    if rp.t0 / 3600 < w < rp.t1 / 3600:
        ax.axvline(w, color="black", linestyle="--", linewidth=1, label="end of warm-up")


def plot_states(Figure, rp, title, path):
    """Each station a lane of height 1 filled with the stacked shares of its machines' states;
    expanded stations get one thinner lane per machine below their own lane."""
    run = rp.run
    lanes = []
    for s in run.stations:
        lanes.append((s, rp.station_acc[s], run.machines[s], f"{s} ({run.machines[s]})"))
        lanes += [(s, acc, 1, f"  {s} #{m}") for (name, m), acc in rp.lanes.items() if name == s]
    fig = Figure(figsize=(13, 1.2 + 0.32 * len(lanes)))
    ax = fig.subplots()
    x = hours(rp)
    for row, (s, acc, n, _) in enumerate(lanes):
        base = [float(row)] * BINS
        for k in range(5):
            top = [b + acc[i * 5 + k] / (n * rp.width) * 0.9 for i, b in enumerate(base)]
            ax.fill_between(x, base, top, step="mid", color=COLOURS[k], linewidth=0,
                            label=STATES[k] if row == 0 else None)
            base = top
    ax.set_ylim(len(lanes), 0)
    ax.set_yticks([r + 0.45 for r in range(len(lanes))], [lane[3] for lane in lanes], fontsize=8)
    ax.set_xlim(rp.t0 / 3600, rp.t1 / 3600)
    mark_warmup(ax, rp)
    ax.set_xlabel(f"simulated time (h); column {rp.width:.3g} s")
    ax.set_title(f"Machine states per station (share of machines), {title}")
    return save(fig, path, [ax])


def plot_wip(Figure, rp, title, path, top_n=8):
    run = rp.run
    fig = Figure(figsize=(13, 7))
    top, bottom = fig.subplots(2, 1, sharex=True)
    x = hours(rp)
    top.plot(x, [a / rp.width for a in rp.wip_area], drawstyle="steps-mid", color="#08519c",
             lw=1, label="line WIP")
    if rp.t0 < run.end_s and rp.t1 > run.warmup_s:
        top.hlines(run.results["kpis"]["wip_mean"], max(rp.t0, run.warmup_s) / 3600,
                   min(rp.t1, run.end_s) / 3600, colors="black", linestyles="--",
                   label="kpis.wip_mean (measured window)")
    top.set_ylabel("cell equivalents")
    top.set_title(f"Work in process (cell equivalents), {title}")
    mean = {s: sum(a) / (rp.t1 - rp.t0) for s, a in rp.waiting_area.items()}
    shown = sorted(run.stations, key=lambda s: -mean[s])[:top_n]
    base = [0.0] * BINS
    for s in [s for s in run.stations if s in shown]:
        level = [b + a / rp.width for b, a in zip(base, rp.waiting_area[s])]
        bottom.fill_between(x, base, level, step="mid", alpha=0.8, label=s)
        base = level
    bottom.set_ylabel("cell equivalents waiting")
    bottom.set_title(f"Stock waiting at the {len(shown)} stations with the most (stacked)")
    bottom.set_xlabel("simulated time (h)")
    for ax in (top, bottom):
        mark_warmup(ax, rp)
    return save(fig, path, [top, bottom])


def plot_output(Figure, rp, title, path, rolling_h):
    run = rp.run
    fig = Figure(figsize=(13, 6.5))
    top, bottom = fig.subplots(2, 1, sharex=True)
    ends = [(rp.t0 + (i + 1) * rp.width) / 3600 for i in range(BINS)]
    total, cumulative = 0.0, []
    for e in rp.exits:
        total += e
        cumulative.append(total)
    top.plot(ends, cumulative, color="#238b45", label=f"good units since {rp.t0 / 3600:g} h")
    top.set_ylabel("good units (cumulative)")
    top.set_title(f"Output, {title}")
    per = max(1, round(rolling_h * 3600 / rp.width))
    rate = [(cumulative[i] - (cumulative[i - per] if i >= per else 0.0)) /
            (min(i + 1, per) * rp.width / 3600) for i in range(BINS)]
    bottom.plot(ends[per - 1:], rate[per - 1:], color="#08519c",
                label=f"rolling over {per * rp.width / 3600:.3g} h")
    bottom.axhline(run.results["kpis"]["throughput_per_h"], color="black", linestyle="--",
                   label="kpis.throughput_per_h")
    bottom.set_ylabel("good units per h")
    bottom.set_xlabel("simulated time (h)")
    for ax in (top, bottom):
        mark_warmup(ax, rp)
    return save(fig, path, [top, bottom])


def shifting_bottleneck(periods, tie_break):
    """Roser et al.'s shifting bottleneck detection on active periods: at each instant the
    station whose current active period is longest is the bottleneck (equal lengths, e.g. two
    stations active through the whole window: the larger tie_break[station]); where the periods
    of consecutive bottlenecks overlap, both are shifting bottlenecks. Returns the timeline
    [(start, end, station)] and per station (sole s, shifting s)."""
    cuts = sorted({t for a, b, _ in periods for t in (a, b)})
    by_start = sorted(periods)
    timeline, k, active = [], 0, []
    for a, b in zip(cuts, cuts[1:]):
        while k < len(by_start) and by_start[k][0] <= a:
            active.append(by_start[k])
            k += 1
        active = [p for p in active if p[1] > a]
        if active:
            best = max(active, key=lambda p: (p[1] - p[0], tie_break[p[2]], p[2]))
            if timeline and timeline[-1][3] == best:
                timeline[-1] = (timeline[-1][0], b, best[2], best)
            else:
                timeline.append((a, b, best[2], best))
    share = {}
    for i, (a, b, s, period) in enumerate(timeline):
        shift = 0.0
        for j in (i - 1, i + 1):
            if 0 <= j < len(timeline):
                other = timeline[j][3]
                shift = max(shift, max(0.0, min(period[1], other[1]) - max(period[0], other[0])
                                       ) if other[2] != s else 0.0)
        sole, shifting = share.get(s, (0.0, 0.0))
        shifting_here = min(b - a, shift)
        share[s] = (sole + (b - a) - shifting_here, shifting + shifting_here)
    return [(a, b, s) for a, b, s, _ in timeline], share


def plot_bottleneck(Figure, rp, title, path):
    run = rp.run
    shares = {s: run.results["stations"][s]["state_share"] for s in run.stations}
    active = {s: v["busy"] + v["down"] + v["setup"] for s, v in shares.items()}
    timeline, share = shifting_bottleneck([p for ps in rp.periods.values() for p in ps], active)
    span = rp.t1 - rp.t0
    fig = Figure(figsize=(13, 8.5))
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [1, 1.4], "hspace": 0.35})
    order = [s for s in run.stations if s in share]
    rows = {s: i for i, s in enumerate(order)}
    for a, b, s in timeline:
        top.broken_barh([(a / 3600, (b - a) / 3600)], (rows[s] - 0.4, 0.8), color="#d62728")
    top.set_yticks(range(len(order)), order, fontsize=8)
    top.set_ylim(len(order) - 0.5, -0.5)
    top.set_xlim(rp.t0 / 3600, rp.t1 / 3600)
    top.set_xlabel("simulated time (h)")
    top.set_title(f"Momentary bottleneck (longest current active period), {title}")
    names = [s for s in run.stations]
    sole = [share.get(s, (0, 0))[0] / span for s in names]
    shifting = [share.get(s, (0, 0))[1] / span for s in names]
    bottom.bar(names, sole, color="#d62728", label="sole bottleneck")
    bottom.bar(names, shifting, bottom=sole, color="#fc9272", label="shifting bottleneck")
    bottom.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    bottom.set_ylabel("share of the window")
    bottom.tick_params(axis="x", labelrotation=60, labelsize=8)
    k = run.results["kpis"].get("bottleneck", "?")
    bottom.set_title("Bottleneck shares by active periods (a station is active while none of its "
                     f"machines is idle or blocked); results.json bottleneck: {k}")
    return save(fig, path, [bottom])


def plot_shares(Figure, run, title, path):
    names, results = run.stations, run.results
    fig = Figure(figsize=(max(6, 0.5 * len(names) + 3), 5))
    ax = fig.subplots()
    bottom = [0.0] * len(names)
    for state in STATES:
        share = [results["stations"][n]["state_share"][state] for n in names]
        ax.bar(names, share, bottom=bottom, color=STATE_COLOURS[state], label=state,
               edgecolor="white", linewidth=0.5)
        bottom = [b + s for b, s in zip(bottom, share)]
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    ax.set_ylabel("share of measured time (mean over machines)")
    ax.set_title(f"Machine state shares, {title}, measured window {run.warmup_s / 3600:g} to "
                 f"{run.end_s / 3600:g} h (results.json)")
    ax.tick_params(axis="x", labelrotation=60 if len(names) > 6 else 0, labelsize=8)
    return save(fig, path, [ax])


def check(rp):
    """State shares and the WIP mean over the measured window against results.json."""
    run, horizon, worst = rp.run, rp.run.end_s - rp.run.warmup_s, 0.0
    for name, n in run.machines.items():
        theirs = run.results["stations"][name]["state_share"]
        for k, state in enumerate(STATES):
            mine = rp.measured[name][k] / (n * horizon) if horizon > 0 else 0.0
            diff = abs(mine - theirs[state])
            worst = max(worst, diff)
            print(f"share {name} {state} events={mine:.6f} results={theirs[state]:.6f} "
                  f"diff={diff:.6f} {'ok' if diff <= TOLERANCE else 'MISMATCH'}")
    print(f"shares: largest difference {worst:.6f} (tolerance {TOLERANCE})")
    mine = rp.wip_measured / horizon if horizon > 0 else 0.0
    theirs = float(run.results["kpis"]["wip_mean"])
    wip_ok = abs(mine - theirs) <= 1e-6 * max(1.0, abs(theirs))
    print(f"wip_mean events={mine:.6f} results={theirs:.6f} {'ok' if wip_ok else 'MISMATCH'}")
    return worst <= TOLERANCE and wip_ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Figures: " + ", ".join(
                                     ("machine_states", "wip", "output", "bottleneck",
                                      "state_shares")) + " (.png)")
    ap.add_argument("out_dir", metavar="OUT_DIR", help="celltwin run folder")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNGs (default: OUT_DIR)")
    ap.add_argument("--from-h", type=float,
                    help="window start, simulated h from t = 0 (default: the log's start)")
    ap.add_argument("--to-h", type=float, help="window end, simulated h (default: the log's end)")
    ap.add_argument("--expand", default="", metavar="STATION,...",
                    help="stations that also get one lane per machine")
    ap.add_argument("--max-lanes", type=int, default=10,
                    help="machine lanes per expanded station (default 10)")
    ap.add_argument("--rolling-h", type=float, default=24.0,
                    help="window of the rolling throughput, h (default 24)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless state shares (within 0.01) and the WIP mean over the "
                         "measured window agree with results.json")
    args = ap.parse_args(argv)

    def body(Figure):
        run = Run(args.out_dir)
        t0, t1 = run.window(args.from_h, args.to_h)
        if args.check and not (t0 <= run.warmup_s and t1 >= run.end_s):
            raise InputError("--check needs the window to cover the measured window "
                             f"{run.warmup_s / 3600:g} to {run.end_s / 3600:g} h")
        expand = [s for s in args.expand.split(",") if s]
        for s in expand:
            if s not in run.machines:
                raise InputError(f"--expand: no station {s!r} in line.json")
        if args.max_lanes < 1 or args.rolling_h <= 0:
            raise InputError("--max-lanes must be >= 1 and --rolling-h > 0")
        rp = Replay(run, t0, t1, expand, args.max_lanes)
        rp.read()
        fig_dir = args.out or args.out_dir
        os.makedirs(fig_dir, exist_ok=True)
        title = run.title()
        written = [plot_states(Figure, rp, title, os.path.join(fig_dir, "machine_states.png")),
                   plot_wip(Figure, rp, title, os.path.join(fig_dir, "wip.png")),
                   plot_output(Figure, rp, title, os.path.join(fig_dir, "output.png"),
                               args.rolling_h),
                   plot_bottleneck(Figure, rp, title, os.path.join(fig_dir, "bottleneck.png")),
                   plot_shares(Figure, run, title, os.path.join(fig_dir, "state_shares.png"))]
        print(f"replay: wrote {', '.join(written)} to {fig_dir}")
        return 0 if not args.check or check(rp) else 1

    return run_main("replay", body)


if __name__ == "__main__":
    sys.exit(main())
