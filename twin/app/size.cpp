#include "twin/app/size.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>

#include "twin/app/child_runs.hpp"
#include "twin/app/simulation.hpp"

namespace twin {

using json = nlohmann::ordered_json;

Verdict judge(const std::vector<SizingRun>& runs, const Counts& counts,
              const SizeOptions& options) {
  Verdict v;
  std::vector<double> outputs;
  for (const auto& r : runs) outputs.push_back(r.output);
  v.output = estimate(outputs);
  const auto n = outputs.size();
  double sd = 0;
  for (double o : outputs) sd += (o - v.output.mean) * (o - v.output.mean);
  sd = n > 1 ? std::sqrt(sd / static_cast<double>(n - 1)) : 0;
  // One replication gives no spread: its output is the bound (the command asks for >= 2).
  v.lower_bound =
      n > 1 ? v.output.mean - student_t_quantile(options.confidence, n - 1) * sd *
                                  std::sqrt(1 + 1 / static_cast<double>(n))
            : v.output.mean;
  v.met = v.lower_bound >= options.target;
  v.active_share.assign(counts.size(), 0);
  for (const auto& r : runs)
    for (std::size_t i = 0; i < counts.size(); ++i)
      v.active_share[i] += r.active[i] / static_cast<double>(counts[i] * runs.size());
  return v;
}

namespace {

double capex_usd(const Scenario& s, const Counts& counts) {
  double usd = 0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    usd += s.line.stations[i].capex_usd * static_cast<double>(counts[i]);
  return usd * s.plant.capex_scale();
}

/// The search's memory: every count vector tried, judged once.
class Search {
 public:
  Search(const SizeOptions& options, const Evaluator& evaluate, SizingResult& result)
      : options_(options), evaluate_(evaluate), result_(result) {}

  const Verdict& at(const Counts& counts, const std::string& action, const std::string& station,
                    long long machines) {
    auto it = tried_.find(counts);
    if (it != tried_.end()) return it->second;
    if (result_.evaluations >= options_.max_evaluations)
      throw RunError(fmt::format(
          "size: the target {} {} was not reached within {} evaluations (last lower bound "
          "{:.4g}); the line may be limited by its release or a station that machines cannot "
          "widen",
          options_.target, options_.unit(), options_.max_evaluations,
          result_.steps.empty() ? 0.0 : result_.steps.back().verdict.lower_bound));
    ++result_.evaluations;
    const auto& verdict =
        tried_.emplace(counts, judge(evaluate_(counts), counts, options_)).first->second;
    result_.steps.push_back({action, station, machines, verdict});
    return verdict;
  }

 private:
  const SizeOptions& options_;
  const Evaluator& evaluate_;
  SizingResult& result_;
  std::map<Counts, Verdict> tried_;
};

/// The station with the largest active share per machine.
std::size_t bottleneck(const Verdict& v) {
  return static_cast<std::size_t>(
      std::max_element(v.active_share.begin(), v.active_share.end()) - v.active_share.begin());
}

}  // namespace

SizingResult size_line(const Scenario& scenario, const SizeOptions& options,
                       const Evaluator& evaluate) {
  SizingResult r;
  const auto& stations = scenario.line.stations;
  for (const auto& st : stations) {
    r.stations.push_back(st.name);
    r.given.push_back(st.machines);
  }
  Search search(options, evaluate, r);
  r.pilot = search.at(r.given, "pilot", "", 0);
  if (!(r.pilot.output.mean > 0))
    throw RunError("size: the pilot run of the line as given makes no good output, so it "
                   "gives no work content to scale");
  // Work content: active machines per unit of output, from the pilot's mean output.
  for (std::size_t i = 0; i < stations.size(); ++i) {
    const double work =
        r.pilot.active_share[i] * static_cast<double>(r.given[i]) / r.pilot.output.mean;
    r.work.push_back(work);
    const double needed = options.target * work;
    // 1e-9: a count that is exactly whole on paper stays whole.
    r.floor.push_back(std::max<long long>(1, static_cast<long long>(std::ceil(needed - 1e-9))));
    r.first_order.push_back(std::max<long long>(
        1, static_cast<long long>(std::ceil(needed / options.utilization - 1e-9))));
  }
  Counts counts = r.first_order;
  const Verdict* verdict = &search.at(counts, "first order", "", 0);
  while (!verdict->met) {
    const std::size_t b = bottleneck(*verdict);
    counts[b] += std::max<long long>(1, static_cast<long long>(std::ceil(0.01 * counts[b])));
    verdict = &search.at(counts, "add", stations[b].name, counts[b]);
  }
  // Every station at its floor is the least line there can be: when it reaches the target,
  // no station needs trying one by one.
  if (counts != r.floor && search.at(r.floor, "floor", "", 0).met)
    counts = r.floor;
  // Trim: the dearest machines first (name order among equals, for a stable result).
  std::vector<std::size_t> order(stations.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return stations[a].capex_usd > stations[b].capex_usd;
  });
  for (const std::size_t i : order) {
    long long lo = r.floor[i], hi = counts[i];  // counts (with hi) reach the target
    while (lo < hi) {
      Counts trial = counts;
      trial[i] = lo + (hi - lo) / 2;
      if (search.at(trial, "trim", stations[i].name, trial[i]).met)
        hi = trial[i];
      else
        lo = trial[i] + 1;
    }
    counts[i] = hi;
  }
  r.sized = counts;
  r.final = search.at(counts, "final", "", 0);  // judged already: the search remembers it
  r.capex_given_usd = capex_usd(scenario, r.given);
  r.capex_sized_usd = capex_usd(scenario, r.sized);
  return r;
}

