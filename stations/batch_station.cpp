#include "stations/batch_station.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace stations {

namespace {
/// A batch holds its lots in memory; a lot can hold any number of units, so more lots than this
/// in one batch is a modelling error, not a bigger oven.
constexpr double kMaxBatchLots = 1e6;
}  // namespace

BatchStation::BatchStation(const StationConfig& config, int index, twin::RunContext& run)
    : Station(config, index, run), loading_(simgrid::s4u::Semaphore::create(1)) {}

const twin::Schema<BatchStation::Params>& BatchStation::fields() {
  using twin::Change;
  static const twin::Schema<Batch> batch = {
      twin::integer_field("capacity", &Batch::capacity, twin::Range::between(1, kMaxBatchLots), "lots", "",
                          "lots processed together by one machine")
          .as(Change::hardware),
      twin::distribution_field("duration_s", &Batch::duration_s, twin::Range::at_least(0), "s", "",
                               "processing time of one batch")
          .as(Change::recipe),
      twin::number_field("max_wait_s", &Batch::max_wait_s, twin::Range::at_least(0), "s",
                         "wait for a full batch",
                         "start a partial batch this long after its first lot arrived")
          .as(Change::recipe),
  };
  static const twin::Schema<Params> table = {
      twin::block_field("batch", &Params::batch, batch, "", "capacity, duration_s, max_wait_s")
          .as(Change::hardware),
  };
  return table;
}

void BatchStation::run_machine(Machine& machine) {
  const auto& batch_config = *params<Params>().batch;
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
