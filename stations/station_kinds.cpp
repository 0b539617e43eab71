#include "stations/station_kinds.hpp"

#include <algorithm>

#include "stations/assembly_station.hpp"
#include "stations/batch_station.hpp"
#include "stations/test_station.hpp"
#include "stations/unit_station.hpp"
#include "stations/web_station.hpp"
#include "stations/winding_station.hpp"

namespace stations {

bool StationKind::has_key(const std::string& key) const {
  return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.key == key; });
}

const std::vector<StationKind>& station_kinds() {
  static const std::vector<StationKind> kinds = {
      make_station_kind<UnitStation>("unit",
                                     "one lot at a time per machine, stochastic cycle time"),
      make_station_kind<BatchStation>("batch",
                                      "loads up to a capacity of lots, runs them together"),
      make_station_kind<WebStation>("web", "continuous roll process on lots measured in metres"),
      make_station_kind<AssemblyStation>("assembly", "consumes counted stock from several inputs"),
      make_station_kind<WindingStation>(
          "winding", "winds jelly rolls from continuous webs: electrode length / winding speed"),
      make_station_kind<TestStation>("test",
                                     "measures and sorts units into good, rework and scrap"),
  };
  return kinds;
}

const StationKind* find_station_kind(const std::string& name) {
  for (const auto& k : station_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

std::vector<std::string> station_kind_names() {
  std::vector<std::string> names;
  for (const auto& k : station_kinds()) names.push_back(k.name);
  return names;
}

}  // namespace stations
