#include "twin/app/results.hpp"

#include "twin/engine/csv_event_log.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "stations/station_config.hpp"

namespace twin {

using json = nlohmann::ordered_json;

namespace {
json battery_json(const Scenario& s, const Kpis& k) {
  if (!s.cell) return nullptr;
  const double wh = s.cell->wh_per_cell();
  return json{{"cell", s.cell->name},
              {"wh_per_cell", wh},
              {"wh_per_kg", s.cell->wh_per_kg()},
              {"cells_per_h", k.throughput_per_h},
              {"gwh_per_year", k.throughput_per_h * wh * s.plant.hours_per_year() / 1e9},
              {"design_gwh_per_year", s.plant.design_gwh_per_year},
              {"plant_hours_per_year", s.plant.hours_per_year()}};
}
}  // namespace

json cost_json(const Scenario& s, const std::optional<CostOutput>& cost) {
  if (!cost) return json{{"per_wh", 0.0}, {"currency", "USD"}, {"breakdown", json::object()}};
  const CostResult& c = cost->nominal;
  const CostInputs& in = *s.costs;
  if (!c.has_output)
    return json{{"per_wh", nullptr},
                {"currency", in.currency},
                {"no_output", true},
                {"message", "no good cells in the measured window: no cost per Wh"},
                {"breakdown", json::object()}};
  json breakdown = json::object(), by_station = json::object(), by_currency = json::object();
  for (std::size_t i = 0; i < kCostTerms; ++i)
    breakdown[to_string(static_cast<CostTerm>(i))] = c.per_wh_by_term[i];
  for (const auto& [name, terms] : c.per_wh_by_station) {
    json t = json::object();
    for (std::size_t i = 0; i < kCostTerms; ++i) t[to_string(static_cast<CostTerm>(i))] = terms[i];
    by_station[name] = t;
  }
  for (const auto& [code, rate] : in.exchange_rates)
    by_currency[code] = in.convert(c.per_wh, in.currency, code);
  json j{{"per_wh", c.per_wh},       {"currency", in.currency}, {"per_kwh", c.per_wh * 1000},
         {"per_wh_in", by_currency}, {"inputs", in.file},       {"breakdown", breakdown},
         {"by_station", by_station}};
  if (cost->mc) {
    json tornado = json::array();
    for (const auto& row : cost->mc->tornado)
      tornado.push_back({{"input", row.input},
                         {"low", row.low_value},
                         {"high", row.high_value},
                         {"per_wh_low", row.per_wh_low},
                         {"per_wh_high", row.per_wh_high}});
    j["monte_carlo"] = {{"scope", "cost inputs (prices, rates) only, on the simulated flows"},
                        {"samples", cost->mc->samples},
                        {"p5", cost->mc->p5},
                        {"p50", cost->mc->p50},
                        {"p95", cost->mc->p95},
                        {"histogram",
                         {{"min", cost->mc->histogram_min},
                          {"max", cost->mc->histogram_max},
                          {"counts", cost->mc->histogram}}},
                        {"tornado", tornado}};
  }
  return j;
}

json energy_json(const std::optional<CostOutput>& cost) {
  if (!cost || !cost->nominal.has_output)
    return json{{"kwh_per_kwh", 0.0}, {"co2e_kg_per_kwh", 0.0}};
  const CostResult& c = cost->nominal;
  json by_station = json::object();
  for (const auto& [name, v] : c.kwh_per_kwh_by_station) by_station[name] = v;
  const double kwh = c.good_wh / 1000;
  return json{{"kwh_per_kwh", c.kwh_per_kwh},
              {"process_kwh_per_kwh", c.process_kwh_per_kwh},
              {"base_kwh_per_kwh", c.base_kwh_per_kwh},
              {"electricity_kwh_per_kwh", (c.process_el_kwh + c.base_el_kwh) / kwh},
              {"heat_kwh_per_kwh", (c.process_heat_kwh + c.base_heat_kwh) / kwh},
              {"co2e_kg_per_kwh", c.co2e_kg_per_kwh},
              {"by_station", by_station}};
}

json flow_json(const FlowTotals& f) {
  return json{{"released", f.released}, {"rejected", f.rejected}, {"good", f.good},
              {"scrapped", f.scrapped}, {"consumed", f.consumed}, {"made", f.made},
              {"wip_end", f.wip_end}};
}

/// Units of the outputs written outside the statistics tables (sim, battery, cost, energy).
json other_units(const Scenario& s) {
  const std::string currency = s.costs ? s.costs->currency : "USD";
  return json{{"sim.warmup_s", "s"},
              {"sim.horizon_s", "s"},
              {"battery.wh_per_cell", "Wh"},
              {"battery.wh_per_kg", "Wh/kg"},
              {"battery.cells_per_h", "1/h"},
              {"battery.gwh_per_year", "GWh/yr"},
              {"battery.design_gwh_per_year", "GWh/yr"},
              {"battery.plant_hours_per_year", "h/yr"},
              {"monthly[].throughput_per_h", "1/h"},
              {"cost.per_wh", currency + "/Wh"},
              {"cost.per_kwh", currency + "/kWh"},
              {"cost.breakdown", currency + "/Wh"},
              {"energy.kwh_per_kwh", "kWh/kWh"},
              {"energy.co2e_kg_per_kwh", "kg CO2e/kWh"}};
}

namespace {

/// Means of the WIP series over `parts` equal parts of the measured window (empty if the window
/// has fewer bins than parts).
std::vector<double> window_part_means(const Scenario& s, const Kpis& k, std::size_t parts) {
  if (k.wip_series_step_s <= 0) return {};
  const auto first =
      static_cast<std::size_t>(std::ceil(s.warmup_s() / k.wip_series_step_s - 1e-9));
  if (first >= k.wip_series.size() || k.wip_series.size() - first < parts) return {};
  const std::size_t per = (k.wip_series.size() - first) / parts;
  std::vector<double> means;
  for (std::size_t p = 0; p < parts; ++p) {
    const auto begin = k.wip_series.begin() + static_cast<std::ptrdiff_t>(first + p * per);
    means.push_back(std::accumulate(begin, begin + static_cast<std::ptrdiff_t>(per), 0.0) /
                    static_cast<double>(per));
  }
  return means;
}

}  // namespace

std::optional<std::string> first_non_finite(const json& j, const std::string& path) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) return path;
  if (j.is_object())
    for (const auto& [key, value] : j.items())
      if (auto found = first_non_finite(value, path.empty() ? key : path + "." + key)) return found;
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = first_non_finite(j[i], fmt::format("{}[{}]", path, i))) return found;
  return std::nullopt;
}

