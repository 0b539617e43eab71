#include "twin/app/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stations/station_config.hpp"

namespace twin {

using json = nlohmann::ordered_json;

namespace {

/// The status of a kept station from its changes: the strongest class among them. The machine
/// count and price are the retrofit's own arithmetic (extra machines bought, dropped ones
/// stranded), and plant changes (room, dew point) are plant items, not changes of a machine; a
/// retrofit_capex_usd the new line sets is its statement that the kept machines are modified.
std::string status_of(const std::vector<Changed>& changed) {
  bool hardware = false, recipe = false;
  for (const auto& c : changed) {
    if (c.key == "machines" || c.key == "capex_usd") continue;
    hardware = hardware || c.change == Change::hardware;
    recipe = recipe || c.change == Change::recipe;
  }
  return hardware ? "modified" : recipe ? "recipe-changed" : "reused";
}

std::string changed_text(const std::vector<Changed>& changed) {
  std::string text;
  for (const auto& c : changed)
    text += fmt::format("{}{} ({})", text.empty() ? "" : ", ", c.key, to_string(c.change));
  return text;
}

}  // namespace

namespace {

/// The kept machines of a station in both lines: by the machine catalogue when both name a type
/// (the same type: reused, recipe-changed or modified at a sourced retrofit_capex_usd, else
/// replaced; another type: converted as the catalogue says, else replaced), by the parameter
/// classes alone when they do not (modified at retrofit_capex_usd).
void classify_kept(const Scenario& to, const stations::StationConfig& before,
                   const stations::StationConfig& st, long long kept, StationChange& change,
                   RetrofitReport& report) {
  const auto replace = [&](const std::string& why) {
    change.status = "replaced";
    change.downtime_h = to.machines ? to.machines->install_downtime_h : 0;
    change.capex_usd = st.capex_usd * static_cast<double>(kept);
    change.basis = why + fmt::format(": {} new machines at {:.0f} USD", kept, st.capex_usd);
    report.stranded_capex_usd += before.capex_usd * static_cast<double>(kept);
  };
  const bool typed = !before.machine_type.empty() && !st.machine_type.empty() && to.machines;
  if (typed && before.machine_type != st.machine_type) {
    const auto* conversion = to.machines->conversion(before.machine_type, st.machine_type);
    if (conversion == nullptr)
      return replace(fmt::format("{} -> {}: no conversion in {}", before.machine_type,
                                 st.machine_type, to.machines->file));
    change.status = "converted";
    change.capex_usd = conversion->capex_share * st.capex_usd * static_cast<double>(kept);
    change.downtime_h = conversion->downtime_h;
    change.basis = fmt::format("{} -> {}: {} x {:.4g} of {:.0f} USD, {:.0f} h down",
                               before.machine_type, st.machine_type, kept,
                               conversion->capex_share, st.capex_usd, conversion->downtime_h);
    return;
  }
  if (change.status != "modified") return;
  const std::string key = "line.stations." + st.name + ".retrofit_capex_usd";
  if (typed && to.sources.count(key) == 0)
    return replace(st.machine_type + ": a hardware change without a sourced retrofit_capex_usd");
  change.capex_usd = st.retrofit_capex_usd * static_cast<double>(kept);
  change.basis = fmt::format("{} x retrofit_capex_usd {:.0f} USD", kept, st.retrofit_capex_usd);
}

}  // namespace

RetrofitReport diff_lines(const Scenario& from, const Scenario& to) {
  RetrofitReport report;
  for (const auto& st : to.line.stations) {
    StationChange change;
    change.name = st.name;
    change.machines_to = st.machines;
    const stations::StationConfig* before = from.line.find(st.name);
    if (before == nullptr) {
      change.status = "added";
      change.capex_usd = st.capex_usd * static_cast<double>(st.machines);
      if (to.machines) change.downtime_h = to.machines->install_downtime_h;
    } else {
      change.machines_from = before->machines;
      change.changed = stations::station_changes(*before, st);
      change.status = status_of(change.changed);
      const auto kept = std::min(before->machines, st.machines);
      const auto extra = std::max(0LL, st.machines - before->machines);
      classify_kept(to, *before, st, kept, change, report);
      change.capex_usd += st.capex_usd * static_cast<double>(extra);
      // Machines the new line no longer needs are stranded like a removed station's.
      report.stranded_capex_usd +=
          before->capex_usd * static_cast<double>(std::max(0LL, before->machines - st.machines));
    }
    report.change_capex_usd += change.capex_usd;
    report.stations.push_back(change);
  }
  for (const auto& st : from.line.stations) {
    if (to.line.find(st.name) != nullptr) continue;
    StationChange change{st.name, "removed", {}, st.machines, 0,
                         st.capex_usd * static_cast<double>(st.machines)};
    report.stranded_capex_usd += change.capex_usd;
    report.stations.push_back(change);
  }
  if (from.costs) {
    const double life = from.costs->typical()[CostInput::equipment_life_years];
    report.book_value_share = std::max(0.0, 1.0 - from.plant.equipment_age_years / life);
  }
  report.stranded_book_value_usd = report.stranded_capex_usd * report.book_value_share;
  return report;
}

std::string retrofit_table(const RetrofitReport& report, const LineEstimate& from,
                           const LineEstimate& to) {
  std::string out = fmt::format("{:<26} {:<14} {:>9} {:>14}  {}\n", "station", "status",
                                "machines", "capex USD", "changed (class)");
  for (const auto& c : report.stations)
    out += fmt::format("{:<26} {:<14} {:>4}->{:<4} {:>14.0f}  {}{}\n", c.name, c.status,
                       c.machines_from, c.machines_to, c.capex_usd, changed_text(c.changed),
                       c.status == "converted" || c.status == "replaced" ? "; " + c.basis : "");
  out += fmt::format("\ncapital cost of the change: {:.3f} M USD; stranded equipment (removed "
                     "stations and machines): {:.3f} M USD installed, {:.3f} M USD book value\n\n",
                     report.change_capex_usd / 1e6, report.stranded_capex_usd / 1e6,
                     report.stranded_book_value_usd / 1e6);
  out += compare_table({from, to});
  const auto d = paired_difference(from, to);
  const std::size_t cost = summary_column("cost_per_wh");
  if (d[cost].n > 0 && from.values[cost].mean != 0)
    out += fmt::format("cost per Wh: {} -> {} {} ({}, {:+.1f} %{})\n",
                       with_interval(from.values[cost]), with_interval(to.values[cost]),
                       to.currency, with_interval(d[cost], 1, true),
                       100 * d[cost].mean / from.values[cost].mean,
                       d[cost].significant() ? ", significant"
                       : d[cost].has_interval() ? ", not significant" : "");
  return out;
}

json retrofit_json(const RetrofitReport& report, const LineEstimate& from, const LineEstimate& to) {
  json stations = json::array();
  for (const auto& c : report.stations) {
    json changed = json::array();
    for (const auto& k : c.changed)
      changed.push_back({{"key", k.key}, {"class", to_string(k.change)}});
    stations.push_back({{"name", c.name},
                        {"status", c.status},
                        {"machines_from", c.machines_from},
                        {"machines_to", c.machines_to},
                        {"capex_usd", c.capex_usd},
                        {"downtime_s", c.downtime_h * 3600},
                        {"basis", c.basis},
                        {"changed", changed}});
  }
  const json lines = compare_json({from, to});
  return json{{"stations", stations},
              {"change_capex_usd", report.change_capex_usd},
              {"stranded_capex_usd", report.stranded_capex_usd},
              {"stranded_book_value_usd", report.stranded_book_value_usd},
              {"book_value_share", report.book_value_share},
              {"from", lines[0]},
              {"to", lines[1]}};
}

}  // namespace twin
