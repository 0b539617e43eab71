// The celltwin command line, run as a separate process: outputs, reproducibility, exit codes.
#include <nlohmann/json.hpp>

#include <filesystem>

#include "harness.hpp"

using test::read_file;
using test::run_cli;

namespace {
std::string run_to(const std::string& scenario, const std::string& dir, const std::string& extra = "") {
  const auto r = run_cli("run " + scenario + " --out '" + dir + "' -q " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return dir;
}
}  // namespace

// Same scenario + seed: byte-identical events.csv and results.json; another seed differs.
TEST(Cli, SameSeedGivesByteIdenticalOutputs) {
  const auto a = run_to("configs/examples/two_station.yaml", test::temp_path("a"));
  const auto b = run_to("configs/examples/two_station.yaml", test::temp_path("b"));
  const auto c = run_to("configs/examples/two_station.yaml", test::temp_path("c"), "--seed 8");
  const auto events_a = read_file(a + "/events.csv");
  ASSERT_GT(events_a.size(), 100000u);
  EXPECT_EQ(events_a, read_file(b + "/events.csv"));
  EXPECT_EQ(read_file(a + "/results.json"), read_file(b + "/results.json"));
  EXPECT_NE(events_a, read_file(c + "/events.csv"));
  EXPECT_NE(read_file(a + "/results.json"), read_file(c + "/results.json"));
}

TEST(Cli, RunWritesContractOutputs) {
  const auto dir = run_to("configs/examples/two_station.yaml", test::temp_path("out"));
  const auto results = nlohmann::json::parse(read_file(dir + "/results.json"));
  for (const char* key : {"scenario", "seed", "replication", "sim", "kpis", "stations", "cost", "energy"})
    EXPECT_TRUE(results.contains(key)) << key;
  for (const char* key : {"throughput_per_h", "good_units", "scrapped_units", "first_pass_yield",
                          "wip_mean", "lead_time_s", "bottleneck"})
    EXPECT_TRUE(results["kpis"].contains(key)) << key;
  EXPECT_EQ(results["seed"], 7);
  const auto& press = results["stations"]["press"];
  double shares = 0;
  for (const auto& [state, value] : press["state_share"].items()) shares += value.get<double>();
  EXPECT_NEAR(shares, 1.0, 1e-9);
  // events.csv: one plain header row; its metadata in run.json, the row count among it.
  const auto events = read_file(dir + "/events.csv");
  const auto rows = std::count(events.begin(), events.end(), '\n') - 1;
  EXPECT_EQ(events.rfind("time_s,station,machine,event,lot,kind,quantity,related_lot\n", 0), 0u);
  const auto info = nlohmann::json::parse(read_file(dir + "/run.json"));
  EXPECT_EQ(info["scenario"], "two_station");
  EXPECT_EQ(info["seed"], 7);
  EXPECT_EQ(info["event_log"]["rows"].get<long>(), rows);
  EXPECT_EQ(info["event_log"]["columns"].size(), 8u);
  const auto line = nlohmann::json::parse(read_file(dir + "/line.json"));
  EXPECT_EQ(line["stations"][0]["to"], "inspect");
  EXPECT_TRUE(std::filesystem::exists(dir + "/run.json"));
}

TEST(Cli, SetOverridesAndPrintsKpiTable) {
  const auto r = run_cli("run configs/examples/two_station.yaml --out '" + test::temp_path("o") +
                         "' --set line.stations.press.machines=2 --set horizon_h=10");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("throughput"), std::string::npos);
  EXPECT_NE(r.output.find("measured 10.0 h"), std::string::npos);
  const auto line = nlohmann::json::parse(read_file(test::temp_path("o") + "/line.json"));
  EXPECT_EQ(line["stations"][0]["machines"], 2);
}

TEST(Cli, ValidateAndHelp) {
  auto r = run_cli("validate configs/examples/mm1.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok"), std::string::npos);
  r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("run"), std::string::npos);
  r = run_cli("run --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("--set"), std::string::npos);
  r = run_cli("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, SimGridStaysQuiet) {
  const auto r = run_cli("run configs/examples/mm1.yaml --out '" + test::temp_path("q") +
                         "' --set horizon_h=1");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.find("[0.0"), std::string::npos) << r.output;  // XBT log prefix
  EXPECT_EQ(r.output.find("xbt"), std::string::npos) << r.output;
}

// The README's scenario reference is the output of `celltwin schema`, so it cannot drift.
TEST(Cli, ReadmeReferenceMatchesSchema) {
  const auto r = run_cli("schema");
  ASSERT_EQ(r.exit_code, 0);
  const auto readme = read_file(std::string(CELLTWIN_SOURCE_DIR) + "/README.md");
  const auto begin = readme.find("<!-- schema:begin -->\n");
  const auto end = readme.find("<!-- schema:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const auto section = readme.substr(begin + 22, end - begin - 22);
  EXPECT_EQ(section, r.output.substr(0, r.output.find_last_not_of('\n') + 1) + "\n")
      << "README.md is out of date: paste the output of `celltwin schema` between the markers";
}
