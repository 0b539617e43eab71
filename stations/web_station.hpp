// Web station: a continuous roll-to-roll process (coating + drying, calendering, slitting) on
// lots measured in metres, at a sampled line speed in m/min.
//
// Scope: one roll at a time per machine; a roll change (setup) before each roll; processing
// time = roll length / speed; start-up waste (metres) scrapped at the start of every roll, then
// scrap per metre at `scrap_rate`. Failures stop the web and it resumes after repair.
// Not modelled: speed ramps, splices without stopping, width changes.
// Validated: throughput in m/h against length/speed (tests/test_stations.cpp).
#pragma once
#include "stations/station.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

class WebStation : public Station {
 public:
  struct Web {
    twin::Distribution speed_m_per_min;
    double startup_waste_m = 0;        // scrapped at the start of every roll
    twin::Distribution roll_change_s;  // setup before every roll
  };
  struct Params : KindParams {
    std::optional<Web> web;
  };
  using Station::Station;
  static const twin::Schema<Params>& fields();

 protected:
  void run_machine(Machine& machine) override;
};

}  // namespace stations
