#include "twin/app/sweep.hpp"

#include "twin/engine/atomic_file.hpp"

#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <numeric>

#include "twin/app/child_runs.hpp"
#include "twin/app/result_db.hpp"
#include "twin/app/results.hpp"
#include "twin/app/scenario.hpp"
#include "twin/engine/random.hpp"
#include "twin/engine/schema.hpp"
#include "twin/engine/stats.hpp"

namespace twin {
namespace {

/// A YAML value as --set takes it (flow style for maps and lists).
std::string as_set_value(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

/// A map of dotted --set paths to something; the keys must be plain paths.
void for_each_path(
    const Reader& r, const YAML::Node& n, const std::string& p,
    const std::function<void(const std::string&, const YAML::Node&, const std::string&)>& each,
    SweepSpec::Places* places = nullptr) {
  if (!n.IsMap() || n.size() == 0) r.fail(n, p, "must be a map of dotted --set paths");
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string path = read_text(r, it->first, p);
    if (path.find("..") != std::string::npos || path.front() == '.' || path.back() == '.')
      r.fail(it->first, p + "." + path, "not a dotted key path");
    if (places != nullptr) places->emplace(path, std::pair{r.location(it->first), p + "." + path});
    each(path, it->second, p + "." + path);
  }
}

/// Records where the spec gives `value` for `path`.
void place_value(const Reader& r, SweepSpec::Places& places, const std::string& path,
                 const std::string& value, const YAML::Node& node, const std::string& where) {
  places.emplace(path + "=" + value, std::pair{r.location(node), where});
}

struct Sample {
  long long n = 0;
  long long seed = 1;
  std::string method = "lhs";
};

struct SampleRange {
  double min = 0, max = 0;
  std::string integer = "false";
};

const Schema<SampleRange>& range_fields() {
  static const Schema<SampleRange> t = {
      number_field("min", &SampleRange::min, Range{}, "", "", "lower end"),
      number_field("max", &SampleRange::max, Range{}, "", "", "upper end"),
      choice_field("integer", &SampleRange::integer, {"true", "false"}, "false",
                   "round to whole numbers (machine counts)"),
  };
  return t;
}

/// n values per parameter: Latin hypercube (one value in each of n equal strata, strata
/// shuffled independently per parameter) or plain uniform, from the sample's own seed.
SweepSpec::Axis sample_axis(const Reader& r, const YAML::Node& n, const std::string& p,
                            SweepSpec::Places& places) {
  if (!n.IsMap()) r.fail(n, p, "must be a map {n, seed, method, ranges}");
  check_keys(r, n, p, {"n", "seed", "method", "ranges"});
  Sample s;
  static const Schema<Sample> fields = {
      integer_field("n", &Sample::n, Range::between(1, 100000), "", "", "sample points"),
      integer_field("seed", &Sample::seed, Range::between(0, 9.0e15), "", "1", "sample seed"),
      choice_field("method", &Sample::method, {"lhs", "uniform"}, "lhs", "sampling design"),
  };
  read_rows(r, n, p, fields, s);  // keys checked above; in place, so errors keep their line
  if (!n["ranges"]) r.fail(n, p + ".ranges", "required key is missing");
  SweepSpec::Axis axis;
  std::vector<SampleRange> ranges;
  for_each_path(r, n["ranges"], p + ".ranges",
                [&](const std::string& path, const YAML::Node& v, const std::string& where) {
                  SampleRange range;
                  read_block(r, v, where, range_fields(), range);
                  if (range.max < range.min)
                    r.fail(v, where + ".max",
                           fmt::format("must be >= min {} (got {})", range.min, range.max));
                  axis.paths.push_back(path);
                  ranges.push_back(range);
                },
                &places);
  const auto count = static_cast<std::size_t>(s.n);
  axis.values.assign(count, std::vector<std::string>(ranges.size()));
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    Rng rng =
        make_stream(static_cast<std::uint64_t>(s.seed), 0, axis.paths[k], 0, StreamPurpose::sample);
    std::vector<std::size_t> strata(count);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = count; i > 1; --i)  // Fisher-Yates with our own stream
      std::swap(strata[i - 1],
                strata[static_cast<std::size_t>(rng.uniform01() * static_cast<double>(i))]);
    for (std::size_t i = 0; i < count; ++i) {
      const double u = s.method == "lhs" ? (static_cast<double>(strata[i]) + rng.uniform01()) /
                                               static_cast<double>(count)
                                         : rng.uniform01();
      double v = ranges[k].min + u * (ranges[k].max - ranges[k].min);
      if (ranges[k].integer == "true") v = std::round(v);
      axis.values[i][k] =
          ranges[k].integer == "true" ? fmt::format("{:.0f}", v) : fmt::format("{:.10g}", v);
    }
  }
  return axis;
}

