#include "twin/app/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

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

bool is_costed(const nlohmann::json& r) {
  return r.contains("cost") && r["cost"].contains("per_wh_in") && r["cost"]["per_wh"].is_number();
}

/// A value that applies to costed runs only.
std::function<std::optional<double>(const nlohmann::json&)> costed_at(const char* pointer) {
  return [pointer](const nlohmann::json& r) {
    return is_costed(r) ? number_at(r, pointer) : std::nullopt;
  };
}

/// The sum of some cost terms per Wh (costed runs only).
std::function<std::optional<double>(const nlohmann::json&)> terms_sum(
    std::vector<const char*> terms) {
  return [terms](const nlohmann::json& r) -> std::optional<double> {
    if (!is_costed(r)) return std::nullopt;
    double sum = 0;
    for (const char* term : terms) sum += r["cost"]["breakdown"][term].get<double>();
    return sum;
  };
}

}  // namespace

const std::vector<SummaryColumn>& summary_columns() {
  static const std::vector<SummaryColumn> columns = {
      {"throughput_per_h", "units/h", "1/h", false, at("/kpis/throughput_per_h")},
      {"gwh_per_year", "GWh/yr", "GWh/yr", false, at("/battery/gwh_per_year")},
      {"first_pass_yield", "FPY", "", false, at("/kpis/first_pass_yield")},
      {"final_yield", "yield", "", false, at("/kpis/final_yield")},
      {"lead_time_s", "lead h", "s", false, at("/kpis/lead_time_s/mean"), 1 / 3600.0},
      {"cost_per_wh", "cost/Wh", "currency/Wh", true, costed_at("/cost/per_wh")},
      {"cost_per_wh_cny", "CNY/Wh", "CNY/Wh", true, costed_at("/cost/per_wh_in/CNY")},
      {"materials_share", "mat %", "", true,
       [](const nlohmann::json& r) -> std::optional<double> {
         if (!is_costed(r)) return std::nullopt;
         return r["cost"]["breakdown"]["materials"].get<double>() /
                r["cost"]["per_wh"].get<double>();
       },
       100},
      {"kwh_per_kwh", "kWh/kWh", "kWh/kWh", true, costed_at("/energy/kwh_per_kwh")},
      {"co2e_kg_per_kwh", "kg CO2e/kWh", "kg CO2e/kWh", true, costed_at("/energy/co2e_kg_per_kwh")},
      // The cash cost split the retrofit's cash flow needs: what scales with output, and what a
      // staffed line pays per year whether or not it produces (per Wh at the simulated output).
      // Depreciation, building and profit are not cash: the capex is paid once, up front.
      {"variable_cost_per_wh", "var/Wh", "currency/Wh", true,
       terms_sum({"materials", "energy", "warranty"}), 1, false},
      {"fixed_cash_cost_per_wh", "fixed/Wh", "currency/Wh", true,
       terms_sum({"labour", "variable_overhead", "gsa", "rnd"}), 1, false},
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
  for (const auto& month : r.value("monthly", nlohmann::json::array()))
    s.monthly_throughput_per_h.push_back(month.at("throughput_per_h").get<double>());
  if (r.contains("battery") && r["battery"].is_object())  // null for a line without cells
    s.wh_per_cell = r["battery"].value("wh_per_cell", 0.0);
  if (is_costed(r)) {
    s.currency = r["cost"]["currency"].get<std::string>();
    for (const auto& [term, value] : r["cost"]["breakdown"].items()) {
      s.cost_terms.emplace_back(term, value.get<double>());
      if (value.get<double>() != 0)
        s.breakdown +=
            fmt::format("{}{} {:.4f}", s.breakdown.empty() ? "" : ", ", term, value.get<double>());
    }
  }
  return s;
}

LineEstimate estimate_line(const std::vector<LineSummary>& replications) {
  LineEstimate e;
  if (replications.empty()) return e;
  e.scenario = replications.front().scenario;
  e.currency = replications.front().currency;
  e.breakdown = replications.front().breakdown;
  e.replications = replications;
  std::map<std::string, int> votes;
  for (const auto& r : replications) ++votes[r.bottleneck];
  e.bottleneck = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
                   return a.second < b.second;
                 })->first;
  for (std::size_t c = 0; c < summary_columns().size(); ++c) {
    std::vector<double> values;
    for (const auto& r : replications)
      if (r.values[c]) values.push_back(*r.values[c]);
    // A column that applies to some replications only (a run without good cells has no cost)
    // would mix populations: it is left without an estimate.
    e.values.push_back(values.size() == replications.size() ? estimate(values) : Estimate{});
  }
  const auto& terms = replications.front().cost_terms;
  const bool alike = std::all_of(replications.begin(), replications.end(), [&](const auto& r) {
    return r.cost_terms.size() == terms.size();
  });
  for (std::size_t t = 0; alike && t < terms.size(); ++t) {
    std::vector<double> values;
    for (const auto& r : replications) values.push_back(r.cost_terms[t].second);
    e.cost_terms.emplace_back(terms[t].first, estimate(values));
  }
  return e;
}

