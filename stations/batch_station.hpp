// Batch station: a machine loads up to `batch.capacity` lots, processes them together for a
// sampled duration and unloads them together (vacuum ovens, formation racks, aging shelves,
// isostatic presses).
//
// Scope: a full batch starts at once; with `batch.max_wait_s` a partial batch starts when that
// long has passed since its first lot arrived. Idle machines are filled one at a time (the
// loading machine takes every arriving lot until its batch starts), as a rack or oven is loaded
// in practice; filling all idle machines round-robin would spread lots thinly and start every
// batch late. Unloading hands lots on in loading order; a full
// next buffer blocks the machine until every lot is out. Scrap per unit, failures pause the batch.
// Not modelled: lots of different kinds mixed in one batch are not prevented.
// Validated: saturated throughput = capacity x machines / duration (tests/test_queueing.cpp).
#pragma once
#include <simgrid/s4u/Semaphore.hpp>

#include "stations/station.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

class BatchStation : public Station {
 public:
  struct Batch {
    long long capacity = 1;  // lots per batch
    twin::Distribution duration_s;
    double max_wait_s = -1;  // < 0: wait for a full batch
  };
  struct Params : KindParams {
    std::optional<Batch> batch;
  };
  BatchStation(const StationConfig& config, int index, twin::RunContext& run);
  static const twin::Schema<Params>& fields();
  long long lots_per_machine() const override { return params<Params>().batch->capacity; }

 protected:
  void run_machine(Machine& machine) override;

 private:
  simgrid::s4u::SemaphorePtr loading_;  // held by the one machine being loaded
};

}  // namespace stations
