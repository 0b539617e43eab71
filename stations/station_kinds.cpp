#include "stations/station_kinds.hpp"

#include "stations/assembly_station.hpp"
#include "stations/batch_station.hpp"
#include "stations/test_station.hpp"
#include "stations/unit_station.hpp"
#include "stations/web_station.hpp"

namespace stations {
namespace {
template <class S>
StationKind kind(std::string name, std::string doc) {
  return {std::move(name), std::move(doc), S::fields(),
          [](const twin::StationConfig& c, int index, twin::RunContext& run) {
            return std::unique_ptr<Station>(std::make_unique<S>(c, index, run));
          }};
}
}  // namespace

const std::vector<StationKind>& station_kinds() {
  static const std::vector<StationKind> kinds = {
      kind<UnitStation>("unit", "one lot at a time per machine, stochastic cycle time"),
      kind<BatchStation>("batch", "loads up to a capacity of lots, runs them together"),
      kind<WebStation>("web", "continuous roll process on lots measured in metres"),
      kind<AssemblyStation>("assembly", "consumes counted stock from several inputs"),
      kind<TestStation>("test", "measures and sorts units into good, rework and scrap"),
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
