// The retrofit's business case: NPV, IRR and payback against their closed forms, the three
// options' cash flows year by year, the plant change charged as the cost file says, and a
// retrofit onto an identical line that costs nothing and loses no output.
#include <cmath>
#include <map>

#include "harness.hpp"
#include "twin/app/business_case.hpp"

namespace {

const std::string kLines = std::string(CELLTWIN_SOURCE_DIR) + "/configs/lines/";

/// A replication's summary with the columns the cash flow reads.
twin::LineSummary summary(double gwh, double variable_per_wh, double fixed_per_wh) {
  twin::LineSummary s;
  s.scenario = "toy";
  s.currency = "USD";
  s.values.assign(twin::summary_columns().size(), std::nullopt);
  s.values[twin::summary_column("gwh_per_year")] = gwh;
  s.values[twin::summary_column("variable_cost_per_wh")] = variable_per_wh;
  s.values[twin::summary_column("fixed_cash_cost_per_wh")] = fixed_per_wh;
  s.values[twin::summary_column("cost_per_wh")] = variable_per_wh + fixed_per_wh;
  return s;
}

}  // namespace

// NPV of an annuity: -C + A (1 - (1 + r)^-n) / r; the IRR of that flow at the rate that makes
// the annuity factor C / A; payback where the cumulative cash turns.
TEST(BusinessCase, NpvIrrPaybackMatchTheClosedForms) {
  const double capex = 1000, annual = 250, rate = 0.08;
  const int years = 6;
  std::vector<double> cash(years + 1, annual);
  cash[0] = -capex;
  EXPECT_NEAR(twin::npv(cash, rate), -capex + annual * (1 - std::pow(1 + rate, -years)) / rate,
              1e-9);
  const auto irr = twin::irr(cash);
  ASSERT_TRUE(irr.has_value());
  EXPECT_NEAR(twin::npv(cash, *irr), 0, 1e-7);
  EXPECT_NEAR(annual * (1 - std::pow(1 + *irr, -years)) / *irr, capex, 1e-7);
  EXPECT_NEAR(*twin::irr({-100, 110}), 0.10, 1e-12);
  EXPECT_NEAR(*twin::payback_years(cash), 4.0, 1e-12);  // 4 x 250 = 1000 at the end of year 4
  EXPECT_NEAR(*twin::payback_years({-100, 30, 30, 30, 30}), 3 + 10.0 / 30, 1e-12);
  EXPECT_FALSE(twin::payback_years({-100, 30, 30}).has_value());  // not within the flow
  EXPECT_FALSE(twin::irr({10, 10}).has_value());                  // never changes sign
  EXPECT_DOUBLE_EQ(*twin::payback_years({0, 5, 5}), 0);
}

// Year by year: the converted line stands for a quarter of year 1 but pays its staff; the new
// line produces from mid-year 2 and is staffed from then; the old line runs on in (b) and (c).
TEST(BusinessCase, ThreeOptionsYearByYear) {
  const twin::LineEconomics from{1e9, 0.05, 1e7}, to{2e9, 0.06, 2e7};
  twin::CashFlowInputs in;
  in.price_per_wh = 0.1;
  in.horizon_years = 3;
  in.conversion_down_years = 0.25;
  in.new_line_build_years = 1.5;
  in.retrofit_capex = 3e7;
  in.new_line_capex = 9e7;
  const double rate = 0.1;
  const auto f = twin::cash_flows(from, to, in, rate);
  ASSERT_EQ(f.keep.size(), 4u);
  const double keep = 1e9 * 0.05 - 1e7, target = 2e9 * 0.04 - 2e7;
  EXPECT_DOUBLE_EQ(f.keep[0], 0);
  EXPECT_DOUBLE_EQ(f.keep[3], keep);
  EXPECT_DOUBLE_EQ(f.retrofit[0], -3e7);
  EXPECT_DOUBLE_EQ(f.retrofit[1], 0.75 * 2e9 * 0.04 - 2e7);
  EXPECT_DOUBLE_EQ(f.retrofit[2], target);
  EXPECT_DOUBLE_EQ(f.new_line[0], -9e7);
  EXPECT_DOUBLE_EQ(f.new_line[1], keep);
  EXPECT_DOUBLE_EQ(f.new_line[2], keep + 0.5 * target);
  EXPECT_DOUBLE_EQ(f.new_line[3], keep + target);
  EXPECT_NEAR(f.retrofit_pv_wh, 2e9 * (0.75 / 1.1 + 1 / 1.21 + 1 / 1.331), 1e-3);
  EXPECT_NEAR(f.new_line_pv_wh, 2e9 * (0.5 / 1.21 + 1 / 1.331), 1e-3);
  // A price premium d on the target's cells adds d x its present Wh to the NPV.
  auto premium = in;
  const double d = 0.01;
  premium.price_per_wh += d;
  const auto g = twin::cash_flows(from, to, premium, rate);
  EXPECT_NEAR(twin::npv(g.retrofit, rate) - twin::npv(f.retrofit, rate),
              d * f.retrofit_pv_wh, 1e-3);
}

