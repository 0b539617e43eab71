// Sweeps: expansion of grid, zip and Latin-hypercube samples; the database is the same for any
// job count, resumes exactly the missing runs, and merges from shards into the unsharded
// result; a run that passes its time limit is recorded as failed while the rest succeed; bad
// specs exit 2 naming file and key.
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "harness.hpp"
#include "twin/app/sweep.hpp"

namespace {

std::string spec(const std::string& name, const std::string& body) {
  return test::write_file(name, "sweep: " + name + "\nbase: " + std::string(CELLTWIN_SOURCE_DIR) +
                                    "/configs/examples/two_station.yaml\n" + body);
}

const char* kVary = R"(replications: 2
set: {horizon_h: 3}
vary:
  grid: {line.stations.press.machines: [1, 2]}
  zip: {line.stations.inspect.buffer_in: [1, 5, 10], line.stations.inspect.scrap_rate: [0.01, 0.02, 0.03]}
sources: {line.stations.press.machines: test, line.stations.inspect.buffer_in: test, line.stations.inspect.scrap_rate: test}
)";

/// Every row of `runs` (all columns but wall_s), sorted: the database's content.
std::multiset<std::string> rows(const std::string& db_path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT * FROM runs", -1, &s, nullptr);
  std::multiset<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      if (std::string(sqlite3_column_name(s, i)) == "wall_s") continue;
      const auto* t = sqlite3_column_text(s, i);
      row += std::string(sqlite3_column_name(s, i)) + "=" + (t ? reinterpret_cast<const char*>(t) : "") + ";";
    }
    out.insert(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

test::CliResult sweep(const std::string& file, const std::string& out, const std::string& extra = "") {
  return test::run_cli("sweep '" + file + "' --out '" + out + "' -q " + extra);
}

}  // namespace

TEST(Sweeps, GridZipAndSampleExpand) {
  const auto s = twin::load_sweep(spec("expand", std::string(kVary) + R"(
)"));
  const auto points = twin::sweep_points(s);
  ASSERT_EQ(points.size(), 2u * 3u);  // grid 2 x zip 3 (zip varies together)
  EXPECT_EQ(points[0], (twin::Assignments{{"line.stations.press.machines", "1"},
                                         {"line.stations.inspect.buffer_in", "1"},
                                         {"line.stations.inspect.scrap_rate", "0.01"}}));
  EXPECT_EQ(points[5][2].second, "0.03");
  EXPECT_EQ(twin::plan_sweep(s).size(), 12u);  // x 2 replications
  // Latin hypercube: one value in each of n strata per parameter, the same under its seed.
  const std::string lhs = R"(replications: 1
vary: {sample: {n: 10, seed: 7, ranges: {line.stations.press.scrap_rate: {min: 0, max: 0.1}, line.stations.press.machines: {min: 1, max: 4, integer: true}}}}
sources: {line.stations.press.scrap_rate: test, line.stations.press.machines: test}
)";
  const auto a = twin::sweep_points(twin::load_sweep(spec("lhs_a", lhs)));
  const auto b = twin::sweep_points(twin::load_sweep(spec("lhs_b", lhs)));
  ASSERT_EQ(a.size(), 10u);
  EXPECT_EQ(a, b);
  std::set<int> strata;
  for (const auto& p : a) {
    strata.insert(static_cast<int>(std::stod(p[0].second) / 0.01));
    const int machines = std::stoi(p[1].second);
    EXPECT_GE(machines, 1);
    EXPECT_LE(machines, 4);
  }
  EXPECT_EQ(strata.size(), 10u);
}

TEST(Sweeps, SameDatabaseForAnyJobCountResumeAndShards) {
  const auto file = spec("jobs", kVary);
  const std::string one = test::temp_path("one"), two = test::temp_path("two");
  for (const char* d : {"one", "two", "s1", "s2", "merged"}) std::filesystem::remove_all(test::temp_path(d));
  ASSERT_EQ(sweep(file, one, "--jobs 1").exit_code, 0);
  ASSERT_EQ(sweep(file, two, "--jobs 2").exit_code, 0);
  const auto all = rows(one + "/results.sqlite");
  EXPECT_EQ(all.size(), 12u);
  EXPECT_EQ(all, rows(two + "/results.sqlite"));
  // Shards 1/2 and 2/2 merged give the unsharded database.
  const std::string s1 = test::temp_path("s1"), s2 = test::temp_path("s2");
  ASSERT_EQ(sweep(file, s1, "--shard 1/2").exit_code, 0);
  ASSERT_EQ(sweep(file, s2, "--shard 2/2").exit_code, 0);
  EXPECT_EQ(rows(s1 + "/results.sqlite").size(), 6u);
  const std::string merged = test::temp_path("merged") + "/results.sqlite";
  const auto r = test::run_cli("sweep-merge '" + merged + "' '" + s1 + "/results.sqlite' '" + s2 +
                               "/results.sqlite'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(rows(merged), all);
  EXPECT_TRUE(std::filesystem::exists(test::temp_path("merged") + "/summary.csv"));
  // A sweep stopped half-way (here: only shard 1 ran) resumes exactly the missing runs: the
  // finished ones keep their rows (same wall times), the rest are added.
  const auto before = rows(s1 + "/results.sqlite");
  const auto resumed = test::run_cli("sweep '" + file + "' --out '" + s1 + "' --resume -v");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("12 runs planned, 6 to run here"), std::string::npos) << resumed.output;
  EXPECT_EQ(rows(s1 + "/results.sqlite"), all);
}

