#include "stations/station.hpp"

#include <cmath>
#include <stdexcept>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace stations {

using twin::Event;
using twin::Lot;
using twin::StreamPurpose;

Station::Station(const StationConfig& config, int index, twin::RunContext& run)
    : run_(run), config_(config), index_(index) {
  for (long long m = 0; m < config.machines; ++m) {
    const auto mu = static_cast<std::uint64_t>(m);
    Machine machine;
    machine.index = static_cast<int>(m);
    machine.cycle_rng = run.stream(config.name, mu, StreamPurpose::cycle);
    machine.scrap_rng = run.stream(config.name, mu, StreamPurpose::scrap);
    machine.failure_rng = run.stream(config.name, mu, StreamPurpose::failure);
    machine.setup_rng = run.stream(config.name, mu, StreamPurpose::setup);
    if (config.failures)
      machine.to_failure_s = config.failures->mtbf_h.sample(machine.failure_rng) * 3600.0;
    machines_.push_back(std::move(machine));
  }
}

void Station::set_output(const std::string& name, twin::Buffer* buffer) {
  if (name == "out") {
    out_ = buffer;
    return;
  }
  named_outputs_.emplace_back(name, buffer);
}

twin::Buffer* Station::output(const std::string& name) const {
  if (name == "out") return out_;
  for (const auto& [n, buffer] : named_outputs_)
    if (n == name) return buffer;
  return nullptr;
}

void Station::start(simgrid::s4u::Host* host) {
  for (auto& machine : machines_)
    twin::start_daemon(name() + "#" + std::to_string(machine.index), host, run_,
                       [this, &machine] { run_machine(machine); });
}

void Station::emit(const Machine& machine, Event event, const Lot* lot, double quantity,
                   std::uint64_t related_lot) {
  run_.emit(index_, machine.index, event, lot, quantity, related_lot);
}

void Station::work(Machine& machine, double seconds, const Lot* lot) {
  if (!(seconds >= 0) || !std::isfinite(seconds))
    throw std::range_error("a work time of " + std::to_string(seconds) +
                           " s (cycle time x ramp x quantity): must be finite and >= 0");
  double remaining = seconds;
  while (remaining > 0) {
    if (remaining < machine.to_failure_s) {
      simgrid::s4u::this_actor::sleep_for(remaining);
      machine.to_failure_s -= remaining;
      return;
    }
    twin::sleep_for_s(machine.to_failure_s, "a time to failure");
    remaining -= machine.to_failure_s;
    emit(machine, Event::fail, lot, 0);
    twin::sleep_for_s(config_.failures->mttr_h.sample(machine.failure_rng) * 3600.0,
                      "a repair time");
    emit(machine, Event::repair, lot, 0);
    machine.to_failure_s = config_.failures->mtbf_h.sample(machine.failure_rng) * 3600.0;
  }
}

void Station::scrap(Machine& machine, Lot& lot, double units) {
  if (units <= 1e-12) return;
  units = std::min(units, lot.quantity);
  lot.quantity -= units;
  emit(machine, Event::scrap, &lot, units);
}

double Station::scrap_units(Machine& machine, Lot& lot, double rate) {
  if (rate <= 0) return 0;
  const auto units = static_cast<std::uint64_t>(std::llround(std::max(lot.quantity, 0.0)));
  const auto scrapped = static_cast<double>(twin::sample_binomial(machine.scrap_rng, units, rate));
  scrap(machine, lot, scrapped);
  return scrapped;
}

void Station::finish(Machine& machine, Lot& lot, double waste_units) {
  emit(machine, Event::finish, &lot, lot.quantity);
  scrap(machine, lot, waste_units);
  scrap_units(machine, lot, config_.scrap_rate.at(twin::RunContext::now_s()));
  if (!config_.convert || lot.quantity <= 0) return;
  const double ratio = config_.convert->units_per_input;
  const double made = std::floor(lot.quantity * ratio + 1e-9);
  scrap(machine, lot, lot.quantity - made / ratio);  // trim: what does not make a whole unit
  emit(machine, Event::consume, &lot, lot.quantity);
  lot.kind = config_.convert->kind;
  lot.quantity = made;
  emit(machine, Event::convert, &lot, made);
}

double Station::ramped(double seconds) const {
  return seconds * config_.cycle_time_factor.at(twin::RunContext::now_s());
}

double Station::cycle_time(Machine& machine, const Lot& lot, const CycleParams& cycle) const {
  const double per = cycle.cycle_time_s.sample(machine.cycle_rng);
  return ramped(cycle.cycle_basis == "unit" ? per * lot.quantity : per);
}

void Station::pass_on(Machine& machine, Lot lot, std::size_t from_input) {
  twin::Buffer& in = input(from_input);
  const bool held = lot.holds_slot;
  if (lot.quantity > 0) {
    if (out_ == nullptr) {
      emit(machine, Event::exit, &lot, lot.quantity);
    } else {
      if (out_->would_block()) {
        emit(machine, Event::blocked, &lot, lot.quantity);
        out_->reserve();
        emit(machine, Event::unblocked, &lot, lot.quantity);
      } else {
        out_->reserve();
      }
      out_->put(std::move(lot));
    }
  }
  in.release_position(held);
}

}  // namespace stations