// A ramp-up weights each month after the start of production by its output share, mature
// after the last month; months may straddle a year's end.
TEST(BusinessCase, ProducingShareFollowsTheRamp) {
  EXPECT_DOUBLE_EQ(twin::producing_share(1, 0.3), 0.7);  // no ramp: mature from the start
  EXPECT_DOUBLE_EQ(twin::producing_share(2, 1.5), 0.5);
  EXPECT_DOUBLE_EQ(twin::producing_share(1, 1.5), 0);
  const twin::RampUp two_halves{{0.2, 0.6}, 0.5};
  EXPECT_NEAR(twin::producing_share(1, 0, two_halves), 0.5 * 0.2 + 0.5 * 0.6, 1e-12);
  EXPECT_NEAR(twin::producing_share(2, 0, two_halves), 1, 1e-12);
  const twin::RampUp one_month{{0.5}, 0.2};
  EXPECT_NEAR(twin::producing_share(1, 0.9, one_month), 0.1 * 0.5, 1e-12);
  EXPECT_NEAR(twin::producing_share(2, 0.9, one_month), 0.1 * 0.5 + 0.9, 1e-12);
  EXPECT_NEAR(twin::ramping_share(2, 0.9, one_month), 0.1 * 0.5, 1e-12);
  EXPECT_NEAR(twin::ramping_share(1, 0, two_halves), 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(twin::ramping_share(2, 0, two_halves), 0);
}

// The converted line at half its mature output for 12 ramp months of 720 h in a 7,680 h year
// (1.125 years), at 0.1 instead of 0.08 per Wh of variable cost while ramping: year 1 makes
// half (all ramping), year 2 makes 0.0625 ramping and 0.875 mature; against keeping the
// identical line (W = 2 GWh, price p): year 1 W (p - 0.08) - 0.5 W (p - 0.1), year 2
// 0.125 W (p - 0.08) - 0.0625 W (p - 0.1), discounted.
TEST(BusinessCase, RampUpLowersTheFirstYear) {
  const auto line = twin::load_scenario(kLines + "liquid_lib.yaml");
  ASSERT_DOUBLE_EQ(line.plant.hours_per_year(), 7680);
  const auto mature = twin::estimate_line(
      {summary(2.0, 0.08, 0.01), summary(2.0, 0.08, 0.01), summary(2.0, 0.08, 0.01)});
  auto half = summary(0, 0.1, 0);
  half.wh_per_cell = 250;
  half.monthly_throughput_per_h.assign(12, 2e9 / 7680 / 250 * 0.5);
  const auto ramp = twin::estimate_line({half, half, half});
  const auto c = twin::business_case(line, line, twin::diff_lines(line, line), mature, mature,
                                     &ramp);
  ASSERT_TRUE(c.has_cash_flow) << c.no_cash_flow_reason;
  ASSERT_EQ(c.ramp_mean.share.size(), 12u);
  EXPECT_NEAR(c.ramp_mean.share[0], 0.5, 1e-12);
  EXPECT_NEAR(c.ramp_mean.month_years, 720.0 / 7680, 1e-15);
  const auto& retrofit = c.options[0];
  const auto& keep = c.options[2];
  EXPECT_NEAR(retrofit.first_year_wh.mean, 1e9, 1e-3);
  ASSERT_TRUE(c.ramp_mean.variable_cost_per_wh.has_value());
  EXPECT_NEAR(*c.ramp_mean.variable_cost_per_wh, 0.1, 1e-12);
  const double r = c.discount_rate, p = c.inputs.price_per_wh, w = 2e9;
  const double year1 = w * (p - 0.08) - 0.5 * w * (p - 0.1);
  const double year2 = 0.125 * w * (p - 0.08) - 0.0625 * w * (p - 0.1);
  EXPECT_NEAR(keep.npv.mean - retrofit.npv.mean, year1 / (1 + r) + year2 / ((1 + r) * (1 + r)),
              1e-3);
  // Without monthly cells the ramp-up is refused, saying why.
  const auto none = twin::estimate_line({summary(0, 0, 0), summary(0, 0, 0), summary(0, 0, 0)});
  const auto refused = twin::business_case(line, line, twin::diff_lines(line, line), mature,
                                           mature, &none);
  EXPECT_FALSE(refused.has_cash_flow);
  EXPECT_NE(refused.no_cash_flow_reason.find("makes no cells month by month"), std::string::npos);
}

// Dry room taken coldest first: 800 m2 of -60 degC come from the -40 degC room (tightened, the
// premium difference), 400 m2 of -40 degC from the rest (200 m2 reused, 200 m2 new); 300 m2 of
// new floor pay the shell.
TEST(BusinessCase, PlantChangeChargedFromTheCostFile) {
  const auto scenario = twin::load_scenario(kLines + "liquid_lib.yaml");
  const auto v = scenario.costs->typical();
  const double shell = v[twin::CostInput::building_cost_per_m2];
  const double premium = v[twin::CostInput::building_dry_room_premium_per_m2];
  const double factor = v[twin::CostInput::building_dry_room_premium_factor_per_10k];
  twin::PlantItems from, to;
  from.areas = {{"ambient floor", "ambient", 0, 500, 0}, {"dry", "dry_room", -40, 1000, 0}};
  from.area_m2 = 1500;
  to.areas = {{"ambient floor", "ambient", 0, 600, 0},
              {"dry", "dry_room", -40, 400, 0},
              {"drier", "dry_room", -60, 800, 0}};
  to.area_m2 = 1800;
  const auto changes = twin::plant_change(from, to, v);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].item, "building extension");
  EXPECT_DOUBLE_EQ(changes[0].capex, 300 * shell);
  EXPECT_EQ(changes[1].item, "dry room tightened -40 -> -60 degC");
  EXPECT_NEAR(changes[1].capex, 800 * premium * (factor * factor - 1), 1e-6);
  EXPECT_EQ(changes[2].item, "dry room extension -40 degC");
  EXPECT_DOUBLE_EQ(changes[2].area_m2, 200);
  EXPECT_NEAR(changes[2].capex, 200 * premium, 1e-9);
  // The plant of a line: its stations' floor by room, the cost model's price per m2.
  const auto items = twin::plant_items(scenario, &v);
  double floor = 0;
  for (const auto& st : scenario.line.stations) floor += st.floor_m2 * st.machines;
  EXPECT_NEAR(items.area_m2, floor, 1e-9);
  // "Formation + aging take about 40 % of floor space in practice" (battery_process_data.md
  // (b)6, E): the hall tagged in the catalogue is of that order (49 % here).
  EXPECT_GT(items.formation_hall_m2, 0.3 * items.area_m2);
  EXPECT_LT(items.formation_hall_m2, 0.6 * items.area_m2);
}

