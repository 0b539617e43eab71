// Many runs from one command (compare, retrofit, later sweeps): each run is a child
// `celltwin run` process, because SimGrid keeps one engine per process. Children run in
// parallel (an OpenMP loop, one iteration spawning and waiting for one child); a crashed child
// costs that run only.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace twin {

struct ChildRun {
  std::string scenario_file;
  std::string out_dir;
  std::vector<std::string> extra_args;  // e.g. --seed 7, --set k=v
};

struct ChildResult {
  int exit_code = -1;
  std::optional<nlohmann::json> results;  // results.json when the run succeeded
};

/// Runs every request with up to `jobs` children at once; results in request order.
std::vector<ChildResult> run_children(const std::vector<ChildRun>& runs, int jobs);

}  // namespace twin
