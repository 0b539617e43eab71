// Queueing-theory validation of the SimGrid engine and the generic stations.
// Every tolerance is derived from the run length and stated next to the check; the runs are
// long enough that a real modelling error (a wrong blocking rule, a lost failure) lands far
// outside it, while noise stays inside with high probability (>= 3.5 standard errors).
#include <cmath>

#include "harness.hpp"
#include "stations/station.hpp"

using test::share;
using test::simulate;
using test::station;
using twin::MachineState;

namespace {

std::string mm1_line(double mean_interarrival_s, const std::string& stations, double horizon_h,
                     const std::string& when_full = "block") {
  return "scenario: q\nseed: 11\nwarmup_h: 2\nhorizon_h: " + std::to_string(horizon_h) +
         "\nline:\n  source:\n    release: {interarrival_s: {dist: exponential, mean: " +
         std::to_string(mean_interarrival_s) + "}, when_full: " + when_full +
         "}\n    lot: {kind: part, quantity: 1}\n  stations:\n" + stations;
}

}  // namespace

// The M/M/1 example users run (configs/examples/mm1.yaml) against theory: the example is the
// test. Rates are read from the loaded scenario, so editing the example keeps the check honest.
// L = rho/(1-rho), W = 1/(mu-lambda); the asymptotic variance of the time-average number in
// system is 2 rho (1+rho) / (mu (1-rho)^4) (Whitt 1989): at rho = 0.8, mu = 1/s that is
// 1,800 s, so over the example's 360,000 s the standard error of L is 0.071; 4.5 SE = 0.32.
// W = L / lambda has SE 0.089 s (4.5 SE = 0.40 s).
TEST(Queueing, MM1ExampleMatchesTheory) {
  const auto scenario = twin::load_scenario(std::string(CELLTWIN_SOURCE_DIR) +
                                            "/configs/examples/mm1.yaml");
  const double lambda = 1.0 / scenario.line.source->interarrival_s.mean();
  const auto& server = scenario.line.stations.at(0);
  const double mu = 1.0 / server.params_as<stations::CycleParams>().cycle_time_s.mean();
  const double rho = lambda / mu, horizon_s = scenario.horizon_s();
  const double se_L = std::sqrt(2 * rho * (1 + rho) / (mu * std::pow(1 - rho, 4)) / horizon_s);
  const auto run = twin::run_simulation(scenario, {});
  const auto& k = run.kpis;
  EXPECT_NEAR(k.wip_mean, rho / (1 - rho), 4.5 * se_L);
  EXPECT_NEAR(k.lead_time_s.mean, 1 / (mu - lambda), 4.5 * se_L / lambda);
  // Little's law on the measured values themselves: L = lambda_out * W (edge effects only).
  EXPECT_NEAR(k.wip_mean, k.throughput_per_h / 3600 * k.lead_time_s.mean, 0.01 * k.wip_mean);
  // Utilisation = rho; its SE over ~2.9e5 services is ~0.004 at rho = 0.8.
  EXPECT_NEAR(station(run, "server").utilization, rho, 0.015);
  // Sojourn time in M/M/1 is exponential with mean W: median W ln 2, p95 W ln 20.
  const double W = 1 / (mu - lambda);
  EXPECT_NEAR(k.lead_time_s.p50, W * std::log(2.0), 4.5 * se_L / lambda * std::log(2.0) + 0.05);
  EXPECT_NEAR(k.lead_time_s.p95, W * std::log(20.0), 4.5 * se_L / lambda * std::log(20.0) + 0.2);
}