// Converting a line into itself: no capex, no plant change, no downtime, the same NPV and
// first-year output as keeping it, and a break-even premium of 0.
TEST(BusinessCase, IdenticalRetrofitCostsNothingAndLosesNoOutput) {
  const auto line = twin::load_scenario(kLines + "liquid_lib.yaml");
  ASSERT_TRUE(line.costs && line.costs->finance);
  const auto estimate = twin::estimate_line(
      {summary(2.1, 0.08, 0.012), summary(2.2, 0.081, 0.011), summary(2.15, 0.079, 0.0115)});
  const auto report = twin::diff_lines(line, line);
  const auto c = twin::business_case(line, line, report, estimate, estimate);
  ASSERT_TRUE(c.has_cash_flow) << c.no_cash_flow_reason;
  EXPECT_TRUE(c.plant_changes.empty());
  EXPECT_DOUBLE_EQ(c.inputs.retrofit_capex, 0);
  EXPECT_DOUBLE_EQ(c.inputs.conversion_down_years, 0);
  ASSERT_EQ(c.options.size(), 3u);
  const auto& retrofit = c.options[0];
  const auto& keep = c.options[2];
  EXPECT_DOUBLE_EQ(retrofit.npv.mean, keep.npv.mean);
  EXPECT_DOUBLE_EQ(retrofit.first_year_wh.mean, keep.first_year_wh.mean);
  EXPECT_NEAR(retrofit.first_year_wh.mean, 2.15e9, 1);
  EXPECT_NEAR(retrofit.break_even_premium_per_wh.mean, 0, 1e-15);
  EXPECT_TRUE(retrofit.npv.has_interval());
  // The new line doubles the output after its build year and costs the whole line.
  EXPECT_NEAR(c.options[1].capex, twin::line_equipment_usd(line) + c.plant_to.capex, 1e-3);
}