std::vector<Estimate> paired_difference(const LineEstimate& base, const LineEstimate& line) {
  std::vector<Estimate> out;
  const std::size_t n = std::min(base.replications.size(), line.replications.size());
  for (std::size_t c = 0; c < summary_columns().size(); ++c) {
    std::vector<double> d;
    for (std::size_t r = 0; r < n; ++r) {
      const auto& a = base.replications[r].values[c];
      const auto& b = line.replications[r].values[c];
      if (a && b) d.push_back(*b - *a);
    }
    out.push_back(d.size() == n && n > 0 ? estimate(d) : Estimate{});
  }
  return out;
}

namespace {

/// The columns shown: the cost ones only if some line is costed.
std::vector<std::size_t> shown_columns(const std::vector<LineEstimate>& lines) {
  const bool costed =
      std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.costed(); });
  std::vector<std::size_t> shown;
  for (std::size_t c = 0; c < summary_columns().size(); ++c)
    if (summary_columns()[c].in_table && (costed || !summary_columns()[c].costed))
      shown.push_back(c);
  return shown;
}

std::string cell(const SummaryColumn& column, const Estimate& e, bool difference = false) {
  if (e.n == 0) return "-";
  std::string text = with_interval(e, column.display_scale, difference);
  if (difference && e.significant()) text += " *";
  return text;
}

/// A table of rows (name, one cell per column, last text), columns as wide as their widest.
std::string table(const std::vector<std::string>& headers,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& rows,
                  const std::vector<std::string>& last, const std::string& last_header) {
  std::size_t name_width = 4;
  for (const auto& [name, cells] : rows) name_width = std::max(name_width, name.size());
  std::vector<std::size_t> width;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    std::size_t w = headers[i].size();
    for (const auto& [name, cells] : rows) w = std::max(w, cells[i].size());
    width.push_back(w);
  }
  auto line = [&](const std::string& name, const std::vector<std::string>& cells,
                  const std::string& tail) {
    std::string out = fmt::format("{:<{}}", name, name_width);
    for (std::size_t i = 0; i < cells.size(); ++i)
      out += fmt::format("  {:>{}}", cells[i], width[i]);
    return out + (tail.empty() ? "" : "  " + tail) + "\n";
  };
  std::string out = line("", headers, last_header);
  for (std::size_t r = 0; r < rows.size(); ++r) out += line(rows[r].first, rows[r].second, last[r]);
  return out;
}

}  // namespace

