#include "twin/app/export.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "twin/app/event_log_reader.hpp"
#include "twin/engine/atomic_file.hpp"
#include "twin/engine/schema.hpp"

namespace twin {
namespace {

using json = nlohmann::json;

std::string quoted(const std::string& text) { return json(text).dump(); }

/// A streamed JSON output file, written under a temporary name and renamed when complete.
class Output {
 public:
  explicit Output(const std::string& path) : file_(path) {
    out_ = std::fopen(file_.temp_path().c_str(), "w");
    if (out_ == nullptr) throw ConfigError(path, "--out", "cannot write the file");
  }
  ~Output() {
    if (out_ != nullptr) std::fclose(out_);
  }
  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args&&... args) {
    fmt::print(out_, format, std::forward<Args>(args)...);
  }
  void commit() {
    const bool failed = std::ferror(out_) != 0;
    if ((std::fclose(out_) != 0) || failed) {
      out_ = nullptr;
      throw std::runtime_error("error while writing " + file_.temp_path());
    }
    out_ = nullptr;
    file_.commit();
  }

 private:
  AtomicFile file_;
  std::FILE* out_ = nullptr;
};

/// The window [from, to] in seconds, inside the log's own.
std::pair<double, double> window(const ExportOptions& o, const EventLogReader& log) {
  const double from = o.from_h ? *o.from_h * 3600 : log.log_from_s();
  const double to = o.to_h ? std::min(*o.to_h * 3600, log.log_to_s()) : log.log_to_s();
  if (from < log.log_from_s() || from >= to)
    throw ConfigError(o.run_dir, o.from_h ? "--from-h" : "--to-h",
                      fmt::format("the window {} h to {} h is not inside the event log's {} h to "
                                  "{} h",
                                  from / 3600, to / 3600, log.log_from_s() / 3600,
                                  log.log_to_s() / 3600));
  return {from, to};
}

// ---- Chrome trace-event JSON ---------------------------------------------------------------

/// Spans and counters in trace-event JSON: pid 0 is the line (WIP), pid s + 1 station s (its
/// waiting stock), tid m + 1 its machine m. Times in microseconds.
class ChromeTrace {
 public:
  ChromeTrace(Output& out, const EventLogReader& log, LogState& state, double from, double to)
      : out_(out), state_(state), from_(from), to_(to) {
    since_.resize(state.machines.size());
    for (std::size_t s = 0; s < state.machines.size(); ++s)
      since_[s].assign(state.machines[s].size(), from);
    out_.print("{{\"displayTimeUnit\":\"ms\",\"otherData\":{{\"scenario\":{},\"from_s\":{},"
               "\"to_s\":{}}},\"traceEvents\":[\n",
               quoted(log.scenario()), from, to);
    meta(0, -1, "line (WIP, cell equivalents)");
    for (std::size_t s = 0; s < log.stations().size(); ++s) {
      meta(static_cast<int>(s) + 1, -1, fmt::format("{:02} {}", s + 1, log.stations()[s]));
      for (int m = 0; m < log.machines()[s]; ++m)
        meta(static_cast<int>(s) + 1, m, fmt::format("machine {}", m));
    }
    counter(from, 0, "WIP", state.stock.wip_cell_eq);
    for (std::size_t s = 0; s < log.stations().size(); ++s)
      counter(from, static_cast<int>(s) + 1, "waiting", state.stock.waiting_cell_eq[s]);
  }

  /// A row inside the window: closes the machine's span, updates counters.
  void row(const LogRow& r, std::optional<MachineState> before, double wip_before, bool waiting) {
    if (before && *before != track(r).state) close(r.station, r.machine, *before, r.time_s);
    if (state_.stock.wip_cell_eq != wip_before)
      counter(r.time_s, 0, "WIP", state_.stock.wip_cell_eq);
    if (waiting)
      counter(r.time_s, r.station + 1, "waiting",
              state_.stock.waiting_cell_eq[static_cast<std::size_t>(r.station)]);
  }

  ExportSummary finish() {
    for (std::size_t s = 0; s < state_.machines.size(); ++s)
      for (std::size_t m = 0; m < state_.machines[s].size(); ++m)
        close(static_cast<int>(s), static_cast<int>(m), state_.machines[s][m].state, to_);
    out_.print("\n]}}\n");
    ExportSummary summary;
    summary.spans = spans_;
    summary.counters = counters_;
    return summary;
  }

