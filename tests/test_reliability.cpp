// Valid-but-extreme inputs end, and say why; failed runs leave no output that looks current;
// output that cannot be written is an error; child runs die with their parent.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "harness.hpp"

using test::read_file;
using test::run_cli;

namespace {

/// A one-station line: `station` is the station's flow map, `release` the source's.
std::string line_file(const std::string& name, const std::string& station,
                      const std::string& release = "saturated", const std::string& horizon = "1") {
  return test::write_file(name + ".yaml", "scenario: " + name + "\nhorizon_h: " + horizon +
                                              "\nline:\n  source: {release: " + release +
                                              ", lot: {kind: part}}\n  stations:\n    - " +
                                              station + "\n");
}

bool any_output(const std::string& dir) {
  for (const char* name : {"results.json", "line.json", "run.json", "events.csv"})
    if (std::filesystem::exists(dir + "/" + name)) return true;
  return false;
}

void write_stale_outputs(const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (const char* name : {"results.json", "line.json", "run.json", "events.csv"})
    std::ofstream(dir + "/" + name) << "stale";
}

}  // namespace

// cycle_time_s: 0 behind a saturated source used to loop at t = 0 writing ~90 MB/s of events.
TEST(RunLimits, ZeroTimeLoopIsStopped) {
  const auto file = line_file("zero_cycle", "{name: a, kind: unit, cycle_time_s: 0}");
  const auto out = test::temp_path("out");
  const auto r = run_cli("run '" + file + "' --out '" + out + "'");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no simulated progress: 2000001 events at t = 0 s"), std::string::npos)
      << r.output;
  EXPECT_FALSE(any_output(out));
}

// A cycle far below the horizon's scale: the projected event count stops it within seconds.
TEST(RunLimits, ProjectedEventCountStopsTinyCycles) {
  const auto file = line_file("tiny_cycle", "{name: a, kind: unit, cycle_time_s: 1e-7}");
  const auto out = test::temp_path("out");
  const auto r = run_cli("run '" + file + "' --out '" + out + "' --no-events");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("more than --max-events 500000000"), std::string::npos) << r.output;
  EXPECT_FALSE(any_output(out));
}

TEST(RunLimits, MaxEventsAndMaxWallEndTheRun) {
  const auto out = test::temp_path("out");
  auto r = run_cli("run configs/examples/mm1.yaml --out '" + out + "' --max-events 1000");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("more than --max-events 1000"), std::string::npos) << r.output;
  EXPECT_FALSE(any_output(out));
  r = run_cli("run configs/examples/mm1.yaml --out '" + out + "' --max-wall-s 1e-6");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("--max-wall-s 1e-06 s"), std::string::npos) << r.output;
  EXPECT_FALSE(any_output(out));
  // The default limits let the example run.
  r = run_cli("run configs/examples/mm1.yaml --out '" + out + "' -q");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// Arrivals every 1 s into a 1.5 s machine with an unlimited buffer: WIP grows by 1/3 lot per
// second; a stable M/M/1 at rho < 1 does not trip the check.
TEST(RunLimits, UnboundedWipIsReported) {
  const auto file = line_file("overloaded", "{name: a, kind: unit, cycle_time_s: 1.5}",
                              "{interarrival_s: 1}", "10");
  const auto out = test::temp_path("out");
  auto r = run_cli("run '" + file + "' --out '" + out + "' --no-events");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("WIP grows without bound"), std::string::npos) << r.output;
  auto results = nlohmann::json::parse(read_file(out + "/results.json"));
  EXPECT_TRUE(results["run_length"]["wip_unbounded"].get<bool>());
  // WIP in the last fifth of the window (8-10 h) is about (9 h x 3600 / 3) = 10,800 lots.
  EXPECT_NEAR(results["kpis"]["wip_mean"].get<double>(), 5 * 3600 / 3.0, 0.05 * 5 * 3600 / 3);
  r = run_cli("run configs/examples/mm1.yaml --out '" + out + "' -q --no-events");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  results = nlohmann::json::parse(read_file(out + "/results.json"));
  EXPECT_FALSE(results["run_length"]["wip_unbounded"].get<bool>());
}

