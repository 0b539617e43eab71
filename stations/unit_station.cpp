#include "stations/unit_station.hpp"

namespace stations {

const twin::Schema<twin::StationConfig>& UnitStation::fields() {
  static const twin::Schema<twin::StationConfig> table = {
      twin::distribution_field("cycle_time_s", &twin::StationConfig::cycle_time_s,
                               twin::Range::at_least(0), "s", "",
                               "processing time of one lot on one machine"),
  };
  return table;
}

void UnitStation::run_machine(Machine& machine) {
  for (;;) {
    twin::Lot lot = input().take();
    emit(machine, twin::Event::start, &lot, lot.quantity);
    work(machine, config().cycle_time_s.sample(machine.cycle_rng), &lot);
    finish(machine, lot);
    pass_on(machine, std::move(lot));
  }
}

}  // namespace stations