RunLengthCheck check_run_length(const Scenario& s, const Kpis& k) {
  RunLengthCheck c;
  // A stable line's WIP wanders around its mean; one fed faster than it can work piles up
  // steadily. Five rising part means (chance 1/120 for a stable line) that more than double.
  const auto parts = window_part_means(s, k, 5);
  c.wip_unbounded = !parts.empty() && std::is_sorted(parts.begin(), parts.end()) &&
                    std::adjacent_find(parts.begin(), parts.end()) == parts.end() &&
                    parts.back() > 2 * parts.front() + 1;
  if (c.wip_unbounded)
    c.warnings.push_back(fmt::format(
        "WIP grows without bound: {:.4g} units in the first fifth of the measured window, {:.4g} "
        "in the last (arrivals faster than the line's capacity into unlimited buffers?); "
        "throughput, lead time and cost then depend on the horizon",
        parts.front(), parts.back()));
  c.mser5_warmup_s = static_cast<double>(mser5_truncation(k.wip_series)) * k.wip_series_step_s;
  // MSER-5 looks at the first half of the run only; a warm-up within one batch of its choice
  // is as good as it.
  if (c.mser5_warmup_s > s.warmup_s() + 5 * k.wip_series_step_s)
    c.warnings.push_back(fmt::format(
        "warm-up looks too short: MSER-5 on the WIP series suggests {:.4g} h (warmup_h is {:.4g})",
        c.mser5_warmup_s / 3600, s.warmup_h));
  const double lead_s = k.lead_time_s.mean;
  if (k.lead_time_s.lots > 0 && s.horizon_s() < 2 * lead_s)
    c.warnings.push_back(fmt::format(
        "measured window {:.4g} h is shorter than 2 mean lead times ({:.4g} h): lots that take "
        "longer than the window are missing from the lead time and the window-edge effects are "
        "large",
        s.horizon_h, 2 * lead_s / 3600));
  if (k.good_units == 0)
    c.warnings.push_back("no good units left the line in the measured window");
  return c;
}

