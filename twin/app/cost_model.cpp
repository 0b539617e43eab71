#include "twin/app/cost_model.hpp"

#include <cmath>

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>

#include "twin/engine/schema.hpp"
#include "twin/engine/stats.hpp"

namespace twin {

const char* to_string(CostTerm term) {
  static const char* names[kCostTerms] = {
      "materials",         "labour", "depreciation", "building", "energy",
      "variable_overhead", "gsa",    "rnd",          "profit",   "warranty"};
  return names[static_cast<std::size_t>(term)];
}

CostModel::CostModel(const Scenario& s, const Kpis& k, const CostInputs& inputs)
    : inputs_(inputs),
      window_h_(k.horizon_s / 3600.0),
      capex_scale_(s.plant.capex_scale() * inputs.convert(1.0, "USD", inputs.currency)),
      hours_per_year_(s.plant.hours_per_year()),
      good_wh_(s.cell ? k.good_units * s.cell->wh_per_cell() : 0.0) {
  if (!s.cell)
    throw ConfigError(s.file, "costs", "a costed scenario needs a cell design (key cell)");
  const auto cpu = lines::product_units_per_unit(s.line);
  std::vector<bool> consumed(s.cell->bom.size(), false);
  for (std::size_t i = 0; i < s.line.stations.size(); ++i) {
    const auto& st = s.line.stations[i];
    const auto& kp = k.stations[i];
    const double machine_h = static_cast<double>(st.machines) * window_h_;
    StationFlows f{st.name,
                   static_cast<double>(st.machines),
                   kp.state_share[MachineState::busy] * machine_h,
                   kp.state_share[MachineState::setup] * machine_h,
                   0,
                   kp.processed * cpu[i],
                   {},
                   &st};
    f.other_h = machine_h - f.busy_h - f.setup_h;
    for (std::size_t u = 0; u < st.materials.size(); ++u) {
      const auto& use = st.materials[u];
      const std::string where = fmt::format("line.stations.{}.materials[{}]", st.name, u);
      bool found = false;
      for (std::size_t b = 0; b < s.cell->bom.size(); ++b) {
        const auto& item = s.cell->bom[b];
        if (item.item != use.item || (!use.material.empty() && item.material != use.material))
          continue;
        found = true;
        consumed[b] = true;
        if (item.quantity <= 0) continue;
        const auto slot = inputs.material_slot(item.material);
        if (!slot)
          throw ConfigError(inputs.file, "costs.materials." + item.material,
                            "no price for material '" + item.material + "' (" + item.item +
                                " of cell " + s.cell->name + ")");
        if (inputs.slots[*slot].unit != item.unit)
          throw ConfigError(inputs.file, "costs.materials." + item.material + ".unit",
                            "priced per " + inputs.slots[*slot].unit +
                                " but the cell's BOM counts it in " + item.unit);
        f.materials.push_back({*slot, item.quantity * use.share});
      }
      if (!found)
        throw ConfigError(s.file, where, "no BOM item '" + use.item + "' in cell " + s.cell->name);
    }
    stations_.push_back(std::move(f));
  }
  for (std::size_t b = 0; b < consumed.size(); ++b)
    if (!consumed[b] && s.cell->bom[b].quantity > 0)
      throw ConfigError(s.file, "line.stations",
                        "BOM item '" + s.cell->bom[b].item + "' (" + s.cell->bom[b].material +
                            ") is consumed by no station: name it in a station's materials");
}

CostResult CostModel::evaluate(const CostValues& v) const {
  using In = CostInput;
  const double staffed = v[In::labour_shifts_per_day] * v[In::labour_hours_per_shift] / 24.0;
  const double year_share = window_h_ / hours_per_year_;
  CostResult r;
  r.good_wh = good_wh_;
  r.has_output = good_wh_ > 0;
  TermCosts totals{};
  std::vector<std::pair<std::string, TermCosts>> by_station;
  std::vector<std::pair<std::string, double>> kwh_by_station;
  for (const auto& f : stations_) {
    const auto& c = *f.config;
    TermCosts t{};
    auto term = [&t](CostTerm x) -> double& { return t[static_cast<std::size_t>(x)]; };
    for (const auto& m : f.materials)
      term(CostTerm::materials) += m.quantity_per_cell * v[m.slot] * f.processed_cells;
    term(CostTerm::labour) =
        c.operators * f.machines * v[In::labour_rate_per_h] * window_h_ * staffed;
    const double capex = c.capex_usd * f.machines * capex_scale_;  // in the cost file's currency
    term(CostTerm::depreciation) = capex / v[In::equipment_life_years] * year_share;
    const bool dry = c.room == "dry_room";
    // A drier room costs more per m2: the cost file's -40 degC class, times a factor per 10 K.
    const double load_factor = dew_point_factor(v[In::dry_room_load_factor_per_10k], c.dew_point_c);
    const double floor = c.floor_m2 * f.machines;
    const double building =
        floor * (v[In::building_cost_per_m2] + (dry ? dry_room_premium_per_m2(v, c.dew_point_c) : 0.0));
    term(CostTerm::building) = building / v[In::building_life_years] * year_share;
    const double el = (f.busy_h + f.setup_h) * c.power_busy_kw + f.other_h * c.power_idle_kw;
    const double heat = f.busy_h * c.heat_busy_kw;
    const double base_el =
        dry ? floor * v[In::dry_room_el_kwh_per_m2_h] * load_factor * window_h_ : 0.0;
    const double base_heat =
        dry ? floor * v[In::dry_room_heat_kwh_per_m2_h] * load_factor * window_h_ : 0.0;
    r.process_el_kwh += el;
    r.process_heat_kwh += heat;
    r.base_el_kwh += base_el;
    r.base_heat_kwh += base_heat;
    kwh_by_station.emplace_back(f.name, el + heat + base_el + base_heat);
    term(CostTerm::energy) =
        (el + base_el) * v[In::electricity_per_kwh] + (heat + base_heat) * v[In::heat_per_kwh];
    const double labour = term(CostTerm::labour), depreciation = term(CostTerm::depreciation);
    term(CostTerm::variable_overhead) = v[In::variable_overhead_of_labour] * labour +
                                        v[In::variable_overhead_of_depreciation] * depreciation;
    term(CostTerm::gsa) = v[In::gsa_of_labour] * labour + v[In::gsa_of_depreciation] * depreciation;
    term(CostTerm::rnd) = v[In::rnd_of_depreciation] * depreciation;
    if (inputs_.include_profit)
      term(CostTerm::profit) = v[In::profit_of_investment] * (capex + building) * year_share;
    if (inputs_.include_warranty) {
      double before = 0;
      for (double x : t) before += x;
      const double w = v[In::warranty_of_price];
      term(CostTerm::warranty) = before * w / (1 - w);  // warranty is a share of the price
    }
    for (std::size_t i = 0; i < kCostTerms; ++i) totals[i] += t[i];
    by_station.emplace_back(f.name, t);
  }
  for (double x : totals) r.total += x;
  const double good_kwh = good_wh_ / 1000.0;
  if (r.has_output) {
    r.per_wh = r.total / good_wh_;
    for (std::size_t i = 0; i < kCostTerms; ++i) r.per_wh_by_term[i] = totals[i] / good_wh_;
    for (auto& [name, t] : by_station) {
      for (double& x : t) x /= good_wh_;
      r.per_wh_by_station.emplace_back(name, t);
    }
    r.process_kwh_per_kwh = (r.process_el_kwh + r.process_heat_kwh) / good_kwh;
    r.base_kwh_per_kwh = (r.base_el_kwh + r.base_heat_kwh) / good_kwh;
    r.kwh_per_kwh = r.process_kwh_per_kwh + r.base_kwh_per_kwh;
    r.co2e_kg_per_kwh = ((r.process_el_kwh + r.base_el_kwh) * v[In::grid_co2e_kg_per_kwh] +
                         (r.process_heat_kwh + r.base_heat_kwh) * v[In::heat_co2e_kg_per_kwh]) /
                        good_kwh;
    for (auto& [name, kwh] : kwh_by_station)
      r.kwh_per_kwh_by_station.emplace_back(name, kwh / good_kwh);
  }
  return r;
}

MonteCarloResult monte_carlo(const CostModel& model, std::size_t samples, std::uint64_t seed,
                             int threads) {
  MonteCarloResult mc;
  mc.samples = samples;
  if (samples == 0) return mc;
  std::vector<double> per_wh(samples);
  const auto& inputs = model.inputs();
  const auto n = static_cast<long>(samples);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = 0; i < n; ++i) {
    Rng rng = make_stream(seed, 0, "cost-monte-carlo", static_cast<std::uint64_t>(i),
                          StreamPurpose::cost);
    per_wh[static_cast<std::size_t>(i)] = model.evaluate(inputs.sample(rng)).per_wh;
  }
  std::sort(per_wh.begin(), per_wh.end());
  mc.p5 = percentile(per_wh, 0.05);
  mc.p50 = percentile(per_wh, 0.50);
  mc.p95 = percentile(per_wh, 0.95);
  mc.histogram_min = per_wh.front();
  mc.histogram_max = per_wh.back();
  mc.histogram.assign(MonteCarloResult::kHistogramBins, 0);
  const double width = (mc.histogram_max - mc.histogram_min) / MonteCarloResult::kHistogramBins;
  for (double v : per_wh) {
    const auto bin = width > 0 ? static_cast<std::size_t>((v - mc.histogram_min) / width) : 0;
    ++mc.histogram[std::min(bin, MonteCarloResult::kHistogramBins - 1)];
  }
  const auto typical = inputs.typical();
  for (const std::size_t slot : inputs.uncertain()) {
    const auto& d = inputs.slots[slot].value;
    auto values = typical;
    MonteCarloResult::TornadoRow row{inputs.slots[slot].name, d.quantile(0.05), d.quantile(0.95), 0,
                                     0};
    values[slot] = row.low_value;
    row.per_wh_low = model.evaluate(values).per_wh;
    values[slot] = row.high_value;
    row.per_wh_high = model.evaluate(values).per_wh;
    mc.tornado.push_back(row);
  }
  std::stable_sort(mc.tornado.begin(), mc.tornado.end(), [](const auto& a, const auto& b) {
    return std::abs(a.per_wh_high - a.per_wh_low) > std::abs(b.per_wh_high - b.per_wh_low);
  });
  return mc;
}

}  // namespace twin
