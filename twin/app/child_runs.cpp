#include "twin/app/child_runs.hpp"

#include <fcntl.h>
#include <omp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace twin {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) { g_interrupted = true; }

std::string tail_of(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.erase(kept.begin());
  }
  std::string text;
  for (const auto& l : kept) text += l + "\n";
  return text;
}

ChildResult spawn_and_wait(const ChildRun& run) {
  ChildResult result;
  std::filesystem::create_directories(run.out_dir);
  const std::string err_path = (std::filesystem::path(run.out_dir) / "stderr.txt").string();
  // --parent-pid: the child dies with this process (see die_with_parent).
  std::vector<std::string> args = {"celltwin", "run",          run.scenario_file,
                                   "--out",    run.out_dir,    "-q",
                                   "--parent-pid", std::to_string(getpid())};
  args.insert(args.end(), run.event_args.begin(), run.event_args.end());
  args.insert(args.end(), run.extra_args.begin(), run.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    result.stderr_tail = "cannot start a child process";
    return result;
  }
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, run.timeout_s > 0 ? WNOHANG : 0);
    if (done == pid) break;
    if (done < 0) {
      if (errno == EINTR) continue;
      result.stderr_tail = "lost the child process";
      return result;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > run.timeout_s) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = result.timed_out    ? 124
                     : WIFEXITED(status) ? WEXITSTATUS(status)
                                         : 128 + WTERMSIG(status);
  result.stderr_tail = result.timed_out
                           ? "killed after the per-run time limit of " +
                                 std::to_string(static_cast<long>(run.timeout_s)) + " s"
                           : tail_of(err_path, 5);
  return result;
}

}  // namespace

bool interrupted() { return g_interrupted; }

void die_with_parent(long parent_pid) {
  // The kernel sends SIGKILL when the parent ends, also by kill -9, so no child outlives a
  // compare or sweep; a parent already gone before this call is caught by the pid check.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent_pid) _exit(kExitOrphan);
}

namespace {
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
std::string clock_text(double s) {
  const auto t = static_cast<long>(s);
  return std::to_string(t / 3600) + ":" + (t / 60 % 60 < 10 ? "0" : "") +
         std::to_string(t / 60 % 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60);
}
}  // namespace

Progress::Progress(std::string name, std::size_t total, bool enabled)
    : name_(std::move(name)),
      total_(total),
      enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_s_(now_s()) {}

void Progress::done(bool ok) {
  ++finished_;
  failed_ += ok ? 0 : 1;
  if (!enabled_) return;
  const double elapsed = now_s() - start_s_;
  const double left =
      elapsed / static_cast<double>(finished_) * static_cast<double>(total_ - finished_);
  std::fprintf(stderr, "%s%s: %zu/%zu runs done, %zu failed, %s elapsed, ~%s left%s",
               terminal_ ? "\r" : "", name_.c_str(), finished_, total_, failed_,
               clock_text(elapsed).c_str(), clock_text(left).c_str(), terminal_ ? "" : "\n");
}

void Progress::finish() {
  if (enabled_ && terminal_ && finished_ > 0) std::fprintf(stderr, "\n");
}

std::vector<ChildResult> run_children(
    const std::vector<ChildRun>& runs, int jobs,
    const std::function<void(std::size_t, const ChildResult&)>& on_done) {
  std::vector<ChildResult> results(runs.size());
  g_interrupted = false;
  struct sigaction action {
  }, previous{};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  const auto n = static_cast<long>(runs.size());
#pragma omp parallel for schedule(dynamic) num_threads(jobs)
  for (long i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    auto& result = results[k];
    if (g_interrupted) {
      result.interrupted = true;
      continue;
    }
    result = spawn_and_wait(runs[k]);
    if (g_interrupted && result.exit_code != 0) result.interrupted = true;
    const auto path = std::filesystem::path(runs[k].out_dir) / "results.json";
    if (result.exit_code == 0 && std::filesystem::exists(path)) {
      std::ifstream in(path);
      result.results = nlohmann::json::parse(in, nullptr, false);
      if (result.results->is_discarded()) result.results.reset();
    }
    if (on_done && !result.interrupted) {
#pragma omp critical(child_runs_done)
      on_done(k, result);
    }
  }
  sigaction(SIGINT, &previous, nullptr);
  return results;
}

}  // namespace twin