TEST(Sweeps, RunPastItsTimeLimitIsFailedTheRestSucceed) {
  const auto file = spec("timeout", R"(replications: 1
timeout_s: 2
vary: {grid: {horizon_h: [1, 2, 100000]}}
sources: {horizon_h: test}
)");
  const std::string out = test::temp_path("out");
  std::filesystem::remove_all(out);
  const auto r = sweep(file, out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("1 of 3 runs failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("horizon_h=100000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("time limit of 2 s"), std::string::npos) << r.output;
  const auto all = rows(out + "/results.sqlite");
  int ok = 0;
  for (const auto& row : all) ok += row.find("status=ok;") != std::string::npos ? 1 : 0;
  EXPECT_EQ(ok, 2);
}

TEST(Sweeps, BadSpecsExitTwoNamingFileAndKey) {
  struct Case {
    const char* body;
    const char* expected;
  };
  const Case cases[] = {
      {"vary: {grid: {line.stations.nope.machines: [1]}}\nsources: {line.stations.nope.machines: x}\n",
       "line.stations.nope: no such key in the scenario"},
      {"vary: {grid: {line.stations.press.machines: [0]}}\nsources: {line.stations.press.machines: x}\n",
       "line.stations.press.machines: must be in [1, 20000] (got 0)"},
      {"vary: {zip: {horizon_h: [1, 2], warmup_h: [1]}}\nsources: {horizon_h: x, warmup_h: x}\n",
       "vary.zip.warmup_h: zip lists must have one length"},
      {"vary: {grid: {horizon_h: [1, 2]}}\n", "sources.horizon_h: a varied path needs its source"},
      {"replicatons: 2\n", "replicatons: unknown key; did you mean 'replications'?"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const auto file = spec("bad" + std::to_string(i++), c.body);
    const auto r = sweep(file, test::temp_path("bad_out"));
    EXPECT_EQ(r.exit_code, 2) << c.body << r.output;
    EXPECT_NE(r.output.find(file), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
  }
}

// A sweep killed (SIGKILL) half-way leaves a valid database; --resume then runs exactly the
// runs that are missing and keeps the finished ones as they were.
TEST(Sweeps, KilledSweepResumesExactlyTheMissingRuns) {
  const auto file = spec("killed", R"(replications: 4
set: {horizon_h: 200}
vary: {grid: {line.stations.press.machines: [1, 2, 3]}}
sources: {line.stations.press.machines: test}
)");
  const std::string out = test::temp_path("killed_out");
  std::filesystem::remove_all(out);
  const std::string db = out + "/results.sqlite";
  // Kill the parent once three runs are in the database (its children finish on their own).
  const std::string script = "cd '" + std::string(CELLTWIN_SOURCE_DIR) + "' && ('" + CELLTWIN_BIN +
                             "' sweep '" + file + "' --out '" + out + "' --jobs 1 -q & pid=$!; " +
                             "for i in $(seq 600); do n=$(sqlite3 '" + db +
                             "' 'SELECT count(*) FROM runs' 2>/dev/null || echo 0); " +
                             "[ \"${n:-0}\" -ge 3 ] && break; sleep 0.05; done; kill -9 $pid; wait $pid)";
  std::system(script.c_str());
  const auto before = rows(db);
  ASSERT_GE(before.size(), 3u);
  ASSERT_LT(before.size(), 12u);
  const auto r = test::run_cli("sweep '" + file + "' --out '" + out + "' --resume -v");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(fmt::format("12 runs planned, {} to run here", 12 - before.size())),
            std::string::npos)
      << r.output;
  const auto after = rows(db);
  EXPECT_EQ(after.size(), 12u);
  for (const auto& row : before) EXPECT_EQ(after.count(row), 1u) << row;
}
