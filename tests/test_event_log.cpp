// The event log as a product: a plain CSV with its metadata in run.json, a window that is an
// exact slice of the full log, snapshots that follow from the rows, lot genealogy recoverable
// from related_lot, and the runs of compare that keep theirs.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "harness.hpp"

using test::read_file;
using test::run_cli;
using json = nlohmann::json;

namespace {

struct Row {
  double time_s;
  std::string station, event, kind;
  int machine;
  std::uint64_t lot, related;
  double quantity;
  std::string text;
};

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, by);) parts.push_back(part);
  if (!text.empty() && text.back() == by) parts.emplace_back();
  return parts;
}

/// The rows of events.csv (names without commas: the shipped configs).
std::vector<Row> rows_of(const std::string& dir) {
  std::vector<Row> rows;
  std::stringstream in(read_file(dir + "/events.csv"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "time_s,station,machine,event,lot,kind,quantity,related_lot");
  while (std::getline(in, line)) {
    const auto p = split(line, ',');
    EXPECT_EQ(p.size(), 8u) << line;
    if (p.size() != 8) break;
    rows.push_back({std::stod(p[0]), p[1], p[3], p[5], std::stoi(p[2]), std::stoull(p[4]),
                    p[7].empty() ? 0 : std::stoull(p[7]), std::stod(p[6]), line});
  }
  return rows;
}

std::vector<json> snapshots_of(const std::string& dir) {
  std::vector<json> snaps;
  std::stringstream in(read_file(dir + "/events.index.jsonl"));
  for (std::string line; std::getline(in, line);) snaps.push_back(json::parse(line));
  return snaps;
}

std::string run_to(const std::string& scenario, const std::string& name, const std::string& extra) {
  const std::string dir = test::temp_path(name);
  const auto r = run_cli("run " + scenario + " --out '" + dir + "' -q " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return dir;
}

}  // namespace

// The default window is the measured one; --events-from-h 0 logs every event of the run.
TEST(EventLog, DefaultWindowIsTheMeasuredWindow) {
  const auto dir = run_to("configs/examples/two_station.yaml", "default", "--set horizon_h=5");
  const auto info = json::parse(read_file(dir + "/run.json"));
  EXPECT_EQ(info["event_log"]["from_s"], 3600.0);  // warmup_h: 1
  EXPECT_EQ(info["event_log"]["to_s"], 6 * 3600.0);
  const auto rows = rows_of(dir);
  ASSERT_FALSE(rows.empty());
  EXPECT_GE(rows.front().time_s, 3600.0);
  const auto all = run_to("configs/examples/two_station.yaml", "all",
                          "--set horizon_h=5 --events-from-h 0");
  const auto results = json::parse(read_file(all + "/results.json"));
  EXPECT_EQ(rows_of(all).size(), results["sim"]["events"].get<std::size_t>());
  EXPECT_LT(rows.size(), rows_of(all).size());
}

// A window is an exact slice of the full log, and its first snapshot is the full log's
// snapshot at the same time; every snapshot's offset is the first row at or after it.
TEST(EventLog, WindowIsAnExactSliceWithItsSnapshot) {
  const std::string scenario = "configs/lines/liquid_lib.yaml";
  const auto full = run_to(scenario, "full", "--set horizon_h=4 --set warmup_h=0");
  const auto part = run_to(scenario, "part",
                           "--set horizon_h=4 --set warmup_h=0 --events-from-h 2 --events-to-h 3.5");
  std::string expected;
  for (const auto& r : rows_of(full))
    if (r.time_s >= 7200 && r.time_s <= 12600) expected += r.text + "\n";
  const std::string text = read_file(part + "/events.csv");
  EXPECT_EQ(text.substr(text.find('\n') + 1), expected);

  const auto full_snaps = snapshots_of(full);
  const auto part_snaps = snapshots_of(part);
  ASSERT_EQ(part_snaps.size(), 2u);  // 2 h and 3 h (hourly)
  for (const auto& snap : part_snaps) {
    const auto same = std::find_if(full_snaps.begin(), full_snaps.end(), [&](const json& f) {
      return f["time_s"] == snap["time_s"];
    });
    ASSERT_NE(same, full_snaps.end()) << snap["time_s"];
    for (const char* key : {"machines", "wip_cell_eq", "waiting_cell_eq"})
      EXPECT_EQ((*same)[key], snap[key]) << key;
  }
  const std::string all = read_file(full + "/events.csv");
  for (const auto& snap : full_snaps) {
    const auto offset = snap["offset"].get<std::size_t>();
    ASSERT_LE(offset, all.size());
    EXPECT_EQ(all[offset - 1], '\n');
    if (offset < all.size()) EXPECT_GE(std::stod(all.substr(offset, 20)), snap["time_s"].get<double>());
    const auto before = all.rfind('\n', offset - 2);
    if (before != std::string::npos && before + 1 > all.find('\n'))
      EXPECT_LT(std::stod(all.substr(before + 1, 20)), snap["time_s"].get<double>());
  }
}

// Replaying the rows between two snapshots with the README's rules gives the next snapshot:
// machine states, line WIP and waiting stock in cell equivalents (weights from line.json).
TEST(EventLog, SnapshotsFollowFromTheRows) {
  // The default window of a full line (after its 480 h warm-up): every station at work.
  const auto dir = run_to("configs/lines/liquid_lib.yaml", "log", "--set horizon_h=2");
  const auto line = json::parse(read_file(dir + "/line.json"));
  std::map<std::string, std::size_t> index;
  for (const auto& st : line["stations"]) index[st["name"]] = index.size();
  auto weight = [&](const std::string& kind) {
    const auto& w = line["cell_equivalents_per_unit"];
    return w.contains(kind) ? w[kind].get<double>() : 1.0;
  };
  const auto snaps = snapshots_of(dir);
  ASSERT_EQ(snaps.size(), 3u);  // 480, 481 and 482 h
  std::vector<std::string> machines = snaps[0]["machines"];
  double wip = snaps[0]["wip_cell_eq"];
  std::vector<double> waiting = snaps[0]["waiting_cell_eq"];
  std::map<std::pair<std::size_t, int>, char> before_fail;
  std::size_t next = 1;
  auto compare = [&](const json& snap) {
    EXPECT_EQ(snap["machines"].get<std::vector<std::string>>(), machines) << snap["time_s"];
    EXPECT_NEAR(snap["wip_cell_eq"].get<double>(), wip, 1e-6 * std::max(1.0, wip));
    for (std::size_t s = 0; s < waiting.size(); ++s)
      EXPECT_NEAR(snap["waiting_cell_eq"][s].get<double>(), waiting[s], 1e-6 * (1 + waiting[s]));
  };
  for (const auto& r : rows_of(dir)) {
    while (next < snaps.size() && r.time_s >= snaps[next]["time_s"].get<double>()) compare(snaps[next++]);
    const double ce = r.quantity * weight(r.kind);
    if (r.event == "release" || r.event == "assemble" || r.event == "convert") wip += ce;
    if (r.event == "consume" || r.event == "scrap" || r.event == "exit") wip -= ce;
    if (r.station == "source") continue;
    const std::size_t s = index.at(r.station);
    if (r.event == "arrive") waiting[s] += ce;
    if (r.event == "start" || (r.event == "consume" && r.related != 0)) waiting[s] -= ce;
    if (r.machine < 0) continue;
    char& m = machines[s][static_cast<std::size_t>(r.machine)];
    if (r.event == "start" || r.event == "assemble") m = 'b';
    if (r.event == "setup") m = 's';
    if (r.event == "finish" || r.event == "unblocked") m = 'i';
    if (r.event == "blocked") m = 'k';
    if (r.event == "fail") m = static_cast<char>(std::toupper(m));
    if (r.event == "repair") m = static_cast<char>(std::tolower(m));
  }
  EXPECT_GE(next, snaps.size() - 1);
}

// Genealogy: every consume names the lot it went into (assembled at the same station and
// machine); walking back from every assembled lot through consumes, conversions (same lot id)
// and rework splits ends at released lots only.
TEST(EventLog, LotGenealogyIsRecoverable) {
  const auto dir = run_to("configs/lines/liquid_lib.yaml", "genealogy",
                          "--set horizon_h=12 --set warmup_h=0");
  std::map<std::uint64_t, std::set<std::uint64_t>> parents;
  std::map<std::uint64_t, std::string> assembled_at, released;
  std::set<std::uint64_t> assembled;
  std::set<std::string> kinds_traced;
  std::map<std::uint64_t, std::string> kind_of;
  for (const auto& r : rows_of(dir)) {
    if (!kind_of.count(r.lot)) kind_of[r.lot] = r.kind;
    if (r.event == "consume" && r.related != 0) {
      parents[r.related].insert(r.lot);
      assembled_at[r.related] = r.station + "/" + std::to_string(r.machine);
    }
    if (r.event == "assemble") {
      ASSERT_TRUE(assembled_at.count(r.lot)) << r.text;  // its consumes came first
      EXPECT_EQ(assembled_at[r.lot], r.station + "/" + std::to_string(r.machine)) << r.text;
      assembled.insert(r.lot);
    }
    if (r.event == "rework") parents[r.lot].insert(r.related);
    if (r.event == "release") released[r.lot] = r.kind;
  }
  ASSERT_GT(assembled.size(), 10u);
  for (std::uint64_t lot : assembled) {
    std::vector<std::uint64_t> todo = {lot};
    std::set<std::uint64_t> seen;
    while (!todo.empty()) {
      const auto l = todo.back();
      todo.pop_back();
      if (!seen.insert(l).second) continue;
      kinds_traced.insert(kind_of[l]);
      const auto p = parents.find(l);
      if (p == parents.end())
        EXPECT_TRUE(released.count(l)) << "lot " << l << " has neither parents nor a release";
      else
        todo.insert(todo.end(), p->second.begin(), p->second.end());
    }
  }
  // Cells go back to sheets, electrode rolls, separator and slurry batches.
  EXPECT_GE(kinds_traced.size(), 4u);
}

TEST(EventLog, NoneWritesNoLog) {
  const auto dir = run_to("configs/examples/two_station.yaml", "none",
                          "--set horizon_h=2 --events none");
  EXPECT_FALSE(std::filesystem::exists(dir + "/events.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/events.index.jsonl"));
  EXPECT_FALSE(json::parse(read_file(dir + "/run.json")).contains("event_log"));
}

TEST(EventLog, EmptyWindowIsBadInput) {
  const std::string dir = test::temp_path("bad");
  auto r = run_cli("run configs/examples/two_station.yaml --out '" + dir +
                   "' -q --set horizon_h=2 --events-from-h 2 --events-to-h 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--events-from-h"), std::string::npos) << r.output;
  r = run_cli("run configs/examples/two_station.yaml --out '" + dir +
              "' -q --set horizon_h=2 --events-from-h 5");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("holds no time of the run (0 to 3 h"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/events.csv"));
}

// compare keeps the event logs of the replications named by --events-of, no others.
TEST(EventLog, CompareKeepsChosenReplications) {
  const std::string dir = test::temp_path("compare");
  const auto r = run_cli("compare configs/examples/two_station.yaml configs/examples/mm1.yaml --out '" +
                         dir + "' -q --replications 2 --set horizon_h=2 --events csv --events-of 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* line : {"1_two_station", "2_mm1"}) {
    const std::string base = dir + "/" + line;
    EXPECT_FALSE(std::filesystem::exists(base + "/rep_1/events.csv")) << line;
    EXPECT_TRUE(std::filesystem::exists(base + "/rep_2/events.csv")) << line;
    EXPECT_TRUE(std::filesystem::exists(base + "/rep_2/events.index.jsonl")) << line;
  }
}

// sweep keeps the event log of the first replication of the points named by --events-of.
TEST(EventLog, SweepKeepsChosenPoints) {
  const std::string source = CELLTWIN_SOURCE_DIR;
  const auto spec = test::write_file(
      "sweep.yaml", "sweep: kept\nbase: " + source +
                        "/configs/examples/two_station.yaml\nreplications: 2\nset: {horizon_h: 1}\n"
                        "vary:\n  grid:\n    line.stations.press.machines: [1, 2, 3]\nsources:\n"
                        "  line.stations.press.machines: \"assumption: a test\"\n");
  const std::string dir = test::temp_path("sweep");
  std::filesystem::remove_all(dir);  // run keys follow the scenario: no runs of an older build
  const auto r = run_cli("sweep '" + spec + "' --out '" + dir + "' -q --events csv --events-of 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> kept;
  std::size_t runs = 0;
  for (const auto& run : std::filesystem::directory_iterator(dir + "/runs")) {
    ++runs;
    if (std::filesystem::exists(run.path() / "events.csv"))
      kept.push_back(json::parse(read_file((run.path() / "run.json").string()))["label"]);
  }
  EXPECT_EQ(runs, 6u);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_NE(kept[0].find("point=2 "), std::string::npos) << kept[0];
}
