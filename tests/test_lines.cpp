// Line-level mechanisms: converting rolls into sheets, ramp-up curves, base + patch scenarios,
// and the retrofit report. The shipped reference lines are tested in test_reference_lines.
#include <nlohmann/json.hpp>

#include <functional>
#include <set>

#include "harness.hpp"
#include "stations/station.hpp"
#include "stations/station_kinds.hpp"
#include "twin/app/compare.hpp"

using test::simulate;
using test::station;

namespace {
const char* kBase = R"(
scenario: base
horizon_h: 10
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - {name: a, kind: unit, cycle_time_s: 10, capex_usd: 1000}
    - {name: b, kind: unit, cycle_time_s: 20, machines: 2, capex_usd: 2000}
    - {name: c, kind: unit, cycle_time_s: 5, capex_usd: 500}
)";
/// Writes base.yaml (kBase) and child.yaml = `base: base.yaml`, `scenario: child` + `patch`.
std::string write_child(const std::string& patch) {
  test::write_file("base.yaml", kBase);
  return test::write_file("child.yaml", "base: base.yaml\nscenario: child\n" + patch);
}
/// Runs `celltwin retrofit base.yaml CHILD` (base.yaml in the test's folder); its retrofit.json.
nlohmann::json retrofit(const std::string& child, test::CliResult& r) {
  const std::string out = test::temp_path("retrofit");
  r = test::run_cli("retrofit '" + test::temp_path("base.yaml") + "' '" + child + "' --out '" +
                    out + "'");
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(test::read_file(out + "/retrofit.json"));
}
}  // namespace

// Metres coated = metres that became sheets + trim + scrap. 300 rolls of 1,003 m cut into
// 0.3 m sheets: 3,343 sheets per roll use 1,002.9 m, leaving 0.1 m of trim per roll.
TEST(Lines, ConvertConservesMetres) {
  const auto run = simulate(R"(
scenario: cut
horizon_h: 100
line:
  source: {release: saturated, max_lots: 300, lot: {kind: electrode_m, quantity: 1003}}
  stations:
    - name: notch
      kind: unit
      cycle_time_s: 60
      scrap_rate: 0.001
      convert: {kind: sheet, units_per_input: 3.3333333333333333}
)");
  const auto& f = run.kpis.flow;
  EXPECT_DOUBLE_EQ(f.released, 300 * 1003.0);
  // consumed metres (into sheets) + scrapped metres (trim + scrap) = released metres
  EXPECT_NEAR(f.consumed + station(run, "notch").scrapped, 300 * 1003.0, 1e-6);
  EXPECT_NEAR(f.made, f.consumed * 10.0 / 3.0, 1e-6);
  EXPECT_DOUBLE_EQ(f.good, f.made);
}

// A deterministic line (fixed times, no failures, no scrap) runs at exactly the rate of its
// slowest station: here stacking, 2 machines x 1 cell / 40 s = 180 cells/h, while coating
// (1,000 m every 100 + 10 min -> 17 sheets/min x 60 ... ) and formation have spare capacity.
TEST(Lines, DeterministicLineRunsAtItsSlowestStation) {
  const auto run = simulate(R"(
scenario: deterministic
warmup_h: 10
horizon_h: 20
line:
  stations:
    - name: coat
      kind: web
      web: {speed_m_per_min: 20, roll_change_s: 300}
      supply: {release: saturated, lot: {kind: electrode_m, quantity: 1000}}
    - name: notch
      kind: unit
      buffer_in: 1
      cycle_time_s: 600
      convert: {kind: sheet, units_per_input: 10}
    - name: separator
      kind: unit
      cycle_time_s: 1
      supply: {release: saturated, lot: {kind: separator_sheet, quantity: 500}}
    - name: stack
      kind: assembly
      buffer_in: 2
      machines: 2
      cycle_time_s: 40
      inputs: [{from: notch, units: 20}, {from: separator, units: 21}]
      output: {kind: cell}
    - name: tray
      kind: assembly
      buffer_in: 20
      cycle_time_s: 1
      inputs: [{from: stack, units: 10}]
      output: {kind: cell_tray, quantity: 10}
    - name: formation
      kind: batch
      machines: 4
      buffer_in: 10
      batch: {capacity: 5, duration_s: 3600}
)");
  // Coat: 10,000 sheets / 3,300 s = 545 cells/h of sheet supply; formation 4 x 50 cells/h.
  EXPECT_NEAR(run.kpis.throughput_per_h, 180.0, 180.0 * 0.01);
  EXPECT_EQ(run.kpis.bottleneck, "stack");
  EXPECT_NEAR(station(run, "stack").utilization, 1.0, 1e-3);
}