Evaluator child_run_evaluator(const Scenario& scenario, const SizeOptions& options,
                              const ChildRunSetup& setup) {
  const auto names = [&scenario] {
    std::vector<std::string> n;
    for (const auto& st : scenario.line.stations) n.push_back(st.name);
    return n;
  }();
  auto evaluation = std::make_shared<std::size_t>(0);
  return [names, options, setup, evaluation](const Counts& counts) {
    ++*evaluation;
    std::vector<ChildRun> runs;
    for (std::size_t r = 0; r < setup.replications; ++r) {
      ChildRun run{setup.file,
                   (std::filesystem::path(setup.scratch_dir) /
                    fmt::format("eval_{}", *evaluation) / fmt::format("rep_{}", r + 1))
                       .string(),
                   setup.seed_args};
      for (const auto& set : setup.sets) run.extra_args.insert(run.extra_args.end(), {"--set", set});
      run.extra_args.insert(run.extra_args.end(),
                            {"--set", fmt::format("replication={}", setup.first_replication + r)});
      // By index: a station's name may hold a dot, which a --set path would split.
      for (std::size_t i = 0; i < counts.size(); ++i)
        run.extra_args.insert(run.extra_args.end(),
                              {"--set", fmt::format("line.stations.{}.machines={}", i, counts[i])});
      runs.push_back(std::move(run));
    }
    const auto results = run_children(runs, setup.jobs);
    if (interrupted()) throw RunError("interrupted (Ctrl-C)");
    std::vector<SizingRun> out;
    for (std::size_t r = 0; r < results.size(); ++r) {
      const auto& result = results[r];
      if (!result.results)
        throw RunError(fmt::format("size: run of {} (replication {}) failed (exit status {}): {}",
                                   setup.file, r + 1, result.exit_code, result.stderr_tail));
      const auto& j = *result.results;
      SizingRun run;
      run.output = options.target_is_gwh ? j.at("battery").value("gwh_per_year", 0.0)
                                         : j.at("kpis").at("throughput_per_h").get<double>();
      for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& share = j.at("stations").at(names[i]).at("state_share");
        run.active.push_back((share.at("busy").get<double>() + share.at("setup").get<double>() +
                              share.at("down").get<double>()) *
                             static_cast<double>(counts[i]));
      }
      out.push_back(std::move(run));
    }
    std::filesystem::remove_all(std::filesystem::path(setup.scratch_dir) /
                                fmt::format("eval_{}", *evaluation));
    if (setup.progress) {
      const Verdict v = judge(out, counts, options);
      fmt::print(stderr, "size: evaluation {}: {:.4g} {} (lower {:.0f} % bound {:.4g}) {}\n",
                 *evaluation, v.output.mean, options.unit(), 100 * options.confidence,
                 v.lower_bound, v.met ? "reaches the target" : "short of the target");
    }
    return out;
  };
}

