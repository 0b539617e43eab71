#!/usr/bin/env python3
"""Parameter-response plots of a sweep from its database.

Reads DIR/results.sqlite (`summary`: per base and point the varied parameters and per KPI the
mean and 95 % half-width over replications); writes FIG_DIR/sweep_<kpi>.png (dots as _) (default FIG_DIR =
DIR): the KPI against --x (a varied parameter; default the first), one line per base scenario
and per value of the other varied parameters, with the intervals as error bars.
Exit status: 0 success, 1 matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import run_main, save  # noqa: E402
from runlog import InputError  # noqa: E402

FIXED = ("base", "point", "kpi", "n", "mean", "half_width")


def short(path):
    """A parameter path without the common prefix, for labels."""
    return path.removeprefix("line.stations.")


def read_summary(path):
    if not os.path.exists(path):
        raise InputError(f"cannot read {path}: missing (not a sweep folder?)")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        columns = [r[1] for r in db.execute("PRAGMA table_info(summary)")]
        quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
        rows = db.execute(f"SELECT {quoted} FROM summary").fetchall()
    except sqlite3.Error as e:
        raise InputError(f"{path}: {e}") from None
    if not columns:
        raise InputError(f"{path}: no summary table")
    return [c for c in columns if c not in FIXED], [dict(zip(columns, r)) for r in rows]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", metavar="DIR", help="output folder of celltwin sweep")
    ap.add_argument("--x", help="the varied parameter on the x axis (default: the first)")
    ap.add_argument("--kpi", action="append",
                    help="KPI to plot, as the summary names it (repeatable; default "
                         "kpis.throughput_per_h, kpis.final_yield, cost.per_wh)")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNGs (default: DIR)")
    args = ap.parse_args(argv)

    def body(Figure):
        params, rows = read_summary(os.path.join(args.folder, "results.sqlite"))
        if not params:
            raise InputError("the sweep varies no parameter")
        x = args.x or params[0]
        if x not in params:
            raise InputError(f"--x {x}: not a varied parameter ({', '.join(params)})")
        kpis = sorted({r["kpi"] for r in rows})
        wanted = args.kpi or [k for k in ("kpis.throughput_per_h", "kpis.final_yield",
                                          "cost.per_wh") if k in kpis]
        if not wanted:
            raise InputError(f"no KPI to plot; --kpi one of {', '.join(kpis)}")
        for k in wanted:
            if k not in kpis:
                raise InputError(f"--kpi {k}: not in the summary ({', '.join(kpis)})")
        out = args.out or args.folder
        os.makedirs(out, exist_ok=True)
        written = []
        for kpi in wanted:
            fig = Figure(figsize=(8, 5))
            ax = fig.subplots()
            groups = {}
            for r in rows:
                if r["kpi"] != kpi or r["mean"] is None:
                    continue
                others = ", ".join(f"{short(p)}={r[p]}" for p in params if p != x)
                groups.setdefault((r["base"], others), []).append(
                    (float(r[x]), r["mean"], r["half_width"] or 0.0))
            for (base, others), points in sorted(groups.items()):
                points.sort()
                ax.errorbar([p[0] for p in points], [p[1] for p in points],
                            yerr=[p[2] for p in points], marker="o", capsize=3,
                            label=os.path.basename(base) + (f" ({others})" if others else ""))
            ax.set_xlabel(short(x))
            ax.set_ylabel(kpi)
            ax.set_title(f"{kpi} against {short(x)}\n(mean and 95 % interval over replications)")
            name = "sweep_" + kpi.replace(".", "_") + ".png"
            written.append(save(fig, os.path.join(out, name), [ax]))
        print(f"sweep_plot: wrote {', '.join(written)} to {out}")

    return run_main("sweep_plot", body)


if __name__ == "__main__":
    sys.exit(main())
