// Station: the common model of every station kind — N parallel machines, each an S4U actor,
// fed from an input buffer and handing finished lots on with blocking after service.
//
// A station kind (unit, batch, web, assembly, test) only writes `run_machine`, the behaviour of
// one machine; the mechanisms every kind shares live here: processing time with failures
// (operating-time MTBF, preempt-resume: the interrupted cycle resumes after repair), scrap
// per unit, and passing lots on. Stations only emit events; KPIs are derived in twin/kpis.
#pragma once
#include <limits>
#include <memory>
#include <simgrid/s4u/Host.hpp>
#include <vector>

#include "stations/station_config.hpp"
#include "twin/engine/buffer.hpp"
#include "twin/engine/random.hpp"
#include "twin/engine/run_context.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

/// The state of one machine: its random streams and its failure clock.
struct Machine {
  int index = 0;
  twin::Rng cycle_rng;
  twin::Rng scrap_rng;
  twin::Rng failure_rng;
  twin::Rng setup_rng;
  double to_failure_s = std::numeric_limits<double>::infinity();  // busy seconds left
};

/// The parameters of the kinds that process lot by lot (unit, test, assembly).
struct CycleParams : KindParams {
  twin::Distribution cycle_time_s;
  std::string cycle_basis = "lot";  // lot | unit: cycle time per lot or per unit in the lot
};

/// The rows of CycleParams, for the table of a kind whose Params derive from it.
template <class P>
twin::Schema<P> cycle_time_fields(const std::string& doc) {
  twin::Distribution P::*cycle = &CycleParams::cycle_time_s;
  std::string P::*basis = &CycleParams::cycle_basis;
  return {
      twin::distribution_field("cycle_time_s", cycle, twin::Range::at_least(0), "s", "", doc)
          .as(twin::Change::recipe),
      twin::choice_field("cycle_basis", basis, {"lot", "unit"}, "lot",
                         "cycle_time_s is per lot, or per unit in the lot (a tray of cells)")
          .as(twin::Change::recipe),
  };
}

class Station {
 public:
  Station(const StationConfig& config, int index, twin::RunContext& run);
  virtual ~Station() = default;
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  const StationConfig& config() const { return config_; }
  template <class P>
  const P& params() const {
    return config_.params_as<P>();
  }
  const std::string& name() const { return config_.name; }
  int index() const { return index_; }

  /// Lots one machine holds while working (batch stations hold a whole batch).
  virtual long long lots_per_machine() const { return 1; }
  /// Input buffers: one, or one per input for assembly.
  virtual std::size_t input_count() const { return 1; }

  void set_input(std::size_t i, twin::Buffer* buffer) {
    if (inputs_.size() <= i) inputs_.resize(i + 1, nullptr);
    inputs_[i] = buffer;
  }
  /// Wires output `name` ("out", or one the kind declares in KindParams::outputs) to a buffer;
  /// an unwired "out" is the end of the line.
  void set_output(const std::string& name, twin::Buffer* buffer);
  twin::Buffer& input(std::size_t i = 0) { return *inputs_.at(i); }

  /// Creates one daemon actor per machine on `host`.
  void start(simgrid::s4u::Host* host);

 protected:
  virtual void run_machine(Machine& machine) = 0;

  void emit(const Machine& machine, twin::Event event, const twin::Lot* lot, double quantity,
            std::uint64_t related_lot = 0);
  /// A sampled processing time for `lot`: per lot or per unit (cycle_basis), stretched by the
  /// ramp-up factor at the current plant time.
  double cycle_time(Machine& machine, const twin::Lot& lot, const CycleParams& cycle) const;
  /// `seconds` of a duration stretched by the ramp-up factor at the current plant time.
  double ramped(double seconds) const;
  /// `seconds` of busy time on `lot` (nullptr for setups). A failure due meanwhile interrupts
  /// the work for a repair; the remaining work then resumes.
  void work(Machine& machine, double seconds, const twin::Lot* lot);
  /// Emits finish, scraps `waste_units` (e.g. start-up waste), then each remaining unit with
  /// probability `scrap_rate` (at the current plant time); the lot keeps the rest, converted to
  /// another kind if the station has `convert`.
  void finish(Machine& machine, twin::Lot& lot, double waste_units = 0);
  /// Scraps `units` of `lot` (emits scrap, lowers its quantity).
  void scrap(Machine& machine, twin::Lot& lot, double units);
  /// Scraps each unit of `lot` with probability `rate`; returns the units scrapped.
  double scrap_units(Machine& machine, twin::Lot& lot, double rate);
  /// Hands the good units on (waiting while the next buffer is full) or, at the end of the
  /// line, lets them exit; then frees the lot's position in input `from_input`.
  void pass_on(Machine& machine, twin::Lot lot, std::size_t from_input = 0);

  /// The buffer wired to output `name`; nullptr if none.
  twin::Buffer* output(const std::string& name) const;

  twin::RunContext& run_;

 private:
  StationConfig config_;
  int index_;
  std::vector<twin::Buffer*> inputs_;
  twin::Buffer* out_ = nullptr;  // "out": the resolved `to`; nullptr at the end of the line
  std::vector<std::pair<std::string, twin::Buffer*>> named_outputs_;
  std::vector<Machine> machines_;
};

}  // namespace stations