std::string sizing_table(const SizingResult& r, const SizeOptions& options) {
  std::string out = fmt::format("{:<26} {:>10} {:>12} {:>8} {:>8} {:>8} {:>13}\n", "station",
                                "given", "work/unit", "floor", "1st ord", "sized",
                                "active share");
  for (std::size_t i = 0; i < r.stations.size(); ++i)
    out += fmt::format("{:<26} {:>10} {:>12.4g} {:>8} {:>8} {:>8} {:>13.3f}{}\n", r.stations[i],
                       r.given[i], r.work[i], r.floor[i], r.first_order[i], r.sized[i],
                       r.final.active_share[i], r.sized[i] != r.given[i] ? "  *" : "");
  out += fmt::format(
      "\n(work/unit: active machines per {} of good output, measured on the line as given;\n"
      " floor = ceil(target x work), 1st ord = ceil(target x work / {:.2f}); * = count changed)\n",
      options.unit(), options.utilization);
  out += fmt::format(
      "target {} {} with confidence {:.2f}: given line {} (lower bound {:.4g}), sized line "
      "{} (lower bound {:.4g}) over {} replications\n",
      options.target, options.unit(), options.confidence, with_interval(r.pilot.output),
      r.pilot.lower_bound, with_interval(r.final.output), r.final.lower_bound, r.final.output.n);
  out += fmt::format("equipment {:.3f} -> {:.3f} M USD ({} evaluations)\n",
                     r.capex_given_usd / 1e6, r.capex_sized_usd / 1e6, r.evaluations);
  return out;
}

json sizing_json(const SizingResult& r, const SizeOptions& options) {
  const auto verdict_json = [](const Verdict& v) {
    return json{{"output_mean", v.output.mean},
                {"output_half_width", v.output.has_interval() ? json(v.output.half_width)
                                                              : json(nullptr)},
                {"replications", v.output.n},
                {"lower_bound", v.lower_bound},
                {"met", v.met}};
  };
  json stations = json::array();
  for (std::size_t i = 0; i < r.stations.size(); ++i)
    stations.push_back({{"name", r.stations[i]},
                        {"machines_given", r.given[i]},
                        {"work_machines_per_unit", r.work[i]},
                        {"machines_floor", r.floor[i]},
                        {"machines_first_order", r.first_order[i]},
                        {"machines_sized", r.sized[i]},
                        {"active_share", r.final.active_share[i]}});
  json steps = json::array();
  for (const auto& s : r.steps)
    steps.push_back({{"action", s.action},
                     {"station", s.station.empty() ? json(nullptr) : json(s.station)},
                     {"machines", s.station.empty() ? json(nullptr) : json(s.machines)},
                     {"verdict", verdict_json(s.verdict)}});
  return json{{"target", options.target},
              {"unit", options.unit()},
              {"confidence", options.confidence},
              {"utilization", options.utilization},
              {"pilot", verdict_json(r.pilot)},
              {"sized", verdict_json(r.final)},
              {"capex_given_usd", r.capex_given_usd},
              {"capex_sized_usd", r.capex_sized_usd},
              {"evaluations", r.evaluations},
              {"stations", stations},
              {"steps", steps}};
}

std::string sizing_patch(const Scenario& scenario, const SizingResult& r,
                         const SizeOptions& options, const std::string& patch_path) {
  namespace fs = std::filesystem;
  const auto folder = fs::absolute(patch_path).parent_path();
  const auto base = fs::absolute(scenario.file).lexically_relative(folder).generic_string();
  std::string out = fmt::format(
      "# {} sized by `celltwin size` for {} {} with confidence {} ({} replications, utilization "
      "{} for the first order):\n# the lower {:.0f} % prediction bound of one replication's "
      "output is {:.6g} {} (mean {:.6g}).\n",
      scenario.name, options.target, options.unit(), options.confidence, r.final.output.n,
      options.utilization, 100 * options.confidence, r.final.lower_bound, options.unit(),
      r.final.output.mean);
  // JSON strings are YAML double-quoted scalars: names and paths keep any character.
  const auto quoted = [](const std::string& text) { return json(text).dump(); };
  out += fmt::format("scenario: {}\nbase: {}\npatch:\n  modify:", quoted(scenario.name + "_sized"),
                     quoted(base));
  bool any = false;
  for (std::size_t i = 0; i < r.stations.size(); ++i) {
    if (r.sized[i] == r.given[i]) continue;
    any = true;
    out += fmt::format(
        "\n    {}:\n      machines: {{value: {}, source: \"derived: celltwin size (was {}; "
        "work {:.6g} machines per {} x target {} = floor {}, first order {})\"}}",
        quoted(r.stations[i]), r.sized[i], r.given[i], r.work[i], options.unit(), options.target,
        r.floor[i], r.first_order[i]);
  }
  return out + (any ? "\n" : " {}\n");
}

}  // namespace twin
