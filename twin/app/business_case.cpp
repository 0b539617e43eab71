#include "twin/app/business_case.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "twin/app/kpis.hpp"

namespace twin {

using json = nlohmann::ordered_json;

double line_equipment_usd(const Scenario& scenario) {
  double usd = 0;
  for (const auto& st : scenario.line.stations)
    usd += st.capex_usd * static_cast<double>(st.machines);
  return usd * scenario.plant.capex_scale();
}

namespace {

/// Replication r of a line, its money converted into `currency`.
LineEconomics economics(const LineSummary& r, const CostInputs& costs, const std::string& from,
                        const std::string& currency) {
  const auto value = [&r](const char* key) { return r.values[summary_column(key)].value_or(0); };
  LineEconomics l;
  l.wh_per_year = value("gwh_per_year") * 1e9;
  l.variable_cost_per_wh = costs.convert(value("variable_cost_per_wh"), from, currency);
  l.fixed_cash_cost_per_year =
      costs.convert(value("fixed_cash_cost_per_wh"), from, currency) * l.wh_per_year;
  return l;
}

std::vector<double> mean_by_year(const std::vector<std::vector<double>>& flows) {
  std::vector<double> mean(flows.front().size(), 0);
  for (const auto& f : flows)
    for (std::size_t t = 0; t < f.size(); ++t) mean[t] += f[t] / static_cast<double>(flows.size());
  return mean;
}

/// Replication r of the ramp-up run as shares of the target's mature output per month, and
/// its variable cost per good Wh over the run (from its start of production) in `currency`.
RampUp ramp_of(const LineSummary& ramp, const LineEconomics& mature, const Scenario& to,
               const std::string& currency) {
  RampUp out;
  const double hours = to.plant.hours_per_year();
  out.month_years = kMonthS / 3600.0 / hours;
  const double mature_wh_per_h = mature.wh_per_year / hours;
  for (const double per_h : ramp.monthly_throughput_per_h)
    out.share.push_back(per_h * ramp.wh_per_cell / mature_wh_per_h);
  const auto variable = ramp.values[summary_column("variable_cost_per_wh")];
  if (ramp.costed() && variable)
    out.variable_cost_per_wh = to.costs->convert(*variable, ramp.currency, currency);
  return out;
}

/// Why the lines cannot carry a cash flow, or "" when they can.
std::string cash_flow_gap(const Scenario& to, const LineEstimate& f, const LineEstimate& t,
                          const LineEstimate* ramp) {
  if (ramp != nullptr) {
    if (ramp->replications.size() < t.replications.size())
      return "the ramp-up run has fewer replications than the target line";
    for (const auto& r : ramp->replications)
      if (r.wh_per_cell <= 0 || r.monthly_throughput_per_h.empty())
        return "the ramp-up scenario " + ramp->scenario + " makes no cells month by month";
  }
  if (!to.costs) return "the new line has no cost file";
  if (!to.costs->finance) return to.costs->file + " has no finance section";
  if (!f.costed() || !t.costed()) return "a line has no cost per Wh (no cost file or no output)";
  if (!to.costs->exchange_rates.count(f.currency))
    return to.costs->file + " has no exchange rate for " + f.currency;
  const std::size_t n = std::min(f.replications.size(), t.replications.size());
  for (std::size_t r = 0; r < n; ++r)
    if (!f.replications[r].costed() || !t.replications[r].costed())
      return fmt::format("replication {} has no cost per Wh", r + 1);
  return "";
}

}  // namespace

BusinessCase business_case(const Scenario& from, const Scenario& to, const RetrofitReport& report,
                           const LineEstimate& from_line, const LineEstimate& to_line,
                           const LineEstimate* ramp_line) {
  BusinessCase c;
  std::optional<CostValues> values;
  if (to.costs) values = to.costs->typical();
  c.currency = to.costs ? to.costs->currency : "";
  c.plant_from = plant_items(from, values ? &*values : nullptr);
  c.plant_to = plant_items(to, values ? &*values : nullptr);
  if (values) {
    c.plant_changes = plant_change(c.plant_from, c.plant_to, *values);
    for (const auto& p : c.plant_changes) c.plant_change_capex += p.capex;
  }
  c.no_cash_flow_reason = cash_flow_gap(to, from_line, to_line, ramp_line);
  if (!c.no_cash_flow_reason.empty()) return c;
  c.has_cash_flow = true;
  if (ramp_line != nullptr) c.ramp_scenario = ramp_line->scenario;
  const CostInputs& costs = *to.costs;
  const FinanceInputs& finance = *costs.finance;
  const auto usd = [&](double amount) { return costs.convert(amount, "USD", c.currency); };
  auto& in = c.inputs;
  in.price_per_wh = finance.cell_price_per_wh.typical();
  in.horizon_years = static_cast<int>(finance.horizon_years);
  in.new_line_build_years = finance.new_line_build_years;
  // Stations are converted side by side while the line stands: it is down for the longest.
  double down_h = 0;
  for (const auto& s : report.stations) down_h = std::max(down_h, s.downtime_h);
  in.conversion_down_years = down_h / 8760.0;
  in.retrofit_capex = usd(report.change_capex_usd) + c.plant_change_capex;
  in.new_line_capex = usd(line_equipment_usd(to)) + c.plant_to.capex;
  c.discount_rate = finance.discount_rate.typical();
  c.discount_rate_low = finance.discount_rate.quantile(0.05);
  c.discount_rate_high = finance.discount_rate.quantile(0.95);

  const std::size_t n = std::min(from_line.replications.size(), to_line.replications.size());
  struct Runs {
    std::vector<std::vector<double>> flows;
    std::vector<double> npv, first_year_wh, premium;
  };
  std::vector<Runs> runs(3);
  std::vector<double> mean_pv_wh(3, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const auto f = economics(from_line.replications[r], costs, from_line.currency, c.currency);
    auto t = economics(to_line.replications[r], costs, to_line.currency, c.currency);
    if (ramp_line != nullptr) {
      t.ramp = ramp_of(ramp_line->replications[r], t, to, c.currency);
      c.ramp_mean.month_years = t.ramp.month_years;
      if (t.ramp.variable_cost_per_wh)
        c.ramp_mean.variable_cost_per_wh = c.ramp_mean.variable_cost_per_wh.value_or(0) +
                                           *t.ramp.variable_cost_per_wh / static_cast<double>(n);
      c.ramp_mean.share.resize(t.ramp.share.size(), 0);
      for (std::size_t k = 0; k < t.ramp.share.size(); ++k)
        c.ramp_mean.share[k] += t.ramp.share[k] / static_cast<double>(n);
    }
    const auto flows = cash_flows(f, t, in, c.discount_rate);
    const double keep_npv = npv(flows.keep, c.discount_rate);
    const std::vector<const std::vector<double>*> by_option = {&flows.retrofit, &flows.new_line,
                                                               &flows.keep};
    const double pv_wh[3] = {flows.retrofit_pv_wh, flows.new_line_pv_wh, 0};
    const double first_year[3] = {
        t.wh_per_year * producing_share(1, in.conversion_down_years, t.ramp),
        f.wh_per_year + t.wh_per_year * producing_share(1, in.new_line_build_years, t.ramp),
        f.wh_per_year};
    for (std::size_t o = 0; o < 3; ++o) {
      runs[o].flows.push_back(*by_option[o]);
      runs[o].npv.push_back(npv(*by_option[o], c.discount_rate));
      runs[o].first_year_wh.push_back(first_year[o]);
      if (pv_wh[o] > 0) runs[o].premium.push_back((keep_npv - runs[o].npv.back()) / pv_wh[o]);
    }
  }
  const char* names[3] = {"retrofit", "new_line", "keep"};
  const double capex[3] = {in.retrofit_capex, in.new_line_capex, 0};
  for (std::size_t o = 0; o < 3; ++o) {
    OptionCase option;
    option.name = names[o];
    option.capex = capex[o];
    option.npv = estimate(runs[o].npv);
    option.first_year_wh = estimate(runs[o].first_year_wh);
    if (!runs[o].premium.empty()) option.break_even_premium_per_wh = estimate(runs[o].premium);
    option.mean_cash = mean_by_year(runs[o].flows);
    option.npv_low_rate = npv(option.mean_cash, c.discount_rate_low);
    option.npv_high_rate = npv(option.mean_cash, c.discount_rate_high);
    if (option.capex > 0) option.payback_years = payback_years(option.mean_cash);
    option.irr = irr(option.mean_cash);
    c.options.push_back(option);
  }
  return c;
}

namespace {

std::string optional_text(const std::optional<double>& v, const char* format, double scale = 1) {
  return v ? fmt::format(fmt::runtime(format), *v * scale) : "-";
}

json estimate_json(const Estimate& e) {
  return {{"mean", e.mean},
          {"half_width", e.has_interval() ? json(e.half_width) : json(nullptr)},
          {"n", e.n}};
}

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::string business_case_table(const BusinessCase& c) {
  std::string out = fmt::format("plant items (new line's cost file, {}):\n", c.currency);
  out += fmt::format("  {:<28} {:>12} {:>12}\n", "area", "from m2", "to m2");
  std::vector<std::string> names;
  for (const auto* p : {&c.plant_from, &c.plant_to})
    for (const auto& a : p->areas)
      if (std::find(names.begin(), names.end(), a.name) == names.end()) names.push_back(a.name);
  const auto area_of = [](const PlantItems& p, const std::string& name) {
    for (const auto& a : p.areas)
      if (a.name == name) return a.area_m2;
    return 0.0;
  };
  for (const auto& name : names)
    out += fmt::format("  {:<28} {:>12.0f} {:>12.0f}\n", name, area_of(c.plant_from, name),
                       area_of(c.plant_to, name));
  out += fmt::format("  {:<28} {:>12.0f} {:>12.0f}\n", "of it formation and aging hall",
                     c.plant_from.formation_hall_m2, c.plant_to.formation_hall_m2);
  for (const auto& p : c.plant_changes)
    out += fmt::format("  change: {:<36} {:>10.0f} m2 {:>14.0f} {}\n", p.item, p.area_m2, p.capex,
                       c.currency);
  out += fmt::format("  plant change capex: {:.3f} M {}\n\n", c.plant_change_capex / 1e6,
                     c.currency);
  if (!c.has_cash_flow) return out + "no cash flow: " + c.no_cash_flow_reason + "\n";
  const auto& in = c.inputs;
  out += fmt::format(
      "cash flow over {} yr at {:.1f} %/yr real (P5-P95 {:.1f}-{:.1f} %), cell price {:.4f} {}/Wh "
      "for both technologies, pre-tax; conversion {:.0f} h down, new line {:.1f} yr to build:\n",
      in.horizon_years, 100 * c.discount_rate, 100 * c.discount_rate_low,
      100 * c.discount_rate_high, in.price_per_wh, c.currency, in.conversion_down_years * 8760,
      in.new_line_build_years);
  if (!c.ramp_scenario.empty()) {
    std::string months;
    for (const double share : c.ramp_mean.share)
      months += fmt::format("{}{:.2f}", months.empty() ? "" : " ", share);
    out += fmt::format("  both start production along {}'s ramp-up, output share by month: {}\n",
                       c.ramp_scenario, months);
    if (c.ramp_mean.variable_cost_per_wh)
      out += fmt::format("  variable cost while ramping {:.4f} {}/Wh (the ramp-up run's, its extra "
                         "scrap included)\n",
                         *c.ramp_mean.variable_cost_per_wh, c.currency);
  } else {
    out += "  both produce maturely from their start (no --ramp-up run)\n";
  }
  out += fmt::format("  {:<10} {:>12} {:>20} {:>22} {:>11} {:>9} {:>16} {:>22}\n", "option",
                     "capex M", "NPV M (95 % CI)", "NPV M at P5/P95 rate", "payback yr",
                     "IRR %", "year-1 GWh", "break-even premium /kWh");
  for (const auto& o : c.options)
    out += fmt::format(
        "  {:<10} {:>12.1f} {:>20} {:>10.1f}/{:<11.1f} {:>11} {:>9} {:>16} {:>22}\n", o.name,
        o.capex / 1e6, with_interval(o.npv, 1e-6), o.npv_low_rate / 1e6, o.npv_high_rate / 1e6,
        optional_text(o.payback_years, "{:.1f}"), optional_text(o.irr, "{:.1f}", 100),
        with_interval(o.first_year_wh, 1e-9),
        o.break_even_premium_per_wh.n ? with_interval(o.break_even_premium_per_wh, 1000) : "-");
  out += fmt::format("  (money in M {0}; premium in {0}/kWh on the new technology's cells over "
                     "the liquid price for the option to match keeping the line)\n",
                     c.currency);
  return out;
}

json business_case_json(const BusinessCase& c) {
  const auto plant_json = [](const PlantItems& p) {
    json areas = json::array();
    for (const auto& a : p.areas)
      areas.push_back({{"name", a.name},
                       {"room", a.room},
                       {"dew_point_c", a.room == "dry_room" ? json(a.dew_point_c) : json(nullptr)},
                       {"area_m2", a.area_m2},
                       {"capex", a.capex}});
    return json{{"areas", areas},
                {"formation_hall_m2", p.formation_hall_m2},
                {"area_m2", p.area_m2},
                {"capex", p.capex}};
  };
  json changes = json::array();
  for (const auto& p : c.plant_changes)
    changes.push_back({{"item", p.item}, {"area_m2", p.area_m2}, {"capex", p.capex}});
  json out{{"currency", c.currency},
           {"plant_from", plant_json(c.plant_from)},
           {"plant_to", plant_json(c.plant_to)},
           {"plant_changes", changes},
           {"plant_change_capex", c.plant_change_capex},
           {"not_modelled",
            "utilities (chillers, HVAC outside the dry room, solvent recovery outside the "
            "coaters): no capital figure in the sources"}};
  if (!c.has_cash_flow) {
    out["cash_flow"] = {{"reason", c.no_cash_flow_reason}};
    return out;
  }
  json options = json::array();
  for (const auto& o : c.options)
    options.push_back({{"name", o.name},
                       {"capex", o.capex},
                       {"npv", estimate_json(o.npv)},
                       {"npv_at_low_rate", o.npv_low_rate},
                       {"npv_at_high_rate", o.npv_high_rate},
                       {"payback_years", optional_json(o.payback_years)},
                       {"irr", optional_json(o.irr)},
                       {"first_year_wh", estimate_json(o.first_year_wh)},
                       {"break_even_premium_per_wh",
                        o.break_even_premium_per_wh.n ? estimate_json(o.break_even_premium_per_wh)
                                                      : json(nullptr)},
                       {"cash_by_year", o.mean_cash}});
  const auto& in = c.inputs;
  out["cash_flow"] = {{"horizon_years", in.horizon_years},
                      {"discount_rate", c.discount_rate},
                      {"discount_rate_p5", c.discount_rate_low},
                      {"discount_rate_p95", c.discount_rate_high},
                      {"price_per_wh", in.price_per_wh},
                      {"conversion_down_s", in.conversion_down_years * 8760 * 3600},
                      {"new_line_build_years", in.new_line_build_years},
                      {"ramp_up",
                       c.ramp_scenario.empty()
                           ? json(nullptr)
                           : json{{"scenario", c.ramp_scenario},
                                  {"month_years", c.ramp_mean.month_years},
                                  {"output_share_by_month", c.ramp_mean.share},
                                  {"variable_cost_per_wh",
                                   c.ramp_mean.variable_cost_per_wh
                                       ? json(*c.ramp_mean.variable_cost_per_wh)
                                       : json(nullptr)}}},
                      {"options", options}};
  return out;
}

}  // namespace twin