// A run that fails on bad input removes the outputs of the previous run in its folder, also the
// default folder out/<scenario> (found from the scenario name alone).
TEST(Outputs, BadInputLeavesNoStaleResults) {
  const auto file = line_file("stale_check", "{name: a, kind: unit, cycle_time_s: -1}");
  const auto out = test::temp_path("out");
  write_stale_outputs(out);
  auto r = run_cli("run '" + file + "' --out '" + out + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(any_output(out));
  const std::string default_out = std::string(CELLTWIN_SOURCE_DIR) + "/out/stale_check";
  write_stale_outputs(default_out);
  r = run_cli("run '" + file + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(any_output(default_out));
  std::filesystem::remove_all(default_out);
}

TEST(Outputs, UnwritableOutputIsBadInputNamingThePath) {
  auto r = run_cli("run configs/examples/mm1.yaml --out /dev/full");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("celltwin: error: --out: /dev/full: cannot create the output folder"),
            std::string::npos)
      << r.output;
  const auto in_the_way = test::write_file("a_file", "x");
  r = run_cli("run configs/examples/mm1.yaml --out '" + in_the_way + "/sub'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(in_the_way + "/sub: cannot create the output folder"), std::string::npos)
      << r.output;
  // The KPI table lost to a full stdout is an error, not a success.
  const std::string err = test::temp_path("stderr.txt");
  const int status = std::system((std::string("'") + CELLTWIN_BIN + "' run '" +
                                  CELLTWIN_SOURCE_DIR + "/configs/examples/mm1.yaml' --out '" +
                                  test::temp_path("o") + "' >/dev/full 2>'" + err + "'")
                                     .c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(read_file(err).find("celltwin: error: standard output: write failed"),
            std::string::npos)
      << read_file(err);
}

// Names with a comma are quoted in events.csv (RFC 4180); a '/' in a scenario name does not
// lead the default folder out of out/.
TEST(Outputs, NamesAreEscapedAndSanitised) {
  const auto file = test::write_file(
      "names.yaml",
      "scenario: ../escape\nhorizon_h: 0.01\nline:\n  source: {release: saturated, lot: {kind: "
      "'cell, pouch'}}\n  stations:\n    - {name: 'a,b', kind: unit, cycle_time_s: 1}\n");
  const auto r = run_cli("run '" + file + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string dir = std::string(CELLTWIN_SOURCE_DIR) + "/out/_._escape";
  EXPECT_NE(r.output.find("outputs in out/_._escape"), std::string::npos) << r.output;
  const auto events = read_file(dir + "/events.csv");
  EXPECT_NE(events.find(",\"a,b\",0,start,1,\"cell, pouch\",1"), std::string::npos)
      << events.substr(0, 400);
  EXPECT_FALSE(std::filesystem::exists(std::string(CELLTWIN_SOURCE_DIR) + "/escape"));
  std::filesystem::remove_all(dir);
  const auto newline = test::write_file(
      "newline.yaml",
      "scenario: nl\nhorizon_h: 1\nline:\n  source: {release: saturated, lot: {kind: p}}\n  "
      "stations:\n    - {name: \"a\\nb\", kind: unit, cycle_time_s: 1}\n");
  const auto bad = run_cli("validate '" + newline + "'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("line.stations[0].name: a name may not contain control characters"),
            std::string::npos)
      << bad.output;
}

// validate reports every independent error of a file in one pass.
TEST(CommandLine, ValidateReportsEveryError) {
  const auto file = test::write_file("many.yaml", R"(scenario: many
horizon_h: 1
horizn: 3
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - {name: a, kind: unit, cycle_time_s: -1, scrap_rate: 2}
    - {name: b, kind: unti, cycle_time_s: 1}
    - {name: c, kind: unit, cycle_time_s: 1, batch: {capacity: 2}}
)");
  const auto r = run_cli("validate '" + file + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  for (const std::string expected :
       {":3:1: horizn: unknown key", ":7:59: line.stations.a.scrap_rate: must be in [0, 1]",
        ":7:43: line.stations.a.cycle_time_s: must be >= 0",
        ":8:23: line.stations.b.kind: unknown station kind 'unti'",
        ":9:46: line.stations.c.batch: not a parameter of kind unit"})
    EXPECT_NE(r.output.find(file + expected), std::string::npos) << expected << "\n" << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 5) << r.output;
}

TEST(CommandLine, UsageErrorsAreNamed) {
  auto r = run_cli("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("celltwin: error: unknown command 'frobnicate' (commands: run, "
                          "validate, compare, retrofit, sweep, sweep-merge, export, size, schema)"),
            std::string::npos)
      << r.output;
  r = run_cli("compre a.yaml");
  EXPECT_NE(r.output.find("unknown command 'compre'; did you mean 'compare'?"), std::string::npos)
      << r.output;
  r = run_cli("run configs/examples/mm1.yaml --mc 100000000");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output.rfind("celltwin: error: --mc", 0), 0u) << r.output;
  r = run_cli("retrofit --help");
  EXPECT_NE(r.output.find("retrofit [OPTIONS] FROM TO"), std::string::npos) << r.output;
  r = run_cli("retrofit configs/lines/liquid_lib.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("celltwin: error: TO is required"), std::string::npos) << r.output;
}

// An error inside a file the scenario names (cell design, costs, base) is reported at the key
// that names it, and then in the file's own words.
TEST(CommandLine, ReferencedFileErrorNamesTheReference) {
  const auto costs = test::write_file("costs.yaml", "name: c\ncurrency: USD\nbogus: 1\n");
  const auto file = test::write_file(
      "refers.yaml",
      "scenario: refers\nhorizon_h: 1\ncosts: " + costs +
          "\nline:\n  source: {release: saturated, lot: {kind: p}}\n  stations:\n    - {name: a, "
          "kind: unit, cycle_time_s: 1}\n");
  const auto r = run_cli("validate '" + file + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(file + ":3:8: costs: the file it names has an error: " + costs + ":"),
            std::string::npos)
      << r.output;
}

TEST(CommandLine, FoldersDevicesAndHugeFilesAreRefusedBeforeParsing) {
  auto r = run_cli("validate configs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("configs: (file): is a folder, not a scenario file"), std::string::npos)
      << r.output;
  r = run_cli("validate /dev/zero");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/dev/zero: (file): is not a regular file"), std::string::npos)
      << r.output;
  const auto huge = test::temp_path("huge.yaml");
  std::filesystem::resize_file(test::write_file("huge.yaml", "scenario: x\n"), 40u << 20);
  r = run_cli("validate '" + huge + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("is 40 MB; a scenario file is at most 16 MB"), std::string::npos)
      << r.output;
}

// kill -9 of a compare parent: its child runs die too (PR_SET_PDEATHSIG), none writes later.
TEST(ChildRuns, DieWithTheirParent) {
  const auto out = test::temp_path("compare");
  const std::string command = std::string("cd '") + CELLTWIN_SOURCE_DIR + "' && exec '" +
                              CELLTWIN_BIN + "' compare configs/examples/mm1.yaml --set " +
                              "horizon_h=200000 --replications 2 --jobs 2 -q --out '" + out +
                              "' >/dev/null 2>&1";
  const pid_t parent = fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // [d]: the pattern must not match the shell that runs pgrep.
  const std::string children =
      "pgrep -f -- '--parent-pi[d] " + std::to_string(parent) + "( |$)'";
  bool started = false;
  for (int i = 0; i < 200 && !started; ++i) {  // up to 20 s on a loaded machine
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    started = std::system((children + " >/dev/null").c_str()) == 0;
  }
  ASSERT_TRUE(started) << "no child run started";
  kill(parent, SIGKILL);
  waitpid(parent, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gone = std::system((children + " >/dev/null").c_str()) != 0;
  }
  EXPECT_TRUE(gone) << "child runs outlived their parent";
  EXPECT_FALSE(std::filesystem::exists(out + "/compare.json"));
}
