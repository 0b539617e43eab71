// `celltwin compare` and `celltwin retrofit`: several lines run side by side (as child runs with
// the same seed, so differences are not noise), a summary table, and the station-by-station
// difference between a line and its retrofit with the capital cost of the change.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "twin/app/scenario.hpp"
#include "twin/engine/schema.hpp"

namespace twin {

/// One column of the compare and retrofit summaries, read from a run's results.json: declared
/// once, used by the terminal tables, compare.json's summary and retrofit.json.
struct SummaryColumn {
  std::string key;     // in retrofit.json and the compare summary
  std::string header;  // on the terminal
  std::string unit;    // of the value in JSON; "currency" = the cost file's currency
  bool costed;         // only shown when some line is costed
  /// The value, or nullopt where it does not apply (no cell design, no cost file).
  std::function<std::optional<double>(const nlohmann::json& results)> value;
  /// Terminal text of a value.
  std::function<std::string(double)> shown;
};
const std::vector<SummaryColumn>& summary_columns();
/// The index of the column `key` in summary_columns().
std::size_t summary_column(const std::string& key);

/// The headline numbers of one run, one per summary column.
struct LineSummary {
  std::string scenario;
  std::string bottleneck;
  std::string currency;                       // of the cost columns ("" if not costed)
  std::string breakdown;                      // "materials 0.0901, labour ..." per Wh
  std::vector<std::optional<double>> values;  // by summary_columns()
  bool costed() const { return !currency.empty(); }
};

LineSummary summarize(const nlohmann::json& results);
/// The summary table; with `delta_row` (two lines) a last row with the change from the first.
std::string compare_table(const std::vector<LineSummary>& lines, bool delta_row = false);

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
