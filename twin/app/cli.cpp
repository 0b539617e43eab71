#include "twin/app/cli.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "twin/app/business_case.hpp"
#include "twin/app/child_runs.hpp"
#include "twin/app/compare.hpp"
#include "twin/app/export.hpp"
#include "twin/app/results.hpp"
#include "twin/app/scenario.hpp"
#include "twin/app/simulation.hpp"
#include "twin/app/size.hpp"
#include "twin/app/summary.hpp"
#include "twin/app/sweep.hpp"
#include "twin/engine/atomic_file.hpp"
#include "twin/engine/logging.hpp"
#include "twin/engine/random.hpp"
#include "twin/engine/schema.hpp"

namespace twin {
namespace {

constexpr int kExitRunFailure = 1;
constexpr int kExitBadInput = 2;

/// The smallest replication count that gives an honest interval: with n = 5 the Student t
/// multiplier is 2.78 (n = 2: 12.7, n = 3: 4.30), and paired differences under common random
/// numbers are then tight enough to call a few-percent difference between lines (README).
constexpr std::size_t kDefaultReplications = 5;

/// Which event logs to write, and their window (the same options on run, compare, retrofit,
/// sweep).
struct EventArgs {
  std::string format = "csv";          // csv | none
  std::optional<double> from_h, to_h;  // default: the measured window
  std::vector<std::size_t> keep = {1};  // compare/retrofit: replications; sweep: points (1-based)
  bool no_events = false;              // --no-events, the same as --events none

