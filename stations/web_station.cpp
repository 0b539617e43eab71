#include "stations/web_station.hpp"

namespace stations {

const twin::Schema<twin::StationConfig>& WebStation::fields() {
  static const twin::Schema<twin::WebConfig> web = {
      twin::distribution_field("speed_m_per_min", &twin::WebConfig::speed_m_per_min,
                               twin::Range::above(0), "m/min", "", "line speed, sampled per roll"),
      twin::number_field("startup_waste_m", &twin::WebConfig::startup_waste_m,
                         twin::Range::at_least(0), "m", "0",
                         "metres scrapped at the start of every roll"),
      twin::distribution_field("roll_change_s", &twin::WebConfig::roll_change_s,
                               twin::Range::at_least(0), "s", "0",
                               "setup time before every roll"),
  };
  static const twin::Schema<twin::StationConfig> table = {
      twin::block_field("web", &twin::StationConfig::web, web, "",
                        "speed_m_per_min, startup_waste_m, roll_change_s"),
  };
  return table;
}

void WebStation::run_machine(Machine& machine) {
  const auto& web = *config().web;
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
