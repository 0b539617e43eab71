#include "stations/unit_station.hpp"

namespace stations {

const twin::Schema<UnitStation::Params>& UnitStation::fields() {
  static const twin::Schema<Params> table =
      cycle_time_fields<Params>("processing time on one machine");
  return table;
}

void UnitStation::run_machine(Machine& machine) {
  for (;;) {
    twin::Lot lot = input().take();
    emit(machine, twin::Event::start, &lot, lot.quantity);
    work(machine, cycle_time(machine, lot, params<Params>()), &lot);
    finish(machine, lot);
    pass_on(machine, std::move(lot));
  }
}

}  // namespace stations