// M/M/1/K with K = 5 (1 in service + buffer 4), lambda = 1/s, mu = 1.25/s (rho = 0.8);
// arrivals finding the system full are lost. Blocking probability (PASTA):
// P_K = (1-rho) rho^K / (1 - rho^(K+1)) = 0.08882. With 4e5 arrivals the binomial SE is 0.00045,
// inflated ~4x by the correlation of the queue state: 0.0075 is ~4 SE.
TEST(Queueing, MM1KBlockingProbability) {
  const double rho = 0.8;
  const int K = 5;
  const auto run = simulate(mm1_line(1.0, R"(
    - name: server
      kind: unit
      buffer_in: 4
      cycle_time_s: {dist: exponential, mean: 0.8}
)", 400000.0 / 3600, "drop"));
  const auto& k = run.kpis;
  const double p_block = (1 - rho) * std::pow(rho, K) / (1 - std::pow(rho, K + 1));
  const double measured = k.rejected_units / (k.rejected_units + k.released_units);
  EXPECT_NEAR(measured, p_block, 0.0075);
  // Mean number in system: rho/(1-rho) - (K+1) rho^(K+1) / (1 - rho^(K+1)) = 1.8683.
  const double L = rho / (1 - rho) - (K + 1) * std::pow(rho, K + 1) / (1 - std::pow(rho, K + 1));
  EXPECT_NEAR(k.wip_mean, L, 0.05);
}

// Two M/M/1 stations in tandem (Jackson): lambda = 0.5, mu1 = 1, mu2 = 0.8.
// Product form: W = 1/(mu1-lambda) + 1/(mu2-lambda) = 2 + 3.333 s; L = 1 + 1.667.
// Station 2 dominates the noise: asymptotic variance 2 rho(1+rho)/(mu(1-rho)^4) = 128 s, so
// over 4e5 s the SE of L is ~0.02 (with station 1's); 0.1 is ~4.5 SE, and 0.2 s for W.
TEST(Queueing, JacksonTandemProductForm) {
  const auto run = simulate(mm1_line(2.0, R"(
    - name: first
      kind: unit
      cycle_time_s: {dist: exponential, mean: 1.0}
    - name: second
      kind: unit
      cycle_time_s: {dist: exponential, mean: 1.25}
)", 400000.0 / 3600));
  const auto& k = run.kpis;
  EXPECT_NEAR(k.lead_time_s.mean, 2.0 + 1.0 / 0.3, 0.2);
  EXPECT_NEAR(k.wip_mean, 1.0 + 0.5 / 0.3, 0.1);
  EXPECT_NEAR(station(run, "first").utilization, 0.5, 0.01);
  EXPECT_NEAR(station(run, "second").utilization, 0.625, 0.01);
  EXPECT_EQ(k.bottleneck, "second");
}

// Two exponential machines, no buffer between, first one never starved (saturated source),
// blocking after service. Markov chain over (M1 busy, M2 idle), (both busy), (M1 blocked):
// with mu1 = 1, mu2 = 2 the stationary law is (4/7, 2/7, 1/7), so throughput
// mu2 (2/7 + 1/7) = 6/7 per s and M1 is blocked 1/7 of the time. About 1.7e5 parts in 2e5 s:
// the throughput SE is ~0.3 %; 1.5 % is 5 SE. Blocked share SE ~0.002; 0.01 is 5 SE.
TEST(Queueing, TwoMachinesNoBufferSaturatedThroughput) {
  const auto run = simulate(R"(
scenario: zero_buffer
seed: 3
warmup_h: 1
horizon_h: 55.5555555556
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - name: m1
      kind: unit
      cycle_time_s: {dist: exponential, mean: 1.0}
    - name: m2
      kind: unit
      buffer_in: 0
      cycle_time_s: {dist: exponential, mean: 0.5}
)");
  EXPECT_NEAR(run.kpis.throughput_per_h / 3600, 6.0 / 7.0, 0.015 * 6.0 / 7.0);
  EXPECT_NEAR(share(station(run, "m1"), MachineState::blocked), 1.0 / 7.0, 0.01);
  EXPECT_NEAR(share(station(run, "m1"), MachineState::busy), 6.0 / 7.0, 0.01);
}

// Batch station at saturation: capacity 4 lots x 2 machines / 100 s fixed = 0.08 lots/s
// = 288 lots/h, exactly: the window (50 s, 36050 s] holds 360 batch ends per machine.
TEST(Queueing, BatchStationSaturatedThroughputExact) {
  const auto run = simulate(R"(
scenario: batch
warmup_h: 0.0138888888889
horizon_h: 10
line:
  source: {release: saturated, lot: {kind: tray, quantity: 1}}
  stations:
    - name: oven
      kind: batch
      machines: 2
      batch: {capacity: 4, duration_s: 100}
)");
  EXPECT_NEAR(run.kpis.throughput_per_h, 288.0, 1e-9);
  EXPECT_NEAR(station(run, "oven").utilization, 1.0, 1e-6);
}

// The same with exponential batch durations: 2e5 s give ~4000 batches, SE of the rate 1.6 %;
// 6 % is ~3.8 SE.
TEST(Queueing, BatchStationSaturatedThroughputStochastic) {
  const auto run = simulate(R"(
scenario: batch
horizon_h: 55.5555555556
line:
  source: {release: saturated, lot: {kind: tray, quantity: 1}}
  stations:
    - name: oven
      kind: batch
      machines: 2
      batch: {capacity: 4, duration_s: {dist: exponential, mean: 100}}
)");
  EXPECT_NEAR(run.kpis.throughput_per_h, 288.0, 0.06 * 288.0);
}

// Partial batches: Poisson arrivals every 10 s on average, capacity never reached (1000), the
// batch starts 50 s after its first lot (duration 0). The first lot waits 50 s, the others
// (Poisson(5) of them) uniformly over the 50 s: mean wait (50 + 5 x 25) / 6 = 29.17 s.
// About 8,300 batches in 4e5 s; the per-batch mean has SE ~0.25 s; 1.2 s is ~5 SE.
TEST(Queueing, BatchStationMaxWaitStartsPartialBatches) {
  const auto run = simulate(mm1_line(10.0, R"(
    - name: oven
      kind: batch
      batch: {capacity: 1000, duration_s: 0, max_wait_s: 50}
)", 400000.0 / 3600));
  EXPECT_NEAR(run.kpis.lead_time_s.mean, 175.0 / 6.0, 1.2);
}

// A saturated machine with operating-time failures: MTBF 1 h, MTTR 0.25 h (both exponential),
// cycle 60 s fixed. Availability MTBF / (MTBF + MTTR) = 0.8, so 60 x 0.8 = 48 parts/h and the
// machine is down 20 % of the time. 2000 h hold ~1600 failure cycles; the SE of the down share
// is ~0.005 (renewal-reward); 0.02 is 4 SE, likewise 1.2 parts/h on throughput.
TEST(Queueing, FailuresAvailability) {
  const auto run = simulate(R"(
scenario: failures
seed: 5
horizon_h: 2000
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - name: machine
      kind: unit
      cycle_time_s: 60
      failures: {mtbf_h: {dist: exponential, mean: 1}, mttr_h: {dist: exponential, mean: 0.25}}
)");
  EXPECT_NEAR(share(station(run, "machine"), MachineState::down), 0.2, 0.02);
  EXPECT_NEAR(run.kpis.throughput_per_h, 48.0, 1.2);
}

// Scrap 5 % then 10 %: first-pass yield 0.95 x 0.9 = 0.855 of released parts. With ~2e5
// parts, the binomial SE of good/(good+scrapped) is 0.0008; 0.004 is 5 SE.
TEST(Queueing, ScrapGivesFirstPassYield) {
  const auto run = simulate(R"(
scenario: scrap
seed: 9
horizon_h: 100
line:
  source: {release: saturated, lot: {kind: part}}
  stations:
    - name: a
      kind: unit
      cycle_time_s: 1
      scrap_rate: 0.05
    - name: b
      kind: unit
      cycle_time_s: 1
      scrap_rate: 0.10
)");
  const auto& k = run.kpis;
  EXPECT_NEAR(k.first_pass_yield, 0.855, 0.004);
  EXPECT_NEAR(k.flow.good / (k.flow.good + k.flow.scrapped), 0.855, 0.004);
  EXPECT_NEAR(station(run, "a").scrapped / station(run, "a").processed, 0.05, 0.003);
}

// Parallel batch machines are loaded one at a time: with a lot every 60 s, 25-lot batches of
// 10 h and 30 machines (spare capacity), each batch fills in 24 x 60 s and starts at once, so a
// lot waits (25 - 1)/2 x 60 = 720 s on average before its 36,000 s batch: lead time 36,720 s,
// exactly (deterministic). Filling all idle machines round-robin would make it 30 times longer.
TEST(Queueing, BatchMachinesAreFilledOneAtATime) {
  const auto run = simulate(R"(
scenario: racks
warmup_h: 20
horizon_h: 100
line:
  source: {release: {interarrival_s: 60}, lot: {kind: tray}}
  stations:
    - {name: racks, kind: batch, machines: 30, batch: {capacity: 25, duration_s: 36000}}
)");
  EXPECT_NEAR(run.kpis.lead_time_s.mean, 36720.0, 30.0);
  EXPECT_NEAR(run.kpis.throughput_per_h, 60.0, 60.0 * 25 / 6000);  // batch granularity
}
