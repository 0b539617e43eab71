// `celltwin retrofit`: the station-by-station difference between a line and its retrofit,
// classified by the parameter tables, with the capital cost of the change; the KPI side comes
// from the replication summaries (summary.hpp).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "twin/app/scenario.hpp"
#include "twin/app/summary.hpp"
#include "twin/engine/schema.hpp"

namespace twin {

struct StationChange {
  std::string name;
  /// reused (nothing physical changed) | recipe-changed (same machines, new process settings)
  /// | modified (hardware changed within the machine type, at retrofit_capex_usd) | converted
  /// (into another type, as the machine catalogue says) | replaced (new machines, the old ones
  /// stranded) | added | removed
  std::string status;
  std::vector<Changed> changed;  // every parameter that differs, with its change class
  long long machines_from = 0, machines_to = 0;
  double capex_usd = 0;  // what the change costs here (stranded capex for removed stations)
  /// Out of service for the change: a conversion's downtime, or the catalogue's
  /// install_downtime_h for an added or replaced station.
  double downtime_h = 0;
  std::string basis;      // how the capex was reckoned
};

struct RetrofitReport {
  std::vector<StationChange> stations;
  double change_capex_usd = 0;    // added stations + conversions + extra machines
  double stranded_capex_usd = 0;  // equipment of removed stations and of dropped machines
  /// What the stranded equipment is still worth on the books: installed cost x (1 - age / life)
  /// with FROM's plant.equipment_age_years and its cost file's equipment.life_years (the
  /// installed cost when FROM has no cost file).
  double stranded_book_value_usd = 0;
  double book_value_share = 1;
};

/// Station-by-station difference of two lines (by station name), classified by the change
/// classes of the parameter tables; routing alone is not a change of the station.
RetrofitReport diff_lines(const Scenario& from, const Scenario& to);
std::string retrofit_table(const RetrofitReport& report, const LineEstimate& from,
                           const LineEstimate& to);
nlohmann::ordered_json retrofit_json(const RetrofitReport& report, const LineEstimate& from,
                                     const LineEstimate& to);

}  // namespace twin
