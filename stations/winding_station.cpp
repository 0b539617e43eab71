#include "stations/winding_station.hpp"

namespace stations {

const twin::Schema<WindingStation::Params>& WindingStation::fields() {
  using twin::Change;
  using twin::Range;
  static const twin::Schema<Params> table = [] {
    twin::Schema<Params> t = {
        twin::number_field("length_m", &Params::length_m, Range::above(0), "m", "",
                           "web wound per jelly roll (e.g. {cell: anode_length_m})")
            .as(Change::recipe),
        twin::number_field("speed_m_per_min", &Params::speed_m_per_min, Range::above(0), "m/min",
                           "", "mean winding speed of the web")
            .as(Change::hardware),
        twin::distribution_field("index_time_s", &Params::index_time_s, Range::at_least(0), "s",
                                 "", "per roll: cut, tape, unload, mandrel change")
            .as(Change::hardware),
        twin::number_field("rolls_per_unit", &Params::rolls_per_unit, Range::between(1, 8), "",
                           "1", "jelly rolls per unit made (e.g. {cell: jelly_rolls})")
            .as(Change::recipe),
    };
    add_input_output_fields(t);
    return t;
  }();
  return table;
}

double WindingStation::make_time(Machine& machine, const twin::Lot& made) {
  const auto& p = params<Params>();
  const double rolls = made.quantity * p.rolls_per_unit;
  double seconds = rolls * p.length_m / p.speed_m_per_min * 60.0;
  for (double r = 0; r < rolls; ++r) seconds += p.index_time_s.sample(machine.cycle_rng);
  return ramped(seconds);
}

}  // namespace stations
