#include "twin/app/simulation.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "lines/line.hpp"
#include "twin/engine/atomic_file.hpp"
#include "twin/engine/csv_event_log.hpp"
#include "twin/engine/logging.hpp"
#include "twin/engine/run_context.hpp"

namespace twin {

namespace {

bool g_engine_used = false;

constexpr int kControlSteps = 50;

/// Snapshots of the event log: hourly, or 400 over a long window (a year: every ~22 h), so a
/// reader starting mid-log replays at most one interval before its window and the index stays
/// small (a 1,500-machine line: ~1.6 kB per snapshot).
double snapshot_every_s(double window_s) { return std::max(3600.0, window_s / 400); }

/// Why the run cannot finish within its limits, judged at `fraction` of the simulated time:
/// events.csv bytes extrapolated to the horizon against the free disk, and the wall clock.
/// Empty if it can.
std::string projected_overrun(double fraction, const EventBus& bus, const CsvEventLog* log) {
  // (The event count is projected by the bus itself, see EventBus::check_limits.)
  if (log != nullptr && fraction >= 0.04) {
    const double bytes = static_cast<double>(log->bytes());
    const double still = bytes / fraction - bytes;
    const auto folder = std::filesystem::path(log->spec().csv_path).parent_path();
    std::error_code error;
    const auto space = std::filesystem::space(folder.empty() ? "." : folder, error);
    if (!error && still > static_cast<double>(space.available))
      return fmt::format(
          "stopped at {:.0f} % of the run: events.csv would need ~{:.1f} GB more, {:.1f} GB free "
          "in {} (use --no-events or a shorter horizon)",
          100 * fraction, still / 1e9, static_cast<double>(space.available) / 1e9,
          folder.string());
  }
  if (bus.limits().max_wall_s > 0 && bus.wall_s() > bus.limits().max_wall_s)
    return fmt::format("stopped at {:.0f} % of the run after --max-wall-s {} s", 100 * fraction,
                       bus.limits().max_wall_s);
  return {};
}

/// The one ordinary actor: it ends the run at the horizon (the stations are daemons that would
/// otherwise wait forever), stops a run that cannot finish within its limits, and shows
/// progress.
void control(double end_s, bool progress, const EventBus& bus, const CsvEventLog* log,
             RunContext& run) {
  for (int i = 1; i <= kControlSteps; ++i) {
    simgrid::s4u::this_actor::sleep_until(end_s * i / kControlSteps);
    if (i < kControlSteps) {
      const std::string overrun =
          projected_overrun(static_cast<double>(i) / kControlSteps, bus, log);
      if (!overrun.empty()) {
        if (progress) std::fprintf(stderr, "\n");
        run.fail(overrun);
        simgrid::s4u::Actor::kill_all();
        return;
      }
    }
    if (!progress) continue;
    const double wall = bus.wall_s();
    const double left = wall / i * (kControlSteps - i);
    std::fprintf(stderr,
                 "\rsimulating: %3d%% of %.0f h, %.2g M events/s, %.0f s elapsed, ~%.0f s left ",
                 100 * i / kControlSteps, end_s / 3600,
                 wall > 0 ? static_cast<double>(bus.count()) / wall / 1e6 : 0.0, wall, left);
  }
  if (progress) std::fprintf(stderr, "\n");
}

}  // namespace

RunOutput run_simulation(const Scenario& scenario, const RunOptions& options) {
  if (g_engine_used)
    throw std::logic_error("one simulation per process: SimGrid keeps one engine per process");
  g_engine_used = true;
  const auto wall_start = std::chrono::steady_clock::now();

  std::vector<std::string> args = {"celltwin"};
  for (const auto& flag : simgrid_flags()) args.push_back(flag);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  simgrid::s4u::Engine engine(&argc, argv.data());

  EventBus bus(options.limits, scenario.end_s());
  RunContext run(scenario.seed, scenario.replication, bus);
  auto* zone = simgrid::s4u::create_full_zone("factory");
  lines::Line line = lines::build_line(scenario.line, run, zone);

  std::vector<std::string> names;
  std::vector<int> machines;
  for (const auto& st : scenario.line.stations) {
    names.push_back(st.name);
    machines.push_back(static_cast<int>(st.machines));
  }
  auto kpis = make_kpi_collector({names, machines, lines::product_path(scenario.line),
                                  lines::product_units_per_kind(scenario.line),
                                  lines::processed_kinds(scenario.line), scenario.warmup_s(),
                                  scenario.end_s()});
  bus.add_sink(kpis.get());
  std::unique_ptr<CsvEventLog> log;
  if (options.events) {
    const EventLogRequest& want = *options.events;
    log = std::make_unique<CsvEventLog>(EventLogSpec{
        want.csv_path, want.index_path, names, machines,
        lines::product_units_per_kind(scenario.line), want.from_s, want.to_s,
        snapshot_every_s(want.to_s - want.from_s)});
    bus.add_sink(log.get());
  }
  auto* control_host = zone->get_all_hosts().front();
  simgrid::s4u::Actor::create("control", control_host,
                              [&] { control(scenario.end_s(), options.progress, bus, log.get(), run); });
  spdlog::info("running {} for {} h (+{} h warm-up)", scenario.name, scenario.horizon_h,
               scenario.warmup_h);
  engine.run();
  if (!run.error().empty()) throw RunError(run.error());
  if (log) log->close(scenario.end_s());

  RunOutput out;
  out.kpis = kpis->finish(scenario.end_s());
  out.events = bus.count();
  if (log)
    out.event_log = EventLogInfo{log->spec().from_s, log->spec().to_s,
                                 log->spec().snapshot_every_s, log->rows(), log->bytes()};
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return out;
}

}  // namespace twin
