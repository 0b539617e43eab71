// Bad input is a test category: each case must exit with status 2, name the key (and the file
// and line where there is one), and leave no output files behind.
#include <filesystem>

#include "harness.hpp"

namespace {

struct BadCase {
  const char* name;
  const char* yaml;       // the station list and anything else; see the template below
  const char* expected;   // must appear in the message (the key path and the rule)
  const char* set = "";   // optional --set
};

// A valid scenario with one placeholder for what each case breaks.
std::string scenario(const std::string& body) {
  return "scenario: bad\nhorizon_h: 1\n" + body;
}
constexpr const char* kLine = R"(line:
  source: {release: saturated, lot: {kind: part}}
  stations:
)";

const BadCase kCases[] = {
    {"unknown_top_key", "horizn_h: 2\nline: {source: {release: saturated, lot: {kind: p}}, stations: [{name: a, kind: unit, cycle_time_s: 1}]}",
     "horizn_h: unknown key; did you mean 'horizon_h'?"},
    {"missing_required", "line: {stations: [{name: a, kind: unit, cycle_time_s: 1}]}\n",
     "line.stations.a.supply: head station needs a supply"},
    {"scrap_rate_above_one", "LINE    - {name: a, kind: unit, cycle_time_s: 1, scrap_rate: 1.5}",
     "line.stations.a.scrap_rate: must be in [0, 1] (got 1.5)"},
    {"zero_machines", "LINE    - {name: a, kind: unit, cycle_time_s: 1, machines: 0}",
     "line.stations.a.machines: must be in [1, 20000] (got 0)"},
    {"unknown_kind", "LINE    - {name: a, kind: unti, cycle_time_s: 1}",
     "line.stations.a.kind: unknown station kind 'unti'; did you mean 'unit'?"},
    {"unknown_distribution", "LINE    - {name: a, kind: unit, cycle_time_s: {dist: expo, mean: 1}}",
     "line.stations.a.cycle_time_s.dist: unknown distribution 'expo'"},
    {"wrong_distribution_parameter", "LINE    - {name: a, kind: unit, cycle_time_s: {dist: exponential, mean: 1, sd: 2}}",
     "line.stations.a.cycle_time_s.sd: not a parameter of exponential"},
    {"missing_distribution_parameter", "LINE    - {name: a, kind: unit, cycle_time_s: {dist: normal, mean: 1}}",
     "line.stations.a.cycle_time_s.sd: required key is missing for normal"},
    {"negative_duration", "LINE    - {name: a, kind: unit, cycle_time_s: -3}",
     "line.stations.a.cycle_time_s: must be >= 0 (got -3)"},
    {"triangular_order", "LINE    - {name: a, kind: unit, cycle_time_s: {dist: triangular, min: 5, mode: 2, max: 9}}",
     "line.stations.a.cycle_time_s: needs min <= mode <= max"},
    {"buffer_not_a_count", "LINE    - {name: a, kind: unit, cycle_time_s: 1, buffer_in: lots}",
     "line.stations.a.buffer_in: must be a whole number (got 'lots')"},
    {"duplicate_names", "LINE    - {name: a, kind: unit, cycle_time_s: 1}\n    - {name: a, kind: unit, cycle_time_s: 1}",
     "line.stations.a.name: duplicate station name 'a' (entries 1 and 2 of the list)"},
    {"route_to_unknown_station", "LINE    - {name: a, kind: unit, cycle_time_s: 1, to: ovn}\n    - {name: oven, kind: unit, cycle_time_s: 1}",
     "line.stations.a.to: no station named 'ovn'; did you mean 'oven'?"},
    {"assembly_unknown_input", "LINE    - {name: a, kind: unit, cycle_time_s: 1}\n    - {name: s, kind: assembly, cycle_time_s: 1, inputs: [{from: a, units: 2}, {from: b, units: 1}], output: {kind: cell}}",
     "line.stations.s.inputs: no station named 'b'"},
    {"key_of_other_kind", "LINE    - {name: a, kind: unit, cycle_time_s: 1, batch: {capacity: 2, duration_s: 3}}",
     "line.stations.a.batch: not a parameter of kind unit (it belongs to kind batch)"},
    {"batch_without_batch_block", "LINE    - {name: a, kind: batch}",
     "line.stations.a.batch: required key is missing"},
    {"yaml_syntax", "line: {stations: [unclosed\n", "(yaml)"},
    {"rates_sum_above_one", "LINE    - {name: t, kind: test, cycle_time_s: 1, scrap_rate: 0.6, rework_rate: 0.6}",
     "line.stations.t.rework_rate: scrap_rate + rework_rate must be <= 1"},
    {"web_zero_speed", "LINE    - {name: w, kind: web, web: {speed_m_per_min: 0}}",
     "line.stations.w.web.speed_m_per_min: must be > 0 (got 0)"},
    {"bad_choice", "line:\n  source: {release: {interarrival_s: 1, when_full: bounce}, lot: {kind: p}}\n  stations: [{name: a, kind: unit, cycle_time_s: 1}]",
     "line.source.release.when_full: must be one of block drop (got 'bounce')"},
    {"seed_not_a_number", "seed: abc\nLINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "seed: must be a whole number (got 'abc')"},
    {"empty_station_list", "line: {source: {release: saturated, lot: {kind: p}}, stations: []}",
     "line.stations: must be a non-empty list"},
    {"set_unknown_station", "LINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "line.stations.b: no such key in the scenario; stations: a", "line.stations.b.machines=2"},
    {"set_bad_value", "LINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "--set line.stations.a.machines: line.stations.a.machines: must be a whole number (got 'many')",
     "line.stations.a.machines=many"},
    {"repeated_key", "LINE    - {name: a, kind: unit, cycle_time_s: 1, machines: 2, machines: 3}",
     "line.stations.a.machines: repeated key"},
    {"map_as_key", "{a: 1}: 2\nLINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "(key): a key must be a plain name, not a map or list"},
    {"horizon_overflow", "LINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "horizon_h: must be in (0, 1000000] (got 1e+300)", "horizon_h=1e300"},
    {"too_many_machines", "LINE    - {name: a, kind: unit, cycle_time_s: 1, machines: 15000}\n    - {name: b, kind: unit, cycle_time_s: 1, machines: 15000}",
     "line.stations.b.machines: the line has 30000 machines up to this station; at most 20000"},
    {"scrap_ramp_located", "LINE    - {name: a, kind: unit, cycle_time_s: 1, scrap_rate: {initial: 2, mature: 0.1, tau_h: 5}}",
     "scrap_ramp_located.yaml:6:68: line.stations.a.scrap_rate.initial: must be in [0, 1] (got 2)"},
    {"set_trailing_dot", "LINE    - {name: a, kind: unit, cycle_time_s: 1}",
     "horizon_h.: not a dotted key path", "horizon_h.=2"},
    {"nul_in_name", "LINE    - {name: \"a\\0b\", kind: unit, cycle_time_s: 1}",
     "line.stations[0].name: contains a NUL byte"},
    {"sourced_value_without_value", "LINE    - {name: a, kind: unit, cycle_time_s: {source: BPv5}}",
     "line.stations.a.cycle_time_s: needs value (a fixed number), cell (a cell-design quantity) or dist"},
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, ExitsTwoNamingTheKeyAndWritesNothing) {
  const BadCase& c = GetParam();
  std::string body = c.yaml;
  if (const auto at = body.find("LINE"); at != std::string::npos) body.replace(at, 4, kLine);
  const std::string file = test::write_file(std::string(c.name) + ".yaml", scenario(body));
  const std::string out = test::temp_path("out");
  std::string args = "run '" + file + "' --out '" + out + "'";
  if (*c.set) args += std::string(" --set '") + c.set + "'";
  const auto r = test::run_cli(args);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(c.expected), std::string::npos) << "message was: " << r.output;
  EXPECT_NE(r.output.find(file), std::string::npos) << "message must name the file: " << r.output;
  EXPECT_EQ(r.output.find("terminate"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out + "/results.json"));
  EXPECT_FALSE(std::filesystem::exists(out + "/events.csv"));
}

INSTANTIATE_TEST_SUITE_P(Cases, BadScenario, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// Line numbers: the message points at the offending line and column of the file.
TEST(BadScenarioLocation, MessageNamesLineAndColumn) {
  const std::string file = test::write_file("located.yaml", R"(scenario: located
horizon_h: 1
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - name: a
      kind: unit
      cycle_time_s: 1
      scrap_rate: 2
)");
  const auto r = test::run_cli("validate '" + file + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(file + ":9:19: line.stations.a.scrap_rate: must be in [0, 1] (got 2)"),
            std::string::npos)
      << r.output;
}

TEST(BadScenarioLocation, MissingFile) {
  const auto r = test::run_cli("run /nonexistent/scenario.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/nonexistent/scenario.yaml"), std::string::npos) << r.output;
}

}  // namespace

// An error at a value the scenario inherits from its base names the base file and line, and
// says which scenario it is the base of.
TEST(BadScenarioLocation, InheritedValueNamesTheBaseFile) {
  const std::string base = test::write_file("base.yaml", R"(scenario: base
horizon_h: 1
line:
  stations:
    - {name: a, kind: unit, cycle_time_s: 1, supply: {release: saturated, lot: {kind: p}}}
    - {name: b, kind: unit, cycle_time_s: 1}
)");
  const std::string child = test::write_file("child.yaml",
                                             "base: base.yaml\nscenario: child\npatch:\n  remove: [a]\n");
  const auto r = test::run_cli("validate '" + child + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(base + " (base of " + child + "):6:7: line.stations.b.supply"),
            std::string::npos)
      << r.output;
}

// A base chain that returns to itself is named as a cycle (it was a stack overflow).
TEST(BadScenarioLocation, BaseCycleIsNamed) {
  const std::string a = test::write_file("a.yaml", "base: b.yaml\nscenario: a\n");
  const std::string b = test::write_file("b.yaml", "base: a.yaml\nscenario: b\n");
  const std::string self = test::write_file("self.yaml", "base: self.yaml\nscenario: s\n");
  auto r = test::run_cli("validate '" + a + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("base: bases form a cycle: " + a + " -> " + b + " -> " + a), std::string::npos)
      << r.output;
  r = test::run_cli("validate '" + self + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bases form a cycle"), std::string::npos) << r.output;
}

// Command-line numbers out of range are usage errors, not wrapped or ignored.
TEST(BadScenarioLocation, CommandLineNumbersAreChecked) {
  for (const char* args : {"run configs/examples/mm1.yaml --seed -1",
                           "compare configs/examples/mm1.yaml --jobs -3",
                           "run configs/examples/mm1.yaml --replications 0"}) {
    const auto r = test::run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
  }
}