  bool wanted() const { return format == "csv" && !no_events; }
  /// The options a child run gets for this choice (`keep`: this child is one of those kept).
  std::vector<std::string> child_args(bool keep) const {
    if (!keep || !wanted()) return {"--events", "none"};
    std::vector<std::string> args = {"--events", "csv"};
    if (from_h) args.insert(args.end(), {"--events-from-h", fmt::format("{}", *from_h)});
    if (to_h) args.insert(args.end(), {"--events-to-h", fmt::format("{}", *to_h)});
    return args;
  }
  bool keeps(std::size_t one_based) const {
    return std::find(keep.begin(), keep.end(), one_based) != keep.end();
  }
};

/// The window of rows events.csv holds, in simulated seconds from t = 0.
EventLogRequest event_window(const EventArgs& a, const Scenario& s, const AtomicFile& csv,
                             const AtomicFile& index) {
  EventLogRequest request{csv.temp_path(), index.temp_path(), s.warmup_s(), s.end_s()};
  if (a.from_h) request.from_s = *a.from_h * 3600;
  if (a.to_h) request.to_s = std::min(*a.to_h * 3600, s.end_s());
  if (request.from_s >= request.to_s || request.from_s > s.end_s())
    throw ConfigError(
        s.file, a.from_h ? "--events-from-h" : "--events-to-h",
        fmt::format("the event window {} h to {} h holds no time of the run (0 to {} h; "
                    "default: the measured window {} h to {} h)",
                    request.from_s / 3600, request.to_s / 3600, s.end_s() / 3600,
                    s.warmup_s() / 3600, s.end_s() / 3600));
  return request;
}

struct RunArgs {
  std::string scenario_file;
  std::string out_dir;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  EventArgs events;
  std::size_t mc_samples = 0;
  int threads = 0;
  std::size_t replications = 1;
  int jobs = 0;
  std::string label;  // e.g. the sweep point, recorded in results.json and run.json
  RunLimits limits;
  long parent_pid = 0;  // a child run of compare, retrofit or sweep
};

std::vector<std::pair<std::string, std::string>> parse_sets(const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ConfigError("--set", s, "must be KEY=VALUE, e.g. line.stations.oven.machines=3");
    pairs.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return pairs;
}

Scenario load(const std::string& file, const std::vector<std::string>& sets,
              std::optional<std::uint64_t> seed) {
  Scenario scenario = load_scenario(file, parse_sets(sets));
  if (seed) scenario.seed = *seed;
  return scenario;
}

/// `name` as one folder name: letters, digits, '.', '_' and '-' kept, anything else (a '/' of
/// "../x" among them) as '_', and no leading dot, so out/<name> stays inside out/.
std::string folder_name(const std::string& name) {
  std::string safe;
  for (unsigned char c : name)
    safe += std::isalnum(c) != 0 || c == '_' || c == '-' || (c == '.' && !safe.empty())
                ? static_cast<char>(c)
                : '_';
  return safe.empty() ? "_" : safe;
}

/// The default output folder: out/<scenario>, or out/<scenario>-<key> when overrides or a seed
/// make it a different run, so a variant never overwrites the plain run's outputs.
std::filesystem::path default_dir(const std::string& name, const std::vector<std::string>& sets,
                                  std::optional<std::uint64_t> seed, std::size_t replications) {
  const std::string folder = folder_name(name);
  if (sets.empty() && !seed && replications == 1) return "out/" + folder;
  std::string variant;
  for (const auto& s : sets) variant += s + "\n";
  if (seed) variant += "--seed " + std::to_string(*seed) + "\n";
  if (replications > 1) variant += "--replications " + std::to_string(replications);
  return fmt::format("out/{}-{:08x}", folder, stable_hash(variant) & 0xffffffffu);
}

constexpr std::initializer_list<const char*> kRunOutputs = {
    "results.json", "line.json", "run.json", "events.csv", "events.index.jsonl"};

/// The default folder a run of `file` would use, from its `scenario:` name alone (for clearing
/// it when the file turns out to be broken); empty if even that cannot be read.
std::optional<std::filesystem::path> guessed_default_dir(const RunArgs& args) {
  try {
    const YAML::Node name = load_yaml_file(args.scenario_file, "scenario")["scenario"];
    if (name && name.IsScalar() && !name.Scalar().empty())
      return default_dir(name.Scalar(), args.sets, args.seed, args.replications);
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

int replicated_run_command(const RunArgs& args);

/// Loads the scenario of a run; when it is broken, the outputs of its previous run are removed
/// first, so they do not look like the result of this one.
Scenario load_for_run(const RunArgs& args) {
  try {
    return load(args.scenario_file, args.sets, args.seed);
  } catch (const ConfigError&) {
    const auto dir = args.out_dir.empty() ? guessed_default_dir(args)
                                          : std::optional<std::filesystem::path>(args.out_dir);
    if (dir) clear_outputs(*dir, kRunOutputs);
    throw;
  }
}

int run_command(const RunArgs& args) {
  if (args.parent_pid > 0) die_with_parent(args.parent_pid);
  if (args.replications > 1) return replicated_run_command(args);
  const Scenario scenario = load_for_run(args);
  const std::filesystem::path dir = args.out_dir.empty()
                                        ? default_dir(scenario.name, args.sets, args.seed, 1)
                                        : std::filesystem::path(args.out_dir);
  clear_outputs(dir, kRunOutputs);  // before any later error, so none looks current
  if (args.mc_samples > 0 && !scenario.costs)
    throw ConfigError(scenario.file, "--mc", "needs a costed scenario (top-level key costs)");
  prepare_out_dir(dir);

  AtomicFile events((dir / "events.csv").string());
  AtomicFile events_index((dir / "events.index.jsonl").string());
  RunOptions options;
  if (args.events.wanted())
    options.events = event_window(args.events, scenario, events, events_index);
  options.progress = verbosity() >= 0 && isatty(STDERR_FILENO) != 0;
  options.limits = args.limits;
  const RunOutput run = run_simulation(scenario, options);

  std::optional<CostOutput> cost;
  if (scenario.costs) {
    const CostModel model(scenario, run.kpis, *scenario.costs);
    cost = CostOutput{model.evaluate(scenario.costs->typical()), std::nullopt};
    if (args.mc_samples > 0 && cost->nominal.has_output)
      cost->mc = monte_carlo(model, args.mc_samples, scenario.seed,
                             args.threads > 0 ? args.threads : omp_get_max_threads());
  }
  // What the run ran with, besides the scenario file: its overrides and label (a sweep point).
  auto provenance = [&](nlohmann::ordered_json j) {
    if (!args.sets.empty()) j["overrides"] = args.sets;
    if (!args.label.empty()) j["label"] = args.label;
    return j;
  };
  const auto results = provenance(results_json(scenario, run, cost));
  if (const auto key = first_non_finite(results))
    throw RunError(fmt::format("{}: results.json key {} is not finite (a price or quantity far "
                               "outside its range?); nothing written",
                               scenario.file, *key));
  write_file_atomically((dir / "line.json").string(), line_json(scenario).dump(2) + "\n");
  write_file_atomically((dir / "run.json").string(),
                        provenance(run_info_json(scenario, run)).dump(2) + "\n");
  if (args.events.wanted()) {
    events_index.commit();
    events.commit();
  }
  write_file_atomically((dir / "results.json").string(), results.dump(2) + "\n");
  for (const auto& warning : check_run_length(scenario, run.kpis).warnings)
    spdlog::warn("{}: {}", scenario.name, warning);
  if (verbosity() >= 0)
    std::cout << kpi_table(scenario, run, cost) << "  outputs in " << dir.string() << "\n";
  return 0;
}

struct MultiArgs {
  std::vector<std::string> files;
  std::string out_dir;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  // applied to every scenario
  std::size_t replications = kDefaultReplications;
  int jobs = 0;
  std::optional<double> target_ci;  // add replications until headline half-widths < this share
  EventArgs events = {"none"};
};

/// Half-widths above this share of the mean get a warning (the interval is too wide to act on).
constexpr double kWideInterval = 0.05;
constexpr std::size_t kMaxReplications = 200;

/// The headline columns whose half-widths --target-ci bounds.
const std::vector<std::string> kHeadline = {"throughput_per_h", "gwh_per_year", "first_pass_yield",
                                            "final_yield",      "lead_time_s",  "cost_per_wh"};

/// The headline columns of `line` whose half-width is above `share` of the mean.
std::vector<std::string> wide_columns(const LineEstimate& line, double share) {
  std::vector<std::string> wide;
  for (const auto& key : kHeadline) {
    const auto& e = line.values[summary_column(key)];
    if (e.has_interval() && e.mean != 0 && e.half_width > share * std::abs(e.mean))
      wide.push_back(key);
  }
  return wide;
}

/// Validates every scenario, then runs each for every replication as child processes:
/// replication r of every line uses the same seed and replication index (common random
/// numbers). With a target, adds replications (doubling) until every headline half-width is
/// under that share of its mean. Warnings of the runs and wide intervals go to stderr.
std::vector<LineEstimate> run_all(const MultiArgs& args, const std::filesystem::path& dir,
                                  std::vector<Scenario>& scenarios) {
  for (const auto& f : args.files) scenarios.push_back(load(f, args.sets, args.seed));
  std::vector<std::vector<LineSummary>> replications(scenarios.size());
  // Per line: each kind of warning (its text up to the first '(' or ':'), how many replications
  // gave it, and the first full text.
  std::vector<std::map<std::string, std::pair<std::size_t, std::string>>> warnings(
      scenarios.size());
  std::vector<LineEstimate> lines;
  const int jobs = args.jobs > 0 ? args.jobs : omp_get_num_procs();
  for (std::size_t done = 0, want = args.replications;;) {
    std::vector<ChildRun> runs;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
      for (std::size_t r = done; r < want; ++r) {
        ChildRun run{
            args.files[i],
            (dir / fmt::format("{}_{}", i + 1, scenarios[i].name) / fmt::format("rep_{}", r + 1))
                .string(),
            {}};
        if (args.seed) run.extra_args = {"--seed", std::to_string(*args.seed)};
        for (const auto& set : args.sets)
          run.extra_args.insert(run.extra_args.end(), {"--set", set});
        run.extra_args.insert(
            run.extra_args.end(),
            {"--set", fmt::format("replication={}", scenarios[i].replication + r)});
        run.event_args = args.events.child_args(args.events.keeps(r + 1));
        runs.push_back(run);
      }
    spdlog::info("running {} scenarios x replications {}..{}", scenarios.size(), done + 1, want);
    Progress progress("runs", runs.size(), verbosity() >= 0);
    const auto results = run_children(runs, jobs, [&](std::size_t, const ChildResult& r) {
      progress.done(r.results.has_value());
    });
    progress.finish();
    if (interrupted()) throw RunError("interrupted (Ctrl-C)");
    const std::size_t per_line = want - done;
    lines.clear();
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      for (std::size_t r = 0; r < per_line; ++r) {
        const auto& result = results[i * per_line + r];
        if (!result.results)
          throw RunError(fmt::format("run of {} (replication {}) failed (exit status {}): {}",
                                     args.files[i], done + r + 1, result.exit_code,
                                     result.stderr_tail));
        replications[i].push_back(summarize(*result.results));
        for (const auto& w : result.results->value("run_length", nlohmann::json::object())
                                 .value("warnings", std::vector<std::string>{})) {
          auto& [count, first] = warnings[i][w.substr(0, w.find_first_of("(:"))];
          if (count++ == 0) first = w;
        }
      }
      lines.push_back(estimate_line(replications[i]));
    }
    done = want;
    if (!args.target_ci) break;
    const bool met = std::all_of(lines.begin(), lines.end(), [&](const LineEstimate& l) {
      return wide_columns(l, *args.target_ci).empty();
    });
    if (met) break;
    if (done >= kMaxReplications) {
      spdlog::warn("--target-ci {}: not reached after {} replications", *args.target_ci, done);
      break;
    }
    want = std::min(kMaxReplications, std::max<std::size_t>(done * 2, 2));
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (const auto& [kind, seen] : warnings[i])
      spdlog::warn("{}: {} of {} replications: {}", scenarios[i].name, seen.first,
                   replications[i].size(), seen.second);
    const auto wide = wide_columns(lines[i], kWideInterval);
    if (!wide.empty())
      spdlog::warn(
          "{}: 95 % half-width above {:.0f} % of the mean for {}: add replications "
          "(--replications or --target-ci) or a longer horizon",
          scenarios[i].name, 100 * kWideInterval, fmt::join(wide, ", "));
  }
  return lines;
}

/// The output folder of a compare, retrofit or replicated run, ready and without the summary
/// of an earlier run (which would look current while this one runs or after it fails).
std::filesystem::path summary_dir(const std::filesystem::path& dir, const std::string& name) {
  clear_outputs(dir, {(name + ".json").c_str(), (name + ".csv").c_str()});
  prepare_out_dir(dir);
  return dir;
}

void write_summary(const std::filesystem::path& dir, const std::string& name,
                   const nlohmann::ordered_json& json, const std::vector<LineEstimate>& lines) {
  write_file_atomically((dir / (name + ".json")).string(), json.dump(2) + "\n");
  write_file_atomically((dir / (name + ".csv")).string(), compare_csv(lines));
}

int compare_command(const MultiArgs& args) {
  const auto dir = summary_dir(args.out_dir.empty() ? "out/compare" : args.out_dir, "compare");
  std::vector<Scenario> scenarios;
  const auto lines = run_all(args, dir, scenarios);
  write_summary(dir, "compare", compare_json(lines), lines);
  if (verbosity() >= 0) std::cout << compare_table(lines) << "outputs in " << dir.string() << "\n";
  return 0;
}

/// A --ramp-up run must make the target's cells: its months are read as shares of TO's output.
void check_ramp_up(const MultiArgs& args) {
  if (args.files.size() < 3) return;
  const Scenario to = load(args.files[1], args.sets, args.seed);
  const Scenario ramp = load(args.files[2], args.sets, args.seed);
  const double to_wh = to.cell ? to.cell->wh_per_cell() : 0;
  const double ramp_wh = ramp.cell ? ramp.cell->wh_per_cell() : 0;
  if (to_wh <= 0 || std::abs(ramp_wh - to_wh) > 1e-9 * to_wh)
    throw ConfigError(args.files[2], "--ramp-up",
                      fmt::format("must make TO's cells ({:.4g} Wh from {}); it makes {}",
                                  to_wh, args.files[1],
                                  ramp_wh > 0 ? fmt::format("{:.4g} Wh cells", ramp_wh)
                                              : std::string("no cells")));
}

int retrofit_command(const MultiArgs& args) {
  check_ramp_up(args);
  const auto dir = summary_dir(args.out_dir.empty() ? "out/retrofit" : args.out_dir, "retrofit");
  std::vector<Scenario> scenarios;
  const auto lines = run_all(args, dir, scenarios);
  const auto report = diff_lines(scenarios[0], scenarios[1]);
  const auto business = business_case(scenarios[0], scenarios[1], report, lines[0], lines[1],
                                      lines.size() > 2 ? &lines[2] : nullptr);
  auto json = retrofit_json(report, lines[0], lines[1]);
  json["business_case"] = business_case_json(business);
  write_summary(dir, "retrofit", json, lines);
  if (verbosity() >= 0)
    std::cout << retrofit_table(report, lines[0], lines[1]) << "\n"
              << business_case_table(business) << "outputs in " << dir.string() << "\n";
  return 0;
}

struct SizeArgs {
  std::string file, out;
  std::optional<double> target_gwh, target_per_h;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::size_t replications = kDefaultReplications;
  int jobs = 0;
  SizeOptions options;
};

/// `size`: the sized line as a patch (FILE) and the search as FILE's .json.
int size_command(SizeArgs args) {
  if (args.target_gwh.has_value() == args.target_per_h.has_value())
    throw ConfigError("size", "--target-gwh", "give exactly one of --target-gwh and --target-per-h");
  const Scenario scenario = load(args.file, args.sets, args.seed);
  args.options.target_is_gwh = args.target_gwh.has_value();
  args.options.target = args.target_gwh.value_or(args.target_per_h.value_or(0));
  if (args.options.target_is_gwh && !scenario.cell)
    throw ConfigError(args.file, "--target-gwh",
                      "the scenario has no cell design, so no GWh: give --target-per-h");
  const std::filesystem::path patch =
      args.out.empty() ? std::filesystem::path("out/size") / (folder_name(scenario.name) + "_sized.yaml")
                       : std::filesystem::path(args.out);
  if (std::filesystem::is_directory(patch))
    throw ConfigError("--out", patch.string(), "is a folder; name the sized line's file");
  auto report = patch;
  report.replace_extension(".json");
  if (report == patch) report += ".json";
  const auto folder = patch.parent_path().empty() ? std::filesystem::path(".") : patch.parent_path();
  clear_outputs(folder, {patch.filename().c_str(), report.filename().c_str()});
  prepare_out_dir(folder);
  auto scratch = patch;
  scratch += ".runs";
  ChildRunSetup setup{args.file,
                      args.sets,
                      args.seed ? std::vector<std::string>{"--seed", std::to_string(*args.seed)}
                                : std::vector<std::string>{},
                      scenario.replication,
                      args.replications,
                      args.jobs > 0 ? args.jobs : omp_get_num_procs(),
                      scratch.string(),
                      verbosity() >= 0};
  // The scratch runs go whether the search succeeds or not.
  const std::unique_ptr<const std::filesystem::path, void (*)(const std::filesystem::path*)>
      remove_scratch(&scratch, [](const std::filesystem::path* p) {
        std::error_code ignored;
        std::filesystem::remove_all(*p, ignored);
      });
  const auto result =
      size_line(scenario, args.options, child_run_evaluator(scenario, args.options, setup));
  write_file_atomically(report.string(), sizing_json(result, args.options).dump(2) + "\n");
  write_file_atomically(patch.string(),
                        sizing_patch(scenario, result, args.options, patch.string()));
  if (verbosity() >= 0)
    std::cout << sizing_table(result, args.options) << "sized line: " << patch.string()
              << " (search: " << report.string() << ")\n";
  return 0;
}

/// `run --replications N`: the replications as child runs, their summary.
int replicated_run_command(const RunArgs& args) {
  if (args.mc_samples > 0)
    throw ConfigError(args.scenario_file, "--mc", "runs on one replication; drop --replications");
  MultiArgs multi{{args.scenario_file}, "",        args.seed,   args.sets,
                  args.replications,    args.jobs, std::nullopt, args.events};
  const Scenario probe = load(args.scenario_file, args.sets, args.seed);
  const auto dir = summary_dir(
      args.out_dir.empty() ? default_dir(probe.name, args.sets, args.seed, args.replications)
                           : std::filesystem::path(args.out_dir),
      "summary");
  std::vector<Scenario> scenarios;
  const auto lines = run_all(multi, dir, scenarios);
  write_summary(dir, "summary", compare_json(lines), lines);
  if (verbosity() >= 0) std::cout << compare_table(lines) << "outputs in " << dir.string() << "\n";
  return 0;
}

/// CLI::Range lets NaN through (every comparison with it is false).
const CLI::Validator kFinite(
    [](const std::string& text) {
      double value = 0;
      return CLI::detail::lexical_cast(text, value) && std::isfinite(value)
                 ? std::string()
                 : "must be a finite number (got " + text + ")";
    },
    "FINITE");

/// --events, --no-events and the window; for commands of many runs also which runs keep theirs.
void add_event_options(CLI::App& command, EventArgs& events, bool many,
                       const char* keep_help = nullptr) {
  command
      .add_option("--events", events.format,
                  many ? "csv: keep the event logs of the runs named by --events-of (default none)"
                       : "csv: write events.csv and events.index.jsonl (default); none: neither")
      ->check(CLI::IsMember({"csv", "none"}));
  if (!many)
    command.add_flag("--no-events", events.no_events, "the same as --events none");
  command
      .add_option("--events-from-h", events.from_h,
                  "first simulated hour (from t = 0) of the event log (default: the end of the "
                  "warm-up)")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 1e9));
  command
      .add_option("--events-to-h", events.to_h,
                  "last simulated hour of the event log (default: the end of the run)")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 1e9));
  if (many && keep_help != nullptr)
    command.add_option("--events-of", events.keep, keep_help)
        ->delimiter(',')
        ->check(CLI::Range(1, 1000000));
}