 private:
  MachineTrack& track(const LogRow& r) {
    return state_.machines[static_cast<std::size_t>(r.station)][static_cast<std::size_t>(r.machine)];
  }
  void separator() { out_.print("{}", first_ ? "" : ",\n"), first_ = false; }
  void meta(int pid, int machine, const std::string& name) {
    separator();
    if (machine < 0)
      out_.print(R"({{"ph":"M","name":"process_name","pid":{},"tid":0,"args":{{"name":{}}}}},)"
                 R"({{"ph":"M","name":"process_sort_index","pid":{},"tid":0,"args":{{"sort_index":{}}}}})",
                 pid, quoted(name), pid, pid);
    else
      out_.print(R"({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":{}}}}})",
                 pid, machine + 1, quoted(name));
  }
  static long long micros(double s) { return std::llround(s * 1e6); }
  void counter(double t, int pid, const char* name, double value) {
    separator();
    ++counters_;
    out_.print(R"({{"ph":"C","name":"{}","pid":{},"tid":0,"ts":{},"args":{{"cell_eq":{}}}}})",
               name, pid, micros(t), value);
  }
  /// The span of `state` from the machine's last change until t (idle is not drawn).
  void close(int station, int machine, MachineState state, double t) {
    double& since = since_[static_cast<std::size_t>(station)][static_cast<std::size_t>(machine)];
    const double a = std::max(since, from_), b = std::min(t, to_);
    since = t;
    if (state == MachineState::idle || b <= a) return;
    separator();
    ++spans_;
    out_.print(R"({{"ph":"X","name":"{}","cat":"machine","pid":{},"tid":{},"ts":{},"dur":{}}})",
               to_string(state), station + 1, machine + 1, micros(a), micros(b) - micros(a));
  }
  Output& out_;
  LogState& state_;
  double from_, to_;
  std::vector<std::vector<double>> since_;
  bool first_ = true;
  std::uint64_t spans_ = 0, counters_ = 0;
};

// ---- OCEL 2.0 JSON -------------------------------------------------------------------------

/// ISO 8601 UTC with microseconds; t = 0 is 1970-01-01T00:00:00Z.
std::string iso_time(double t_s) {
  const long long us = std::llround(t_s * 1e6);
  const std::time_t seconds = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us % 1000000);
}

/// OCEL 2.0: a lot is an object of its kind, named "<kind>:<lot id>" (a conversion makes a new
/// object of the new kind, related to the old one); machines are objects of type machine,
/// "machine:<station>/<index>". Objects are written after the events (JSON keys have no order),
/// so events stream; the objects of the window stay in memory.
class Ocel {
 public:
  Ocel(Output& out, const EventLogReader& log) : out_(out), log_(log) {
    out_.print("{{\"events\":[\n");
  }

  void row(const LogRow& r, std::uint64_t row_number) {
    const std::string lot = lot_object(r.kind, r.lot);
    std::vector<std::pair<std::string, std::string>> relations;
    if (r.lot != 0) relations.emplace_back(lot, "lot");
    if (r.station >= 0 && r.machine >= 0) relations.emplace_back(machine_object(r), "machine");
    switch (r.event) {
      case Event::consume:
        if (r.related_lot != 0) {
          // The lot made is named by the assemble row that follows (its kind is known there).
          pending_[r.related_lot].push_back({r, row_number, relations, lot});
          return;
        }
        converting_[r.lot] = lot;  // a conversion's consume: the convert row follows
        break;
      case Event::convert:
        if (const auto was = converting_.find(r.lot); was != converting_.end()) {
          relate(lot, was->second, "converted from");
          relations.emplace_back(was->second, "input");
          converting_.erase(was);
        }
        break;
      case Event::rework: {
        const std::string from = lot_object(r.kind, r.related_lot);
        relate(lot, from, "reworked from");
        relations.emplace_back(from, "input");
        break;
      }
      case Event::assemble:
        if (const auto inputs = pending_.find(r.lot); inputs != pending_.end()) {
          for (auto& p : inputs->second) {
            relate(lot, p.input, "made from");
            p.relations.emplace_back(lot, "output");
            write(p.row, p.row_number, p.relations);
          }
          pending_.erase(inputs);
        }
        break;
      default:
        break;
    }
    write(r, row_number, relations);
  }

  ExportSummary finish() {
    for (auto& [lot, inputs] : pending_)  // assembled after the window's end
      for (auto& p : inputs) write(p.row, p.row_number, p.relations);
    out_.print("\n],\"objects\":[\n");
    for (std::size_t i = 0; i < objects_.size(); ++i) {
      const auto& o = objects_[i];
      out_.print("{}{{\"id\":{},\"type\":{},\"attributes\":[", i == 0 ? "" : ",\n", quoted(o.id),
                 quoted(o.type));
      if (!o.station.empty())
        out_.print(R"({{"name":"station","value":{},"time":"1970-01-01T00:00:00Z"}})",
                   quoted(o.station));
      out_.print("],\"relationships\":[");
      for (std::size_t k = 0; k < o.relations.size(); ++k)
        out_.print("{}{{\"objectId\":{},\"qualifier\":\"{}\"}}", k == 0 ? "" : ",",
                   quoted(o.relations[k].first), o.relations[k].second);
      out_.print("]}}");
    }
    out_.print("\n],\"eventTypes\":[");
    bool first = true;
    for (const auto& type : event_types_) {
      out_.print("{}{{\"name\":\"{}\",\"attributes\":[{{\"name\":\"quantity\",\"type\":\"float\"}},"
                 "{{\"name\":\"station\",\"type\":\"string\"}},{{\"name\":\"time_s\",\"type\":"
                 "\"float\"}}]}}",
                 first ? "" : ",", type);
      first = false;
    }
    out_.print("],\"objectTypes\":[");
    first = true;
    for (const auto& type : object_types_) {
      out_.print("{}{{\"name\":{},\"attributes\":[{}]}}", first ? "" : ",", quoted(type),
                 type == "machine" ? R"({"name":"station","type":"string"})" : "");
      first = false;
    }
    out_.print("]}}\n");
    ExportSummary summary;
    summary.events = events_;
    summary.objects = objects_.size();
    return summary;
  }

