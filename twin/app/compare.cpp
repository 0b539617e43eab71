#include "twin/app/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stations/station_config.hpp"

namespace twin {

using json = nlohmann::ordered_json;

namespace {

/// The status of a kept station from its changes: the strongest class among them.
std::string status_of(const std::vector<Changed>& changed) {
  bool hardware = false, recipe = false;
  for (const auto& c : changed) {
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
    } else {
      change.machines_from = before->machines;
      change.changed = stations::station_changes(*before, st);
      change.status = status_of(change.changed);
      const auto kept = std::min(before->machines, st.machines);
      const auto extra = std::max(0LL, st.machines - before->machines);
      change.capex_usd =
          (change.status == "modified" ? st.retrofit_capex_usd * static_cast<double>(kept) : 0.0) +
          st.capex_usd * static_cast<double>(extra);
      // Machines the new line no longer needs are stranded like a removed station's.
      report.stranded_capex_usd +=
          before->capex_usd * static_cast<double>(std::max(0LL, before->machines - st.machines));
    }
    report.change_capex_usd += change.capex_usd;
    report.stations.push_back(change);
  }
  for (const auto& st : from.line.stations) {
    if (to.line.find(st.name) != nullptr) continue;
    StationChange change{st.name,     "removed", {},
                         st.machines, 0,         st.capex_usd * static_cast<double>(st.machines)};
    report.stranded_capex_usd += change.capex_usd;
    report.stations.push_back(change);
  }
  return report;
}

std::string retrofit_table(const RetrofitReport& report, const LineEstimate& from,
                           const LineEstimate& to) {
  std::string out = fmt::format("{:<26} {:<14} {:>9} {:>14}  {}\n", "station", "status",
                                "machines", "capex USD", "changed (class)");
  for (const auto& c : report.stations)
    out += fmt::format("{:<26} {:<14} {:>4}->{:<4} {:>14.0f}  {}\n", c.name, c.status,
                       c.machines_from, c.machines_to, c.capex_usd, changed_text(c.changed));
  out += fmt::format("\ncapital cost of the change: {:.3f} M USD; stranded equipment (removed "
                     "stations and machines): {:.3f} M USD\n\n",
                     report.change_capex_usd / 1e6, report.stranded_capex_usd / 1e6);
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
                        {"changed", changed}});
  }
  const json lines = compare_json({from, to});
  return json{{"stations", stations},
              {"change_capex_usd", report.change_capex_usd},
              {"stranded_capex_usd", report.stranded_capex_usd},
              {"from", lines[0]},
              {"to", lines[1]}};
}

}  // namespace twin
