// `celltwin sweep`: many runs of one or more base scenarios over varied parameters (the same
// dotted paths as --set), each a child process, into one SQLite database plus CSV.
//
// Spec (configs/sweeps/*.yaml):
//   sweep: NAME
//   bases: [../lines/semi_solid_retrofit.yaml]   # relative to the spec; or `base: one.yaml`
//   replications: 3                              # per sweep point (seed, replication r)
//   seed: 11                                     # optional: every run's seed
//   set: {horizon_h: 240}                        # optional: fixed overrides of every run
//   timeout_s: 1800                              # optional: a run taking longer is killed, failed
//   sources: {PATH: "where the varied values come from"}   # every varied path needs one
//   vary:
//     grid: {PATH: [v1, v2, ...], ...}           # each path an axis (cartesian product)
//     zip: {PATH: [...], PATH: [...]}            # varied together: one axis, equal lengths
//     sample: {n: 8, seed: 3, method: lhs,       # n points (Latin hypercube or uniform)
//              ranges: {PATH: {min: a, max: b, integer: false}}}
// Sweep points are the cartesian product of the axes. A run's key is a stable hash of the
// resolved scenario (its stations as line.json writes them, calendar, horizon, cell and cost
// files), seed and replication, so --resume skips exactly the runs already done and shards of
// one sweep merge without duplicates.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace twin {

using Assignments = std::vector<std::pair<std::string, std::string>>;  // path -> YAML value

struct SweepSpec {
  std::string name, file, description;
  std::vector<std::string> bases;  // paths as given, resolved against the spec's folder
  std::size_t replications = 1;
  std::optional<std::uint64_t> seed;
  Assignments fixed;                           // `set:`
  std::map<std::string, std::string> sources;  // varied path -> citation or assumption
  double timeout_s = 0;
  /// One axis: its paths and, per position on the axis, a value per path.
  struct Axis {
    std::vector<std::string> paths;
    std::vector<std::vector<std::string>> values;
  };
  std::vector<Axis> axes;
  std::vector<std::string> parameters() const;  // every varied path, in axis order
  /// Where the spec says each thing, for errors found when a point is loaded: "base:PATH",
  /// "PATH" (a set or varied path) and "PATH=VALUE" -> {file:line:col, key path in the spec}.
  using Places = std::map<std::string, std::pair<std::string, std::string>>;
  Places places;
};

/// Loads and checks a sweep spec; throws ConfigError naming file, line and key.
SweepSpec load_sweep(const std::string& file);

/// The sweep points: the cartesian product of the axes (one empty point without axes).
std::vector<Assignments> sweep_points(const SweepSpec& spec);

/// One planned run.
struct SweepRun {
  std::string base;
  std::size_t point = 0;
  std::size_t replication = 0;  // index within the point (0 ..)
  std::uint64_t seed = 0;
  std::uint64_t replication_index = 0;  // the scenario's replication + index
  Assignments parameters;               // the point's varied values
  std::vector<std::string> set_args;    // every --set of the child (fixed, point, replication)
  std::string key;
};

/// Every run of the sweep in a fixed order; each (base, point) is loaded and validated first
/// (a bad path or value throws ConfigError naming the spec and the key).
std::vector<SweepRun> plan_sweep(const SweepSpec& spec);

struct SweepOptions {
  std::string out_dir;
  int jobs = 0;                       // 0: all cores
  std::size_t shard = 1, shards = 1;  // --shard K/N
  bool resume = false;
  bool progress = true;
  /// Event-log options of a run kept with its log (--events csv), and the sweep points (1-based)
  /// whose first replication keeps it; the other runs write none.
  std::vector<std::string> kept_event_args;
  std::vector<std::size_t> event_points;
};

/// Runs the sweep; returns the exit status (0 all ok, 1 some runs failed, 130 interrupted).
int run_sweep(const SweepSpec& spec, const SweepOptions& options);

/// `celltwin sweep-merge OUT SHARD...`: merges shard databases into OUT and rewrites its
/// summary and CSV files.
int merge_sweeps(const std::string& out, const std::vector<std::string>& shards);

}  // namespace twin
