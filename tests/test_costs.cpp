// The cost model on a tiny costed line: exact bookkeeping properties, where scrap is charged,
// the no-output case, Monte Carlo reproducibility and currency conversion.
#include <nlohmann/json.hpp>

#include <cmath>

#include "harness.hpp"
#include "twin/app/cost_model.hpp"

namespace {

// Two stations: electrode (adds the cathode material) then cell assembly (adds the housing).
std::string tiny_line(double scrap_first, double scrap_last) {
  const std::string data = std::string(CELLTWIN_SOURCE_DIR) + "/tests/data/";
  return "scenario: tiny\nseed: 4\ncell: " + data + "tiny_cell.yaml\ncosts: " + data +
         "tiny_costs.yaml\nwarmup_h: 1\nhorizon_h: 200\nline:\n"
         "  source: {release: saturated, lot: {kind: cell, quantity: 1}}\n  stations:\n"
         "    - {name: electrode, kind: unit, cycle_time_s: 10, scrap_rate: " + std::to_string(scrap_first) +
         ", materials: [{item: cathode_active_material}], capex_usd: 1e6, power_busy_kw: 20,"
         " heat_busy_kw: 50, floor_m2: 100, operators: 1}\n"
         "    - {name: assembly, kind: unit, buffer_in: 5, cycle_time_s: 9, scrap_rate: " + std::to_string(scrap_last) +
         ", materials: [{item: housing}], capex_usd: 2e6, power_busy_kw: 10, power_idle_kw: 2,"
         " floor_m2: 50, room: dry_room, operators: 2}\n";
}

struct Costed {
  twin::Scenario scenario;
  twin::RunOutput run;
};

Costed run_tiny(double scrap_first, double scrap_last) {
  Costed c{twin::load_scenario(test::write_file("tiny.yaml", tiny_line(scrap_first, scrap_last))), {}};
  c.run = twin::run_simulation(c.scenario, {});
  return c;
}

double materials(const twin::CostResult& r) {
  return r.per_wh_by_term[static_cast<std::size_t>(twin::CostTerm::materials)];
}

}  // namespace

TEST(Costs, BreakdownSumsToTheTotal) {
  const auto c = run_tiny(0.02, 0.03);
  const twin::CostModel model(c.scenario, c.run.kpis, *c.scenario.costs);
  const auto r = model.evaluate(c.scenario.costs->typical());
  ASSERT_TRUE(r.has_output);
  double by_term = 0, by_station = 0;
  for (double x : r.per_wh_by_term) by_term += x;
  for (const auto& [name, terms] : r.per_wh_by_station)
    for (double x : terms) by_station += x;
  EXPECT_NEAR(by_term, r.per_wh, 1e-9 * r.per_wh);
  EXPECT_NEAR(by_station, r.per_wh, 1e-9 * r.per_wh);
  // Materials per good Wh: 0.05 kg x 20 USD + 0.5 USD housing = 1.5 USD per cell, divided by
  // the first-pass yield of what each station consumed (scrap after consumption is paid for).
  const auto& k = c.run.kpis;
  const double expected = (0.05 * 20 * k.stations[0].processed + 0.5 * k.stations[1].processed) /
                          (k.good_units * 40.0);
  EXPECT_NEAR(materials(r), expected, 1e-12);
}

TEST(Costs, DoublingOnePriceRaisesMaterialsByExactlyItsShare) {
  const auto c = run_tiny(0.02, 0.03);
  const twin::CostModel model(c.scenario, c.run.kpis, *c.scenario.costs);
  auto values = c.scenario.costs->typical();
  const double base = materials(model.evaluate(values));
  const std::size_t cam = *c.scenario.costs->material_slot("cam");
  values[cam] = 0;
  const double share = base - materials(model.evaluate(values));  // the cam part of the term
  values[cam] = 2 * c.scenario.costs->typical()[cam];
  EXPECT_NEAR(materials(model.evaluate(values)) - base, share, 1e-12);
  EXPECT_GT(share, 0);
}

// The same 5 % scrap costs more at the last station (a scrapped cell has its housing and all
// upstream material) than at the first (only cathode material, nothing after). Both runs use
// the same seed; the difference (~2.5 % of cost) is far above the run's binomial noise.
TEST(Costs, LateScrapCostsMoreThanEarlyScrap) {
  const auto early = run_tiny(0.05, 0.0);
  const twin::CostModel model(early.scenario, early.run.kpis, *early.scenario.costs);
  const double early_per_wh = model.evaluate(early.scenario.costs->typical()).per_wh;
  // The late variant runs in a child process (one engine per process).
  const std::string file = test::write_file("late.yaml", tiny_line(0.0, 0.05));
  const std::string out = test::temp_path("late");
  const auto r = test::run_cli("run '" + file + "' --out '" + out + "' -q --no-events");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto late = nlohmann::json::parse(test::read_file(out + "/results.json"));
  EXPECT_GT(late["cost"]["per_wh"].get<double>(), early_per_wh * 1.01);
}

// A line that can make cells but finishes none in the window (an assembly cycle longer than the
// run; a line that can never make one, e.g. scrap_rate 1, is refused by validation).
TEST(Costs, NoGoodCellsIsAClearNoOutputResult) {
  const std::string file = test::write_file("none.yaml", tiny_line(0.0, 0.0));
  const std::string out = test::temp_path("none");
  const auto r = test::run_cli("run '" + file + "' --out '" + out +
                               "' --no-events --set line.stations.assembly.cycle_time_s=1e7");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no good cells"), std::string::npos) << r.output;
  const auto results = nlohmann::json::parse(test::read_file(out + "/results.json"));
  EXPECT_TRUE(results["cost"]["per_wh"].is_null());
  EXPECT_TRUE(results["cost"]["no_output"].get<bool>());
}

