#include "twin/app/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stations/station_config.hpp"
#include "twin/app/kpis.hpp"
#include "twin/app/results.hpp"

namespace twin {

using json = nlohmann::ordered_json;

namespace {

std::optional<double> number_at(const nlohmann::json& r, const char* pointer) {
  const nlohmann::json::json_pointer at(pointer);
  if (!r.contains(at) || !r.at(at).is_number()) return std::nullopt;
  return r.at(at).get<double>();
}

std::function<std::optional<double>(const nlohmann::json&)> at(const char* pointer) {
  return [pointer](const nlohmann::json& r) { return number_at(r, pointer); };
}

std::function<std::string(double)> fixed(int decimals, double scale = 1) {
  return [decimals, scale](double v) { return fmt::format("{:.{}f}", v * scale, decimals); };
}

bool is_costed(const nlohmann::json& r) {
  return r.contains("cost") && r["cost"].contains("per_wh_in") && r["cost"]["per_wh"].is_number();
}

/// A value that applies to costed runs only.
std::function<std::optional<double>(const nlohmann::json&)> costed_at(const char* pointer) {
  return [pointer](const nlohmann::json& r) {
    return is_costed(r) ? number_at(r, pointer) : std::nullopt;
  };
}

}  // namespace

const std::vector<SummaryColumn>& summary_columns() {
  static const std::vector<SummaryColumn> columns = {
      {"throughput_per_h", "units/h", "1/h", false, at("/kpis/throughput_per_h"), fixed(1)},
      {"gwh_per_year", "GWh/yr", "GWh/yr", false, at("/battery/gwh_per_year"), fixed(3)},
      {"first_pass_yield", "FPY", "", false, at("/kpis/first_pass_yield"), fixed(3)},
      {"final_yield", "yield", "", false, at("/kpis/final_yield"), fixed(3)},
      {"lead_time_s", "lead", "s", false, at("/kpis/lead_time_s/mean"),
       [](double s) { return hours_text(s); }},
      {"cost_per_wh", "cost/Wh", "currency/Wh", true, costed_at("/cost/per_wh"), fixed(4)},
      {"cost_per_wh_cny", "CNY/Wh", "CNY/Wh", true, costed_at("/cost/per_wh_in/CNY"), fixed(3)},
      {"materials_share", "mat %", "", true,
       [](const nlohmann::json& r) -> std::optional<double> {
         if (!is_costed(r)) return std::nullopt;
         return r["cost"]["breakdown"]["materials"].get<double>() /
                r["cost"]["per_wh"].get<double>();
       },
       fixed(1, 100)},
      {"kwh_per_kwh", "kWh/kWh", "kWh/kWh", true, costed_at("/energy/kwh_per_kwh"), fixed(1)},
      {"co2e_kg_per_kwh", "kg CO2e/kWh", "kg CO2e/kWh", true, costed_at("/energy/co2e_kg_per_kwh"),
       fixed(1)},
  };
  return columns;
}

std::size_t summary_column(const std::string& key) {
  const auto& columns = summary_columns();
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c].key == key) return c;
  throw std::logic_error("no summary column " + key);
}

LineSummary summarize(const nlohmann::json& r) {
  LineSummary s;
  s.scenario = r.at("scenario").get<std::string>();
  s.bottleneck = r.at("kpis").at("bottleneck").get<std::string>();
  for (const auto& column : summary_columns()) s.values.push_back(column.value(r));
  if (is_costed(r)) {
    s.currency = r["cost"]["currency"].get<std::string>();
    for (const auto& [term, value] : r["cost"]["breakdown"].items())
      if (value.get<double>() != 0)
        s.breakdown +=
            fmt::format("{}{} {:.4f}", s.breakdown.empty() ? "" : ", ", term, value.get<double>());
  }
  return s;
}

namespace {

std::string cell(const SummaryColumn& column, const std::optional<double>& value) {
  return value ? column.shown(*value) : "-";
}

/// The columns shown: the cost ones only if some line is costed.
std::vector<std::size_t> shown_columns(const std::vector<LineSummary>& lines) {
  const bool costed =
      std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.costed(); });
  std::vector<std::size_t> shown;
  for (std::size_t c = 0; c < summary_columns().size(); ++c)
    if (costed || !summary_columns()[c].costed) shown.push_back(c);
  return shown;
}

}  // namespace

namespace {
/// The change from `a` to `b` as a column shows it, with its sign.
std::string delta_cell(const SummaryColumn& column, const std::optional<double>& a,
                       const std::optional<double>& b) {
  if (!a || !b) return "-";
  const std::string text = column.shown(*b - *a);
  return *b - *a >= 0 ? "+" + text : text;
}
}  // namespace

