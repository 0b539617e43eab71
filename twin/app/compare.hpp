// `celltwin compare` and `celltwin retrofit`: several lines run side by side (as child runs with
// the same seed, so differences are not noise), a summary table, and the station-by-station
// difference between a line and its retrofit with the capital cost of the change.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "twin/app/scenario.hpp"
#include "twin/engine/schema.hpp"

namespace twin {

/// The headline numbers of one run, read from its results.json.
struct LineSummary {
  std::string scenario;
  double cells_per_h = 0;  // good units per hour (cells for battery lines)
  double gwh_per_year = 0;
  double first_pass_yield = 0;
  double final_yield = 0;
  double lead_time_h = 0;
  double wip_mean = 0;
  std::string bottleneck;
  bool costed = false;
  double cost_per_wh = 0;       // in `currency`
  std::string currency;
  double cost_per_wh_cny = 0;   // the same in CNY (0 if the cost file has no CNY rate)
  double materials_share = 0;
  double kwh_per_kwh = 0;
  double co2e_kg_per_kwh = 0;
  std::string breakdown;        // "materials 0.0901, labour ..." per Wh
};

LineSummary summarize(const nlohmann::json& results);
std::string compare_table(const std::vector<LineSummary>& lines);

struct StationChange {
  std::string name;
  /// reused (nothing physical changed) | recipe-changed (same machines, new process settings)
  /// | modified (hardware: the machines are changed) | added | removed
  std::string status;
  std::vector<Changed> changed;  // every parameter that differs, with its change class
  long long machines_from = 0, machines_to = 0;
  double capex_usd = 0;  // what the change costs here (stranded capex for removed stations)
};

struct RetrofitReport {
  std::vector<StationChange> stations;
  double change_capex_usd = 0;    // added stations + conversions + extra machines
  double stranded_capex_usd = 0;  // equipment of removed stations
};

/// Station-by-station difference of two lines (by station name), classified by the change
/// classes of the parameter tables; routing alone is not a change of the station.
RetrofitReport diff_lines(const Scenario& from, const Scenario& to);
std::string retrofit_table(const RetrofitReport& report, const LineSummary& from,
                           const LineSummary& to);
nlohmann::ordered_json retrofit_json(const RetrofitReport& report, const LineSummary& from,
                                     const LineSummary& to);

}  // namespace twin
