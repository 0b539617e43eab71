"""Published figures (process-data notes, section b) next to celltwin's values.

Reads the run folders written by scripts/anchors.sh (results.json and line.json of the four
reference lines) and prints one row per figure: the published band, celltwin's value, PASS or
MISS. Nothing here is tuned: a MISS is reported with the assumption that drives it in the README.
"""
import json
import re
import sys
from pathlib import Path

FINISHING = re.compile(r"wetting|formation|degas|aging|grading|curing|densif|press")


def load(out_dir, name):
    runs = sorted(Path(out_dir).glob(f"*_{name}"))
    if not runs:
        sys.exit(f"anchors: no run of {name} in {out_dir}")
    run = runs[0]
    if not (run / "results.json").exists():  # compare with replications: the first one
        run = run / "rep_1"
    return json.load(open(run / "results.json")), json.load(open(run / "line.json"))


def capex_split(line):
    """Equipment capex (USD) of electrode making, cell assembly, and finishing."""
    stations = line["stations"]
    stack = next(i for i, s in enumerate(stations) if len(s.get("inputs", [])) >= 2)
    split = {"electrode": 0.0, "assembly": 0.0, "finishing": 0.0}
    for i, s in enumerate(stations):
        capex = s.get("capex_usd", 0) * s["machines"]
        if i < stack:
            split["electrode"] += capex
        elif FINISHING.search(s["name"]):
            split["finishing"] += capex
        else:
            split["assembly"] += capex
    return split


def row(figure, band, value, lo, hi, fmt="{:.3g}"):
    ok = value is not None and lo <= value <= hi
    shown = "n/a" if value is None else fmt.format(value)
    print(f"{figure:<52} {band:<26} {shown:>12}  {'PASS' if ok else 'MISS'}")


def main(out_dir):
    liquid, liquid_line = load(out_dir, "liquid_lib")
    semi, _ = load(out_dir, "semi_solid_retrofit")
    dry, dry_line = load(out_dir, "dry_process")
    solid, _ = load(out_dir, "all_solid")
    print(f"{'published figure':<52} {'band':<26} {'celltwin':>12}")
    split = capex_split(liquid_line)
    total = sum(split.values())
    design = liquid["battery"]["design_gwh_per_year"]
    row("1. liquid cell-level equipment capex, M$/GWh", "35-80 (BPv5 ~42)",
        total / 1e6 / design if design else None, 35, 80)
    for part, lo, hi in (("electrode", 30, 50), ("assembly", 15, 40), ("finishing", 25, 45)):
        row(f"2. capex share {part}, %", f"{lo}-{hi} (+-5 pts)", 100 * split[part] / total, lo, hi)
    row("3. mature cell yield (liquid), %", "95 (BPv5) +-2", 100 * liquid["kpis"]["final_yield"], 93, 97)
    lead_d = liquid["kpis"]["lead_time_s"]["mean"] / 86400
    row("6. liquid time in system, days", "<= 1 + 21 (PEM18)", lead_d, 0, 22)
    e = liquid["energy"]
    row("4. liquid energy, kWh/kWh", "20-42 (Degen23, DS22)", e.get("kwh_per_kwh") or None, 20, 42)
    if e.get("kwh_per_kwh"):
        by = e.get("by_station", {})
        drying = sum(v for k, v in by.items() if re.search(r"coat|vacuum|dry", k)) + e["base_kwh_per_kwh"]
        row("4. drying + dry room share of energy, %", "52 (DS22) +-10 pts", 100 * drying / e["kwh_per_kwh"], 42, 62)
        de = dry["energy"]["kwh_per_kwh"]
        row("8. dry line energy saving vs liquid, %", "~25 (BPv5/DS22); >70 claim", 100 * (1 - de / e["kwh_per_kwh"]), 15, 75)
    se = solid["energy"].get("kwh_per_kwh")
    row("4. all-solid energy, kWh/kWh", "10.6-23 (Degen23)", se or None, 10.6, 23)
    c = liquid["cost"]
    if c.get("per_wh"):
        row("5. liquid NMC cell cost, USD/kWh", "100-150 (Duffner), ~140", c["per_wh"] * 1000, 80, 180)
        row("5. materials share of cell cost, %", "65-82 (PEM19, Lechner24)", 100 * c["breakdown"]["materials"] / c["per_wh"], 60, 87)
        s = semi["cost"]
        if s.get("per_wh"):
            row("7. semi-solid cost, CNY/Wh (pack proxy 2.0-2.2)", "1.5-2.75 (+-25 %)", s["per_wh_in"].get("CNY"), 1.5, 2.75)
            row("7. semi-solid premium over liquid, x", "2-3x (pack-level proxy)", s["per_wh"] / c["per_wh"], 2, 3)
    else:
        print("cost figures: the reference lines are not costed")
    technology_rows(out_dir, liquid, liquid_line)


def technology_rows(out_dir, liquid, liquid_line):
    """The cylindrical, LFP and clay lines against what is published about them."""
    cyl, _ = load(out_dir, "cylindrical")
    row("9. cylindrical assembly line rate, cells/min", "200-350 (COD, E)",
        cyl["kpis"]["throughput_per_h"] / 60, 200, 350)
    lfp, _ = load(out_dir, "liquid_lfp")
    clay, clay_line = load(out_dir, "clay_semi_solid")
    c = liquid["cost"]
    if not c.get("per_wh"):
        return
    row("10. LFP cell cost vs NMC, x", "0.68 (BNEF 2023) +-0.1", lfp["cost"]["per_wh"] / c["per_wh"], 0.58, 0.78)
    materials = lambda r: r["cost"]["breakdown"]["materials"]
    row("11. clay line materials cost vs liquid, x", "~0.8 (24M, E) +-0.1", materials(clay) / materials(liquid), 0.7, 0.9)
    capex = lambda line: sum(s.get("capex_usd", 0) * s["machines"] for s in line["stations"])
    row("12. clay line equipment capex vs liquid, x", "~0.1 (24M claim, E)", capex(clay_line) / capex(liquid_line), 0.05, 0.2)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/anchors")
