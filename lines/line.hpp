// Builds a line from its resolved configuration: one SimGrid host per station, the stations with
// their machines, the buffers between them (merges share a buffer; assembly gets one per input),
// each output wired from the routing (`out` to the resolved `to`, named outputs such as rework
// to their stations), and a source for every head station.
#pragma once
#include <memory>
#include <simgrid/s4u/NetZone.hpp>
#include <vector>

#include "lines/line_config.hpp"
#include "stations/source.hpp"
#include "stations/station.hpp"
#include "twin/engine/buffer.hpp"
#include "twin/engine/run_context.hpp"

namespace lines {

struct Line {
  std::vector<std::unique_ptr<twin::Buffer>> buffers;
  std::vector<std::unique_ptr<stations::Station>> stations;
  std::vector<std::unique_ptr<stations::Source>> sources;
};

/// Creates the stations, buffers and sources of `config` (routing resolved) and starts their
/// actors on hosts of `zone`, which it seals.
Line build_line(const LineConfig& config, twin::RunContext& run, simgrid::s4u::NetZone* zone);

}  // namespace lines