// Ramp-up: scrap falls from 30 % to 5 % with tau = 1,500 h; monthly yield rises toward 0.95.
// Per month 25,920 lots of 100 parts: the binomial SE of a monthly yield is ~0.0002, far
// below the tolerances; the scrap rate is evaluated when each lot finishes (within 100 s).
TEST(Lines, RampUpYieldRisesToMature) {
  const auto run = simulate(R"(
scenario: ramp
horizon_h: 8640
line:
  source: {release: saturated, lot: {kind: part, quantity: 100}}
  stations:
    - {name: a, kind: unit, cycle_time_s: 100, scrap_rate: {initial: 0.3, mature: 0.05, tau_h: 1500, source: "test"}}
)");
  const auto& months = run.kpis.monthly;
  ASSERT_EQ(months.size(), 12u);
  for (std::size_t m = 1; m < months.size(); ++m)
    EXPECT_GT(months[m].final_yield, months[m - 1].final_yield - 0.001) << "month " << m + 1;
  // Expected mean scrap over month m: 0.05 + 0.25 tau/720 (e^{-(m-1)720/tau} - e^{-m 720/tau}).
  for (std::size_t m = 0; m < months.size(); ++m) {
    const double tau = 1500, a = m * 720.0, b = (m + 1) * 720.0;
    const double scrap = 0.05 + 0.25 * tau / 720.0 * (std::exp(-a / tau) - std::exp(-b / tau));
    EXPECT_NEAR(months[m].final_yield, 1 - scrap, 0.002) << "month " << m + 1;
  }
  EXPECT_NEAR(months.back().final_yield, 0.95, 0.002);
}

TEST(Lines, PatchModifiesAddsAndRemovesStations) {
  const std::string child = write_child(R"(
patch:
  modify: {b: {cycle_time_s: 15, retrofit_capex_usd: 300}}
  add: [{after: b, station: {name: cure, kind: batch, batch: {capacity: 4, duration_s: 60}, capex_usd: 5000}}]
  remove: [c]
)");
  const auto to = twin::load_scenario(child);
  ASSERT_EQ(to.line.stations.size(), 3u);
  EXPECT_EQ(to.line.stations[2].name, "cure");
  EXPECT_DOUBLE_EQ(to.line.find("b")->params_as<stations::CycleParams>().cycle_time_s.mean(), 15.0);
  EXPECT_EQ(to.line.find("b")->machines, 2);  // kept from the base
  EXPECT_EQ(to.line.find("b")->to, "cure");
  const auto from = twin::load_scenario(test::temp_path("base.yaml"));
  const auto report = twin::diff_lines(from, to);
  std::map<std::string, std::string> status;
  for (const auto& c : report.stations) status[c.name] = c.status;
  EXPECT_EQ(status["a"], "reused");
  EXPECT_EQ(status["b"], "modified");
  EXPECT_EQ(status["cure"], "added");
  EXPECT_EQ(status["c"], "removed");
  // Change: cure 5,000 + converting b's 2 machines at 300 each; stranded: c 500.
  EXPECT_DOUBLE_EQ(report.change_capex_usd, 5000 + 2 * 300);
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, 500);
}

// A kept station that needs fewer machines strands the ones it drops (b: 2 -> 1 at 2,000 each).
TEST(Lines, DroppedMachinesAreStranded) {
  const std::string child = write_child(R"(
patch:
  modify: {b: {machines: 1}}
)");
  const auto report =
      twin::diff_lines(twin::load_scenario(test::temp_path("base.yaml")), twin::load_scenario(child));
  EXPECT_DOUBLE_EQ(report.change_capex_usd, 0);
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, 2000);
}

