#include "twin/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <omp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "twin/engine/atomic_file.hpp"
#include "twin/app/child_runs.hpp"
#include "twin/app/compare.hpp"
#include "twin/engine/logging.hpp"
#include "twin/app/results.hpp"
#include "twin/app/scenario.hpp"
#include "twin/engine/schema.hpp"
#include "twin/app/simulation.hpp"

namespace twin {
namespace {

constexpr int kExitRunFailure = 1;
constexpr int kExitBadInput = 2;

struct RunArgs {
  std::string scenario_file;
  std::string out_dir;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  bool no_events = false;
  std::size_t mc_samples = 0;
  int threads = 0;
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

int run_command(const RunArgs& args) {
  const Scenario scenario = load(args.scenario_file, args.sets, args.seed);
  if (args.mc_samples > 0 && !scenario.costs)
    throw ConfigError(scenario.file, "--mc", "needs a costed scenario (top-level key costs)");
  const std::filesystem::path dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  std::filesystem::create_directories(dir);
  const std::string names[] = {"results.json", "line.json", "run.json", "events.csv"};
  for (const auto& name : names) std::filesystem::remove(dir / name);  // no stale results

  AtomicFile events((dir / "events.csv").string());
  RunOptions options;
  if (!args.no_events) options.events_path = events.temp_path();
  options.progress = verbosity() >= 0 && isatty(STDERR_FILENO) != 0;
  const RunOutput run = run_simulation(scenario, options);

  std::optional<CostOutput> cost;
  if (scenario.costs) {
    const CostModel model(scenario, run.kpis, *scenario.costs);
    cost = CostOutput{model.evaluate(scenario.costs->typical()), std::nullopt};
    if (args.mc_samples > 0 && cost->nominal.has_output)
      cost->mc = monte_carlo(model, args.mc_samples, scenario.seed,
                             args.threads > 0 ? args.threads : omp_get_max_threads());
  }
  write_file_atomically((dir / "line.json").string(), line_json(scenario).dump(2) + "\n");
  write_file_atomically((dir / "run.json").string(), run_info_json(scenario, run).dump(2) + "\n");
  if (!args.no_events) events.commit();
  write_file_atomically((dir / "results.json").string(),
                        results_json(scenario, run, cost).dump(2) + "\n");
  if (verbosity() >= 0)
    std::cout << kpi_table(scenario, run, cost) << "  outputs in " << dir.string() << "\n";
  return 0;
}

struct MultiArgs {
  std::vector<std::string> files;
  std::string out_dir;
  std::optional<std::uint64_t> seed;
  int jobs = 0;
};

/// Validates every scenario, then runs them as child processes with the same seed.
std::vector<nlohmann::json> run_all(const MultiArgs& args, const std::string& default_dir,
                                    std::vector<Scenario>& scenarios) {
  for (const auto& f : args.files) scenarios.push_back(load(f, {}, args.seed));
  const std::filesystem::path dir = args.out_dir.empty() ? default_dir : args.out_dir;
  std::vector<ChildRun> runs;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    ChildRun run{args.files[i], (dir / fmt::format("{}_{}", i + 1, scenarios[i].name)).string(), {}};
    if (args.seed) run.extra_args = {"--seed", std::to_string(*args.seed)};
    runs.push_back(run);
  }
  spdlog::info("running {} scenarios", runs.size());
  const int jobs = args.jobs > 0 ? args.jobs : std::max(1, static_cast<int>(runs.size()));
  const auto results = run_children(runs, jobs);
  std::vector<nlohmann::json> out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].results)
      throw RunError(fmt::format("run of {} failed (exit status {})", args.files[i],
                                 results[i].exit_code));
    out.push_back(*results[i].results);
  }
  return out;
}

int compare_command(const MultiArgs& args) {
  std::vector<Scenario> scenarios;
  const auto results = run_all(args, "out/compare", scenarios);
  std::vector<LineSummary> lines;
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& r : results) {
    lines.push_back(summarize(r));
    summary.push_back(r);
  }
  const std::filesystem::path dir = args.out_dir.empty() ? "out/compare" : args.out_dir;
  write_file_atomically((dir / "compare.json").string(), summary.dump(2) + "\n");
  if (verbosity() >= 0) std::cout << compare_table(lines);
  return 0;
}

