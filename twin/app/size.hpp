// `celltwin size`: machine counts per station for a target output, by one rule for every line.
//
// 1. First order. A pilot run of the line as given measures each station's active machines
//    (busy + setup + down share x machines) per unit of good output: the work content that the
//    model's cycle times, lot and batch sizes, yields to the end of the line, failures
//    (MTBF/MTTR) and setups give the station. Work content per unit does not depend on how the
//    line is sized (a starved machine is idle, not busy), so at the target a station needs
//    ceil(target x work / utilization) machines; fewer than ceil(target x work) (the floor)
//    cannot make the target even on average.
// 2. Verified by simulation. Replications of the line at these counts (common random numbers:
//    the same seeds for every count tried); the line reaches the target with confidence P when
//    the lower P prediction bound of one more replication's output,
//    mean - t(P, n - 1) s sqrt(1 + 1/n), is at least the target. Until it is, a machine is
//    added at the bottleneck (the largest active share per machine).
// 3. Least capex. Every station at its floor, if that reaches the target; else station by
//    station, the dearest machine first, the smallest count between the floor and the
//    current one that still reaches the target (bisection), the other counts held. Removing one machine from any station of the result then misses the target (or the
//    station was at its floor), under the seeds it was sized with.
//
// Scope: a greedy search, not a proof of the cheapest line; counts only (buffers, lot sizes and
// machine types as given).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "twin/app/scenario.hpp"
#include "twin/engine/stats.hpp"

namespace twin {

/// Machines per station, in line order.
using Counts = std::vector<long long>;

/// What sizing needs of one replication.
struct SizingRun {
  double output = 0;           // GWh/yr (battery lines) or good units/h
  std::vector<double> active;  // per station: (busy + setup + down) share x machines
};

/// Runs the line at `counts` over the replications (the same seeds every time).
using Evaluator = std::function<std::vector<SizingRun>(const Counts&)>;

struct SizeOptions {
  double target = 0;
  bool target_is_gwh = true;  // GWh/yr of good cells; else good units/h
  double confidence = 0.9;    // P
  double utilization = 0.85;  // active share the first-order count aims for
  std::size_t max_evaluations = 300;
  std::string unit() const { return target_is_gwh ? "GWh/yr" : "units/h"; }
};

struct Verdict {
  Estimate output;
  double lower_bound = 0;  // the lower P prediction bound of one replication's output
  bool met = false;
  std::vector<double> active_share;  // per station, mean over replications
};

/// The verdict on one set of replications.
Verdict judge(const std::vector<SizingRun>& runs, const Counts& counts, const SizeOptions& options);

struct SizingStep {
  std::string action;   // pilot | first order | add | floor (every station at it) | trim
  std::string station;  // the station changed (add, trim)
  long long machines = 0;
  Verdict verdict;
};

struct SizingResult {
  std::vector<std::string> stations;
  Counts given, first_order, floor, sized;
  std::vector<double> work;  // active machines per unit of output (per GWh/yr or per unit/h)
  std::vector<SizingStep> steps;
  Verdict pilot, final;
  double capex_given_usd = 0, capex_sized_usd = 0;
  std::size_t evaluations = 0;
};

/// Sizes `scenario`'s line for the target; throws RunError when the target is not reached
/// within the options' evaluations.
SizingResult size_line(const Scenario& scenario, const SizeOptions& options,
                       const Evaluator& evaluate);

/// The evaluator of the command: each replication a child `celltwin run` of `file` with the
/// counts as --set overrides, scratch outputs under `scratch_dir`.
struct ChildRunSetup {
  std::string file;
  std::vector<std::string> sets;
  std::vector<std::string> seed_args;  // e.g. --seed 7
  std::uint64_t first_replication = 0;
  std::size_t replications = 5;
  int jobs = 1;
  std::string scratch_dir;
  bool progress = true;
};
Evaluator child_run_evaluator(const Scenario& scenario, const SizeOptions& options,
                              const ChildRunSetup& setup);

std::string sizing_table(const SizingResult& r, const SizeOptions& options);
nlohmann::ordered_json sizing_json(const SizingResult& r, const SizeOptions& options);
/// The sized line as a patch of the scenario file (`base:` relative to `patch_path`'s folder):
/// the counts that changed, each with how it was derived.
std::string sizing_patch(const Scenario& scenario, const SizingResult& r,
                         const SizeOptions& options, const std::string& patch_path);

}  // namespace twin
