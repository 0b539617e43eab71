#include "stations/unit_station.hpp"

namespace stations {

const twin::Schema<twin::StationConfig>& UnitStation::fields() {
  static const twin::Schema<twin::StationConfig> table =
      cycle_time_fields("processing time on one machine");
  return table;
}

void UnitStation::run_machine(Machine& machine) {
  for (;;) {
    twin::Lot lot = input().take();
    emit(machine, twin::Event::start, &lot, lot.quantity);
    work(machine, cycle_time(machine, lot), &lot);
    finish(machine, lot);
    pass_on(machine, std::move(lot));
  }
}

}  // namespace stations