std::string compare_table(const std::vector<LineSummary>& lines, bool delta_row) {
  const auto& columns = summary_columns();
  const auto shown = shown_columns(lines);
  std::vector<std::string> deltas;
  if (delta_row && lines.size() == 2)
    for (std::size_t c : shown)
      deltas.push_back(delta_cell(columns[c], lines[0].values[c], lines[1].values[c]));
  // Each column as wide as its header or its widest value.
  std::vector<std::size_t> width;
  std::size_t name_width = 4;
  for (const auto& l : lines) name_width = std::max(name_width, l.scenario.size());
  for (std::size_t c : shown) {
    std::size_t w = columns[c].header.size();
    for (const auto& l : lines) w = std::max(w, cell(columns[c], l.values[c]).size());
    if (!deltas.empty()) w = std::max(w, deltas[width.size()].size());
    width.push_back(w);
  }
  auto row = [&](const std::string& name, const std::vector<std::string>& cells,
                 const std::string& last) {
    std::string out = fmt::format("{:<{}}", name, name_width);
    for (std::size_t i = 0; i < cells.size(); ++i)
      out += fmt::format(" {:>{}}", cells[i], width[i]);
    return out + "  " + last + "\n";
  };
  std::vector<std::string> headers;
  for (std::size_t c : shown) headers.push_back(columns[c].header);
  std::string out = row("line", headers, "bottleneck");
  for (const auto& l : lines) {
    std::vector<std::string> cells;
    for (std::size_t c : shown) cells.push_back(cell(columns[c], l.values[c]));
    out += row(l.scenario, cells, l.bottleneck);
  }
  if (!deltas.empty())
    out += row("delta", deltas,
               lines[0].bottleneck == lines[1].bottleneck ? "same bottleneck" : "bottleneck moved");
  std::string currencies;
  for (const auto& l : lines)
    if (l.costed() && currencies.find(l.currency) == std::string::npos)
      currencies += (currencies.empty() ? "" : ", ") + l.currency;
  if (!currencies.empty()) {
    out += "cost/Wh in " + currencies + "; cost breakdown per Wh:\n";
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
      change.capex_usd =
          (change.status == "modified" ? st.retrofit_capex_usd * static_cast<double>(kept) : 0.0) +
          st.capex_usd * static_cast<double>(extra);
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

std::string retrofit_table(const RetrofitReport& report, const LineSummary& from,
                           const LineSummary& to) {
  std::string out = fmt::format("{:<26} {:<14} {:>9} {:>14}  {}\n", "station", "status", "machines",
                                "capex USD", "changed (class)");
  for (const auto& c : report.stations)
    out += fmt::format("{:<26} {:<14} {:>4}->{:<4} {:>14.0f}  {}\n", c.name, c.status,
                       c.machines_from, c.machines_to, c.capex_usd, changed_text(c.changed));
  out += fmt::format(
      "\ncapital cost of the change: {:.3f} M USD; stranded (removed) equipment: "
      "{:.3f} M USD\n\n",
      report.change_capex_usd / 1e6, report.stranded_capex_usd / 1e6);
  out += compare_table({from, to}, true);
  const std::size_t cost = summary_column("cost_per_wh");
  const auto& cost_from = from.values[cost];
  const auto& cost_to = to.values[cost];
  if (cost_from && cost_to)
    out +=
        fmt::format("cost per Wh: {:.4f} -> {:.4f} {} ({:+.4f}, {:+.1f} %)\n", *cost_from, *cost_to,
                    to.currency, *cost_to - *cost_from, 100 * (*cost_to / *cost_from - 1));
  return out;
}

json retrofit_json(const RetrofitReport& report, const LineSummary& from, const LineSummary& to) {
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
  const auto& columns = summary_columns();
  auto value = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  auto line = [&](const LineSummary& l) {
    json j{{"scenario", l.scenario}};
    for (std::size_t c = 0; c < columns.size(); ++c) j[columns[c].key] = value(l.values[c]);
    j["bottleneck"] = l.bottleneck;
    j["currency"] = l.currency;
    return j;
  };
  json delta = json::object(), units = json::object();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto& a = from.values[c];
    const auto& b = to.values[c];
    delta[columns[c].key] = a && b ? json(*b - *a) : json(nullptr);
    if (!columns[c].unit.empty()) units[columns[c].key] = columns[c].unit;
  }
  return json{{"stations", stations},
              {"change_capex_usd", report.change_capex_usd},
              {"stranded_capex_usd", report.stranded_capex_usd},
              {"from", line(from)},
              {"to", line(to)},
              {"delta", delta},
              {"units", units}};
}

}  // namespace twin
