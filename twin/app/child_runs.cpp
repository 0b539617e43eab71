#include "twin/app/child_runs.hpp"

#include <omp.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

extern char** environ;

namespace twin {
namespace {

int spawn_and_wait(const ChildRun& run) {
  std::vector<std::string> args = {"celltwin", "run", run.scenario_file, "--out", run.out_dir,
                                   "-q", "--no-events"};
  args.insert(args.end(), run.extra_args.begin(), run.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::vector<ChildResult> run_children(const std::vector<ChildRun>& runs, int jobs) {
  std::vector<ChildResult> results(runs.size());
  const auto n = static_cast<long>(runs.size());
#pragma omp parallel for schedule(dynamic) num_threads(jobs)
  for (long i = 0; i < n; ++i) {
    const auto& run = runs[static_cast<std::size_t>(i)];
    auto& result = results[static_cast<std::size_t>(i)];
    result.exit_code = spawn_and_wait(run);
    const auto path = std::filesystem::path(run.out_dir) / "results.json";
    if (result.exit_code == 0 && std::filesystem::exists(path)) {
      std::ifstream in(path);
      result.results = nlohmann::json::parse(in, nullptr, false);
      if (result.results->is_discarded()) result.results.reset();
    }
  }
  return results;
}

}  // namespace twin