TEST(Lines, PatchOnUnknownStationExitsTwoListingStations) {
  const std::string child = write_child(R"(
patch:
  modify: {bee: {cycle_time_s: 15}}
)");
  const auto r = test::run_cli("validate '" + child + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("patch.modify.bee: no station named 'bee' in the base line; did you "
                          "mean 'b'?; stations: a b c"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(child + ":5:"), std::string::npos) << r.output;
}

TEST(Lines, RetrofitCommandRunsBothWithTheSameSeed) {
  const std::string child = write_child(R"(
patch:
  modify: {b: {machines: 3, retrofit_capex_usd: 100}}
)");
  test::CliResult r;
  const auto report = retrofit(child, r);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // b: 2 -> 3 machines at 20 s: from 360 (b-bound) to 360 (a-bound, 10 s) parts/h.
  // Deterministic line: every replication gives the same, so the paired difference is 0 ± 0.
  EXPECT_NEAR(report["from"]["values"]["throughput_per_h"]["mean"].get<double>(), 360.0, 0.5);
  EXPECT_NEAR(report["to"]["values"]["throughput_per_h"]["mean"].get<double>(), 360.0, 0.5);
  EXPECT_EQ(report["from"]["replications"], 5);
  EXPECT_FALSE(report["to"]["paired_difference"]["throughput_per_h"]["significant"].get<bool>());
  // Converting the 2 kept machines (100 each) + 1 extra machine at the base capex 2,000.
  EXPECT_DOUBLE_EQ(report["change_capex_usd"].get<double>(), 2 * 100 + 2000);
}

// On a converging line the product's yield covers the stations from the assembly that makes it
// to the end: 10 % scrap on a sheet branch is a material loss of that branch, not a cell loss.
// Cell yield here: 0.98 (stack) x 0.99 (grade) = 0.9702; ~7,000 cells give SE 0.002.
TEST(Lines, YieldCoversTheProductPath) {
  const auto run = simulate(R"(
scenario: converging
horizon_h: 100
line:
  stations:
    - {name: cut_c, kind: unit, cycle_time_s: 1, scrap_rate: 0.10, supply: {release: saturated, lot: {kind: c_sheet, quantity: 20}}}
    - {name: cut_a, kind: unit, cycle_time_s: 1, supply: {release: saturated, lot: {kind: a_sheet, quantity: 20}}}
    - name: stack
      kind: assembly
      buffer_in: 2
      cycle_time_s: 50
      scrap_rate: 0.02
      inputs: [{from: cut_c, units: 10}, {from: cut_a, units: 10}]
      output: {kind: cell}
    - {name: grade, kind: test, cycle_time_s: 1, scrap_rate: 0.01}
)");
  EXPECT_NEAR(run.kpis.final_yield, 0.98 * 0.99, 0.008);
  EXPECT_NEAR(station(run, "cut_c").scrapped / station(run, "cut_c").processed, 0.10, 0.01);
  // WIP counts cell equivalents: a 20-sheet lot of either branch is 2 cells.
  EXPECT_LT(run.kpis.wip_mean, 20.0);
}

// The retrofit classes come from the parameter tables: a patch that changes only power is a
// recipe change (same machines, new settings), only a description is no change, a batch
// capacity is hardware. Through the command, as a process engineer runs it.
TEST(Lines, RetrofitClassifiesChangesByTheTables) {
  test::write_file("base.yaml", R"(
scenario: base
horizon_h: 10
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - {name: a, kind: unit, cycle_time_s: 10, power_busy_kw: 5, retrofit_capex_usd: 70}
    - {name: b, kind: unit, cycle_time_s: 5, description: old}
    - {name: oven, kind: batch, batch: {capacity: 4, duration_s: 20}, retrofit_capex_usd: 90}
)");
  const std::string child = test::write_file("child.yaml", R"(
base: base.yaml
scenario: child
patch:
  modify:
    a: {power_busy_kw: 7.5}
    b: {description: new}
    oven: {batch: {capacity: 6, duration_s: 20}}
)");
  test::CliResult r;
  const auto report = retrofit(child, r);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& s : report["stations"]) by_name[s["name"]] = s;
  EXPECT_EQ(by_name["a"]["status"], "recipe-changed");
  EXPECT_EQ(by_name["a"]["changed"][0]["key"], "power_busy_kw");
  EXPECT_EQ(by_name["a"]["changed"][0]["class"], "recipe");
  EXPECT_DOUBLE_EQ(by_name["a"]["capex_usd"].get<double>(), 0.0);  // no hardware touched
  EXPECT_EQ(by_name["b"]["status"], "reused");
  EXPECT_EQ(by_name["b"]["changed"][0]["class"], "info");
  EXPECT_EQ(by_name["oven"]["status"], "modified");
  EXPECT_EQ(by_name["oven"]["changed"][0]["key"], "batch.capacity");
  EXPECT_DOUBLE_EQ(by_name["oven"]["capex_usd"].get<double>(), 90.0);  // 1 machine converted
  EXPECT_NE(r.output.find("power_busy_kw (recipe)"), std::string::npos) << r.output;
}

