// What a run writes: results.json (the interface contract), line.json (the resolved line, for
// replay), run.json (wall time and other facts about the run that are not results), and the
// KPI table printed on the terminal.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "twin/app/cost_model.hpp"
#include "twin/app/scenario.hpp"
#include "twin/app/simulation.hpp"

namespace twin {

/// The cost evaluation of a run, if the scenario is costed.
struct CostOutput {
  CostResult nominal;                     // inputs at their typical values
  std::optional<MonteCarloResult> mc;     // with --mc N
};

/// results.json: byte-identical for the same scenario and seed (no wall time in it).
nlohmann::ordered_json results_json(const Scenario& scenario, const RunOutput& run,
                                    const std::optional<CostOutput>& cost = std::nullopt);
/// Run-length checks: the MSER-5 warm-up on the WIP series against the scenario's, the measured
/// window against the lead time. Warnings say what to change.
struct RunLengthCheck {
  double mser5_warmup_s = 0;
  /// WIP rose through all five parts of the measured window and more than doubled: arrivals
  /// faster than the line's capacity into unlimited buffers (KPIs then depend on the horizon).
  bool wip_unbounded = false;
  std::vector<std::string> warnings;
};
RunLengthCheck check_run_length(const Scenario& scenario, const Kpis& kpis);

/// The key path of the first number in `j` that is NaN or infinite (JSON would write it as
/// null, which reads as "no value"), if any.
std::optional<std::string> first_non_finite(const nlohmann::ordered_json& j,
                                            const std::string& path = "");

/// line.json: every station with its resolved routing, buffers and parameters, plus sources.
nlohmann::ordered_json line_json(const Scenario& scenario);
/// run.json: celltwin version, wall time, events per second.
nlohmann::ordered_json run_info_json(const Scenario& scenario, const RunOutput& run);
/// The readable KPI table.
std::string kpi_table(const Scenario& scenario, const RunOutput& run,
                      const std::optional<CostOutput>& cost = std::nullopt);

}  // namespace twin