json results_json(const Scenario& s, const RunOutput& run, const std::optional<CostOutput>& cost) {
  const Kpis& k = run.kpis;
  const RunLengthCheck length = check_run_length(s, k);
  json flow_by_kind = json::object();
  for (const auto& [kind, f] : k.flow_by_kind) flow_by_kind[kind] = flow_json(f);
  json monthly = json::array();
  for (std::size_t m = 0; m < k.monthly.size(); ++m)
    monthly.push_back({{"month", m + 1},
                       {"good_units", k.monthly[m].good_units},
                       {"throughput_per_h", k.monthly[m].throughput_per_h},
                       {"final_yield", k.monthly[m].final_yield}});
  json kpis = json::object(), stations = json::object(), units = json::object();
  for (const auto& stat : line_statistics()) {
    kpis[stat.key] = stat.value(k);
    if (!stat.unit.empty()) units["kpis." + stat.key] = stat.unit;
  }
  for (const auto& st : k.stations) {
    json entry = json::object();
    for (const auto& stat : station_statistics()) entry[stat.key] = stat.value(st);
    stations[st.name] = entry;
  }
  for (const auto& stat : station_statistics())
    if (!stat.unit.empty()) units["stations.*." + stat.key] = stat.unit;
  const json others = other_units(s);
  for (const auto& [key, unit] : others.items()) units[key] = unit;
  return json{
      {"scenario", s.name},
      {"seed", s.seed},
      {"replication", s.replication},
      {"sim", {{"warmup_s", s.warmup_s()}, {"horizon_s", s.horizon_s()}, {"events", run.events}}},
      {"kpis", kpis},
      {"stations", stations},
      {"flow", flow_json(k.flow)},
      {"flow_by_kind", flow_by_kind},
      {"battery", battery_json(s, k)},
      {"monthly", monthly},
      {"cost", cost_json(s, cost)},
      {"energy", energy_json(cost)},
      {"units", units},
      {"run_length",
       {{"mser5_warmup_s", length.mser5_warmup_s},
        {"wip_unbounded", length.wip_unbounded},
        {"warnings", length.warnings}}},
  };
}

json line_json(const Scenario& s) {
  json stations = json::array();
  for (const auto& st : s.line.stations) stations.push_back(stations::station_json(st));
  json sources = json::object();
  for (const auto& [path, text] : s.sources) sources[path] = text;
  // The weights of kpis.wip_mean: a replay sums lots in these units (kinds not named count 1).
  json weights = json::object();
  for (const auto& [kind, units] : lines::product_units_per_kind(s.line)) weights[kind] = units;
  return json{{"scenario", s.name},
              {"file", s.file},
              {"stations", stations},
              {"cell_equivalents_per_unit", weights},
              {"sources", sources}};
}

