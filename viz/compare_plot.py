#!/usr/bin/env python3
"""Charts of a `celltwin compare` folder (or a retrofit's: the same layout).

Reads DIR/compare.json (or retrofit.json) and the replications' DIR/<i>_<line>/rep_<r>/results.json;
writes into FIG_DIR (default DIR):
  cost_breakdown.png  cost per Wh per line stacked by term (mean over replications), the total's
                      95 % interval as an error bar (from compare.json)
  kpis.png            GWh/yr, first-pass and final yield, lead time side by side with 95 %
                      intervals
Exit status: 0 success, 1 matplotlib missing, 2 bad usage or input.
"""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import need, run_main, save  # noqa: E402
from runlog import InputError, load_json  # noqa: E402

TERMS = ("materials", "labour", "depreciation", "building", "energy", "variable_overhead", "gsa",
         "rnd", "profit", "warranty")


def lines_of(folder):
    """The lines of a compare or retrofit folder: (entry of compare.json, replication results)."""
    for name in ("compare.json", "retrofit.json"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            data = load_json(path)
            entries = data if name == "compare.json" else [need(data, "from", where=path),
                                                           need(data, "to", where=path)]
            break
    else:
        raise InputError(f"{folder}: neither compare.json nor retrofit.json")
    out = []
    for i, entry in enumerate(entries):
        scenario = need(entry, "scenario", where=path)
        reps = sorted(glob.glob(os.path.join(folder, f"{i + 1}_{scenario}", "rep_*",
                                             "results.json")))
        if not reps:
            raise InputError(f"{folder}: no {i + 1}_{scenario}/rep_*/results.json")
        out.append((entry, [load_json(r) for r in reps], path))
    return out


def interval(entry, key, where):
    v = need(entry, "values", where=where).get(key)
    if v is None:  # a column that does not apply (no cost model, a generic line)
        return None, 0.0
    return v.get("mean"), v.get("half_width") or 0.0


def plot_cost(Figure, lines, path):
    fig = Figure(figsize=(max(7, 1.6 * len(lines) + 3), 5.5))
    ax = fig.subplots()
    names = [e["scenario"] for e, _, _ in lines]
    currency = lines[0][0].get("currency", "")
    bottom = [0.0] * len(lines)
    for term in TERMS:
        share = []
        for _, reps, where in lines:
            values = [((r.get("cost") or {}).get("breakdown") or {}).get(term, 0.0) for r in reps]
            share.append(1000 * sum(values) / len(values))
        ax.bar(names, share, bottom=bottom, label=term, edgecolor="white", linewidth=0.5)
        bottom = [b + s for b, s in zip(bottom, share)]
    for i, (entry, reps, where) in enumerate(lines):
        mean, hw = interval(entry, "cost_per_wh", where)
        if mean is None:
            ax.text(i, 0, "no cost model", ha="center", va="bottom", fontsize=8)
            continue
        ax.errorbar(i, 1000 * mean, yerr=1000 * hw, color="black", capsize=6, lw=1.5,
                    label="95 % interval of the total" if i == 0 else None)
        ax.text(i, 1000 * (mean + hw) * 1.01, f"{1000 * mean:.1f}\n(n = {len(reps)})",
                ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(f"cost per kWh ({currency}/kWh)")
    ax.set_title("Cost per kWh by term (mean over replications; common random numbers)")
    ax.tick_params(axis="x", labelrotation=20)
    return save(fig, path, [ax])


def plot_kpis(Figure, lines, path):
    panels = [("gwh_per_year", "GWh/yr", 1.0), ("first_pass_yield", "first-pass yield", 1.0),
              ("final_yield", "final yield", 1.0), ("lead_time_s", "lead time (d)", 1 / 86400)]
    fig = Figure(figsize=(14, 4.2))
    axes = fig.subplots(1, len(panels))
    names = [e["scenario"] for e, _, _ in lines]
    for ax, (key, label, scale) in zip(axes, panels):
        means, hws = [], []
        for entry, _, where in lines:
            mean, hw = interval(entry, key, where)
            means.append((mean or 0.0) * scale)
            hws.append(hw * scale)
        ax.bar(range(len(names)), means, yerr=hws, capsize=4, color="#6baed6")
        ax.set_xticks(range(len(names)), names, rotation=35, ha="right", fontsize=8)
        ax.set_title(label)
        low = min(m - h for m, h in zip(means, hws))
        if key.endswith("yield"):
            ax.set_ylim(max(0.0, low - 0.05), 1.0)
    fig.suptitle("Throughput, yields and lead time with 95 % intervals over replications")
    fig.subplots_adjust(wspace=0.35)
    return save(fig, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", metavar="DIR", help="output folder of celltwin compare or retrofit")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNGs (default: DIR)")
    args = ap.parse_args(argv)

    def body(Figure):
        lines = lines_of(args.folder)
        out = args.out or args.folder
        os.makedirs(out, exist_ok=True)
        written = [plot_cost(Figure, lines, os.path.join(out, "cost_breakdown.png")),
                   plot_kpis(Figure, lines, os.path.join(out, "kpis.png"))]
        print(f"compare_plot: wrote {', '.join(written)} to {out}")

    return run_main("compare_plot", body)


if __name__ == "__main__":
    sys.exit(main())