constexpr const char* kSetHelp =
    "KEY=VALUE override: KEY a dotted path into the scenario, list elements by name or 0-based "
    "index (line.stations.oven.machines=3, line.stations.0.scrap_rate=0.01, horizon_h=720); "
    "VALUE is read as YAML";

/// A usage error as one line: an unknown command is named (CLI11 would only say that a
/// subcommand is required), with the commands and a likely one.
std::string usage_error(const CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  std::vector<std::string> commands;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    commands.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') continue;
    if (std::find(commands.begin(), commands.end(), word) != commands.end()) break;
    std::string message = "unknown command '" + word + "'";
    if (const auto guess = did_you_mean(word, commands)) message += "; did you mean '" + *guess + "'?";
    return message + " (commands: " + fmt::format("{}", fmt::join(commands, ", ")) + ")";
  }
  std::string text = e.what();
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text + " (celltwin --help lists the commands, celltwin COMMAND --help their options)";
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"celltwin: discrete-event digital twin of battery-cell manufacturing lines"};
  app.set_version_flag("--version", std::string(CELLTWIN_VERSION));
  app.require_subcommand(1);
  int verbose = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbose, "more messages (-vv: also SimGrid's own)");
  app.add_flag("-q,--quiet", quiet, "errors only, no KPI table");

  RunArgs run_args;
  auto* run = app.add_subcommand("run",
                                 "simulate one scenario; writes results.json, events.csv, "
                                 "line.json and run.json");
  run->add_option("scenario", run_args.scenario_file, "scenario YAML")->required();
  run->add_option("--out", run_args.out_dir, "output folder (default out/<scenario>)");
  run->add_option("--seed", run_args.seed, "random seed (overrides the scenario's)")
      ->check(CLI::Range(0.0, 9.0e15));
  run->add_option("--set", run_args.sets, kSetHelp)->allow_extra_args(false);
  add_event_options(*run, run_args.events, false);
  run->add_option("--mc", run_args.mc_samples,
                  "price-only Monte Carlo over the uncertain cost inputs: N samples on the same "
                  "simulated flows (process uncertainty: a sweep with sample)")
      ->check(CLI::Range(1, 1000000));
  run->add_option("--threads", run_args.threads, "threads for --mc (default: all cores)")
      ->check(CLI::Range(0, 4096));
  run->add_option("--replications", run_args.replications,
                  "independent replications (seed, replication r) as child runs; mean and 95 % "
                  "interval of the headline KPIs")
      ->check(CLI::Range(1, 10000));
  run->add_option("--jobs", run_args.jobs, "replications at once (default: all cores)")
      ->check(CLI::Range(0, 4096));
  run->add_option("--label", run_args.label, "a label recorded in results.json and run.json");
  run->add_option("--max-events", run_args.limits.max_events,
                  "stop (exit 1) past this many events, or as soon as the run's rate says it "
                  "would pass it")
      ->check(CLI::Range(1.0, 1e15))
      ->capture_default_str();
  run->add_option("--max-wall-s", run_args.limits.max_wall_s,
                  "stop (exit 1) after this many seconds of wall-clock time (default: no limit)")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 1e9));
  run->add_flag("-v,--verbose", verbose, "more messages");
  run->add_flag("-q,--quiet", quiet, "errors only");
  run->add_option("--parent-pid", run_args.parent_pid)->group("");  // child runs: die with parent

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate = app.add_subcommand("validate", "load and check a scenario without running it");
  validate->add_option("scenario", validate_file, "scenario YAML")->required();
  validate->add_option("--set", validate_sets, kSetHelp)->allow_extra_args(false);

  MultiArgs compare_args;
  auto* compare = app.add_subcommand("compare",
                                     "run several scenarios over replications under common random "
                                     "numbers; KPIs and cost with 95 % intervals and paired "
                                     "differences against the first");
  compare->add_option("scenarios", compare_args.files, "scenario YAML files")->required();
  compare->add_option("--out", compare_args.out_dir, "output folder (default out/compare)");

  MultiArgs retrofit_args;
  auto* retrofit = app.add_subcommand("retrofit",
                                      "stations reused, recipe-changed, modified, added and "
                                      "removed from FROM to TO, capex of the change, paired KPI "
                                      "differences with intervals");
  std::string retrofit_from, retrofit_to;
  retrofit->add_option("FROM", retrofit_from, "the line as it is (scenario YAML)")->required();
  retrofit->add_option("TO", retrofit_to, "the line after the retrofit (scenario YAML)")
      ->required();
  retrofit->add_option("--out", retrofit_args.out_dir, "output folder (default out/retrofit)");
  std::string retrofit_ramp;
  retrofit->add_option("--ramp-up", retrofit_ramp,
                       "the TO line from its start of production with its learning curves "
                       "(e.g. configs/ramp_up/...): the converted and the new line follow its "
                       "monthly output in the cash flow");
  for (const auto& [sub, multi] :
       {std::pair{compare, &compare_args}, std::pair{retrofit, &retrofit_args}}) {
    sub->add_option("--seed", multi->seed, "seed for every run (common random numbers)")
        ->check(CLI::Range(0.0, 9.0e15));
    sub->add_option("--jobs", multi->jobs, "runs at once (default: all cores)")
        ->check(CLI::Range(0, 4096));
    sub->add_option("--replications", multi->replications,
                    "replications of every line (default 5; common random numbers across lines)")
        ->check(CLI::Range(1, 10000));
    sub->add_option("--set", multi->sets, std::string(kSetHelp) + "; applied to every scenario")
        ->allow_extra_args(false);
    sub->add_option("--target-ci", multi->target_ci,
                    "add replications (doubling, at most 200) until every headline KPI's 95 % "
                    "half-width is under this share of its mean, e.g. 0.01")
        ->check(kFinite)
        ->check(CLI::Range(1e-6, 1.0));
    add_event_options(*sub, multi->events, true,
                      "replications (1-based, comma-separated) whose event logs --events csv "
                      "keeps, for every line (default 1)");
  }

  std::string sweep_file;
  SweepOptions sweep_options;
  std::string shard_text;
  auto* sweep = app.add_subcommand("sweep",
                                   "many runs over varied parameters into DIR/results.sqlite "
                                   "(runs, summary) and CSV");
  sweep->add_option("spec", sweep_file, "sweep spec YAML")->required();
  sweep->add_option("--out", sweep_options.out_dir, "output folder")->required();
  sweep->add_option("--jobs", sweep_options.jobs, "runs at once (default: all cores)")
      ->check(CLI::Range(0, 4096));
  sweep->add_option("--shard", shard_text, "K/N: run the K-th of N deterministic shares");
  sweep->add_flag("--resume", sweep_options.resume, "skip runs already in the database");
  EventArgs sweep_events{"none"};
  add_event_options(*sweep, sweep_events, true,
                    "sweep points (1-based, comma-separated) whose first replication keeps its "
                    "event log with --events csv (default 1)");
  std::string merge_out;
  std::vector<std::string> merge_shards;
  auto* sweep_merge = app.add_subcommand("sweep-merge", "merge shard databases of one sweep");
  sweep_merge->add_option("out", merge_out, "merged database (OUT.sqlite)")->required();
  sweep_merge->add_option("shards", merge_shards, "shard databases")->required();

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand(
      "export", "the event log of a run as OCEL 2.0 JSON or a Chrome trace (Perfetto)");
  export_cmd->add_option("run_dir", export_options.run_dir, "a run's output folder")->required();
  export_cmd->add_option("--format", export_options.format, "ocel or chrome")
      ->required()
      ->check(CLI::IsMember({"ocel", "chrome"}));
  export_cmd->add_option("--out", export_options.out,
                         "output file (default RUN_DIR/events.ocel.json or RUN_DIR/trace.json)");
  export_cmd->add_option("--from-h", export_options.from_h,
                         "first simulated hour (default: the log's start)")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 1e9));
  export_cmd->add_option("--to-h", export_options.to_h, "last simulated hour (default: the log's end)")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 1e9));

  SizeArgs size_args;
  auto* size = app.add_subcommand(
      "size",
      "machine counts per station for a target output: first order from the line's work "
      "content, verified by replications, machines added at the bottleneck and trimmed to the "
      "least capex; writes the sized line as a patch");
  size->add_option("scenario", size_args.file, "the line (scenario YAML)")->required();
  size->add_option("--target-gwh", size_args.target_gwh, "target output, GWh/yr of good cells")
      ->check(kFinite)
      ->check(CLI::Range(1e-9, 1e6));
  size->add_option("--target-per-h", size_args.target_per_h,
                   "target output, good units/h (lines without a cell design)")
      ->check(kFinite)
      ->check(CLI::Range(1e-9, 1e12));
  size->add_option("--confidence", size_args.options.confidence,
                   "probability that one replication reaches the target (lower prediction "
                   "bound, Student t)")
      ->check(kFinite)
      ->check(CLI::Range(0.5, 0.999))
      ->capture_default_str();
  size->add_option("--replications", size_args.replications,
                   "replications per evaluation (same seeds for every count tried)")
      ->check(CLI::Range(2, 200))
      ->capture_default_str();
  size->add_option("--utilization", size_args.options.utilization,
                   "active share per machine the first-order count aims for")
      ->check(kFinite)
      ->check(CLI::Range(0.05, 1.0))
      ->capture_default_str();
  size->add_option("--max-evaluations", size_args.options.max_evaluations,
                   "give up (exit 1) after this many evaluations")
      ->check(CLI::Range(2, 100000))
      ->capture_default_str();
  size->add_option("--out", size_args.out,
                   "the sized line, a patch of the scenario (default out/size/NAME_sized.yaml); "
                   "the search goes to the same name with .json");
  size->add_option("--seed", size_args.seed, "seed for every run")->check(CLI::Range(0.0, 9.0e15));
  size->add_option("--jobs", size_args.jobs, "runs at once (default: all cores)")
      ->check(CLI::Range(0, 4096));
  size->add_option("--set", size_args.sets, kSetHelp)->allow_extra_args(false);

  app.add_subcommand("schema", "print the scenario reference (Markdown) from the parameter tables");
  for (auto* sub : {compare, retrofit, validate, sweep, sweep_merge, export_cmd, size}) {
    sub->add_flag("-v,--verbose", verbose, "more messages");
    sub->add_flag("-q,--quiet", quiet, "errors only");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "celltwin: error: %s\n", usage_error(app, argc, argv, e).c_str());
    return kExitBadInput;
  }
  retrofit_args.files = {retrofit_from, retrofit_to};
  if (!retrofit_ramp.empty()) retrofit_args.files.push_back(retrofit_ramp);
  setup_logging(quiet ? -1 : verbose);

  try {
    if (run->parsed()) return run_command(run_args);
    if (compare->parsed()) return compare_command(compare_args);
    if (export_cmd->parsed()) {
      const auto done = export_log(export_options);
      if (verbosity() >= 0)
        std::cout << fmt::format(
            "export: {} rows from {:.6g} h to {:.6g} h ({} bytes of events.csv read from offset "
            "{}): {} events, {} objects, {} spans, {} counter values -> {}\n",
            done.rows, done.from_s / 3600, done.to_s / 3600, done.bytes_read, done.seek_offset,
            done.events, done.objects, done.spans, done.counters, done.path);
      return 0;
    }
    if (retrofit->parsed()) return retrofit_command(retrofit_args);
    if (size->parsed()) return size_command(size_args);
    if (sweep->parsed()) {
      if (!shard_text.empty()) {
        // Digits only, at most 6 each: sscanf's %u would wrap an overflowing count silently.
        const auto slash = shard_text.find('/');
        auto count = [&](const std::string& digits) {
          if (digits.empty() || digits.size() > 6 ||
              digits.find_first_not_of("0123456789") != std::string::npos)
            return 0u;
          return static_cast<unsigned>(std::stoul(digits));
        };
        const unsigned k = slash == std::string::npos ? 0 : count(shard_text.substr(0, slash));
        const unsigned n = slash == std::string::npos ? 0 : count(shard_text.substr(slash + 1));
        if (n == 0 || k == 0 || k > n)
          throw ConfigError("--shard", shard_text,
                            "must be K/N with 1 <= K <= N <= 999999, e.g. 2/4");
        sweep_options.shard = k;
        sweep_options.shards = n;
      }
      sweep_options.progress = verbosity() >= 0;
      if (sweep_events.wanted()) {
        sweep_options.kept_event_args = sweep_events.child_args(true);
        sweep_options.event_points = sweep_events.keep;
      }
      return run_sweep(load_sweep(sweep_file), sweep_options);
    }
    if (sweep_merge->parsed()) return merge_sweeps(merge_out, merge_shards);
    if (validate->parsed()) {
      const Scenario s = load(validate_file, validate_sets, std::nullopt);
      fmt::print("{}: ok ({} stations)\n", s.file, s.line.stations.size());
      return 0;
    }
    std::cout << schema_reference();
    return 0;
  } catch (const ConfigError& e) {
    constexpr std::size_t kShown = 50;  // a file with thousands of errors: the first ones suffice
    const auto& all = e.messages();
    for (std::size_t i = 0; i < std::min(all.size(), kShown); ++i)
      std::fprintf(stderr, "celltwin: error: %s\n", all[i].c_str());
    if (all.size() > kShown)
      std::fprintf(stderr, "celltwin: ... and %zu more errors\n", all.size() - kShown);
    return kExitBadInput;
  } catch (const RunError& e) {
    std::fprintf(stderr, "celltwin: run failed: %s\n", e.what());
    return kExitRunFailure;
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return kExitRunFailure;
  } catch (const std::runtime_error& e) {  // e.g. a database that cannot be written
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return kExitRunFailure;
  }
}

}  // namespace twin
