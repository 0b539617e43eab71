// Many runs from one command (compare, retrofit, sweeps): each run is a child `celltwin run`
// process, because SimGrid keeps one engine per process. Children run in parallel (an OpenMP
// loop, one iteration spawning and waiting for one child); a crashed child costs that run only.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace twin {

struct ChildRun {
  std::string scenario_file;
  std::string out_dir;
  std::vector<std::string> extra_args;  // e.g. --seed 7, --set k=v
  double timeout_s = 0;                 // > 0: killed after this long (wall clock)
  std::vector<std::string> event_args = {"--events", "none"};  // whether it writes events.csv
};

struct ChildResult {
  int exit_code = -1;  // 128 + signal for a killed child; 124 on timeout
  bool timed_out = false;
  bool interrupted = false;  // stopped by Ctrl-C: not a result either way
  double wall_s = 0;
  std::string stderr_tail;                // the last lines the child wrote on stderr
  std::optional<nlohmann::json> results;  // results.json when the run succeeded
};

/// Runs every request with up to `jobs` children at once; results in request order.
/// `on_done(i, result)` is called for each finished run, one at a time (under a lock), e.g. to
/// write it to a database as it comes. After Ctrl-C no new child starts; the ones running are
/// marked interrupted.
std::vector<ChildResult> run_children(
    const std::vector<ChildRun>& runs, int jobs,
    const std::function<void(std::size_t, const ChildResult&)>& on_done = nullptr);

/// Progress of many runs on stderr ("NAME: 12/40 runs done, 1 failed, 0:00:32 elapsed, ~0:01:10
/// left"): one updating line on a terminal, a plain line per run otherwise, nothing if disabled.
class Progress {
 public:
  Progress(std::string name, std::size_t total, bool enabled);
  void done(bool ok);
  void finish();
  std::size_t finished() const { return finished_; }

 private:
  std::string name_;
  std::size_t total_, finished_ = 0, failed_ = 0;
  bool enabled_, terminal_;
  double start_s_;
};

/// True once SIGINT arrived during run_children (the command should then exit 130).
bool interrupted();

/// Exit status of a child whose parent was already gone when it started.
constexpr int kExitOrphan = 3;

/// Called first by a child run (`run --parent-pid P`): it is killed when its parent dies, and
/// exits at once if the parent P is already gone.
void die_with_parent(long parent_pid);

}  // namespace twin
