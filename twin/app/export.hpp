// `celltwin export RUN_DIR --format ocel|chrome`: the event log in the formats other tools read.
// OCEL 2.0 JSON (process mining: objects = lots by kind and machines, events = the rows, with
// event-to-object and object-to-object relations from the genealogy) and Chrome trace-event
// JSON (Perfetto, chrome://tracing: a track per machine with its busy/setup/down/blocked spans,
// grouped by station; WIP and waiting stock as counters). Both read only the window asked for,
// from the snapshot before it.
#pragma once
#include <optional>
#include <string>

namespace twin {

struct ExportOptions {
  std::string run_dir;
  std::string format;  // ocel | chrome
  std::string out;     // default RUN_DIR/events.ocel.json or RUN_DIR/trace.json
  std::optional<double> from_h, to_h;  // default: the log's window
};

/// What an export wrote, for the summary line and the tests.
struct ExportSummary {
  std::string path;
  std::uint64_t rows = 0, events = 0, objects = 0, spans = 0, counters = 0;
  std::uint64_t bytes_read = 0, seek_offset = 0;
  double from_s = 0, to_s = 0;
};

ExportSummary export_log(const ExportOptions& options);

}  // namespace twin
