// What every actor of one run shares: the scenario, the event bus, lot ids and the first error.
#pragma once
#include <simgrid/s4u/Engine.hpp>

#include <cstdint>
#include <string>

#include "twin/event_log.hpp"
#include "twin/scenario.hpp"

namespace twin {

class RunContext {
 public:
  RunContext(const Scenario& scenario, EventBus& bus) : scenario_(scenario), bus_(bus) {}
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t new_lot_id() { return next_lot_id_++; }
  void emit(int station, int machine, Event event, const Lot* lot, double quantity) {
    bus_.emit({simgrid::s4u::Engine::get_clock(), station, machine, event, lot, quantity});
  }
  EventBus& bus() { return bus_; }
  /// Records the first error raised inside an actor; the run then stops and reports it.
  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }
  const std::string& error() const { return error_; }

 private:
  const Scenario& scenario_;
  EventBus& bus_;
  std::uint64_t next_lot_id_ = 1;
  std::string error_;
};

/// Runs `body` as a SimGrid daemon actor; an exception escaping it stops the run cleanly
/// (SimGrid would otherwise abort the process) and is reported by the simulation.
void start_daemon(const std::string& name, simgrid::s4u::Host* host, RunContext& run,
                  std::function<void()> body);

}  // namespace twin