int retrofit_command(const MultiArgs& args) {
  std::vector<Scenario> scenarios;
  const auto results = run_all(args, "out/retrofit", scenarios);
  const auto report = diff_lines(scenarios[0], scenarios[1]);
  const auto from = summarize(results[0]), to = summarize(results[1]);
  const std::filesystem::path dir = args.out_dir.empty() ? "out/retrofit" : args.out_dir;
  write_file_atomically((dir / "retrofit.json").string(),
                        retrofit_json(report, from, to).dump(2) + "\n");
  if (verbosity() >= 0) std::cout << retrofit_table(report, from, to);
  return 0;
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
  auto* run = app.add_subcommand("run", "simulate one scenario; writes results.json, events.csv, "
                                        "line.json and run.json");
  run->add_option("scenario", run_args.scenario_file, "scenario YAML")->required();
  run->add_option("--out", run_args.out_dir, "output folder (default out/<scenario>)");
  run->add_option("--seed", run_args.seed, "random seed (overrides the scenario's)");
  run->add_option("--set", run_args.sets, "KEY=VALUE override, e.g. line.stations.oven.machines=3")
      ->allow_extra_args(false);
  run->add_flag("--no-events", run_args.no_events, "do not write events.csv");
  run->add_option("--mc", run_args.mc_samples,
                  "Monte Carlo over the uncertain cost inputs: N samples on the same flows");
  run->add_option("--threads", run_args.threads, "threads for --mc (default: all cores)");
  run->add_flag("-v,--verbose", verbose, "more messages");
  run->add_flag("-q,--quiet", quiet, "errors only");

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate = app.add_subcommand("validate", "load and check a scenario without running it");
  validate->add_option("scenario", validate_file, "scenario YAML")->required();
  validate->add_option("--set", validate_sets, "KEY=VALUE override")->allow_extra_args(false);

  MultiArgs compare_args;
  auto* compare = app.add_subcommand("compare", "run several scenarios with the same seed and "
                                                "print throughput, yield and lead time side by side");
  compare->add_option("scenarios", compare_args.files, "scenario YAML files")->required();
  compare->add_option("--out", compare_args.out_dir, "output folder (default out/compare)");
  compare->add_option("--seed", compare_args.seed, "seed for every run (common random numbers)");
  compare->add_option("--jobs", compare_args.jobs, "runs at once (default: all)");

  MultiArgs retrofit_args;
  auto* retrofit = app.add_subcommand("retrofit", "stations reused, modified, added and removed "
                                                  "from FROM to TO, capex of the change, KPI deltas");
  retrofit->add_option("from", retrofit_args.files, "FROM.yaml TO.yaml")->required()->expected(2);
  retrofit->add_option("--out", retrofit_args.out_dir, "output folder (default out/retrofit)");
  retrofit->add_option("--seed", retrofit_args.seed, "seed for both runs (common random numbers)");

  app.add_subcommand("schema", "print the scenario reference (Markdown) from the parameter tables");
  for (auto* sub : {compare, retrofit, validate}) {
    sub->add_flag("-v,--verbose", verbose, "more messages");
    sub->add_flag("-q,--quiet", quiet, "errors only");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }
  setup_logging(quiet ? -1 : verbose);

  try {
    if (run->parsed()) return run_command(run_args);
    if (compare->parsed()) return compare_command(compare_args);
    if (retrofit->parsed()) return retrofit_command(retrofit_args);
    if (validate->parsed()) {
      const Scenario s = load(validate_file, validate_sets, std::nullopt);
      fmt::print("{}: ok ({} stations)\n", s.file, s.line.stations.size());
      return 0;
    }
    std::cout << schema_reference();
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return kExitBadInput;
  } catch (const RunError& e) {
    std::fprintf(stderr, "celltwin: run failed: %s\n", e.what());
    return kExitRunFailure;
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return kExitRunFailure;
  }
}

}  // namespace twin
