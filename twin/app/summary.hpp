// The headline numbers of runs side by side (run --replications, compare, retrofit): one
// declared table of summary columns read from results.json, estimated over replications with
// 95 % confidence half-widths (Student t), and paired differences against a first line under
// common random numbers (replication r of every line shares its random streams).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "twin/engine/stats.hpp"

namespace twin {

/// One column of the summaries, read from a run's results.json: declared once, used by the
/// terminal tables, the JSON and the CSV.
struct SummaryColumn {
  std::string key;     // in JSON and CSV
  std::string header;  // on the terminal, with its display unit
  std::string unit;    // of the value in JSON; "currency/Wh" = the cost file's currency
  bool costed;         // only shown when some line is costed
  /// The value, or nullopt where it does not apply (no cell design, no cost file).
  std::function<std::optional<double>(const nlohmann::json& results)> value;
  double display_scale = 1;  // terminal value = value x display_scale (s -> h, share -> %)
  bool in_table = true;      // false: JSON and CSV only (inputs of the retrofit's cash flow)
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
  std::vector<std::pair<std::string, double>> cost_terms;  // the same as numbers, every term
  std::vector<std::optional<double>> values;  // by summary_columns()
  std::vector<double> monthly_throughput_per_h;  // good units/h per 30-day month from t = 0
  double wh_per_cell = 0;                        // 0: no cell design
  bool costed() const { return !currency.empty(); }
};
LineSummary summarize(const nlohmann::json& results);

/// One line over its replications.
struct LineEstimate {
  std::string scenario;
  std::string bottleneck;  // the most frequent over the replications
  std::string currency;
  std::string breakdown;         // of the first replication
  /// Each cost term per Wh over the replications (the terms of the first; every replication
  /// has the same when all are costed, else none).
  std::vector<std::pair<std::string, Estimate>> cost_terms;
  std::vector<Estimate> values;  // by summary_columns(); n = 0 where a column does not apply
  std::vector<LineSummary> replications;
  bool costed() const { return !currency.empty(); }
};
LineEstimate estimate_line(const std::vector<LineSummary>& replications);

/// Replication by replication, `line - base` (both with the same replications, so common
/// random numbers make the difference far less noisy than either line).
std::vector<Estimate> paired_difference(const LineEstimate& base, const LineEstimate& line);

/// The table of the lines with intervals; with two or more lines, the paired differences
/// against the first (`*` marks a difference whose interval excludes zero).
std::string compare_table(const std::vector<LineEstimate>& lines);
/// The same as JSON (per line: every column's mean, half_width, n; the paired differences).
nlohmann::ordered_json compare_json(const std::vector<LineEstimate>& lines);
/// The same as CSV: one row per line and column, with the paired difference.
std::string compare_csv(const std::vector<LineEstimate>& lines);

}  // namespace twin
