// The event stream: stations emit one record per state change; sinks (the CSV log, the KPI
// collector) consume them in time order. Stations never compute KPIs themselves.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "twin/engine/lot.hpp"

namespace twin {

enum class Event : std::uint8_t {
  release,    // source: a new lot enters the line
  reject,     // source: an arrival found no room and was lost (when_full: drop)
  arrive,     // a lot enters a station's input buffer
  start,      // a machine starts processing a lot (machine busy)
  assemble,   // an assembly machine starts making a new lot from consumed stock (busy)
  consume,    // units of an input lot used up by assembly or conversion
  convert,    // a lot turned into another kind (e.g. metres of electrode into sheets)
  setup,      // a machine starts a setup / roll change
  finish,     // processing of a lot finished (machine idle until it hands the lot on)
  scrap,      // units scrapped
  rework,     // units sent to rework
  blocked,    // a finished lot cannot move on: the next buffer is full
  unblocked,  // the blocked lot moved on
  fail,       // machine breaks down
  repair,     // machine repaired; interrupted work resumes
  exit,       // good units leave the last station
};

constexpr std::size_t kEventKinds = static_cast<std::size_t>(Event::exit) + 1;
const char* to_string(Event event);

struct EventRecord {
  double time_s;
  int station;  // index into the station names; -1 = source
  int machine;  // -1 when no machine is involved (buffers, source)
  Event event;
  const Lot* lot;
  double quantity;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const EventRecord& record) = 0;
};

/// Fans records out to the sinks and counts them.
class EventBus {
 public:
  void add_sink(EventSink* sink) { sinks_.push_back(sink); }
  void emit(const EventRecord& record) {
    ++count_;
    for (auto* sink : sinks_) sink->on_event(record);
  }
  std::uint64_t count() const { return count_; }

 private:
  std::vector<EventSink*> sinks_;
  std::uint64_t count_ = 0;
};

/// events.csv, streamed: a '#' header line naming celltwin version, scenario and seed, a column
/// line, then one row per event. Times with microsecond resolution.
class CsvEventLog : public EventSink {
 public:
  CsvEventLog(const std::string& path, const std::string& scenario, std::uint64_t seed,
              std::uint64_t replication, std::vector<std::string> station_names);
  ~CsvEventLog() override;
  CsvEventLog(const CsvEventLog&) = delete;
  CsvEventLog& operator=(const CsvEventLog&) = delete;
  void on_event(const EventRecord& record) override;
  /// Flushes and closes; throws std::runtime_error on a write error (e.g. disk full).
  void close();

 private:
  std::FILE* file_ = nullptr;
  std::vector<std::string> station_names_;
  std::string path_;
};

}  // namespace twin
