// Source: releases new lots into the input buffer of a head station.
//
// `saturated`: a lot whenever that buffer has room (the station never starves); a head station
// with an unlimited buffer is then given buffer 0, so lots are released as machines free up.
// `interarrival_s`: lots arrive at sampled intervals; an arrival that finds the buffer full
// waits (`when_full: block`) or is lost (`when_full: drop`, e.g. the M/M/1/K queue).
// Release and reject events are logged under the head station's name.
#pragma once
#include <simgrid/s4u/Host.hpp>

#include "twin/buffer.hpp"
#include "twin/random.hpp"
#include "twin/run_context.hpp"

namespace stations {

class Source {
 public:
  Source(twin::ReleaseConfig config, int head_station, const std::string& head_name,
         twin::Buffer& head, twin::RunContext& run);
  void start(simgrid::s4u::Host* host);

 private:
  void operator()();
  twin::Lot new_lot();
  twin::ReleaseConfig config_;
  int head_station_;
  std::string head_name_;
  twin::Buffer& head_;
  twin::RunContext& run_;
  twin::Rng rng_;
};

}  // namespace stations
