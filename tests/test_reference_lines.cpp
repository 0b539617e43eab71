// The shipped reference lines (configs/lines): each runs a short measured window after its
// warm-up, conserves material by kind, converts through the cell design, and behaves as
// designed (a saturated station paces the line, formation + aging dominate the lead time).
// The retrofit report of the shipped pair lists the expected station changes.
#include <algorithm>

#include "harness.hpp"
#include "twin/app/compare.hpp"

namespace {

std::string line_file(const std::string& name) {
  return std::string(CELLTWIN_SOURCE_DIR) + "/configs/lines/" + name + ".yaml";
}

/// The one station feeding `st` (nullptr for a head station).
const stations::StationConfig* feeder(const twin::Scenario& s, const stations::StationConfig& st) {
  for (const auto& up : s.line.stations)
    if (up.to == st.name) return &up;
  return nullptr;
}

/// The kind of the lots a station hands on: set by its convert or assembly output, else the
/// kind it receives (walking upstream to the supply).
std::string kind_out(const twin::Scenario& s, const stations::StationConfig& st) {
  if (st.convert) return st.convert->kind;
  if (const auto made = st.makes()) return made->kind;
  if (st.supply) return st.supply->lot->kind;
  if (const auto* up = feeder(s, st)) return kind_out(s, *up);
  return "";
}

class ReferenceLine : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceLine, RunsConservesAndConvertsThroughTheCellDesign) {
  const auto scenario = twin::load_scenario(line_file(GetParam()), {{"horizon_h", "100"}});
  const auto run = twin::run_simulation(scenario, {});
  const auto& k = run.kpis;
  ASSERT_TRUE(scenario.cell);
  ASSERT_GT(k.good_units, 0);
  // Every kind's balance closes with a non-negative stock: released + made = good + scrapped
  // + consumed + WIP, WIP >= 0 (a negative one means units were used that never existed).
  for (const auto& [kind, f] : k.flow_by_kind) EXPECT_GE(f.wip_end, -1e-6) << kind;
  // The product is assembled from sheets in the cell design's counts, exactly.
  const stations::StationConfig* stack = nullptr;
  for (const auto& st : scenario.line.stations)
    if (st.feeds().size() >= 2) stack = &st;
  ASSERT_NE(stack, nullptr);
  const double made = k.flow_by_kind.at(stack->makes()->kind).made;
  const double per_output = stack->makes()->quantity;
  for (const auto& in : stack->feeds()) {
    const auto kind = kind_out(scenario, *scenario.line.find(in.from));
    EXPECT_NEAR(k.flow_by_kind.at(kind).consumed, made / per_output * in.units_per_output, 1e-6)
        << kind;
  }
  // Metres become sheets at the cell design's sheets per metre, whole sheets only.
  for (const auto& st : scenario.line.stations) {
    if (!st.convert || st.convert->kind.find("sheet") == std::string::npos) continue;
    const double ratio = st.convert->units_per_input;
    const auto& in = k.flow_by_kind.at(kind_out(scenario, *feeder(scenario, st)));
    const double sheets = k.flow_by_kind.at(st.convert->kind).made;
    EXPECT_LE(sheets, in.consumed * ratio + 1e-6) << st.name;
    EXPECT_GE(sheets, in.consumed * ratio * 0.99) << st.name;
  }
  // Designed behaviour: sized by `celltwin size`, the line is paced (its bottleneck is busy, in
  // setup or down at least 90 % of the time, not starved by the release); it makes its design
  // capacity within -20 % / +30 %; formation + aging dominate the lead time.
  ASSERT_TRUE(std::any_of(k.stations.begin(), k.stations.end(),
                          [&](const auto& st) { return st.name == k.bottleneck; }))
      << k.bottleneck;
  for (const auto& st : k.stations)
    if (st.name == k.bottleneck)
      EXPECT_GE(st.state_share[twin::MachineState::busy] + st.state_share[twin::MachineState::setup] +
                    st.state_share[twin::MachineState::down],
                0.9)
          << st.name;
  const double gwh = k.throughput_per_h * scenario.cell->wh_per_cell() * scenario.plant.hours_per_year() / 1e9;
  EXPECT_GT(gwh, 0.8 * scenario.plant.design_gwh_per_year);
  EXPECT_LT(gwh, 1.3 * scenario.plant.design_gwh_per_year);
  const double finishing_s = scenario.cell->formation_h * 3600 + scenario.cell->aging_days * 86400;
  EXPECT_GT(k.lead_time_s.mean, finishing_s);
  EXPECT_LT(k.lead_time_s.mean, 2 * finishing_s);
}

INSTANTIATE_TEST_SUITE_P(Lines, ReferenceLine,
                         ::testing::Values("liquid_lib", "semi_solid_retrofit", "dry_process",
                                           "all_solid", "liquid_lfp", "semi_solid_li_metal",
                                           "semi_solid_li_ceramic", "clay_semi_solid",
                                           "cylindrical", "prismatic"),
                         [](const auto& info) { return info.param; });

TEST(ReferenceRetrofit, SemiSolidRetrofitListsTheExpectedChanges) {
  const auto from = twin::load_scenario(line_file("liquid_lib"));
  const auto to = twin::load_scenario(line_file("semi_solid_retrofit"));
  EXPECT_FALSE(to.base_file.empty());
  const auto report = twin::diff_lines(from, to);
  std::map<std::string, std::string> status;
  for (const auto& c : report.stations) status[c.name] = c.status;
  EXPECT_EQ(status["separator_se_coating"], "added");
  EXPECT_EQ(status["curing"], "added");
  // Hardware changes within the machine type: new parts at the line's retrofit_capex_usd
  // (stacking, filling) or a conversion of the web into sheets (separator supply).
  for (const char* name : {"stacking", "electrolyte_filling", "separator_supply"})
    EXPECT_EQ(status[name], "modified") << name;
  // Another machine type: the catalogue's conversion of cyclers into pressure cyclers.
  EXPECT_EQ(status["formation"], "converted");
  // Same machines, new process settings: the grading limits (scrap rate only, retrofit capex
  // 0 as before) and the mixers' material split for the new cell (materials only).
  // The coaters' dryer-limited speed follows the heavier semi-solid coat weight.
  for (const char* name : {"grading", "cathode_mixing", "anode_mixing", "cathode_coating",
                           "anode_coating"})
    EXPECT_EQ(status[name], "recipe-changed") << name;
  // The drier (-50 degC) room is a plant change, not a change of the machines in it.
  for (const char* name : {"tray_loading", "tab_welding", "packaging", "aging", "wetting",
                           "degassing"})
    EXPECT_EQ(status[name], "reused") << name;
  // Both lines are sized by the same rule, each for its own cells: where the semi-solid line
  // needs fewer machines, the ones it no longer needs are stranded (nothing is replaced or
  // removed here, so they are all of the stranded equipment).
  double dropped_usd = 0;
  for (const auto& c : report.stations) {
    EXPECT_NE(c.status, "replaced") << c.name;
    EXPECT_NE(c.status, "removed") << c.name;
    if (c.machines_from > c.machines_to)
      dropped_usd += from.line.find(c.name)->capex_usd *
                     static_cast<double>(c.machines_from - c.machines_to);
  }
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, dropped_usd);
  EXPECT_GT(report.change_capex_usd, 0);
}

}  // namespace
