// Builds a line from a validated scenario: one SimGrid host per station, the stations with their
// machines, the buffers between them (merges share a buffer; assembly gets one per input), and a
// source for every head station.
#pragma once
#include <simgrid/s4u/NetZone.hpp>

#include <memory>
#include <vector>

#include "stations/source.hpp"
#include "stations/station.hpp"
#include "twin/buffer.hpp"
#include "twin/run_context.hpp"

namespace lines {

struct Line {
  std::vector<std::unique_ptr<twin::Buffer>> buffers;
  std::vector<std::unique_ptr<stations::Station>> stations;
  std::vector<std::unique_ptr<stations::Source>> sources;

  std::vector<std::string> station_names() const;
  std::vector<int> machine_counts() const;
};

/// Creates the stations, buffers and sources of `run.scenario()` and starts their actors on
/// hosts of `zone` (which the caller seals).
Line build_line(twin::RunContext& run, simgrid::s4u::NetZone* zone);

}  // namespace lines