json run_info_json(const Scenario& s, const RunOutput& run) {
  json j{{"celltwin", CELLTWIN_VERSION},
         {"scenario", s.name},
         {"scenario_file", s.file},
         {"seed", s.seed},
         {"replication", s.replication},
         {"wall_s", run.wall_s},
         {"events", run.events},
         {"events_per_s", run.wall_s > 0 ? static_cast<double>(run.events) / run.wall_s : 0}};
  if (const auto& log = run.event_log) {
    json columns = json::array();
    for (const auto& c : event_columns())
      columns.push_back({{"name", c.name}, {"unit", c.unit}, {"doc", c.doc}});
    j["event_log"] = {{"file", "events.csv"},
                      {"index", "events.index.jsonl"},
                      {"from_s", log->from_s},
                      {"to_s", log->to_s},
                      {"rows", log->rows},
                      {"bytes", log->bytes},
                      {"snapshot_every_s", log->snapshot_every_s},
                      {"columns", columns}};
  }
  return j;
}

std::string kpi_table(const Scenario& s, const RunOutput& run,
                      const std::optional<CostOutput>& cost) {
  const Kpis& k = run.kpis;
  std::string out = fmt::format("scenario {}  seed {}  measured {:.1f} h after {:.1f} h warm-up\n",
                                s.name, s.seed, s.horizon_h, s.warmup_h);
  for (const auto& stat : line_statistics())
    out += fmt::format("  {:<18} {}\n", stat.key, shown(stat, k));
  if (s.cell)
    out += fmt::format("  {:<18} {} ({:.1f} Wh): {:.3f} GWh/yr at {:.0f} h/yr\n", "cells",
                       s.cell->name, s.cell->wh_per_cell(),
                       k.throughput_per_h * s.cell->wh_per_cell() * s.plant.hours_per_year() / 1e9,
                       s.plant.hours_per_year());
  if (cost && cost->nominal.has_output) {
    const auto& c = cost->nominal;
    out += fmt::format("  {:<18} {:.4f} {}/Wh ({:.1f} {}/kWh)", "cost", c.per_wh, s.costs->currency,
                       c.per_wh * 1000, s.costs->currency);
    if (cost->mc)
      out += fmt::format("   P5 {:.4f}  P50 {:.4f}  P95 {:.4f}", cost->mc->p5, cost->mc->p50,
                         cost->mc->p95);
    out += fmt::format("\n  {:<18}", "");
    for (std::size_t i = 0; i < kCostTerms; ++i)
      if (c.per_wh_by_term[i] != 0)
        out += fmt::format(" {} {:.1f}%", to_string(static_cast<CostTerm>(i)),
                           100 * c.per_wh_by_term[i] / c.per_wh);
    out += fmt::format(
        "\n  {:<18} {:.1f} kWh/kWh (process {:.1f}, base {:.1f})   {:.1f} kg CO2e/kWh\n", "energy",
        c.kwh_per_kwh, c.process_kwh_per_kwh, c.base_kwh_per_kwh, c.co2e_kg_per_kwh);
  } else if (cost) {
    out += fmt::format("  {:<18} no good cells in the window: no cost per Wh\n", "cost");
  }
  // Stations: machines, the state shares, then every scalar station statistic.
  out += fmt::format("\n  {:<24} {:>5}", "station", "mach");
  for (MachineState state : kMachineStates) out += fmt::format(" {:>7}", to_string(state));
  out += fmt::format(" {:>6} {:>12} {:>10}  {}\n", "oee", "processed", "scrapped", "unit");
  for (std::size_t i = 0; i < k.stations.size(); ++i) {
    const auto& st = k.stations[i];
    out += fmt::format("  {:<24} {:>5}", st.name, s.line.stations[i].machines);
    for (MachineState state : kMachineStates)
      out += fmt::format(" {:>7.3f}", st.state_share[state]);
    out += fmt::format(" {:>6.3f} {:>12.0f} {:>10.0f}  {}\n", st.oee, st.processed, st.scrapped,
                       st.unit);
  }
  out += fmt::format("\n  {} events in {:.2f} s wall\n", run.events, run.wall_s);
  return out;
}

}  // namespace twin
