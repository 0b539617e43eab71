#!/usr/bin/env python3
"""Ramp-up curves: the monthly throughput and final yield of one or more runs.

Reads RUN_DIR/results.json `monthly` (30-day months of plant time from t = 0) of each RUN_DIR;
writes FIG_DIR/ramp_up.png (default FIG_DIR = the first RUN_DIR): throughput (good units/h) and final yield
per month, one line per run, with the run's kpis.throughput_per_h (measured window) dashed.
Exit status: 0 success, 1 matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import need, run_main, save  # noqa: E402
from runlog import InputError, load_json  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", metavar="RUN_DIR", help="celltwin run folders")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNG (default: the first "
                    "RUN_DIR)")
    args = ap.parse_args(argv)

    def body(Figure):
        fig = Figure(figsize=(11, 6.5))
        top, bottom = fig.subplots(2, 1, sharex=True)
        for folder in args.runs:
            where = os.path.join(folder, "results.json")
            results = load_json(where)
            months = need(results, "monthly", where=where)
            if not months:
                raise InputError(f"{where}: monthly is empty (a run shorter than a month?)")
            x = [m["month"] for m in months]
            name = results.get("scenario", folder)
            line, = top.plot(x, [m["throughput_per_h"] for m in months], marker="o", label=name)
            top.axhline(need(results, "kpis", "throughput_per_h", where=where),
                        color=line.get_color(), linestyle="--", lw=1)
            bottom.plot(x, [m["final_yield"] for m in months], marker="o",
                        color=line.get_color(), label=name)
        top.set_ylabel("good units per h")
        top.set_title("Ramp-up: monthly throughput (dashed: kpis.throughput_per_h of the "
                      "measured window)")
        bottom.set_ylabel("final yield")
        bottom.set_xlabel("month of plant time (30 d)")
        out = args.out or args.runs[0]
        os.makedirs(out, exist_ok=True)
        print(f"ramp_up_plot: wrote {save(fig, os.path.join(out, 'ramp_up.png'), [top, bottom])} "
              f"to {out}")

    return run_main("ramp_up_plot", body)


if __name__ == "__main__":
    sys.exit(main())
