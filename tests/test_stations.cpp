// Station kinds: conservation of material (drained production orders, so every released unit
// must be accounted for as good or scrap), and each kind's own behaviour.
#include <cmath>

#include "harness.hpp"

using test::simulate;
using test::station;

// Unit + test (with rework): an order of 20,000 parts, drained. Released units come from the
// scenario (max_lots), good and scrap from the run: nothing may be lost or created.
TEST(Conservation, UnitAndTestWithReworkDrained) {
  const auto run = simulate(R"(
scenario: drain
horizon_h: 200
line:
  source: {release: {interarrival_s: {dist: exponential, mean: 10}}, max_lots: 20000, lot: {kind: part, quantity: 1}}
  stations:
    - {name: a, kind: unit, machines: 2, buffer_in: 3, cycle_time_s: {dist: exponential, mean: 15}, scrap_rate: 0.02}
    - {name: check, kind: test, buffer_in: 2, cycle_time_s: 5, scrap_rate: 0.01, rework_rate: 0.1, rework_to: a}
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.released, 20000);
  EXPECT_DOUBLE_EQ(f.good + f.scrapped, 20000);
  EXPECT_DOUBLE_EQ(f.wip_end, 0);
  EXPECT_GT(station(run, "check").reworked, 1500);  // ~10 % of ~19,600 tests (+ retests)
  // Every test ends in good, scrap or rework: tests = good + scrapped here + reworked.
  const auto& check = station(run, "check");
  EXPECT_DOUBLE_EQ(check.processed, f.good + check.scrapped + check.reworked);
}

// Batch station: 5,000 trays of 10 cells, drained, with scrap per cell.
TEST(Conservation, BatchDrained) {
  const auto run = simulate(R"(
scenario: drain
horizon_h: 100
line:
  source: {release: saturated, max_lots: 5000, lot: {kind: tray, quantity: 10}}
  stations:
    - {name: rack, kind: batch, machines: 3, batch: {capacity: 8, duration_s: {dist: uniform, min: 100, max: 200}, max_wait_s: 30}, scrap_rate: 0.03}
    - {name: pack, kind: unit, cycle_time_s: 1}
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.released, 50000);
  EXPECT_DOUBLE_EQ(f.good + f.scrapped, 50000);
  EXPECT_NEAR(f.scrapped / 50000, 0.03, 0.004);  // binomial SE 0.00076
}

// Web station: 200 rolls of 1,000 m at 10 m/min with 20 m start-up waste per roll and
// 1 % scrap per metre. Metres in = good metres + scrap metres, exactly.
TEST(Conservation, WebDrainedWithStartupWaste) {
  const auto run = simulate(R"(
scenario: web
horizon_h: 400
line:
  source: {release: saturated, max_lots: 200, lot: {kind: coated_foil_m, quantity: 1000}}
  stations:
    - name: coater
      kind: web
      web: {speed_m_per_min: 10, startup_waste_m: 20, roll_change_s: 600}
      scrap_rate: 0.01
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.released, 200000);
  EXPECT_DOUBLE_EQ(f.good + f.scrapped, 200000);
  // 20 m per roll + 1 % of the remaining 980 m: 4,000 + 1,960 = 5,960 m (binomial SE 44 m).
  EXPECT_NEAR(f.scrapped, 5960, 250);
  // Busy: 200 rolls x 100 min; setup: 200 x 10 min; the run is 400 h long.
  EXPECT_NEAR(station(run, "coater").state_share[twin::MachineState::busy], 200 * 100.0 / 60 / 400, 1e-6);
  EXPECT_NEAR(station(run, "coater").state_share[twin::MachineState::setup], 200 * 10.0 / 60 / 400, 1e-6);
}

// Web throughput at saturation: 1,000 m rolls at 10 m/min with a 10 min roll change
// -> 1,000 m every 110 min = 545.45 m/h (deterministic: rolls end at 6,600 k s, and the
// window (3,600 s, 399,600 s] holds exactly 60 of them).
TEST(Stations, WebThroughputFromSpeedAndRollChange) {
  const auto run = simulate(R"(
scenario: web
warmup_h: 1
horizon_h: 110
line:
  source: {release: saturated, lot: {kind: m, quantity: 1000}}
  stations:
    - {name: coater, kind: web, web: {speed_m_per_min: 10, roll_change_s: 600}}
)");
  EXPECT_NEAR(run.kpis.throughput_per_h, 1000.0 / (110.0 / 60), 1e-6);
}