std::string compare_table(const std::vector<LineEstimate>& lines) {
  const auto& columns = summary_columns();
  const auto shown = shown_columns(lines);
  const std::size_t n = lines.empty() ? 0 : lines.front().replications.size();
  // Two tables keep the width readable: flow KPIs, then cost and energy.
  std::string out;
  for (const bool costs : {false, true}) {
    std::vector<std::string> headers;
    std::vector<std::size_t> these;
    for (std::size_t c : shown)
      if (columns[c].costed == costs) {
        headers.push_back(columns[c].header);
        these.push_back(c);
      }
    if (these.empty()) continue;
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    std::vector<std::string> last;
    for (const auto& l : lines) {
      std::vector<std::string> cells;
      for (std::size_t c : these) cells.push_back(cell(columns[c], l.values[c]));
      rows.emplace_back(l.scenario, cells);
      last.push_back(costs ? l.currency : l.bottleneck);
    }
    for (std::size_t k = 1; k < lines.size(); ++k) {
      const auto d = paired_difference(lines[0], lines[k]);
      std::vector<std::string> cells;
      for (std::size_t c : these) cells.push_back(cell(columns[c], d[c], true));
      rows.emplace_back(fmt::format("  {} - {}", lines[k].scenario, lines[0].scenario), cells);
      last.push_back(costs || lines[k].bottleneck == lines[0].bottleneck ? "" : "bottleneck moved");
    }
    if (costs) out += "\n";
    out += table(headers, rows, last, costs ? "currency" : "bottleneck");
  }
  if (n >= 2) {
    out += fmt::format("mean ± 95 % half-width over {} replications (Student t, {} df)", n, n - 1);
    if (lines.size() > 1)
      out += "; differences paired by replication (common random numbers), * = significant";
    out += "\n";
  } else {
    out += "one replication: no confidence interval (use --replications N, N >= 2)\n";
  }
  bool any_breakdown = false;
  for (const auto& l : lines) any_breakdown = any_breakdown || !l.breakdown.empty();
  if (any_breakdown) {
    out += "cost breakdown per Wh (replication 1):\n";
    for (const auto& l : lines) out += fmt::format("  {}: {}\n", l.scenario, l.breakdown);
  }
  return out;
}

namespace {
json estimate_json(const Estimate& e) {
  if (e.n == 0) return nullptr;
  return json{{"mean", e.mean},
              {"half_width", e.has_interval() ? json(e.half_width) : json(nullptr)},
              {"n", e.n}};
}
}  // namespace

json compare_json(const std::vector<LineEstimate>& lines) {
  const auto& columns = summary_columns();
  json out = json::array();
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto& l = lines[k];
    json values = json::object(), units = json::object();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      values[columns[c].key] = estimate_json(l.values[c]);
      if (!columns[c].unit.empty()) units[columns[c].key] = columns[c].unit;
    }
    json entry{{"scenario", l.scenario},     {"replications", l.replications.size()},
               {"bottleneck", l.bottleneck}, {"currency", l.currency},
               {"values", values},           {"units", units}};
    if (!l.cost_terms.empty()) {
      json terms = json::object();
      for (const auto& [term, e] : l.cost_terms) terms[term] = estimate_json(e);
      entry["cost_breakdown"] = terms;  // in `currency`/Wh, like cost_per_wh
    }
    if (k > 0) {
      json diff = json::object();
      const auto d = paired_difference(lines[0], l);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        diff[columns[c].key] = estimate_json(d[c]);
        if (d[c].n > 0) diff[columns[c].key]["significant"] = d[c].significant();
      }
      entry["paired_difference_vs"] = lines[0].scenario;
      entry["paired_difference"] = diff;
    }
    out.push_back(entry);
  }
  return out;
}

std::string compare_csv(const std::vector<LineEstimate>& lines) {
  const auto& columns = summary_columns();
  std::string out =
      "scenario,replications,column,unit,mean,half_width,diff_vs,diff_mean,diff_half_width,"
      "diff_significant\n";
  auto number = [](double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : ""; };
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto& l = lines[k];
    const auto d = k > 0 ? paired_difference(lines[0], l) : std::vector<Estimate>{};
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& e = l.values[c];
      if (e.n == 0) continue;
      std::string unit = columns[c].unit;
      if (unit == "currency/Wh") unit = l.currency + "/Wh";
      out += fmt::format("{},{},{},{},{},{}", l.scenario, l.replications.size(), columns[c].key,
                         unit, number(e.mean), number(e.half_width));
      if (k > 0 && d[c].n > 0)
        out += fmt::format(",{},{},{},{}\n", lines[0].scenario, number(d[c].mean),
                           number(d[c].half_width), d[c].significant() ? "true" : "false");
      else
        out += ",,,,\n";
    }
  }
  return out;
}

}  // namespace twin
