#include "stations/batch_station.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace stations {

BatchStation::BatchStation(const twin::StationConfig& config, int index, twin::RunContext& run)
    : Station(config, index, run), loading_(simgrid::s4u::Semaphore::create(1)) {}

const twin::Schema<twin::StationConfig>& BatchStation::fields() {
  static const twin::Schema<twin::BatchConfig> batch = {
      twin::integer_field("capacity", &twin::BatchConfig::capacity, twin::Range::at_least(1),
                          "lots", "", "lots processed together by one machine"),
      twin::distribution_field("duration_s", &twin::BatchConfig::duration_s,
                               twin::Range::at_least(0), "s", "", "processing time of one batch"),
      twin::number_field("max_wait_s", &twin::BatchConfig::max_wait_s, twin::Range::at_least(0),
                         "s", "wait for a full batch",
                         "start a partial batch this long after its first lot arrived"),
  };
  static const twin::Schema<twin::StationConfig> table = {
      twin::block_field("batch", &twin::StationConfig::batch, batch, "",
                        "capacity, duration_s, max_wait_s"),
  };
  return table;
}

void BatchStation::run_machine(Machine& machine) {
  const auto& batch_config = *config().batch;
  const auto capacity = static_cast<std::size_t>(batch_config.capacity);
  std::vector<twin::Lot> batch;
  for (;;) {
    batch.clear();
    loading_->acquire();
    batch.push_back(input().take());
    const double deadline = simgrid::s4u::Engine::get_clock() + batch_config.max_wait_s;
    while (batch.size() < capacity) {
      if (batch_config.max_wait_s < 0) {
        batch.push_back(input().take());
      } else if (auto lot = input().take_until(deadline)) {
        batch.push_back(std::move(*lot));
      } else {
        break;
      }
    }
    loading_->release();
    for (const auto& lot : batch) emit(machine, twin::Event::start, &lot, lot.quantity);
    work(machine, ramped(batch_config.duration_s.sample(machine.cycle_rng)), &batch.front());
    for (auto& lot : batch) finish(machine, lot);
    for (auto& lot : batch) pass_on(machine, std::move(lot));
  }
}

}  // namespace stations
