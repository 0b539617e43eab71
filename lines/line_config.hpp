// A line's configuration: an optional common source and the stations in flow order, read from
// the scenario's `line:` block; the routing resolved and checked (which station feeds which,
// assembly inputs, named outputs such as rework); and what the routing implies for KPIs:
// product units per unit at each station and the product path. No SimGrid here, so
// `celltwin validate` checks all of it without running.
#pragma once
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stations/source.hpp"
#include "stations/station_config.hpp"
#include "twin/engine/schema.hpp"

namespace lines {

struct LineConfig {
  std::optional<stations::ReleaseConfig> source;
  std::vector<stations::StationConfig> stations;

  /// The station named `name`, or nullptr.
  const stations::StationConfig* find(const std::string& name) const;
  /// Its index in `stations`; stations.size() if there is none.
  std::size_t index_of(const std::string& name) const;
};

/// The `line:` table: source and the station list. Stations are read at the paths
/// line.stations.<name> (the form --set takes), or line.stations[i] before a name is known.
const twin::Schema<LineConfig>& line_fields();

/// Resolves every station's `to` (the next station unless routed otherwise; an assembly's
/// inputs feed it), gives head stations the line's source, and checks the routing: names
/// exist, flow goes downstream, every station is fed, and the line can make something.
/// `stations_node` is the YAML list, for error locations; `patched` says a base line was
/// changed by a patch (messages then say what the patch must add).
void resolve_routing(const twin::Reader& r, const YAML::Node& stations_node, bool patched,
                     LineConfig& line);

/// Product units (cells for a battery line) per unit processed at each station, from the
/// routing, assembly ratios and conversions: 1 at the end of the line.
std::vector<double> product_units_per_unit(const LineConfig& line);
/// The same per lot kind (supply, convert and assembly output kinds); a kind used with two
/// different ratios is left out.
std::map<std::string, double> product_units_per_kind(const LineConfig& line);
/// The lot kind each station processes (what it receives; what it makes for an assembly): the
/// unit its processed and scrapped counts are in. "mixed" where merging feeders differ.
std::vector<std::string> processed_kinds(const LineConfig& line);
/// Stations whose yield is the product's: from the end of the line upstream to the station
/// where the product is assembled from two or more inputs (or to the head of a single chain).
std::vector<bool> product_path(const LineConfig& line);

}  // namespace lines
