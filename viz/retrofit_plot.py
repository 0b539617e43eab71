#!/usr/bin/env python3
"""The station diff of a `celltwin retrofit` folder as a chart.

Reads DIR/retrofit.json; writes FIG_DIR/retrofit_stations.png (default FIG_DIR = DIR): one bar per
station of FROM and TO, its capital cost of the change (USD), coloured by status (reused,
recipe-changed, modified, converted, replaced, added, removed), labelled with machines from -> to;
the title gives the change capex and the stranded equipment. Cost and KPI differences: viz/compare_plot.py DIR.
Exit status: 0 success, 1 matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import need, run_main, save  # noqa: E402
from runlog import load_json  # noqa: E402

STATUS_COLOURS = {"reused": "#bdbdbd", "recipe-changed": "#9ecae1", "modified": "#fd8d3c",
                  "converted": "#756bb1", "replaced": "#e6550d", "added": "#31a354",
                  "removed": "#de2d26"}


def plot(Figure, report, where, path):
    stations = need(report, "stations", where=where)
    fig = Figure(figsize=(11, 1.5 + 0.3 * len(stations)))
    ax = fig.subplots()
    seen = set()
    for row, st in enumerate(stations):
        status = need(st, "status", where=where)
        capex = float(st.get("capex_usd") or 0.0) / 1e6
        ax.barh(row, max(capex, 0.0), color=STATUS_COLOURS.get(status, "black"),
                label=status if status not in seen else None)
        seen.add(status)
        machines = f"{st.get('machines_from') or 0} -> {st.get('machines_to') or 0}"
        changed = ", ".join(c["key"] for c in st.get("changed", [])[:3])
        ax.text(max(capex, 0.0), row, f"  {machines}  {status}" + (f" ({changed})" if changed else ""),
                va="center", fontsize=7)
    ax.set_yticks(range(len(stations)), [s["name"] for s in stations], fontsize=8)
    ax.set_ylim(len(stations) - 0.5, -0.5)
    ax.set_xlabel("capital cost of the change (M USD)")
    change = float(report.get("change_capex_usd") or 0.0) / 1e6
    stranded = float(report.get("stranded_capex_usd") or 0.0) / 1e6
    ax.set_title(f"Retrofit {report['from']['scenario']} -> {report['to']['scenario']}: change "
                 f"capex {change:.1f} M USD, stranded equipment {stranded:.1f} M USD")
    ax.set_xlim(0, max([float(s.get("capex_usd") or 0) / 1e6 for s in stations] + [1]) * 1.6)
    return save(fig, path, [ax])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", metavar="DIR", help="output folder of celltwin retrofit")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNG (default: DIR)")
    args = ap.parse_args(argv)

    def body(Figure):
        where = os.path.join(args.folder, "retrofit.json")
        report = load_json(where)
        out = args.out or args.folder
        os.makedirs(out, exist_ok=True)
        print(f"retrofit_plot: wrote {plot(Figure, report, where, os.path.join(out, 'retrofit_stations.png'))} to {out}")

    return run_main("retrofit_plot", body)


if __name__ == "__main__":
    sys.exit(main())