/// A list of values for one path (a grid axis or a zip member).
std::vector<std::string> value_list(const Reader& r, const YAML::Node& v, const std::string& path,
                                    const std::string& p, SweepSpec::Places& places) {
  if (!v.IsSequence() || v.size() == 0) r.fail(v, p, "must be a non-empty list of values");
  std::vector<std::string> out;
  for (const auto& item : v) {
    out.push_back(as_set_value(item));
    place_value(r, places, path, out.back(), item, p);
  }
  return out;
}

void read_vary(const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
  if (!n.IsMap()) r.fail(n, p, "must be a map with grid, zip, sample");
  check_keys(r, n, p, {"grid", "zip", "sample"});
  if (n["grid"])
    for_each_path(r, n["grid"], p + ".grid",
                  [&](const std::string& path, const YAML::Node& v, const std::string& where) {
                    SweepSpec::Axis axis{{path}, {}};
                    for (auto& value : value_list(r, v, path, where, out.places))
                      axis.values.push_back({value});
                    out.axes.push_back(axis);
                  },
                  &out.places);
  if (n["zip"]) {
    SweepSpec::Axis axis;
    std::size_t length = 0;
    for_each_path(r, n["zip"], p + ".zip",
                  [&](const std::string& path, const YAML::Node& v, const std::string& where) {
                    const auto values = value_list(r, v, path, where, out.places);
                    if (axis.paths.empty()) length = values.size();
                    if (values.size() != length)
                      r.fail(v, where,
                             fmt::format("zip lists must have one length ({} values, "
                                         "the first has {})",
                                         values.size(), length));
                    axis.paths.push_back(path);
                    axis.values.resize(length);
                    for (std::size_t i = 0; i < length; ++i) axis.values[i].push_back(values[i]);
                  },
                  &out.places);
    out.axes.push_back(axis);
  }
  if (n["sample"]) out.axes.push_back(sample_axis(r, n["sample"], p + ".sample", out.places));
}

std::string relative_to(const std::string& spec, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(spec).parent_path() / p).lexically_normal().string();
}

const Schema<SweepSpec>& sweep_fields() {
  static const Schema<SweepSpec> t = {
      name_field("sweep", &SweepSpec::name, "", "sweep name"),
      text_field("description", &SweepSpec::description, "none", "free text"),
      {"base", "path", "", "none", "one base scenario (relative to the spec)",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         out.bases.push_back(relative_to(r.file(), read_text(r, n, p)));
         out.places.emplace("base:" + out.bases.back(), std::pair{r.location(n), p});
       }},
      {"bases", "list of paths", "", "none", "base scenarios (relative to the spec)",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         if (!n.IsSequence() || n.size() == 0) r.fail(n, p, "must be a non-empty list of paths");
         for (std::size_t i = 0; i < n.size(); ++i) {
           const std::string where = fmt::format("{}[{}]", p, i);
           out.bases.push_back(relative_to(r.file(), read_text(r, n[i], where)));
           out.places.emplace("base:" + out.bases.back(), std::pair{r.location(n[i]), where});
         }
       }},
      {"replications", "integer >= 1", "", "1", "replications per sweep point",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         out.replications =
             static_cast<std::size_t>(read_integer(r, n, p, Range::between(1, 10000)));
       }},
      {"seed", "integer", "", "the scenario's", "seed of every run",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         out.seed = static_cast<std::uint64_t>(read_integer(r, n, p, Range::between(0, 9.0e15)));
       }},
      {"set", "map path -> value", "", "none", "fixed overrides of every run",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         for_each_path(r, n, p,
                       [&](const std::string& path, const YAML::Node& v, const std::string& where) {
                         out.fixed.emplace_back(path, as_set_value(v));
                         place_value(r, out.places, path, out.fixed.back().second, v, where);
                       },
                       &out.places);
       }},
      {"sources", "map path -> text", "", "none", "where each varied path's values come from",
       [](const Reader& r, const YAML::Node& n, const std::string& p, SweepSpec& out) {
         for_each_path(r, n, p,
                       [&](const std::string& path, const YAML::Node& v, const std::string& where) {
                         out.sources[path] = read_text(r, v, where);
                       });
       }},
      number_field("timeout_s", &SweepSpec::timeout_s, Range::above(0), "s", "none",
                   "a run taking longer is killed and recorded as failed"),
      {"vary", "map {grid, zip, sample}", "", "none", "the varied parameters", read_vary},
  };
  return t;
}