// Assembly: cathode rolls cut into sheets and anode sheets, 20 + 21 sheets per cell.
// 630 cathode lots x 40 sheets = 25,200 = 1,260 x 20 and 1,260 anode lots x 21 sheets:
// exactly 1,260 cells can be made, and every sheet is consumed.
TEST(Conservation, AssemblyConsumesExactStock) {
  const auto run = simulate(R"(
scenario: assembly
horizon_h: 100
line:
  stations:
    - name: cathode_cut
      kind: unit
      cycle_time_s: {dist: exponential, mean: 20}
      supply: {release: saturated, max_lots: 630, lot: {kind: cathode_sheet, quantity: 40}}
    - name: anode_cut
      kind: unit
      cycle_time_s: {dist: exponential, mean: 10}
      supply: {release: saturated, max_lots: 1260, lot: {kind: anode_sheet, quantity: 21}}
    - name: stack
      kind: assembly
      buffer_in: 4
      machines: 2
      cycle_time_s: {dist: normal, mean: 30, sd: 5}
      inputs: [{from: cathode_cut, units: 20}, {from: anode_cut, units: 21}]
      output: {kind: cell, quantity: 1}
      scrap_rate: 0.02
    - {name: grade, kind: test, cycle_time_s: 5, scrap_rate: 0.01}
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.released, 630 * 40 + 1260 * 21);
  EXPECT_DOUBLE_EQ(f.consumed, f.released);
  EXPECT_DOUBLE_EQ(f.made, 1260);
  EXPECT_DOUBLE_EQ(f.good + f.scrapped, 1260);
  EXPECT_DOUBLE_EQ(f.wip_end, 0);
  EXPECT_EQ(station(run, "stack").processed, 1260);
}

// Assembly rate: with saturated, fast inputs the assembly station sets the pace:
// 2 machines / 30 s = 240 cells/h (deterministic).
TEST(Stations, AssemblyPacesTheLine) {
  const auto run = simulate(R"(
scenario: assembly
warmup_h: 1
horizon_h: 10
line:
  stations:
    - {name: c, kind: unit, cycle_time_s: 1, supply: {release: saturated, lot: {kind: c_sheet, quantity: 10}}}
    - {name: a, kind: unit, cycle_time_s: 1, supply: {release: saturated, lot: {kind: a_sheet, quantity: 7}}}
    - name: stack
      kind: assembly
      machines: 2
      buffer_in: 2
      cycle_time_s: 30
      inputs: [{from: c, units: 20}, {from: a, units: 21}]
      output: {kind: cell}
)");
  EXPECT_NEAR(run.kpis.throughput_per_h, 240.0, 1e-9);
  EXPECT_EQ(run.kpis.bottleneck, "stack");
}

// Test station sorting: scrap 5 %, rework 15 % back to itself, at most 1 rework. Of 1 unit:
// good first time 0.80; reworked 0.15, of which the retest keeps 0.80 good, scraps 0.05 and
// would rework 0.15 again -> scrapped (max_reworks 1). Good = 0.8 + 0.15 x 0.8 = 0.92,
// scrap = 0.08. 50,000 units: SE 0.0012; 0.006 is 5 SE.
TEST(Stations, TestSortsGoodReworkScrap) {
  const auto run = simulate(R"(
scenario: test
horizon_h: 100
line:
  source: {release: saturated, max_lots: 50000, lot: {kind: cell}}
  stations:
    - {name: grade, kind: test, cycle_time_s: 1, scrap_rate: 0.05, rework_rate: 0.15, max_reworks: 1}
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.good + f.scrapped, 50000);
  EXPECT_NEAR(f.good / 50000, 0.92, 0.006);
  EXPECT_NEAR(run.kpis.first_pass_yield, 0.80, 0.006);
}

// Lots carry quantities: a test station scraps per unit, not per lot.
TEST(Stations, ScrapIsPerUnitInsideLots) {
  const auto run = simulate(R"(
scenario: trays
horizon_h: 50
line:
  source: {release: saturated, max_lots: 2000, lot: {kind: tray, quantity: 50}}
  stations:
    - {name: form, kind: unit, cycle_time_s: 1, scrap_rate: 0.04}
)");
  EXPECT_DOUBLE_EQ(run.kpis.flow.good + run.kpis.flow.scrapped, 100000);
  EXPECT_NEAR(run.kpis.flow.scrapped / 100000, 0.04, 0.003);  // SE 0.0006
}

// Winding: each jelly roll takes length / speed + index; a tray of 10 units of 2 rolls each
// is 20 x (3 m / 60 m/min x 60 + 1.25 s) = 85 s, so one winder makes 3,600 / 85 x 10 = 423.5
// units per hour (deterministic; the 10 h window holds whole trays: +-1 unit/h), and the webs
// are consumed at exactly 2 x 3 m per unit.
TEST(Stations, WindingTimeFollowsElectrodeLength) {
  const auto run = simulate(R"(
scenario: winding
warmup_h: 1
horizon_h: 10
line:
  stations:
    - {name: cathode, kind: unit, cycle_time_s: 0, supply: {release: saturated, lot: {kind: cathode_m, quantity: 1000}}}
    - {name: anode, kind: unit, cycle_time_s: 0, supply: {release: saturated, lot: {kind: anode_m, quantity: 1000}}}
    - name: winder
      kind: winding
      buffer_in: 4
      inputs: [{from: cathode, units: 60}, {from: anode, units: 60}]
      output: {kind: jelly_roll_tray, quantity: 10}
      length_m: 3
      speed_m_per_min: 60
      index_time_s: 1.25
      rolls_per_unit: 2
)");
  EXPECT_NEAR(run.kpis.throughput_per_h, 3600.0 / 85 * 10, 1.0);
  EXPECT_NEAR(run.kpis.flow_by_kind.at("cathode_m").consumed,
              run.kpis.flow_by_kind.at("jelly_roll_tray").made * 6, 1e-6);
}
