#include "stations/source.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace stations {

Source::Source(twin::ReleaseConfig config, int head_station, const std::string& head_name,
               twin::Buffer& head, twin::RunContext& run)
    : config_(std::move(config)),
      head_station_(head_station),
      head_name_(head_name),
      head_(head),
      run_(run),
      rng_(twin::make_stream(run.scenario().seed, run.scenario().replication,
                             "source:" + head_name, 0, twin::StreamPurpose::release)) {}

void Source::start(simgrid::s4u::Host* host) {
  twin::start_daemon("source:" + head_name_, host, run_, [this] { (*this)(); });
}

twin::Lot Source::new_lot() {
  twin::Lot lot;
  lot.id = run_.new_lot_id();
  lot.kind = config_.lot->kind;
  lot.quantity = config_.lot->quantity;
  lot.released_s = simgrid::s4u::Engine::get_clock();
  return lot;
}

void Source::operator()() {
  const bool saturated = config_.mode == "saturated";
  const bool drop = config_.when_full == "drop";
  for (long long released = 0; config_.max_lots < 0 || released < config_.max_lots;) {
    if (!saturated) simgrid::s4u::this_actor::sleep_for(config_.interarrival_s.sample(rng_));
    if (drop && head_.would_block()) {
      twin::Lot lost = new_lot();
      run_.emit(head_station_, -1, twin::Event::reject, &lost, lost.quantity);
      continue;
    }
    head_.reserve();
    twin::Lot lot = new_lot();
    run_.emit(head_station_, -1, twin::Event::release, &lot, lot.quantity);
    head_.put(std::move(lot));
    ++released;
  }
}

}  // namespace stations