// Every station row of every table says what changing it means (a row left unset would make
// the retrofit report call a changed station reused).
TEST(Lines, EveryStationParameterHasAChangeClass) {
  std::function<void(const std::string&, const std::vector<twin::FieldDoc>&)> check =
      [&](const std::string& where, const std::vector<twin::FieldDoc>& rows) {
        for (const auto& row : rows) {
          EXPECT_NE(row.change, twin::Change::unset) << where << "." << row.key;
          check(where + "." + row.key, row.children);
        }
      };
  check("station", twin::document(stations::common_station_fields()));
  for (const auto& kind : stations::station_kinds()) check(kind.name, kind.fields);
}

// line.json holds every parameter of every station: each key of the common table and of the
// station's kind table (except `source`, which goes to the sources map), for each kind.
TEST(Lines, LineJsonHoldsEveryParameterOfEveryStation) {
  const std::string out = test::temp_path("run");
  const auto r = test::run_cli("run configs/lines/semi_solid_retrofit.yaml --set horizon_h=1 "
                               "--set warmup_h=0 --no-events -q --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto line = nlohmann::json::parse(test::read_file(out + "/line.json"));
  std::set<std::string> kinds;
  for (const auto& st : line["stations"]) {
    const std::string kind = st["kind"];
    kinds.insert(kind);
    auto rows = twin::document(stations::common_station_fields());
    const auto& own = stations::find_station_kind(kind)->fields;
    rows.insert(rows.end(), own.begin(), own.end());
    for (const auto& row : rows) {
      if (row.key == "source") continue;
      EXPECT_TRUE(st.contains(row.key)) << st["name"] << "." << row.key;
    }
    EXPECT_EQ(st.size(), rows.size() - 1) << st["name"];
  }
  EXPECT_EQ(kinds.size(), 5u);  // the line uses every kind
  // Values are the resolved ones: formation's duration comes from the cell (24 h).
  for (const auto& st : line["stations"]) {
    if (st["name"] != "formation") continue;
    EXPECT_DOUBLE_EQ(st["batch"]["duration_s"].get<double>(), 86400.0);
  }
  EXPECT_FALSE(line["sources"].empty());
}

// `validate` refuses a patch that leaves a station without a feed or a line that can make
// nothing, naming the station and the key.
TEST(Lines, PatchThatStarvesOrEmptiesTheLineIsRefused) {
  test::write_file("supplied.yaml", R"(
scenario: supplied
horizon_h: 10
line:
  stations:
    - {name: a, kind: unit, cycle_time_s: 10, supply: {release: saturated, lot: {kind: roll, quantity: 10}}}
    - {name: b, kind: unit, cycle_time_s: 5, convert: {kind: sheet, units_per_input: 2}}
    - {name: c, kind: unit, cycle_time_s: 5}
)");
  const std::string base = test::temp_path("supplied.yaml");
  ASSERT_EQ(test::run_cli("validate '" + base + "'").exit_code, 0);
  struct Case {
    const char* patch;
    const char* expected;
  };
  const Case cases[] = {
      {"remove: [a]",
       "line.stations.b.supply: is fed by no station after the patch: give it a supply, or route "
       "a station to it (to:)"},
      {"modify: {c: {scrap_rate: 1}}",
       "line.stations.c.scrap_rate: the patched line produces nothing: every unit is scrapped "
       "here (scrap_rate 1)"},
      {"modify: {b: {convert: {kind: sheet, units_per_input: 0.05}}}",
       "line.stations.b.convert: the patched line produces nothing: a lot of 10 units converts "
       "into 0 units (units_per_input 0.05)"},
  };
  for (const auto& c : cases) {
    const std::string child = test::write_file(
        "child.yaml", std::string("base: supplied.yaml\nscenario: child\npatch:\n  ") + c.patch + "\n");
    const auto r = test::run_cli("validate '" + child + "'");
    EXPECT_EQ(r.exit_code, 2) << c.patch;
    EXPECT_NE(r.output.find(child), std::string::npos) << r.output;  // or "(base of child)"
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
  }
}
