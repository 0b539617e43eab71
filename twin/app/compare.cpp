#include "twin/app/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stations/station_config.hpp"
#include "twin/app/results.hpp"

namespace twin {

using json = nlohmann::ordered_json;

LineSummary summarize(const nlohmann::json& r) {
  LineSummary s;
  s.scenario = r.at("scenario").get<std::string>();
  const auto& k = r.at("kpis");
  s.cells_per_h = k.at("throughput_per_h").get<double>();
  s.first_pass_yield = k.at("first_pass_yield").get<double>();
  s.final_yield = k.at("final_yield").get<double>();
  s.lead_time_h = k.at("lead_time_s").at("mean").get<double>() / 3600.0;
  s.wip_mean = k.at("wip_mean").get<double>();
  s.bottleneck = k.at("bottleneck").get<std::string>();
  if (r.contains("battery") && r["battery"].is_object())
    s.gwh_per_year = r["battery"].at("gwh_per_year").get<double>();
  const auto& cost = r.at("cost");
  if (cost.contains("per_wh_in") && cost.at("per_wh").is_number()) {
    s.costed = true;
    s.cost_per_wh = cost.at("per_wh").get<double>();
    s.currency = cost.at("currency").get<std::string>();
    if (cost["per_wh_in"].contains("CNY")) s.cost_per_wh_cny = cost["per_wh_in"]["CNY"].get<double>();
    s.materials_share = cost["breakdown"]["materials"].get<double>() / s.cost_per_wh;
    s.kwh_per_kwh = r.at("energy").at("kwh_per_kwh").get<double>();
    s.co2e_kg_per_kwh = r.at("energy").at("co2e_kg_per_kwh").get<double>();
    for (const auto& [term, value] : cost["breakdown"].items())
      if (value.get<double>() != 0)
        s.breakdown += fmt::format("{}{} {:.4f}", s.breakdown.empty() ? "" : ", ", term,
                                   value.get<double>());
  }
  return s;
}

std::string compare_table(const std::vector<LineSummary>& lines) {
  const bool costed = std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.costed; });
  std::string out = fmt::format("{:<22} {:>8} {:>7} {:>6} {:>6} {:>8} {:<14}", "line", "cells/h",
                                "GWh/yr", "FPY", "yield", "lead h", "bottleneck");
  if (costed)
    out += fmt::format(" {:>11} {:>8} {:>6} {:>8} {:>6}", "cost/Wh", "CNY/Wh", "mat %", "kWh/kWh",
                       "CO2e");
  out += "\n";
  for (const auto& l : lines) {
    out += fmt::format("{:<22} {:>8.1f} {:>7.3f} {:>6.3f} {:>6.3f} {:>8.1f} {:<14}", l.scenario,
                       l.cells_per_h, l.gwh_per_year, l.first_pass_yield, l.final_yield,
                       l.lead_time_h, l.bottleneck);
    if (l.costed)
      out += fmt::format(" {:>7.4f} {:<3} {:>8.3f} {:>6.1f} {:>8.1f} {:>6.1f}", l.cost_per_wh,
                         l.currency, l.cost_per_wh_cny, 100 * l.materials_share, l.kwh_per_kwh,
                         l.co2e_kg_per_kwh);
    out += "\n";
  }
  if (costed) {
    out += "cost breakdown per Wh:\n";
    for (const auto& l : lines) out += "  " + l.scenario + ": " + l.breakdown + "\n";
  }
  return out;
}

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
      change.capex_usd = (change.status == "modified" ? st.retrofit_capex_usd * static_cast<double>(kept) : 0.0) +
                         st.capex_usd * static_cast<double>(extra);
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
  return report;
}

std::string retrofit_table(const RetrofitReport& report, const LineSummary& from,
                           const LineSummary& to) {
  std::string out = fmt::format("{:<26} {:<14} {:>9} {:>14}  {}\n", "station", "status",
                                "machines", "capex USD", "changed (class)");
  for (const auto& c : report.stations)
    out += fmt::format("{:<26} {:<14} {:>4}->{:<4} {:>14.0f}  {}\n", c.name, c.status,
                       c.machines_from, c.machines_to, c.capex_usd, changed_text(c.changed));
  out += fmt::format("\ncapital cost of the change: {:.3f} M USD; stranded (removed) equipment: "
                     "{:.3f} M USD\n\n",
                     report.change_capex_usd / 1e6, report.stranded_capex_usd / 1e6);
  out += compare_table({from, to});
  out += fmt::format("{:<24} {:>+10.1f} {:>+8.3f} {:>+8.4f} {:>+8.4f} {:>+12.1f} {}\n", "delta",
                     to.cells_per_h - from.cells_per_h, to.gwh_per_year - from.gwh_per_year,
                     to.first_pass_yield - from.first_pass_yield, to.final_yield - from.final_yield,
                     to.lead_time_h - from.lead_time_h,
                     from.bottleneck == to.bottleneck ? "same bottleneck" : "bottleneck moved");
  if (from.costed && to.costed)
    out += fmt::format("cost per Wh: {:.4f} -> {:.4f} {} ({:+.4f}, {:+.1f} %)\n", from.cost_per_wh,
                       to.cost_per_wh, to.currency, to.cost_per_wh - from.cost_per_wh,
                       100 * (to.cost_per_wh / from.cost_per_wh - 1));
  return out;
}

json retrofit_json(const RetrofitReport& report, const LineSummary& from, const LineSummary& to) {
  json stations = json::array();
  for (const auto& c : report.stations) {
    json changed = json::array();
    for (const auto& k : c.changed) changed.push_back({{"key", k.key}, {"class", to_string(k.change)}});
    stations.push_back({{"name", c.name}, {"status", c.status}, {"machines_from", c.machines_from},
                        {"machines_to", c.machines_to}, {"capex_usd", c.capex_usd},
                        {"changed", changed}});
  }
  auto line = [](const LineSummary& l) {
    return json{{"scenario", l.scenario}, {"cells_per_h", l.cells_per_h},
                {"gwh_per_year", l.gwh_per_year}, {"first_pass_yield", l.first_pass_yield},
                {"final_yield", l.final_yield}, {"lead_time_h", l.lead_time_h},
                {"bottleneck", l.bottleneck},
                {"cost_per_wh", l.costed ? json(l.cost_per_wh) : json(nullptr)},
                {"currency", l.currency}};
  };
  return json{{"stations", stations},
              {"change_capex_usd", report.change_capex_usd},
              {"stranded_capex_usd", report.stranded_capex_usd},
              {"from", line(from)},
              {"to", line(to)},
              {"delta",
               {{"cells_per_h", to.cells_per_h - from.cells_per_h},
                {"gwh_per_year", to.gwh_per_year - from.gwh_per_year},
                {"first_pass_yield", to.first_pass_yield - from.first_pass_yield},
                {"final_yield", to.final_yield - from.final_yield},
                {"lead_time_h", to.lead_time_h - from.lead_time_h},
                {"cost_per_wh", from.costed && to.costed ? json(to.cost_per_wh - from.cost_per_wh) : json(nullptr)}}}};
}

}  // namespace twin
