#include "stations/web_station.hpp"

namespace stations {

const twin::Schema<WebStation::Params>& WebStation::fields() {
  using twin::Change;
  static const twin::Schema<Web> web = {
      twin::distribution_field("speed_m_per_min", &Web::speed_m_per_min, twin::Range::above(0),
                               "m/min", "", "line speed, sampled per roll")
          .as(Change::recipe),
      twin::number_field("startup_waste_m", &Web::startup_waste_m, twin::Range::at_least(0), "m",
                         "0", "metres scrapped at the start of every roll")
          .as(Change::recipe),
      twin::distribution_field("roll_change_s", &Web::roll_change_s, twin::Range::at_least(0), "s",
                               "0", "setup time before every roll")
          .as(Change::recipe),
  };
  static const twin::Schema<Params> table = {
      twin::block_field("web", &Params::web, web, "",
                        "speed_m_per_min, startup_waste_m, roll_change_s")
          .as(Change::recipe),
  };
  return table;
}

void WebStation::run_machine(Machine& machine) {
  const auto& web = *params<Params>().web;
  for (;;) {
    twin::Lot roll = input().take();
    if (!web.roll_change_s.is_zero()) {
      emit(machine, twin::Event::setup, &roll, roll.quantity);
      work(machine, web.roll_change_s.sample(machine.setup_rng), &roll);
    }
    emit(machine, twin::Event::start, &roll, roll.quantity);
    const double speed_m_per_s = web.speed_m_per_min.sample(machine.cycle_rng) / 60.0;
    work(machine, ramped(roll.quantity / speed_m_per_s), &roll);
    finish(machine, roll, web.startup_waste_m);
    pass_on(machine, std::move(roll));
  }
}

}  // namespace stations
