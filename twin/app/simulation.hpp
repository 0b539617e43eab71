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

/// Where and what of the event stream to write (events.csv and its snapshot index).
struct EventLogRequest {
  std::string csv_path, index_path;  // written as temporary files, renamed by the caller
  double from_s = 0, to_s = 0;       // the window of rows written
};

struct RunOptions {
  std::optional<EventLogRequest> events;
  bool progress = false;                   // progress line on stderr
  RunLimits limits;                        // --max-events, --max-wall-s
};

/// What the event log holds, for run.json.
struct EventLogInfo {
  double from_s = 0, to_s = 0, snapshot_every_s = 0;
  std::uint64_t rows = 0, bytes = 0;
};

struct RunOutput {
  Kpis kpis;
  std::uint64_t events = 0;
  std::optional<EventLogInfo> event_log;
  double wall_s = 0;
};

/// Runs the scenario: warm-up, then the measured window; returns the KPIs.
RunOutput run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace twin
