#include "twin/app/plant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace twin {
namespace {

std::string area_name(const std::string& room, double dew_point_c) {
  return room == "dry_room" ? fmt::format("dry room {:g} degC", dew_point_c) : "ambient floor";
}

double shell_and_premium_per_m2(const PlantArea& a, const CostValues& v) {
  return v[CostInput::building_cost_per_m2] +
         (a.room == "dry_room" ? dry_room_premium_per_m2(v, a.dew_point_c) : 0.0);
}

}  // namespace

PlantItems plant_items(const Scenario& scenario, const CostValues* values) {
  // Keyed by (room, -dew point): ambient first, then dry rooms from the warmest class.
  std::map<std::pair<int, double>, PlantArea> areas;
  PlantItems items;
  for (const auto& st : scenario.line.stations) {
    const double floor = st.floor_m2 * static_cast<double>(st.machines);
    const bool dry = st.room == "dry_room";
    auto& a = areas[{dry ? 1 : 0, dry ? -st.dew_point_c : 0.0}];
    a.room = st.room;
    a.dew_point_c = dry ? st.dew_point_c : 0.0;
    a.name = area_name(a.room, a.dew_point_c);
    a.area_m2 += floor;
    const MachineType* type =
        scenario.machines ? scenario.machines->type(st.machine_type) : nullptr;
    if (!dry && type != nullptr && type->hall == "formation_aging") items.formation_hall_m2 += floor;
  }
  for (auto& [key, a] : areas) {
    if (values != nullptr) a.capex = a.area_m2 * shell_and_premium_per_m2(a, *values);
    items.area_m2 += a.area_m2;
    items.capex += a.capex;
    items.areas.push_back(a);
  }
  return items;
}

std::vector<PlantChange> plant_change(const PlantItems& from, const PlantItems& to,
                                      const CostValues& v) {
  std::vector<PlantChange> changes;
  const double extension_m2 = std::max(0.0, to.area_m2 - from.area_m2);
  if (extension_m2 > 0)
    changes.push_back({"building extension", extension_m2,
                       extension_m2 * v[CostInput::building_cost_per_m2]});
  // FROM's dry rooms, coldest first, serve TO's classes, coldest first.
  std::vector<PlantArea> pool, need;
  for (const auto& a : from.areas)
    if (a.room == "dry_room" && a.area_m2 > 0) pool.push_back(a);
  for (const auto& a : to.areas)
    if (a.room == "dry_room" && a.area_m2 > 0) need.push_back(a);
  const auto colder = [](const PlantArea& a, const PlantArea& b) {
    return a.dew_point_c < b.dew_point_c;
  };
  std::sort(pool.begin(), pool.end(), colder);
  std::sort(need.begin(), need.end(), colder);
  std::size_t next = 0;
  for (auto& n : need) {
    const double premium_to = dry_room_premium_per_m2(v, n.dew_point_c);
    double left = n.area_m2;
    while (left > 0 && next < pool.size()) {
      auto& p = pool[next];
      const double used = std::min(left, p.area_m2);
      if (n.dew_point_c < p.dew_point_c)
        changes.push_back({fmt::format("dry room tightened {:g} -> {:g} degC", p.dew_point_c,
                                       n.dew_point_c),
                           used, used * (premium_to - dry_room_premium_per_m2(v, p.dew_point_c))});
      p.area_m2 -= used;
      left -= used;
      if (p.area_m2 <= 0) ++next;
    }
    if (left > 0)
      changes.push_back({"dry room extension " + fmt::format("{:g} degC", n.dew_point_c), left,
                         left * premium_to});
  }
  return changes;
}

}  // namespace twin
