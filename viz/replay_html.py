#!/usr/bin/env python3
"""Write a celltwin run's event-log window as one self-contained, animated HTML page.

Replays RUN_DIR/events.csv with runlog from the snapshot before the window and samples --frames
equal times in it. Per frame the page gets: machine states per station (one digit per machine up
to MAX_SQUARES machines, else the count of machines in each state), waiting stock per station
and line WIP (cell equivalents), cumulative exits (good units) since the window start, and the
arrive moves since the previous frame, counted per route. The page (vanilla JS, inline SVG, no
network) draws the line as a flow diagram in line order, wrapped into rows, with Play/Pause, a
speed selector, a time scrubber and the run's KPIs.
Exit status: 0 success, 2 bad usage or input.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runlog import InputError, Run, State  # noqa: E402  (needs the path above)

MAX_SQUARES = 40  # stations with up to this many machines get one square per machine
SOURCE = -1       # the "from" station of a released lot's first arrive


def routes_of(run):
    """[from, to, type] per route drawn: each station's `to`, its rework route (rework_to, by
    default the station itself) and a source stub into every station with a supply."""
    index = {name: i for i, name in enumerate(run.stations)}
    routes = []
    try:
        for i, s in enumerate(run.line["stations"]):
            if s.get("supply"):
                routes.append([SOURCE, i, "source"])
            targets = [(s.get("to"), "to")]
            if float(s.get("rework_rate") or 0) > 0:
                targets.append((s.get("rework_to") or s["name"], "rework"))
            for name, kind in targets:
                if not name:
                    continue
                if name not in index:
                    raise InputError(f"line.json: station {s['name']!r}: {kind} {name!r} is not "
                                     "a station of the line")
                if [i, index[name]] not in [r[:2] for r in routes]:
                    routes.append([i, index[name], kind])
    except (TypeError, ValueError, AttributeError) as e:
        raise InputError(f"line.json: malformed station routing ({e})") from None
    return routes


def sample(run, t0, t1, n_frames, routes):
    """The frames at n_frames equal times from t0 to t1 (rows at a frame's time included).
    Routes that moves take but line.json does not name are appended to routes as "seen"."""
    snapshot = run.snapshot_before(t0)
    state = State(run, snapshot)
    index = {name: i for i, name in enumerate(run.stations)}
    route_of = {(a, b): k for k, (a, b, _) in enumerate(routes)}
    counts = {name: [0] * 5 for name in run.stations}
    for name, machines in state.machines.items():
        for m in machines:
            counts[name][m[0]] += 1
    times = [t0 + (t1 - t0) * i / (n_frames - 1) for i in range(n_frames)]
    frames, moves, exits = [], {}, 0.0
    came_from = {}  # lot -> station it was finished or unblocked at (or SOURCE), until it arrives

    def station(name):
        if name not in index:
            raise InputError(f"events.csv: station {name!r} is not in line.json")
        return index[name]

    def frame():
        return {"s": ["".join(str(m[0]) for m in state.machines[name])
                      if run.machines[name] <= MAX_SQUARES else counts[name][:]
                      for name in run.stations],
                # max(0, ...): float sums can end a hair below zero
                "w": [max(0.0, round(state.waiting[name], 2)) for name in run.stations],
                "p": round(state.wip, 1), "x": round(exits, 3),
                "a": [[k, n] for k, n in sorted(moves.items())]}

    for row in run.rows(snapshot, t1):
        _, t, name, _, event, lot, _, quantity, _ = row
        while len(frames) < n_frames and t > times[len(frames)]:
            frames.append(frame())
            moves = {}
        change = state.apply(row)
        if change:
            counts[name][change[2]] -= 1
            counts[name][change[3]] += 1
        if event == "arrive":
            origin = came_from.pop(lot, None)
            if origin is not None and t > t0:
                key = (origin, station(name))
                if key not in route_of:
                    route_of[key] = len(routes)
                    routes.append([*key, "seen"])
                moves[route_of[key]] = moves.get(route_of[key], 0) + 1
        elif event == "release":
            came_from[lot] = SOURCE
        elif event in ("finish", "unblocked", "rework"):
            came_from[lot] = station(name)
        elif event == "exit":
            came_from.pop(lot, None)
            if t > t0:
                exits += quantity
    while len(frames) < n_frames:
        frames.append(frame())
    return frames


def page_data(run, t0, t1, n_frames):
    routes = routes_of(run)
    frames = sample(run, t0, t1, n_frames, routes)
    kpis = run.results.get("kpis", {})
    shares = run.results.get("stations", {})
    return {
        "title": run.title(), "t0_h": t0 / 3600, "t1_h": t1 / 3600,
        "max_squares": MAX_SQUARES,
        "stations": [{"name": s["name"], "kind": s.get("kind", "?"), "machines": int(s["machines"]),
                      "desc": s.get("description") or "",
                      "share": (shares.get(s["name"]) or {}).get("state_share", {})}
                     for s in run.line["stations"]],
        "routes": routes,
        "kpis": {"throughput_per_h": kpis.get("throughput_per_h"),
                 "final_yield": kpis.get("final_yield"),
                 "first_pass_yield": kpis.get("first_pass_yield"),
                 "wip_mean": kpis.get("wip_mean"),
                 "lead_time_s": (kpis.get("lead_time_s") or {}).get("mean"),
                 "bottleneck": kpis.get("bottleneck")},
        "frames": frames,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_dir", metavar="RUN_DIR", help="celltwin run folder")
    ap.add_argument("--out", metavar="HTML", help="page to write (default: RUN_DIR/replay.html)")
    ap.add_argument("--from-h", type=float,
                    help="window start, simulated h from t = 0 (default: the log's start)")
    ap.add_argument("--to-h", type=float, help="window end, simulated h (default: the log's end)")
    ap.add_argument("--frames", type=int, default=600,
                    help="frames sampled at equal times over the window (default 600)")
    args = ap.parse_args(argv)
    out = args.out or os.path.join(args.run_dir, "replay.html")
    try:
        if not os.path.isdir(args.run_dir):
            raise InputError(f"{args.run_dir}: no such folder")
        if args.frames < 2:
            raise InputError(f"--frames must be at least 2 (got {args.frames})")
        run = Run(args.run_dir)
        t0, t1 = run.window(args.from_h, args.to_h)
        data = page_data(run, t0, t1, args.frames)
    except InputError as e:
        print(f"replay_html: {e}", file=sys.stderr)
        return 2
    # "<" only occurs inside JSON strings, where \u003c is the same text: no "</script>" early.
    payload = json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")
    page = PAGE.replace("__TITLE__", html_escape(data["title"])).replace("__DATA__", payload)
    try:
        with open(out, "w", encoding="utf-8") as f:
            f.write(page)
    except OSError as e:
        print(f"replay_html: cannot write {out}: {e.strerror}", file=sys.stderr)
        return 2
    size = os.path.getsize(out)
    print(f"replay_html: wrote {out} ({size / 1e6:.2f} MB, {args.frames} frames, "
          f"{len(run.stations)} stations, {t0 / 3600:g} to {t1 / 3600:g} h)")
    return 0


def html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>celltwin replay: __TITLE__</title>
<style>
  body { margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
         color: #222; background: #f6f7f9; }
  header { display: flex; align-items: baseline; gap: 18px; padding: 10px 24px 4px; }
  h1 { font-size: 17px; margin: 0; font-weight: 600; }
  #legend { display: flex; gap: 14px; color: #555; font-size: 12px; margin-left: auto; }
  #legend i { display: inline-block; width: 11px; height: 11px; margin-right: 4px;
              vertical-align: -1px; border-radius: 2px; }
  #controls { display: flex; align-items: center; gap: 12px; padding: 6px 24px; }
  #controls button { width: 78px; padding: 4px 0; font: inherit; font-weight: 600; border-radius: 4px;
                     border: 1px solid #888; background: #fff; cursor: pointer; }
  #scrubber { flex: 1; }
  #clock { font-variant-numeric: tabular-nums; min-width: 290px; text-align: right; }
  #kpis { display: flex; flex-wrap: wrap; gap: 8px; padding: 4px 24px 6px; }
  #kpis div { background: #fff; border: 1px solid #ddd; border-radius: 5px; padding: 3px 10px; }
  #kpis b { display: block; font-size: 15px; font-variant-numeric: tabular-nums; }
  #kpis span { color: #666; font-size: 11px; }
  #kpis .live { border-color: #1f77b4; }
  #line, #chart { display: block; }
  svg text { font-family: inherit; }
  .station rect.box { fill: #fff; stroke: #9aa0a6; stroke-width: 1; }
  .station.bottleneck rect.box { stroke: #9467bd; stroke-width: 2.5; }
  .name { font-size: 12px; font-weight: 600; }
  .sub { font-size: 10px; fill: #666; }
  .bottleneck .info { fill: #9467bd; }
  .route { fill: none; stroke: #8a9099; stroke-width: 1.3; }
  .route.rework { stroke: #9467bd; stroke-dasharray: 4 3; }
  .route.seen { stroke: #bbb; stroke-dasharray: 2 3; }
  .dot { fill: #1f4e79; }
  .dot.rework { fill: #9467bd; }
  .axis { font-size: 10px; fill: #666; }
</style>
</head>
<body>
<header><h1>celltwin replay: __TITLE__</h1><div id="legend"></div></header>
<div id="controls">
  <button id="play" type="button">Play</button>
  <label>speed <select id="speed"></select></label>
  <input type="range" id="scrubber" min="0" value="0" step="1">
  <span id="clock"></span>
</div>
<div id="kpis"></div>
<svg id="line" xmlns="http://www.w3.org/2000/svg"></svg>
<svg id="chart" xmlns="http://www.w3.org/2000/svg"></svg>
<script type="application/json" id="data">__DATA__</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const N = D.frames.length, S = D.stations, F = D.frames;
const STATES = ["busy", "idle", "blocked", "down", "setup"];
const COLOURS = ["#2ca02c", "#d9d9d9", "#ff7f0e", "#d62728", "#1f77b4"];
const BASE_FPS = 4;  // frames per second at 1x
const SPEEDS = [1, 2, 5, 10, 50];
const MAX_DOTS = 300, DOTS_PER_ROUTE = 3;
// Layout: boxes in line order, COLS per row; routes that are not a step to the right run down
// into the channel below their row, along it to the gap left of the target, then into it.
const COLS = Math.min(7, S.length), CELL_W = 196, BOX_W = 160;
const SQ = 10, SQ_PITCH = 12, SQ_PER_ROW = Math.floor((BOX_W - 14) / SQ_PITCH);
const LEFT = 28, TOP = 26, CHANNEL = 58;
// Machine area: rows of squares, or a stacked bar with its counts below (two rows).
const areaRows = Math.max(1, ...S.map(s => s.machines <= D.max_squares ? Math.ceil(s.machines / SQ_PER_ROW) : 2));
const BOX_H = 36 + areaRows * SQ_PITCH + 22, ROW_H = BOX_H + CHANNEL;
const ROWS = Math.ceil(S.length / COLS);
const svgNS = "http://www.w3.org/2000/svg";

function el(tag, attrs, parent, text) {
  const e = document.createElementNS(svgNS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function fmt(v) {
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(2) + " M";
  if (a >= 1e4) return (v / 1e3).toFixed(1) + " k";
  return v.toFixed(a >= 100 || a === 0 ? 0 : 1);
}
const timeH = i => D.t0_h + (D.t1_h - D.t0_h) * i / (N - 1);
const boxes = S.map((s, i) => ({x: LEFT + (i % COLS) * CELL_W, y: TOP + Math.floor(i / COLS) * ROW_H,
                                row: Math.floor(i / COLS)}));

// ---- static drawing ----
const svg = document.getElementById("line");
const width = LEFT + COLS * CELL_W, height = TOP + ROWS * ROW_H - CHANNEL + 20;
svg.setAttribute("width", width); svg.setAttribute("height", height);
const defs = el("defs", {}, svg);
for (const [id, colour] of [["arrow", "#8a9099"], ["arrow-rework", "#9467bd"], ["arrow-seen", "#bbb"]]) {
  const m = el("marker", {id, viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7,
                          orient: "auto-start-reverse"}, defs);
  el("path", {d: "M0,0 L8,4 L0,8 z", fill: colour}, m);
}
const routeLayer = el("g", {}, svg), boxLayer = el("g", {}, svg), dotLayer = el("g", {}, svg);

// Entry slots on each target's left side: routes from above on top, a step from the left
// neighbour lowest, so the vertical runs in the gap end above it and do not cross it.
const routePaths = [];
(function drawRoutes() {
  const incoming = S.map(() => []), outgoing = S.map(() => 0), perChannel = {};
  D.routes.forEach((r, k) => {
    const [a, b] = r;
    if (a >= 0 && a !== b) incoming[b].push(k);
  });
  incoming.forEach((ks, b) => ks.sort((k1, k2) => {
    const step = k => (boxes[D.routes[k][0]].row === boxes[b].row && D.routes[k][0] === b - 1) ? 1 : 0;
    return step(k1) - step(k2) || D.routes[k1][0] - D.routes[k2][0];
  }));
  D.routes.forEach((r, k) => {
    const [a, b, type] = r, B = boxes[b];
    let d;
    if (a < 0) {  // source stub into the top of the box
      d = `M${B.x + 14},${B.y - 16} V${B.y}`;
    } else if (a === b) {  // rework into itself: a loop over the top right corner
      d = `M${B.x + BOX_W - 30},${B.y} C${B.x + BOX_W - 30},${B.y - 24} ${B.x + BOX_W + 24},${B.y + 22} ${B.x + BOX_W},${B.y + 22}`;
    } else {
      const A = boxes[a], slots = incoming[b], slot = slots.indexOf(k);
      const ey = B.y + 12 + (BOX_H - 24) * (slots.length === 1 ? 0.5 : slot / (slots.length - 1));
      if (A.row === B.row && a === b - 1) {
        d = `M${A.x + BOX_W},${ey} H${B.x}`;
      } else {
        const n = perChannel[A.row] = (perChannel[A.row] || 0) + 1;
        const cy = A.y + BOX_H + CHANNEL / 2 + ((n % 2 ? 1 : -1) * Math.floor(n / 2)) * 7;
        const sx = A.x + BOX_W - 14 - 8 * outgoing[a]++;
        const gx = B.x - 9 - 7 * (slots.length - 1 - slot);
        d = `M${sx},${A.y + BOX_H} V${cy} H${gx} V${ey} H${B.x}`;
      }
    }
    const marker = type === "rework" ? "arrow-rework" : type === "seen" ? "arrow-seen" : "arrow";
    const p = el("path", {d, class: "route " + type, "marker-end": `url(#${marker})`}, routeLayer);
    routePaths.push({p, len: p.getTotalLength(), type});
  });
})();

const parts = S.map((s, i) => {
  const b = boxes[i];
  const g = el("g", {class: "station" + (s.name === D.kpis.bottleneck ? " bottleneck" : ""),
                     "data-name": s.name, transform: `translate(${b.x},${b.y})`}, boxLayer);
  const share = STATES.filter(k => s.share[k] !== undefined)
                      .map(k => `${k} ${(100 * s.share[k]).toFixed(1)} %`).join(", ");
  el("title", {}, g, `${s.name} (${s.kind}, ${s.machines} machines)` + (s.desc ? `\n${s.desc}` : "") +
                     (share ? `\nstate shares over the measured window: ${share}` : ""));
  el("rect", {class: "box", width: BOX_W, height: BOX_H, rx: 5}, g);
  const name = el("text", {class: "name", x: 7, y: 15}, g, s.name);
  const sub = (s.name === D.kpis.bottleneck ? "bottleneck · " : "") + `${s.kind} · ${s.machines} machine${s.machines === 1 ? "" : "s"}`;
  el("text", {class: "sub info", x: 7, y: 29}, g, sub);
  const part = {name};
  if (s.machines <= D.max_squares) {
    part.squares = [];
    for (let m = 0; m < s.machines; m++)
      part.squares.push(el("rect", {x: 7 + (m % SQ_PER_ROW) * SQ_PITCH, y: 36 + Math.floor(m / SQ_PER_ROW) * SQ_PITCH,
                                    width: SQ, height: SQ, rx: 1.5}, g));
  } else {
    part.bar = COLOURS.map(c => el("rect", {y: 36, height: SQ, fill: c}, g));
    el("rect", {x: 7, y: 36, width: BOX_W - 14, height: SQ, fill: "none", stroke: "#999", "stroke-width": 0.5}, g);
    part.barText = el("text", {class: "sub", x: 7, y: 36 + SQ + 10}, g);
  }
  const by = BOX_H - 10;
  el("text", {class: "sub", x: 7, y: by + 3}, g, "buffer");
  el("rect", {x: 42, y: by - 4, width: BOX_W - 90, height: 7, fill: "#eef0f3", stroke: "#c8ccd2", "stroke-width": 0.5}, g);
  part.buf = el("rect", {x: 42, y: by - 4, width: 0, height: 7, fill: "#7f8ea3"}, g);
  part.bufText = el("text", {class: "sub", x: BOX_W - 7, y: by + 3, "text-anchor": "end"}, g);
  part.wmax = F.reduce((m, f) => Math.max(m, f.w[i]), 0);
  return part;
});
// Long names are squeezed to the box rather than spilling over the next one.
parts.forEach(p => { if (p.name.getComputedTextLength() > BOX_W - 14) {
  p.name.setAttribute("textLength", BOX_W - 14); p.name.setAttribute("lengthAdjust", "spacingAndGlyphs"); } });

// ---- legend, KPIs, controls ----
const legend = document.getElementById("legend");
legend.innerHTML = STATES.map((s, k) => `<span><i style="background:${COLOURS[k]}"></i>${s}</span>`).join("") +
  `<span><i style="background:#1f4e79;border-radius:50%"></i>lot moving (arrive)</span>` +
  `<span><i style="background:#9467bd;border-radius:50%"></i>rework</span>`;
const K = D.kpis, pct = v => v === null || v === undefined ? "–" : (100 * v).toFixed(1) + " %";
const kpiBox = document.getElementById("kpis");
kpiBox.innerHTML = [
  ["throughput_per_h", fmt(K.throughput_per_h), "throughput / h"],
  ["final_yield", pct(K.final_yield), "final yield"],
  ["first_pass_yield", pct(K.first_pass_yield), "first-pass yield"],
  ["wip_mean", fmt(K.wip_mean), "WIP mean (cell eq)"],
  ["lead_time_h", K.lead_time_s === null ? "–" : K.lead_time_s < 3600 ? (K.lead_time_s / 60).toFixed(1) + " min"
                  : (K.lead_time_s / 3600).toFixed(1) + " h", "lead time mean"],
  ["bottleneck", K.bottleneck || "–", "bottleneck"],
].map(([k, v, label]) => `<div data-kpi="${k}" title="results.json, measured window"><b>${v}</b><span>${label}</span></div>`).join("") +
  `<div class="live" data-kpi="wip_now"><b id="wip-now"></b><span>line WIP now (cell eq)</span></div>` +
  `<div class="live" data-kpi="exits_now"><b id="exits-now"></b><span>good units out since ${D.t0_h.toFixed(2)} h</span></div>`;

const playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
const scrubber = document.getElementById("scrubber"), clock = document.getElementById("clock");
speedSel.innerHTML = SPEEDS.map(v => `<option value="${v}">${v}x (${v * BASE_FPS} frames/s)</option>`).join("");
scrubber.max = N - 1;

// ---- WIP / exits chart with a cursor at the current frame ----
const chart = document.getElementById("chart"), CW = Math.max(width, 1000), CH = 110, PAD = 48;
chart.setAttribute("width", CW); chart.setAttribute("height", CH);
const cursor = (function drawChart() {
  const wip = F.map(f => f.p), ex = F.map(f => f.x);
  // reduce, not Math.max(...array): a spread of many frames overflows the call stack
  const wlo = wip.reduce((a, b) => Math.min(a, b)), whi = wip.reduce((a, b) => Math.max(a, b));
  const xhi = ex.reduce((a, b) => Math.max(a, b), 1);
  const X = i => PAD + (CW - 2 * PAD) * i / (N - 1);
  const Yw = v => CH - 22 - (CH - 36) * (whi > wlo ? (v - wlo) / (whi - wlo) : 0.5);
  const Yx = v => CH - 22 - (CH - 36) * v / xhi;
  el("rect", {x: PAD, y: 14, width: CW - 2 * PAD, height: CH - 36, fill: "#fff", stroke: "#ddd"}, chart);
  el("polyline", {points: wip.map((v, i) => `${X(i)},${Yw(v)}`).join(" "), fill: "none", stroke: "#1f77b4", "stroke-width": 1.4}, chart);
  el("polyline", {points: ex.map((v, i) => `${X(i)},${Yx(v)}`).join(" "), fill: "none", stroke: "#2ca02c", "stroke-width": 1.4}, chart);
  el("text", {class: "axis", x: PAD - 4, y: 20, "text-anchor": "end"}, chart, fmt(whi));
  el("text", {class: "axis", x: PAD - 4, y: CH - 22, "text-anchor": "end"}, chart, fmt(wlo));
  el("text", {class: "axis", x: CW - PAD + 4, y: 20}, chart, fmt(xhi));
  el("text", {class: "axis", x: CW - PAD + 4, y: CH - 22}, chart, "0");
  el("text", {class: "axis", x: PAD, y: 10, fill: "#1f77b4"}, chart, "line WIP (cell eq)");
  el("text", {class: "axis", x: CW - PAD, y: 10, "text-anchor": "end", fill: "#2ca02c"}, chart, "cumulative exits (good units)");
  for (let j = 0; j <= 6; j++)
    el("text", {class: "axis", x: X(j * (N - 1) / 6), y: CH - 8, "text-anchor": "middle"}, chart, timeH(j * (N - 1) / 6).toFixed(2) + " h");
  return el("line", {y1: 14, y2: CH - 22, stroke: "#d62728", "stroke-width": 1.2}, chart);
})();

// ---- per-frame update ----
let cur = 0, playing = false;
function show(i) {
  cur = i;
  const f = F[i];
  S.forEach((s, k) => {
    const p = parts[k], st = f.s[k];
    if (p.squares) {
      for (let m = 0; m < p.squares.length; m++) p.squares[m].setAttribute("fill", COLOURS[+st[m]]);
    } else {
      let x = 7;
      const total = st.reduce((a, b) => a + b, 0) || 1;
      st.forEach((c, j) => { const w = (BOX_W - 14) * c / total;
        p.bar[j].setAttribute("x", x); p.bar[j].setAttribute("width", w); x += w; });
      p.barText.textContent = st.map((c, j) => c ? `${c} ${STATES[j]}` : "").filter(Boolean).join(" · ");
    }
    const w = f.w[k];
    p.buf.setAttribute("width", p.wmax > 0 ? (BOX_W - 90) * w / p.wmax : 0);
    p.bufText.textContent = fmt(w);
  });
  document.getElementById("wip-now").textContent = fmt(f.p);
  document.getElementById("exits-now").textContent = fmt(f.x);
  clock.textContent = `t = ${timeH(i).toFixed(2)} h  (frame ${i + 1} of ${N})`;
  scrubber.value = i;
  const cx = PAD + (CW - 2 * PAD) * i / (N - 1);
  cursor.setAttribute("x1", cx); cursor.setAttribute("x2", cx);
}

// ---- lot dots: each frame's arrive moves travel their route while playing ----
let dots = [];
const frameMs = () => 1000 / (BASE_FPS * +speedSel.value);
function spawn(i, now) {
  const dur = Math.max(frameMs(), 600);
  for (const [k, n] of F[i].a) {
    const r = routePaths[k];
    for (let j = 0; j < Math.min(n, DOTS_PER_ROUTE) && dots.length < MAX_DOTS; j++)
      dots.push({r, start: now + j * frameMs() / DOTS_PER_ROUTE, dur,
                 c: el("circle", {r: 3.2, class: "dot" + (r.type === "rework" ? " rework" : ""), opacity: 0}, dotLayer)});
  }
}
function moveDots(now) {
  dots = dots.filter(d => {
    const p = (now - d.start) / d.dur;
    if (p >= 1) { d.c.remove(); return false; }
    if (p >= 0) {
      const pt = d.r.p.getPointAtLength(d.r.len * p);
      d.c.setAttribute("cx", pt.x); d.c.setAttribute("cy", pt.y); d.c.setAttribute("opacity", 1);
    }
    return true;
  });
}
function clearDots() { dots.forEach(d => d.c.remove()); dots = []; }

let lastTick = 0, acc = 0;
function setPlaying(on) {
  if (on && cur === N - 1) show(0);  // play from the end starts over
  playing = on; acc = 0; lastTick = performance.now();
  playBtn.textContent = on ? "Pause" : "Play";
  if (!on) clearDots();
}
function seek(i) {
  clearDots();
  show(Math.max(0, Math.min(N - 1, Math.round(i))));
}
function tick(now) {
  if (playing) {
    // rAF's time is the frame's start, which can precede the click that set lastTick
    acc += Math.max(0, now - lastTick) * BASE_FPS * +speedSel.value / 1000;
    const to = Math.min(N - 1, cur + Math.floor(acc));
    acc -= Math.floor(acc);
    for (let i = cur + 1; i <= to; i++) spawn(i, now);
    if (to !== cur) show(to);
    if (to === N - 1) setPlaying(false);
  }
  lastTick = now;
  moveDots(now);
  requestAnimationFrame(tick);
}
playBtn.addEventListener("click", () => setPlaying(!playing));
scrubber.addEventListener("input", () => seek(+scrubber.value));
speedSel.addEventListener("change", () => { acc = 0; });

window.replay = {frames: N, stations: S.map(s => s.name), frame: () => cur, time_h: () => timeH(cur),
                 seek, playing: () => playing};
show(0);
requestAnimationFrame(tick);
document.body.dataset.ready = "1";
</script>
</body>
</html>
"""

if __name__ == "__main__":
    sys.exit(main())
