// Winding station: winds jelly rolls from continuous electrode and separator webs (cylindrical
// and prismatic cells) — an assembly whose inputs are lane rolls in metres, consumed per roll.
//
// Scope: one machine winds the output lot's units one after another; each unit holds
// `rolls_per_unit` jelly rolls, and each roll takes length_m / speed_m_per_min of winding plus a
// sampled index time (cut, tape, unload, mandrel change). The time follows the electrode length
// of the cell design ({cell: anode_length_m}), not a per-sheet rate. Inputs, stock and scrap
// behave as in assembly. Not modelled: acceleration ramps within a roll, web splices (the lane
// roll changes are in the inputs' lots), tension faults other than the failure model.
// Validated: output rate = 3,600 / (length / speed x 60 + index) per machine
// (tests/test_stations.cpp).
#pragma once
#include "stations/assembly_station.hpp"

namespace stations {

class WindingStation : public AssemblyStation {
 public:
  struct Params : AssemblyStation::Params {
    double length_m = 0;
    double speed_m_per_min = 0;
    twin::Distribution index_time_s;
    double rolls_per_unit = 1;
  };
  using AssemblyStation::AssemblyStation;
  static const twin::Schema<Params>& fields();

 protected:
  double make_time(Machine& machine, const twin::Lot& made) override;
};

}  // namespace stations
