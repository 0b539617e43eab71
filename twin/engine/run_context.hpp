// What every actor of one run shares: the seed and replication its random streams derive from,
// the simulated clock, the event bus, lot ids and the first error. Stations see this, never the
// scenario.
#pragma once
#include <cstdint>
#include <functional>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <string>
#include <string_view>

#include "twin/engine/event_log.hpp"
#include "twin/engine/random.hpp"

namespace twin {

class RunContext {
 public:
  RunContext(std::uint64_t seed, std::uint64_t replication, EventBus& bus)
      : seed_(seed), replication_(replication), bus_(bus) {}
  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }
  /// The random stream of (owner, machine, purpose) in this run.
  Rng stream(std::string_view owner, std::uint64_t machine, StreamPurpose purpose) const {
    return make_stream(seed_, replication_, owner, machine, purpose);
  }
  /// Simulated time in seconds since plant start.
  static double now_s() { return simgrid::s4u::Engine::get_clock(); }
  std::uint64_t new_lot_id() { return next_lot_id_++; }
  void emit(int station, int machine, Event event, const Lot* lot, double quantity,
            std::uint64_t related_lot = 0) {
    bus_.emit({now_s(), station, machine, event, lot, quantity, related_lot});
  }
  EventBus& bus() { return bus_; }
  /// Records the first error raised inside an actor; the run then stops and reports it.
  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }
  const std::string& error() const { return error_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  EventBus& bus_;
  std::uint64_t next_lot_id_ = 1;
  std::string error_;
};

/// Sleeps the calling actor for `seconds` of simulated time; a duration that is negative or not
/// finite (SimGrid would abort) throws std::range_error naming `what`.
void sleep_for_s(double seconds, const char* what);

/// Runs `body` as a SimGrid daemon actor; an exception escaping it stops the run cleanly
/// (SimGrid would otherwise abort the process) and is reported by the simulation.
void start_daemon(const std::string& name, simgrid::s4u::Host* host, RunContext& run,
                  std::function<void()> body);

}  // namespace twin