// Without a finance section the report says why there is no cash flow.
TEST(BusinessCase, NoFinanceNoCashFlow) {
  auto line = twin::load_scenario(kLines + "liquid_lib.yaml");
  line.costs->finance.reset();
  const auto estimate = twin::estimate_line({summary(2, 0.08, 0.01)});
  const auto c = twin::business_case(line, line, twin::diff_lines(line, line), estimate, estimate);
  EXPECT_FALSE(c.has_cash_flow);
  EXPECT_NE(c.no_cash_flow_reason.find("has no finance section"), std::string::npos);
}

// retrofit.json holds what the report prints: the classification with downtimes in seconds,
// energy and CO2e, the cost breakdown whose terms sum to the cost per Wh, the plant items and
// the cash flow of the three options along the ramp-up run (two short replications of the pair).
TEST(BusinessCase, RetrofitJsonHoldsTheWholeReport) {
  const auto dir = test::temp_path("retrofit");
  const auto r = test::run_cli(
      "retrofit configs/lines/liquid_lib.yaml configs/lines/semi_solid_retrofit.yaml "
      "--ramp-up configs/ramp_up/semi_solid_ramp_up.yaml --replications 2 --set horizon_h=24 -q "
      "--out '" + dir + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(test::read_file(dir + "/retrofit.json"));
  // The cyclers' conversion (168 h) and the added SE coaters and curing ovens (the catalogue's
  // install_downtime_h, 720 h): the line stands for the longest.
  std::map<std::string, int> seen;
  for (const auto& s : j["stations"]) {
    const auto status = s["status"].get<std::string>();
    ++seen[status];
    const double expected = status == "converted" ? 168 : status == "added" ? 720 : 0;
    EXPECT_DOUBLE_EQ(s["downtime_s"].get<double>(), expected * 3600) << s["name"];
  }
  EXPECT_EQ(seen["converted"], 1);
  EXPECT_EQ(seen["added"], 2);
  for (const char* side : {"from", "to"}) {
    const auto& line = j[side];
    EXPECT_GT(line["values"]["kwh_per_kwh"]["mean"].get<double>(), 0) << side;
    EXPECT_GT(line["values"]["co2e_kg_per_kwh"]["mean"].get<double>(), 0) << side;
    double sum = 0;
    for (const auto& [term, e] : line["cost_breakdown"].items()) {
      EXPECT_EQ(e["n"].get<int>(), 2) << term;
      sum += e["mean"].get<double>();
    }
    EXPECT_NEAR(sum, line["values"]["cost_per_wh"]["mean"].get<double>(), 1e-12) << side;
  }
  const auto& business = j["business_case"];
  EXPECT_FALSE(business["plant_changes"].empty());
  EXPECT_DOUBLE_EQ(business["cash_flow"]["conversion_down_s"].get<double>(), 720 * 3600.0);
  // The ramp-up run's first 24 h from an empty line make no cells yet: a share of 0.
  const auto& ramp = business["cash_flow"]["ramp_up"];
  EXPECT_EQ(ramp["scenario"], "semi_solid_ramp_up");
  ASSERT_EQ(ramp["output_share_by_month"].size(), 1u);
  EXPECT_DOUBLE_EQ(ramp["output_share_by_month"][0].get<double>(), 0);
  ASSERT_EQ(business["cash_flow"]["options"].size(), 3u);
  for (const auto& o : business["cash_flow"]["options"])
    EXPECT_EQ(o["cash_by_year"].size(), business["cash_flow"]["horizon_years"].get<std::size_t>() + 1)
        << o["name"];
}

// A ramp-up run of other cells than the target's is refused before anything runs.
TEST(BusinessCase, RampUpOfOtherCellsIsRefused) {
  const auto r = test::run_cli(
      "retrofit configs/lines/liquid_lib.yaml configs/lines/clay_semi_solid.yaml "
      "--ramp-up configs/ramp_up/semi_solid_ramp_up.yaml -q --out '" + test::temp_path("out") +
      "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("semi_solid_ramp_up.yaml: --ramp-up: must make TO's cells"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("runs:"), std::string::npos) << r.output;  // nothing ran
}
