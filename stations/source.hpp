// Source: releases new lots into the input buffer of a head station.
//
// `saturated`: a lot whenever that buffer has room (the station never starves); a head station
// with an unlimited buffer is then given buffer 0, so lots are released as machines free up.
// `interarrival_s`: lots arrive at sampled intervals; an arrival that finds the buffer full
// waits (`when_full: block`) or is lost (`when_full: drop`, e.g. the M/M/1/K queue).
// Release and reject events are logged under the head station's name.
#pragma once
#include <optional>
#include <simgrid/s4u/Host.hpp>
#include <string>

#include "twin/engine/buffer.hpp"
#include "twin/engine/distribution.hpp"
#include "twin/engine/random.hpp"
#include "twin/engine/run_context.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

struct LotSpec {
  std::string kind = "part";
  double quantity = 1;  // units per lot (parts, metres, sheets, cells ...)
};

struct ReleaseConfig {
  std::string mode = "saturated";  // saturated | interarrival
  twin::Distribution interarrival_s;
  std::string when_full = "block";  // block | drop (an arrival that finds no room is lost)
  long long max_lots = -1;          // stop releasing after this many lots; < 0: no limit
  std::optional<LotSpec> lot;
};

/// The tables of a release (line.source, a station's supply) and of a lot {kind, quantity}.
const twin::Schema<ReleaseConfig>& release_fields();
const twin::Schema<LotSpec>& lot_fields();
/// The `release` key's own map form {interarrival_s, when_full}, for the reference.
std::vector<twin::FieldDoc> arrival_docs();

class Source {
 public:
  Source(ReleaseConfig config, int head_station, const std::string& head_name, twin::Buffer& head,
         twin::RunContext& run);
  void start(simgrid::s4u::Host* host);

 private:
  void operator()();
  twin::Lot new_lot();
  ReleaseConfig config_;
  int head_station_;
  std::string head_name_;
  twin::Buffer& head_;
  twin::RunContext& run_;
  twin::Rng rng_;
};

}  // namespace stations
