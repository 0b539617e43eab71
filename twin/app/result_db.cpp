#include "twin/app/result_db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "twin/engine/atomic_file.hpp"
#include "twin/engine/stats.hpp"

namespace twin {
namespace {

std::string sql_name(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const std::vector<std::string> kRunColumns = {"key",  "sweep",  "base",      "point", "replication",
                                              "seed", "status", "exit_code", "error", "wall_s"};

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return stmt_; }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  std::string text(int i) {
    const auto* t = sqlite3_column_text(stmt_, i);
    return t == nullptr ? "" : reinterpret_cast<const char*>(t);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void flatten(const nlohmann::json& j, const std::string& prefix,
             std::map<std::string, double>& out) {
  if (j.is_number()) {
    out[prefix] = j.get<double>();
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "by_station" || k == "per_wh_in" || k == "monte_carlo") continue;
      flatten(v, prefix.empty() ? k : prefix + "." + k, out);
    }
  }
}

}  // namespace

std::map<std::string, double> flatten_results(const nlohmann::json& results) {
  std::map<std::string, double> out;
  for (const char* block : {"kpis", "battery", "cost", "energy"})
    if (results.contains(block)) flatten(results[block], block, out);
  return out;
}

ResultDb::ResultDb(const std::string& path) : path_(path) {
  // The destructor does not run for a constructor that throws: close the handle here (SQLite
  // allocates one even when the open fails).
  try {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
      throw std::runtime_error(path + ": cannot open the database: " + sqlite3_errmsg(db_));
    exec("PRAGMA journal_mode=WAL");
    exec("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)");
    exec(
        "CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, sweep TEXT, base TEXT, "
        "point INTEGER, replication INTEGER, seed INTEGER, status TEXT, exit_code INTEGER, "
        "error TEXT, wall_s REAL)");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

ResultDb::~ResultDb() { sqlite3_close(db_); }

void ResultDb::exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(path_ + ": sqlite: " + message);
  }
}

std::vector<std::string> ResultDb::columns(const std::string& table) const {
  Statement s(db_, fmt::format("PRAGMA table_info({})", sql_name(table)));
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.text(1));
  return names;
}

void ResultDb::add_column(const std::string& table, const std::string& name,
                          const std::string& type) {
  const auto have = columns(table);
  if (std::find(have.begin(), have.end(), name) == have.end())
    exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", sql_name(table), sql_name(name), type));
}

