// The registry of station kinds: each kind's own parameter table and factory. Scenario loading
// (twin/scenario.cpp) reads a station against the common table plus its kind's table.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stations/station.hpp"
#include "twin/schema.hpp"

namespace stations {

struct StationKind {
  std::string name;
  std::string doc;
  const twin::Schema<twin::StationConfig>& fields;
  std::function<std::unique_ptr<Station>(const twin::StationConfig&, int, twin::RunContext&)>
      create;
};

const std::vector<StationKind>& station_kinds();
const StationKind* find_station_kind(const std::string& name);
std::vector<std::string> station_kind_names();

}  // namespace stations
