// One simulation run = one process = one SimGrid engine (SimGrid keeps one engine per process;
// a second one in the same process gives silently wrong results, so it is refused here).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "twin/app/kpis.hpp"
#include "twin/app/scenario.hpp"

namespace twin {

/// A failure while running (exit status 1), as opposed to a bad scenario (ConfigError, 2).
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  std::optional<std::string> events_path;  // stream events.csv here (written as .part first)
  bool progress = false;                   // progress line on stderr
  RunLimits limits;                        // --max-events, --max-wall-s
};

struct RunOutput {
  Kpis kpis;
  std::uint64_t events = 0;
  double wall_s = 0;
};

/// Runs the scenario: warm-up, then the measured window; returns the KPIs.
RunOutput run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace twin