 private:
  struct Object {
    std::string id, type, station;
    std::vector<std::pair<std::string, const char*>> relations;  // o2o
  };
  struct Pending {
    LogRow row;
    std::uint64_t row_number;
    std::vector<std::pair<std::string, std::string>> relations;
    std::string input;
  };
  Object& object(const std::string& id, const std::string& type) {
    const auto [it, fresh] = index_.emplace(id, objects_.size());
    if (fresh) {
      objects_.push_back({id, type, {}, {}});
      object_types_.insert(type);
    }
    return objects_[it->second];
  }
  std::string lot_object(const std::string& kind, std::uint64_t lot) {
    if (lot == 0) return {};
    std::string id = kind + ":" + std::to_string(lot);
    object(id, kind);
    return id;
  }
  std::string machine_object(const LogRow& r) {
    const std::string& station = log_.stations()[static_cast<std::size_t>(r.station)];
    std::string id = fmt::format("machine:{}/{}", station, r.machine);
    object(id, "machine").station = station;
    return id;
  }
  void relate(const std::string& from, const std::string& to, const char* qualifier) {
    auto& relations = objects_[index_.at(from)].relations;
    for (const auto& [id, q] : relations)
      if (id == to && q == qualifier) return;
    relations.emplace_back(to, qualifier);
  }
  void write(const LogRow& r, std::uint64_t row_number,
             const std::vector<std::pair<std::string, std::string>>& relations) {
    event_types_.insert(to_string(r.event));
    const std::string station = r.station < 0 ? "source" : log_.stations()[static_cast<std::size_t>(r.station)];
    // The schema wants attribute values as strings; their declared types say how to read them.
    out_.print("{}{{\"id\":\"e{}\",\"type\":\"{}\",\"time\":\"{}\",\"attributes\":["
               "{{\"name\":\"quantity\",\"value\":\"{}\"}},{{\"name\":\"station\",\"value\":{}}},"
               "{{\"name\":\"time_s\",\"value\":\"{:.6f}\"}}],\"relationships\":[",
               events_ == 0 ? "" : ",\n", row_number, to_string(r.event), iso_time(r.time_s),
               r.quantity, quoted(station), r.time_s);
    for (std::size_t k = 0; k < relations.size(); ++k)
      out_.print("{}{{\"objectId\":{},\"qualifier\":\"{}\"}}", k == 0 ? "" : ",",
                 quoted(relations[k].first), relations[k].second);
    out_.print("]}}");
    ++events_;
  }
  Output& out_;
  const EventLogReader& log_;
  std::vector<Object> objects_;
  std::unordered_map<std::string, std::size_t> index_;
  std::set<std::string> object_types_, event_types_;
  std::unordered_map<std::uint64_t, std::vector<Pending>> pending_;
  std::unordered_map<std::uint64_t, std::string> converting_;
  std::uint64_t events_ = 0;
};

}  // namespace

ExportSummary export_log(const ExportOptions& options) {
  if (options.format != "ocel" && options.format != "chrome")
    throw ConfigError("--format", options.format, "must be ocel or chrome");
  EventLogReader log(options.run_dir);
  // Plain variables, not a structured binding: clang 14 cannot capture bindings in a lambda.
  const auto window_range = window(options, log);
  const double from = window_range.first, to = window_range.second;
  const std::string path =
      !options.out.empty() ? options.out
                           : (std::filesystem::path(options.run_dir) /
                              (options.format == "ocel" ? "events.ocel.json" : "trace.json"))
                                 .string();
  Output out(path);
  LogState state = log.seek(from);
  LogRow row;
  std::uint64_t rows = 0;
  // Rows between the snapshot and the window only move the state.
  std::optional<ChromeTrace> chrome;
  std::optional<Ocel> ocel;
  bool started = false;
  auto start = [&] {
    started = true;
    if (options.format == "chrome") chrome.emplace(out, log, state, from, to);
    else ocel.emplace(out, log);
  };
  while (log.next(row)) {
    if (row.time_s > to) break;
    if (!started && row.time_s >= from) start();
    const double wip_before = state.stock.wip_cell_eq;
    const auto effect = apply(state, row, log.cell_eq(row.kind, row.quantity));
    if (!started) continue;
    ++rows;
    if (chrome) chrome->row(row, effect.machine_before, wip_before, effect.waiting_changed);
    else ocel->row(row, log.row());
  }
  if (!started) start();
  ExportSummary summary = chrome ? chrome->finish() : ocel->finish();
  out.commit();
  summary.path = path;
  summary.rows = rows;
  summary.bytes_read = log.bytes_read();
  summary.seek_offset = log.seek_offset();
  summary.from_s = from;
  summary.to_s = to;
  return summary;
}

}  // namespace twin
