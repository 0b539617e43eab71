// The sweep database (SQLite, one file a planner opens with sqlite3): a `runs` table with one row
// per run (run key, base, sweep point, every varied parameter as a column, replication, seed,
// status, error, and every KPI, cost term and energy figure of its results.json as a column),
// a `summary` table per sweep point and KPI (n, mean, 95 % half-width), and a `meta` table with
// the varied parameters. Only the sweep's parent process writes it, one transaction per run, so
// a killed sweep leaves a valid database.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

struct sqlite3;

namespace twin {

/// One run as the database stores it.
struct RunRow {
  std::string key;  // stable hash of the resolved scenario, seed and replication
  std::string base;
  long long point = 0;  // index of the sweep point (the parameter combination)
  long long replication = 0;
  unsigned long long seed = 0;
  std::string status;  // ok | failed
  int exit_code = 0;
  std::string error;  // stderr tail of a failed run
  double wall_s = 0;
  std::vector<std::pair<std::string, std::string>> parameters;  // path -> value as set
  std::map<std::string, double> kpis;                           // flattened from results.json
};

/// The numbers of results.json a planner compares: kpis, battery, cost (per_wh, per_kwh,
/// breakdown), energy, flattened to dotted names (kpis.lead_time_s.mean).
std::map<std::string, double> flatten_results(const nlohmann::json& results);

class ResultDb {
 public:
  /// Opens (creating if needed) the database; throws std::runtime_error naming the file.
  explicit ResultDb(const std::string& path);
  ~ResultDb();
  ResultDb(const ResultDb&) = delete;
  ResultDb& operator=(const ResultDb&) = delete;

  /// Declares the varied parameters (columns of runs and summary) and the spec's name.
  void set_parameters(const std::string& sweep, const std::vector<std::string>& parameters);
  std::vector<std::string> parameters() const;
  /// Keys of the runs that finished ok (for --resume).
  std::set<std::string> finished_keys() const;
  /// Inserts or replaces a run, in its own transaction; adds KPI columns it has not seen.
  void put(const RunRow& row);
  /// Copies every run of another database of the same sweep (sweep-merge).
  void merge_from(const std::string& other_path);
  /// Rebuilds `summary`: per base, sweep point and KPI, over the runs that finished ok.
  void rebuild_summary();
  /// Per base and sweep point: the point's varied values and the mean of `kpi` over its
  /// replications (from `summary`).
  struct PointMean {
    std::string base;
    long long point;
    std::vector<std::string> parameters;
    double mean;
  };
  std::vector<PointMean> point_means(const std::string& kpi) const;
  /// Replaces the `uncertainty` table: rows (base, output, statistic, value).
  void put_uncertainty(
      const std::vector<std::tuple<std::string, std::string, std::string, double>>& rows);
  /// Writes a table as CSV (header row, RFC 4180 quoting), ordered for reading.
  void write_csv(const std::string& table, const std::string& path) const;

 private:
  void exec(const std::string& sql) const;
  std::vector<std::string> columns(const std::string& table) const;
  void add_column(const std::string& table, const std::string& name, const std::string& type);
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace twin