std::string hex(std::uint64_t v) { return fmt::format("{:016x}", v); }

/// The stable key of a run: the resolved scenario, seed and replication.
std::string run_key(const Scenario& s) {
  const nlohmann::ordered_json canonical{
      {"stations", line_json(s)["stations"]},
      {"scenario", s.name},
      {"seed", s.seed},
      {"replication", s.replication},
      {"warmup_h", s.warmup_h},
      {"horizon_h", s.horizon_h},
      {"plant",
       {s.plant.days_per_year, s.plant.hours_per_day, s.plant.design_gwh_per_year,
        s.plant.capex_reference_gwh_per_year, s.plant.capex_exponent}},
      {"cell", s.cell ? s.cell->file : ""},
      {"costs", s.costs_file}};
  return hex(stable_hash(canonical.dump()));
}

/// Over the sweep points of each base (each point a sample of the varied inputs, its value the
/// mean over replications): P5/P50/P95 of throughput, GWh/yr and cost per Wh, the share of
/// points reaching the design GWh/yr, and the partial rank correlation of every varied input
/// with each output (a tornado of the process inputs). Printed and stored in `uncertainty`.
std::string uncertainty(ResultDb& db) {
  const auto params = db.parameters();
  std::vector<std::tuple<std::string, std::string, std::string, double>> rows;
  std::string text;
  const auto design = db.point_means("battery.design_gwh_per_year");
  for (const char* output : {"kpis.throughput_per_h", "battery.gwh_per_year", "cost.per_wh"}) {
    const auto means = db.point_means(output);
    std::map<std::string, std::vector<const ResultDb::PointMean*>> by_base;
    for (const auto& m : means) by_base[m.base].push_back(&m);
    for (const auto& [base, points] : by_base) {
      if (points.size() < 3) continue;
      std::vector<double> y;
      std::vector<std::vector<double>> x;
      bool numeric = !params.empty();
      for (const auto* m : points) {
        y.push_back(m->mean);
        std::vector<double> row;
        for (const auto& v : m->parameters) {
          char* end = nullptr;
          const double d = std::strtod(v.c_str(), &end);
          numeric = numeric && end != v.c_str() && *end == '\0';
          row.push_back(d);
        }
        x.push_back(row);
      }
      auto sorted = y;
      std::sort(sorted.begin(), sorted.end());
      if (sorted.back() == 0 && sorted.front() == 0) continue;  // e.g. the cost of an uncosted line
      text += fmt::format("{} over {} points of {}: P5 {:.5g}  P50 {:.5g}  P95 {:.5g}", output,
                          points.size(), base, percentile(sorted, 0.05), percentile(sorted, 0.5),
                          percentile(sorted, 0.95));
      for (const auto& [name, q] :
           {std::pair{"p5", 0.05}, std::pair{"p50", 0.5}, std::pair{"p95", 0.95}})
        rows.emplace_back(base, output, name, percentile(sorted, q));
      if (std::string(output) == "battery.gwh_per_year" && !design.empty() &&
          design.front().mean > 0) {
        std::size_t reach = 0;
        for (double v : y) reach += v >= design.front().mean ? 1 : 0;
        const double share = static_cast<double>(reach) / static_cast<double>(y.size());
        rows.emplace_back(base, output, "share_reaching_design", share);
        text += fmt::format("  reaching design {:.3g} GWh/yr: {}/{} points ({:.0f} %)",
                            design.front().mean, reach, y.size(), 100 * share);
      }
      text += "\n";
      if (!numeric) continue;
      const auto prcc = partial_rank_correlation(x, y);
      std::vector<std::size_t> order(params.size());
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(std::isnan(prcc[a]) ? 0 : prcc[a]) >
               std::abs(std::isnan(prcc[b]) ? 0 : prcc[b]);
      });
      for (std::size_t j : order) {
        rows.emplace_back(base, output, "prcc " + params[j], prcc[j]);
        text += std::isnan(prcc[j])
                    ? fmt::format("       n/a  {} (constant or varied together with another)\n",
                                  params[j])
                    : fmt::format("    {:>+6.2f}  {}\n", prcc[j], params[j]);
      }
    }
  }
  db.put_uncertainty(rows);
  if (text.empty()) return text;
  return fmt::format("uncertainty over the sweep points (partial rank correlation per input):\n{}",
                     text);
}

