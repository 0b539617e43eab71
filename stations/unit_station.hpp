// Unit station: each machine processes one lot at a time for a sampled cycle time.
//
// Scope: N identical parallel machines sharing one FIFO input buffer; cycle time per lot
// (independent of lot quantity); scrap per unit at the end of the cycle; operating-time failures
// with preempt-resume. Not modelled: machine-dependent speeds, sequence-dependent setups.
// Validated: M/M/1, M/M/1/K, Jackson tandem, two-machine zero-buffer line, availability
// (tests/test_queueing.cpp).
#pragma once
#include "stations/station.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

class UnitStation : public Station {
 public:
  struct Params : CycleParams {};
  using Station::Station;
  static const twin::Schema<Params>& fields();

 protected:
  void run_machine(Machine& machine) override;
};

}  // namespace stations
