// Replications and their intervals: the 95 % interval of M/M/1 throughput covers the theory at
// its stated rate; lines compared under common random numbers have an exactly zero paired
// difference when identical; the Student t table.
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

#include "harness.hpp"
#include "twin/app/kpis.hpp"
#include "twin/engine/random.hpp"
#include "twin/engine/stats.hpp"

TEST(Experiments, StudentTQuantiles) {
  EXPECT_DOUBLE_EQ(twin::student_t_975(4), 2.776);
  EXPECT_DOUBLE_EQ(twin::student_t_975(30), 2.042);
  EXPECT_NEAR(twin::student_t_975(45), 2.014, 0.002);   // table: 2.0141
  EXPECT_NEAR(twin::student_t_975(100), 1.984, 0.002);  // table: 1.9840
  EXPECT_NEAR(twin::student_t_975(100000), 1.960, 0.001);
  const auto e = twin::estimate({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(e.mean, 3);
  EXPECT_NEAR(e.half_width, 2.776 * std::sqrt(2.5) / std::sqrt(5.0), 1e-12);
  EXPECT_EQ(twin::with_interval(e), "3.0 ± 2.0");
  EXPECT_EQ(twin::with_interval(twin::estimate({1129.1, 1131.7, 1125.2})), "1128.7 ± 8.1");
}

// Any quantile, against printed tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, 4 decimals).
TEST(Experiments, StudentTQuantilesAtAnyLevel) {
  EXPECT_NEAR(twin::student_t_quantile(0.975, 4), 2.7764, 1e-4);
  EXPECT_NEAR(twin::student_t_quantile(0.90, 4), 1.5332, 1e-4);
  EXPECT_NEAR(twin::student_t_quantile(0.95, 10), 1.8125, 1e-4);
  EXPECT_NEAR(twin::student_t_quantile(0.99, 1), 31.8205, 1e-3);
  EXPECT_NEAR(twin::student_t_quantile(0.995, 30), 2.7500, 1e-4);
  EXPECT_NEAR(twin::student_t_quantile(0.025, 4), -2.7764, 1e-4);
  EXPECT_NEAR(twin::student_t_quantile(0.5, 3), 0, 1e-9);
  for (std::size_t df = 1; df <= 30; ++df)  // the two-sided 95 % table agrees to its 3 decimals
    EXPECT_NEAR(twin::student_t_quantile(0.975, df), twin::student_t_975(df), 6e-4) << df;
  EXPECT_TRUE(std::isnan(twin::student_t_quantile(1.0, 4)));
  EXPECT_TRUE(std::isnan(twin::student_t_quantile(0.9, 0)));
}

// M/M/1 (lambda 0.8/s): by Burke's theorem departures are Poisson in steady state, so the
// throughput of a 1 h window after a 1 h warm-up has mean 2,880/h. 1,000 replications grouped
// into 200 intervals of 5: the number covering 2,880 is Binomial(200, 0.95), mean 190, SD 3.1;
// at least 179 (3.5 SD) must cover.
TEST(Experiments, MM1ThroughputIntervalsCoverTheoryAtTheStatedRate) {
  const std::string out = test::temp_path("mm1");
  const auto r = test::run_cli("run configs/examples/mm1.yaml --replications 1000 --set horizon_h=1 "
                               "-q --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<double> throughput;
  for (int k = 1; k <= 1000; ++k) {
    const auto path = out + "/1_mm1/rep_" + std::to_string(k) + "/results.json";
    const auto results = nlohmann::json::parse(test::read_file(path));
    EXPECT_EQ(results["replication"], k - 1);
    throughput.push_back(results["kpis"]["throughput_per_h"].get<double>());
  }
  int covering = 0;
  for (std::size_t g = 0; g < 200; ++g) {
    const auto e = twin::estimate({throughput.begin() + 5 * g, throughput.begin() + 5 * g + 5});
    covering += std::abs(e.mean - 2880.0) <= e.half_width ? 1 : 0;
  }
  EXPECT_GE(covering, 179);
  const auto summary = nlohmann::json::parse(test::read_file(out + "/summary.json"));
  EXPECT_EQ(summary[0]["replications"], 1000);
  EXPECT_NEAR(summary[0]["values"]["throughput_per_h"]["mean"].get<double>(), 2880.0,
              4 * std::sqrt(2880.0 / 1000));
}

// Two identical lines under common random numbers: every paired difference is exactly zero.
TEST(Experiments, IdenticalLinesHaveExactlyZeroPairedDifference) {
  const std::string copy = test::temp_path("mm1_copy.yaml");
  std::filesystem::copy_file(std::string(CELLTWIN_SOURCE_DIR) + "/configs/examples/mm1.yaml", copy,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string out = test::temp_path("cmp");
  const auto r = test::run_cli("compare configs/examples/mm1.yaml '" + copy +
                               "' --set horizon_h=2 --replications 4 --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = nlohmann::json::parse(test::read_file(out + "/compare.json"));
  for (const auto& [key, d] : lines[1]["paired_difference"].items()) {
    if (d.is_null()) continue;
    EXPECT_EQ(d["mean"].get<double>(), 0.0) << key;
    EXPECT_EQ(d["half_width"].get<double>(), 0.0) << key;
    EXPECT_FALSE(d["significant"].get<bool>()) << key;
  }
  // The replications themselves differ (independent streams per replication).
  EXPECT_GT(lines[0]["values"]["throughput_per_h"]["half_width"].get<double>(), 0.0);
  EXPECT_TRUE(std::filesystem::exists(out + "/compare.csv"));
}

// MSER-5 finds an initial transient: 100 observations decaying from 10, then stationary noise
// of SD 1 (400 observations); it must truncate at the end of the transient, within two batches,
// and not at all on a stationary series.
TEST(Experiments, Mser5FindsTheTransient) {
  twin::Rng rng(5);
  std::vector<double> series, stationary;
  for (int i = 0; i < 500; ++i) {
    const double noise = std::sqrt(-2 * std::log(1 - rng.uniform01())) * std::cos(6.283185307 * rng.uniform01());
    series.push_back((i < 100 ? 10.0 * (1 - i / 100.0) + 0.5 : 0.0) + noise);
    stationary.push_back(noise);
  }
  const auto d = twin::mser5_truncation(series);
  EXPECT_GE(d, 80u);
  EXPECT_LE(d, 110u);
  EXPECT_LE(twin::mser5_truncation(stationary), 25u);
}