std::string write_outputs(ResultDb& db, const std::filesystem::path& dir) {
  db.rebuild_summary();
  const std::string text = uncertainty(db);
  db.write_csv("runs", (dir / "results.csv").string());
  db.write_csv("summary", (dir / "summary.csv").string());
  db.write_csv("uncertainty", (dir / "uncertainty.csv").string());
  return text;
}

}  // namespace

std::vector<std::string> SweepSpec::parameters() const {
  std::vector<std::string> out;
  for (const auto& axis : axes) out.insert(out.end(), axis.paths.begin(), axis.paths.end());
  return out;
}

SweepSpec load_sweep(const std::string& file) {
  const YAML::Node root = load_yaml_file(file, "sweep spec");
  Reader reader(file);
  if (!root.IsMap()) reader.fail(root, "(top)", "a sweep spec must be a YAML map");
  SweepSpec spec;
  spec.file = file;
  read_block(reader, root, "", sweep_fields(), spec);
  if (spec.bases.empty()) reader.fail(root, "bases", "a sweep needs base or bases");
  const auto params = spec.parameters();
  for (const auto& p : params)
    if (!spec.sources.count(p))
      reader.fail(root, "sources." + p, "a varied path needs its source (citation or assumption)");
  for (const auto& [p, text] : spec.sources)
    if (std::find(params.begin(), params.end(), p) == params.end())
      reader.fail(root["sources"], "sources." + p, "is not a varied path");
  for (std::size_t i = 0; i < params.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (params[i] == params[j])
        reader.fail(root["vary"], "vary", "path '" + params[i] + "' is varied twice");
  return spec;
}

std::vector<Assignments> sweep_points(const SweepSpec& spec) {
  std::vector<Assignments> points = {{}};
  for (const auto& axis : spec.axes) {
    std::vector<Assignments> next;
    for (const auto& point : points)
      for (const auto& values : axis.values) {
        Assignments p = point;
        for (std::size_t k = 0; k < axis.paths.size(); ++k)
          p.emplace_back(axis.paths[k], values[k]);
        next.push_back(std::move(p));
      }
    points = std::move(next);
  }
  return points;
}

namespace {
/// The spec's place that led to an error loading a sweep point: the value or path of the
/// override it names, else the base.
std::pair<std::string, std::string> place_of(const SweepSpec& spec, const std::string& base,
                                             const Assignments& overrides, const ConfigError& e) {
  const std::string what = e.what();
  auto at = [&](const std::string& key) -> std::optional<std::pair<std::string, std::string>> {
    const auto found = spec.places.find(key);
    if (found == spec.places.end()) return std::nullopt;
    return found->second;
  };
  for (const auto& [path, value] : overrides) {
    // "--set PATH: ..." judges the value; "--set: PREFIX: no such key" the path itself.
    if (what.find("--set " + path + ":") != std::string::npos) {
      auto place = at(path + "=" + value);
      if (!place) place = at(path);  // a sampled value: the range it came from
      if (place) return *place;
    }
    if (what.find(": --set: ") != std::string::npos && path.rfind(e.key_path(), 0) == 0)
      if (auto place = at(path)) return *place;
  }
  if (auto place = at("base:" + base)) return *place;
  return {spec.file, "vary"};
}
}  // namespace

std::vector<SweepRun> plan_sweep(const SweepSpec& spec) {
  const auto points = sweep_points(spec);
  std::vector<SweepRun> runs;
  for (const auto& base : spec.bases)
    for (std::size_t p = 0; p < points.size(); ++p) {
      Assignments overrides = spec.fixed;
      overrides.insert(overrides.end(), points[p].begin(), points[p].end());
      Scenario scenario;
      try {
        scenario = load_scenario(base, overrides);
      } catch (const ConfigError& e) {
        const auto [where, key] = place_of(spec, base, overrides, e);
        throw ConfigError(where, key, fmt::format("point {} of {}: {}", p + 1, base, e.what()));
      }
      if (spec.seed) scenario.seed = *spec.seed;
      const auto first_replication = scenario.replication;
      for (std::size_t r = 0; r < spec.replications; ++r) {
        SweepRun run;
        run.base = base;
        run.point = p;
        run.replication = r;
        run.seed = scenario.seed;
        run.replication_index = first_replication + r;
        run.parameters = points[p];
        for (const auto& [path, value] : overrides) run.set_args.push_back(path + "=" + value);
        run.set_args.push_back(fmt::format("replication={}", run.replication_index));
        scenario.replication = run.replication_index;
        run.key = run_key(scenario);
        runs.push_back(std::move(run));
      }
    }
  return runs;
}

int run_sweep(const SweepSpec& spec, const SweepOptions& options) {
  const auto planned = plan_sweep(spec);  // validates everything before any run starts
  const std::filesystem::path dir = options.out_dir;
  // The CSV files are rewritten from the database at the end; until then none looks current.
  clear_outputs(dir, {"results.csv", "summary.csv", "uncertainty.csv"});
  prepare_out_dir(dir / "runs");
  ResultDb db((dir / "results.sqlite").string());
  db.set_parameters(spec.name, spec.parameters());
  const auto done = options.resume ? db.finished_keys() : std::set<std::string>{};
  std::vector<const SweepRun*> todo;
  std::vector<ChildRun> children;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    if (i % options.shards != options.shard - 1) continue;  // this shard's deterministic share
    const auto& run = planned[i];
    if (done.count(run.key)) continue;
    ChildRun child{run.base, (dir / "runs" / run.key).string(), {}, spec.timeout_s};
    if (spec.seed) child.extra_args = {"--seed", std::to_string(*spec.seed)};
    for (const auto& set : run.set_args)
      child.extra_args.insert(child.extra_args.end(), {"--set", set});
    child.extra_args.insert(
        child.extra_args.end(),
        {"--label", fmt::format("sweep={} point={} key={}", spec.name, run.point + 1, run.key)});
    const bool keep = run.replication == 0 &&
                      std::count(options.event_points.begin(), options.event_points.end(),
                                 run.point + 1) > 0;
    if (keep && !options.kept_event_args.empty()) child.event_args = options.kept_event_args;
    todo.push_back(&run);
    children.push_back(std::move(child));
  }
  spdlog::info("sweep {}: {} runs planned, {} to run here", spec.name, planned.size(), todo.size());
  Progress progress("sweep " + spec.name, todo.size(), options.progress);
  std::vector<std::string> failures;
  auto on_done = [&](std::size_t i, const ChildResult& result) {
    const SweepRun& run = *todo[i];
    RunRow row{run.key,
               run.base,
               static_cast<long long>(run.point),
               static_cast<long long>(run.replication_index),
               run.seed,
               result.results ? "ok" : "failed",
               result.exit_code,
               result.results ? "" : result.stderr_tail,
               result.wall_s,
               run.parameters,
               {}};
    if (result.results) row.kpis = flatten_results(*result.results);
    db.put(row);
    if (!result.results) {
      std::string params;
      for (const auto& [p, v] : run.parameters) params += " " + p + "=" + v;
      failures.push_back(fmt::format("{} ({}, point {}{}, replication {}): exit {}: {}", run.key,
                                     run.base, run.point + 1, params, run.replication + 1,
                                     result.exit_code, result.stderr_tail));
    }
    progress.done(result.results.has_value());
  };
  const int jobs = options.jobs > 0 ? options.jobs : omp_get_num_procs();
  run_children(children, jobs, on_done);
  progress.finish();
  const std::string report = write_outputs(db, dir);
  if (options.progress && !report.empty()) std::fprintf(stdout, "%s", report.c_str());
  if (interrupted()) {
    std::fprintf(stderr, "celltwin: sweep interrupted: %zu of %zu runs kept in %s\n",
                 progress.finished(), todo.size(), (dir / "results.sqlite").c_str());
    return 130;
  }
  if (!failures.empty()) {
    std::fprintf(stderr, "celltwin: %zu of %zu runs failed:\n", failures.size(), todo.size());
    for (const auto& f : failures) std::fprintf(stderr, "  %s\n", f.c_str());
    return 1;
  }
  return 0;
}

int merge_sweeps(const std::string& out, const std::vector<std::string>& shards) {
  const std::filesystem::path path(out);
  std::error_code error;
  for (const auto& shard : shards) {  // all checked before OUT is touched
    if (!std::filesystem::is_regular_file(shard))
      throw ConfigError(shard, "(file)", "no such shard database");
    if (std::filesystem::equivalent(shard, path, error))
      throw ConfigError(shard, "(file)", "is the output database itself");
  }
  const bool fresh = !std::filesystem::exists(path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  try {
    ResultDb db(out);
    for (const auto& shard : shards) {
      try {
        db.merge_from(shard);
      } catch (const ConfigError&) {
        throw;
      } catch (const std::runtime_error& e) {
        throw ConfigError(shard, "(file)", std::string("not a sweep database: ") + e.what());
      }
    }
    write_outputs(db, path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
  } catch (...) {
    if (fresh) std::filesystem::remove(path, error);  // no half-merged database left behind
    throw;
  }
  return 0;
}

}  // namespace twin
