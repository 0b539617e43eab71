// Plant items derived from a line's stations: the building floor by room class (ambient floor,
// dry room per dew-point class) and the formation and aging hall within the ambient floor, with
// their capital cost from the cost file; and, for a retrofit, what enlarging or tightening them
// costs. Utilities (chillers, HVAC outside the dry room, solvent recovery outside the coaters)
// have no capital figure in the sources and are not items here: the README says so.
#pragma once
#include <string>
#include <vector>

#include "twin/app/cost_inputs.hpp"
#include "twin/app/scenario.hpp"

namespace twin {

struct PlantArea {
  std::string name;          // "ambient floor", "dry room -40 degC", ...
  std::string room;          // ambient | dry_room
  double dew_point_c = 0;    // dry_room only
  double area_m2 = 0;
  double capex = 0;          // in the cost file's currency: shell + dry-room premium
};

struct PlantItems {
  std::vector<PlantArea> areas;     // ambient first, then dry rooms from the warmest class
  double formation_hall_m2 = 0;     // of the ambient floor: formation, aging, wetting, curing racks
  double area_m2 = 0, capex = 0;    // totals (capex 0 without a cost file)
};

/// The plant of `scenario` at `values` (its cost file's typical values, or none: areas only).
PlantItems plant_items(const Scenario& scenario, const CostValues* values);

/// One line of a retrofit's plant change, in the cost file's currency of the new line.
struct PlantChange {
  std::string item;  // "building extension", "dry room extension -60 degC", "dry room tightened ..."
  double area_m2 = 0;
  double capex = 0;
};

/// What turning FROM's plant into TO's costs at TO's prices: new floor pays the shell; dry-room
/// floor TO needs is taken from FROM's dry room, coldest first, and pays the premium difference
/// where it must be held colder (tightening) or the whole premium where FROM had none.
std::vector<PlantChange> plant_change(const PlantItems& from, const PlantItems& to,
                                      const CostValues& values);

}  // namespace twin
