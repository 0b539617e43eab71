#!/usr/bin/env python3
"""The cost Monte Carlo of a run (`celltwin run ... --mc N`): histogram and tornado.

Reads RUN_DIR/results.json cost.monte_carlo (histogram of the samples' cost per Wh, P5/P50/P95,
the tornado of one-at-a-time P5/P95 swings) and cost.per_wh; writes FIG_DIR/monte_carlo.png
(default FIG_DIR = RUN_DIR). The scope is the cost inputs (prices, rates) on the simulated flows.
Exit status: 0 success, 1 matplotlib missing, 2 bad usage or input.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plotting import need, run_main, save  # noqa: E402
from runlog import load_json  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", metavar="RUN_DIR", help="a run folder made with --mc N")
    ap.add_argument("--out", metavar="FIG_DIR", help="where to write the PNG (default: RUN_DIR)")
    ap.add_argument("--top", type=int, default=12, help="tornado rows (default 12)")
    args = ap.parse_args(argv)

    def body(Figure):
        where = os.path.join(args.folder, "results.json")
        results = load_json(where)
        mc = need(results, "cost", "monte_carlo", where=where + " (run with --mc N)")
        hist = need(mc, "histogram", where=where)
        currency = results["cost"].get("currency", "")
        counts, lo, hi = hist["counts"], 1000 * hist["min"], 1000 * hist["max"]
        width = (hi - lo) / len(counts) if counts else 1
        fig = Figure(figsize=(14, 5.5))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3], "wspace": 0.55})
        left.bar([lo + (i + 0.5) * width for i in range(len(counts))], counts, width=width,
                 color="#9ecae1", edgecolor="white")
        for key, style in (("p5", ":"), ("p50", "-"), ("p95", ":")):
            left.axvline(1000 * mc[key], color="black", linestyle=style,
                         label=f"{key.upper()} {1000 * mc[key]:.1f}")
        left.axvline(1000 * results["cost"]["per_wh"], color="#d62728", label="nominal")
        left.set_xlabel(f"cost per kWh ({currency}/kWh)")
        left.set_ylabel("samples")
        left.set_title(f"{mc['samples']} samples of the cost inputs")
        rows = mc["tornado"][:args.top][::-1]
        base = 1000 * results["cost"]["per_wh"]
        for i, r in enumerate(rows):
            a, b = 1000 * r["per_wh_low"], 1000 * r["per_wh_high"]
            right.barh(i, a - base, left=base, color="#6baed6")
            right.barh(i, b - base, left=base, color="#fd8d3c")
        right.set_yticks(range(len(rows)), [r["input"] for r in rows], fontsize=8)
        right.axvline(base, color="black", lw=1)
        right.set_xlabel(f"cost per kWh ({currency}/kWh) with the input at its P5 (blue) and "
                         "P95 (orange)")
        right.set_title("Tornado: one input at a time")
        fig.suptitle(f"{results.get('scenario', '')}: {mc.get('scope', '')}")
        out = args.out or args.folder
        os.makedirs(out, exist_ok=True)
        print(f"mc_plot: wrote {save(fig, os.path.join(out, 'monte_carlo.png'), [left])} to {out}")

    return run_main("mc_plot", body)


if __name__ == "__main__":
    sys.exit(main())
