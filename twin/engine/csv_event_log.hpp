// events.csv and its snapshot index: the event stream as a file for replays and exports.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "twin/engine/event_log.hpp"
#include "twin/engine/lot_kinds.hpp"
#include "twin/engine/machine_state.hpp"

namespace twin {

/// One column of events.csv, as run.json and the README describe it.
struct EventColumn {
  const char* name;
  const char* unit;
  const char* doc;
};
/// The columns of events.csv, in file order.
const std::vector<EventColumn>& event_columns();

/// What the event log needs to know of the line, and the window it writes.
struct EventLogSpec {
  std::string csv_path;    // events.csv
  std::string index_path;  // events.index.jsonl: snapshots for starting a replay mid-log
  std::vector<std::string> station_names;
  std::vector<int> machines;  // per station
  std::map<std::string, double> product_units_per_kind;  // cell equivalents per unit
  double from_s = 0;  // rows with from_s <= time_s <= to_s are written
  double to_s = 0;
  double snapshot_every_s = 3600;
};

/// events.csv, streamed: a header row, then one row per event of the window, in time order
/// (RFC 4180 CSV, no comment lines; the run's metadata is in run.json). Times with microsecond
/// resolution. Beside it, events.index.jsonl holds one JSON line per snapshot (at the window
/// start, then every snapshot_every_s): the byte offset and row of the first row at or after
/// the snapshot time, every machine's state, the line's WIP and each station's waiting stock in
/// cell equivalents, so a reader can start at any snapshot instead of replaying the whole log.
class CsvEventLog : public EventSink {
 public:
  explicit CsvEventLog(EventLogSpec spec);
  ~CsvEventLog() override;
  CsvEventLog(const CsvEventLog&) = delete;
  CsvEventLog& operator=(const CsvEventLog&) = delete;
  void on_event(const EventRecord& record) override;
  /// Writes the snapshots up to `end_s` (the end of the run), flushes and closes both files;
  /// throws std::runtime_error on a write error (e.g. disk full).
  void close(double end_s);
  /// Bytes written to events.csv so far (for the disk-space check).
  std::uint64_t bytes() const;
  std::uint64_t rows() const { return rows_; }
  const EventLogSpec& spec() const { return spec_; }

 private:
  void snapshot(double time_s);
  void track(const EventRecord& r);
  /// The CSV field of a lot's kind (quoted once per kind).
  const std::string& kind_field(const Lot* lot);
  inline static const std::string kSource = "source";
  EventLogSpec spec_;
  std::FILE* file_ = nullptr;
  std::FILE* index_ = nullptr;
  std::vector<std::string> quoted_stations_;
  std::vector<std::string> quoted_kinds_;  // by LotKinds index
  LotKinds kinds_;
  std::vector<std::vector<MachineTrack>> machines_;
  LineStock stock_;
  double next_snapshot_s_;
  std::uint64_t rows_ = 0;
  std::uint64_t closed_bytes_ = 0;
  std::vector<char> buffer_ = std::vector<char>(1 << 16);
};

}  // namespace twin