void ResultDb::set_parameters(const std::string& sweep,
                              const std::vector<std::string>& parameters) {
  Statement s(db_, "INSERT OR REPLACE INTO meta VALUES (?, ?)");
  const std::string list = nlohmann::json(parameters).dump();
  for (const auto& [name, value] : {std::pair{"sweep", sweep}, std::pair{"parameters", list}}) {
    sqlite3_reset(s.get());
    sqlite3_bind_text(s.get(), 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
    s.step();
  }
  for (const auto& p : parameters) add_column("runs", p, "TEXT");
}

std::vector<std::string> ResultDb::parameters() const {
  Statement s(db_, "SELECT value FROM meta WHERE name = 'parameters'");
  if (!s.step()) return {};
  return nlohmann::json::parse(s.text(0)).get<std::vector<std::string>>();
}

std::set<std::string> ResultDb::finished_keys() const {
  Statement s(db_, "SELECT key FROM runs WHERE status = 'ok'");
  std::set<std::string> keys;
  while (s.step()) keys.insert(s.text(0));
  return keys;
}

void ResultDb::put(const RunRow& row) {
  exec("BEGIN");
  try {
    for (const auto& [name, value] : row.parameters) add_column("runs", name, "TEXT");
    for (const auto& [name, value] : row.kpis) add_column("runs", name, "REAL");
    std::vector<std::string> names = kRunColumns;
    for (const auto& [name, value] : row.parameters) names.push_back(name);
    for (const auto& [name, value] : row.kpis) names.push_back(name);
    std::string sql = "INSERT OR REPLACE INTO runs (", marks;
    for (std::size_t i = 0; i < names.size(); ++i) {
      sql += fmt::format("{}{}", i ? ", " : "", sql_name(names[i]));
      marks += i ? ", ?" : "?";
    }
    Statement s(db_, sql + ") VALUES (" + marks + ")");
    int i = 1;
    auto text = [&](const std::string& v) {
      sqlite3_bind_text(s.get(), i++, v.c_str(), -1, SQLITE_TRANSIENT);
    };
    Statement sweep(db_, "SELECT value FROM meta WHERE name = 'sweep'");
    const std::string sweep_name = sweep.step() ? sweep.text(0) : "";
    text(row.key);
    text(sweep_name);
    text(row.base);
    sqlite3_bind_int64(s.get(), i++, row.point);
    sqlite3_bind_int64(s.get(), i++, row.replication);
    sqlite3_bind_int64(s.get(), i++, static_cast<sqlite3_int64>(row.seed));
    text(row.status);
    sqlite3_bind_int(s.get(), i++, row.exit_code);
    text(row.error);
    sqlite3_bind_double(s.get(), i++, row.wall_s);
    for (const auto& [name, value] : row.parameters) text(value);
    for (const auto& [name, value] : row.kpis) sqlite3_bind_double(s.get(), i++, value);
    s.step();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

void ResultDb::merge_from(const std::string& other_path) {
  {
    ResultDb other(other_path);  // fails clearly on a file that is not a database
    for (const auto& p : other.parameters()) add_column("runs", p, "TEXT");
    if (parameters().empty()) {
      Statement sweep(other.db_, "SELECT value FROM meta WHERE name = 'sweep'");
      set_parameters(sweep.step() ? sweep.text(0) : "", other.parameters());
    }
    const auto mine = columns("runs");
    for (const auto& c : other.columns("runs"))
      if (std::find(mine.begin(), mine.end(), c) == mine.end()) add_column("runs", c, "REAL");
  }
  Statement attach(db_, "ATTACH DATABASE ? AS shard");
  sqlite3_bind_text(attach.get(), 1, other_path.c_str(), -1, SQLITE_TRANSIENT);
  attach.step();
  std::string names;
  {
    Statement s(db_, "PRAGMA shard.table_info(runs)");
    while (s.step()) names += fmt::format("{}{}", names.empty() ? "" : ", ", sql_name(s.text(1)));
  }
  exec("BEGIN");
  exec(fmt::format("INSERT OR REPLACE INTO runs ({0}) SELECT {0} FROM shard.runs", names));
  exec("COMMIT");
  exec("DETACH DATABASE shard");
}

void ResultDb::rebuild_summary() {
  const auto params = parameters();
  std::vector<std::string> kpis;
  for (const auto& c : columns("runs"))
    if (std::find(kRunColumns.begin(), kRunColumns.end(), c) == kRunColumns.end() &&
        std::find(params.begin(), params.end(), c) == params.end())
      kpis.push_back(c);
  exec("BEGIN");
  exec("DROP TABLE IF EXISTS summary");
  std::string create = "CREATE TABLE summary (base TEXT, point INTEGER";
  for (const auto& p : params) create += fmt::format(", {} TEXT", sql_name(p));
  exec(create + ", kpi TEXT, n INTEGER, mean REAL, half_width REAL)");
  std::string select = "SELECT base, point";
  for (const auto& p : params) select += fmt::format(", {}", sql_name(p));
  for (const auto& k : kpis) select += fmt::format(", {}", sql_name(k));
  Statement rows(db_, select + " FROM runs WHERE status = 'ok' ORDER BY base, point, replication");
  struct Group {
    std::vector<std::string> params;
    std::vector<std::vector<double>> values;
  };
  std::map<std::pair<std::string, long long>, Group> groups;
  while (rows.step()) {
    auto& g = groups[{rows.text(0), sqlite3_column_int64(rows.get(), 1)}];
    if (g.values.empty()) {
      g.values.resize(kpis.size());
      for (std::size_t p = 0; p < params.size(); ++p)
        g.params.push_back(rows.text(2 + static_cast<int>(p)));
    }
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      const int col = 2 + static_cast<int>(params.size() + k);
      if (sqlite3_column_type(rows.get(), col) != SQLITE_NULL)
        g.values[k].push_back(sqlite3_column_double(rows.get(), col));
    }
  }
  std::string insert = "INSERT INTO summary VALUES (?, ?";
  for (std::size_t p = 0; p < params.size(); ++p) insert += ", ?";
  Statement put(db_, insert + ", ?, ?, ?, ?)");
  for (const auto& [where, g] : groups)
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      if (g.values[k].empty()) continue;
      const auto e = estimate(g.values[k]);
      sqlite3_reset(put.get());
      int i = 1;
      sqlite3_bind_text(put.get(), i++, where.first.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(put.get(), i++, where.second);
      for (const auto& p : g.params)
        sqlite3_bind_text(put.get(), i++, p.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(put.get(), i++, kpis[k].c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(put.get(), i++, static_cast<sqlite3_int64>(e.n));
      sqlite3_bind_double(put.get(), i++, e.mean);
      if (e.has_interval())
        sqlite3_bind_double(put.get(), i++, e.half_width);
      else
        sqlite3_bind_null(put.get(), i++);
      put.step();
    }
  exec("COMMIT");
}

std::vector<ResultDb::PointMean> ResultDb::point_means(const std::string& kpi) const {
  const auto params = parameters();
  std::string select = "SELECT base, point";
  for (const auto& p : params) select += fmt::format(", {}", sql_name(p));
  Statement s(db_, select + ", mean FROM summary WHERE kpi = ? ORDER BY base, point");
  sqlite3_bind_text(s.get(), 1, kpi.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<PointMean> out;
  while (s.step()) {
    PointMean m{s.text(0), sqlite3_column_int64(s.get(), 1), {}, 0};
    for (std::size_t p = 0; p < params.size(); ++p)
      m.parameters.push_back(s.text(2 + static_cast<int>(p)));
    m.mean = sqlite3_column_double(s.get(), 2 + static_cast<int>(params.size()));
    out.push_back(std::move(m));
  }
  return out;
}

void ResultDb::put_uncertainty(
    const std::vector<std::tuple<std::string, std::string, std::string, double>>& rows) {
  exec("BEGIN");
  exec("DROP TABLE IF EXISTS uncertainty");
  exec("CREATE TABLE uncertainty (base TEXT, output TEXT, statistic TEXT, value REAL)");
  Statement put(db_, "INSERT INTO uncertainty VALUES (?, ?, ?, ?)");
  for (const auto& [base, output, statistic, value] : rows) {
    sqlite3_reset(put.get());
    sqlite3_bind_text(put.get(), 1, base.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(put.get(), 2, output.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(put.get(), 3, statistic.c_str(), -1, SQLITE_TRANSIENT);
    if (std::isfinite(value))
      sqlite3_bind_double(put.get(), 4, value);
    else
      sqlite3_bind_null(put.get(), 4);
    put.step();
  }
  exec("COMMIT");
}

void ResultDb::write_csv(const std::string& table, const std::string& path) const {
  const std::string order = table == "runs"      ? "base, point, replication, key"
                            : table == "summary" ? "base, point, kpi"
                                                 : "rowid";
  Statement s(db_, fmt::format("SELECT * FROM {} ORDER BY {}", sql_name(table), order));
  const int n = sqlite3_column_count(s.get());
  auto field = [](std::string v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += field(sqlite3_column_name(s.get(), i));
  }
  out += "\n";
  while (s.step()) {
    for (int i = 0; i < n; ++i) {
      std::string v;
      switch (sqlite3_column_type(s.get(), i)) {
        case SQLITE_NULL:
          break;
        case SQLITE_FLOAT:
          v = fmt::format("{:.10g}", sqlite3_column_double(s.get(), i));
          break;
        default:
          v = s.text(i);
      }
      if (i > 0) out += ',';
      out += field(v);
    }
    out += "\n";
  }
  write_file_atomically(path, out);
}

}  // namespace twin