TEST(Costs, MonteCarloIsTheSameWithOneAndTwoThreads) {
  const auto c = run_tiny(0.02, 0.03);
  const twin::CostModel model(c.scenario, c.run.kpis, *c.scenario.costs);
  const auto one = twin::monte_carlo(model, 2000, 7, 1);
  const auto two = twin::monte_carlo(model, 2000, 7, 2);
  EXPECT_EQ(one.p5, two.p5);
  EXPECT_EQ(one.p50, two.p50);
  EXPECT_EQ(one.p95, two.p95);
  EXPECT_LT(one.p5, one.p50);
  EXPECT_LT(one.p50, one.p95);
  // The cathode material (10-20-40 USD/kg) moves the cost most; fixed inputs are not listed.
  ASSERT_FALSE(one.tornado.empty());
  EXPECT_EQ(one.tornado.front().input, "materials.cam");
  for (const auto& row : one.tornado) EXPECT_NE(row.input, "materials.pouch");
}

TEST(Costs, CurrencyConversionRoundTrips) {
  const auto inputs = twin::load_cost_inputs(std::string(CELLTWIN_SOURCE_DIR) + "/tests/data/tiny_costs.yaml");
  const double usd = 0.1234;
  const double cny = inputs.convert(usd, "USD", "CNY");
  EXPECT_NEAR(cny, usd * 7.2, 1e-15);
  EXPECT_NEAR(inputs.convert(cny, "CNY", "USD"), usd, 1e-15);
  EXPECT_NEAR(inputs.convert(inputs.convert(usd, "USD", "EUR"), "EUR", "CNY"), cny, 1e-15);
  EXPECT_THROW(inputs.convert(1.0, "USD", "JPY"), std::invalid_argument);
}

TEST(Costs, ShippedCostFilesLoad) {
  for (const char* name : {"us_2024", "cn_2024", "eu_2024"}) {
    const auto c = twin::load_cost_inputs(std::string(CELLTWIN_SOURCE_DIR) + "/configs/costs/" + name + ".yaml");
    EXPECT_GT(c.uncertain().size(), 10u) << name;
    EXPECT_GT(c.sources.size(), 30u) << name;
    EXPECT_NEAR(c.convert(c.convert(1.0, c.currency, "USD"), "USD", c.currency), 1.0, 1e-12);
  }
}

// BatPaC's scaling law: station capex given for a 50 GWh/yr plant, run at 10 GWh/yr with
// p = 0.9, scales by (10/50)^0.9 = 0.2349; depreciation follows it exactly.
TEST(Costs, CapexScalingLaw) {
  twin::PlantConfig plant;
  plant.design_gwh_per_year = 10;
  plant.capex_reference_gwh_per_year = 50;
  plant.capex_exponent = 0.9;
  EXPECT_NEAR(plant.capex_scale(), std::pow(0.2, 0.9), 1e-15);
  auto c = run_tiny(0.02, 0.03);
  const twin::CostModel unscaled(c.scenario, c.run.kpis, *c.scenario.costs);
  const auto values = c.scenario.costs->typical();
  const auto depreciation = [&](const twin::CostModel& m) {
    return m.evaluate(values).per_wh_by_term[static_cast<std::size_t>(twin::CostTerm::depreciation)];
  };
  const double before = depreciation(unscaled);
  c.scenario.plant = plant;
  const twin::CostModel scaled(c.scenario, c.run.kpis, *c.scenario.costs);
  EXPECT_NEAR(depreciation(scaled), before * std::pow(0.2, 0.9), 1e-12 * before);
}

TEST(Costs, MonteCarloOnAnUncostedScenarioIsBadInput) {
  const auto r = test::run_cli("run configs/examples/mm1.yaml --mc 10 --out '" + test::temp_path("mc") + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--mc: needs a costed scenario"), std::string::npos) << r.output;
}

// A dry room held 20 K below -40 degC pays the cost file's factor per 10 K twice on its base
// load and premium (tiny_costs: factor 2 for both -> 4x); nothing else changes.
TEST(Costs, ColderDryRoomPaysTheFactorPer10K) {
  auto c = run_tiny(0.02, 0.03);
  const auto values = c.scenario.costs->typical();
  // The model reads the station configs it was built on: evaluate before changing them.
  const auto assembly_terms = [&] {
    const twin::CostModel model(c.scenario, c.run.kpis, *c.scenario.costs);
    for (const auto& [name, terms] : model.evaluate(values).per_wh_by_station)
      if (name == "assembly") return terms;
    ADD_FAILURE() << "no station assembly";
    return twin::TermCosts{};
  };
  const auto at40 = assembly_terms();
  c.scenario.line.stations[1].dew_point_c = -60;
  const auto at60 = assembly_terms();
  const auto term = [](const auto& terms, twin::CostTerm t) {
    return terms[static_cast<std::size_t>(t)];
  };
  using In = twin::CostInput;
  const double wh = c.run.kpis.good_units * 40.0;  // tiny cell: 40 Wh
  const double window_h = 200, floor_m2 = 50;
  const double base_energy = floor_m2 * window_h *
                             (values[In::dry_room_el_kwh_per_m2_h] * values[In::electricity_per_kwh] +
                              values[In::dry_room_heat_kwh_per_m2_h] * values[In::heat_per_kwh]) / wh;
  EXPECT_NEAR(term(at60, twin::CostTerm::energy) - term(at40, twin::CostTerm::energy),
              base_energy * (4 - 1), 1e-9 * base_energy);
  EXPECT_GT(term(at60, twin::CostTerm::building), term(at40, twin::CostTerm::building));
  EXPECT_DOUBLE_EQ(term(at60, twin::CostTerm::labour), term(at40, twin::CostTerm::labour));
}
