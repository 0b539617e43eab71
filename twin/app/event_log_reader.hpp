// Reading a run's event log back: line.json for the stations, run.json for the window,
// events.index.jsonl for the snapshot to start from, events.csv streamed from its offset. The
// exports and tests replay through it with the engine's rules (machine_state.hpp).
#pragma once
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twin/engine/event_log.hpp"
#include "twin/engine/machine_state.hpp"

namespace twin {

/// One row of events.csv.
struct LogRow {
  double time_s = 0;
  int station = -1;  // index into the stations; -1 = source
  int machine = -1;
  Event event = Event::release;
  std::uint64_t lot = 0;
  std::string kind;
  double quantity = 0;
  std::uint64_t related_lot = 0;
};

/// The state of the line at a snapshot, then moved row by row.
struct LogState {
  double time_s = 0;
  std::vector<std::vector<MachineTrack>> machines;  // per station, per machine
  LineStock stock;
};

class EventLogReader {
 public:
  /// Opens RUN_DIR; throws ConfigError (bad input, exit 2) naming the file for anything missing
  /// or malformed.
  explicit EventLogReader(const std::string& run_dir);
  const std::vector<std::string>& stations() const { return stations_; }
  const std::vector<int>& machines() const { return machines_; }
  double log_from_s() const { return from_s_; }
  double log_to_s() const { return to_s_; }
  const std::string& scenario() const { return scenario_; }
  /// The line's state at the last snapshot at or before `time_s`; the next rows read are the
  /// ones after it.
  LogState seek(double time_s);
  /// The next row, false at the end of the log.
  bool next(LogRow& row);
  /// Cell equivalents of `quantity` units of `kind` (line.json weights; others count 1).
  double cell_eq(const std::string& kind, double quantity) const;
  /// Bytes of events.csv read since the last seek.
  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t seek_offset() const { return offset_; }
  /// The 1-based number of the row last read, counted from the top of events.csv.
  std::uint64_t row() const { return row_; }

 private:
  [[noreturn]] void bad_row(const std::string& text) const;
  std::string dir_, csv_path_, scenario_;
  std::vector<std::string> stations_;
  std::map<std::string, int> station_index_;
  std::vector<int> machines_;
  std::map<std::string, double> weights_;
  double from_s_ = 0, to_s_ = 0;
  std::ifstream csv_;
  std::string line_;
  std::uint64_t offset_ = 0, bytes_read_ = 0, row_ = 0;
};

/// What applying a row changed: the machine's state before it (if the row is a machine event)
/// and whether its station's waiting stock moved.
struct RowEffect {
  std::optional<MachineState> machine_before;
  bool waiting_changed = false;
};

/// Applies a row to the state (machine state, WIP, waiting) by the engine's rules.
RowEffect apply(LogState& state, const LogRow& row, double cell_eq);

}  // namespace twin
