#include "twin/engine/csv_event_log.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace twin {

const std::vector<EventColumn>& event_columns() {
  static const std::vector<EventColumn> columns = {
      {"time_s", "s", "simulated time since plant start (t = 0, warm-up included), 6 decimals"},
      {"station", "", "station name (line.json), or 'source' for releases and rejects"},
      {"machine", "", "machine index within the station, 0-based; -1 for buffer and source events"},
      {"event", "",
       "release, reject, arrive, start, assemble, consume, convert, setup, finish, scrap, "
       "rework, blocked, unblocked, fail, repair, exit"},
      {"lot", "", "lot id (unique in the run); 0 for machine events without a lot"},
      {"kind", "", "the lot's kind (its unit: electrode_m, sheets, cells, trays ...)"},
      {"quantity", "units of kind", "units the event concerns (see the README per event)"},
      {"related_lot", "",
       "consume: the lot the consumed units went into; rework: the lot the rework lot was split "
       "from; empty otherwise"},
  };
  return columns;
}

namespace {
/// A CSV field: quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::FILE* open_for_writing(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) throw std::runtime_error("cannot write " + path);
  return file;
}
}  // namespace

CsvEventLog::CsvEventLog(EventLogSpec spec)
    : spec_(std::move(spec)),
      kinds_(spec_.product_units_per_kind),
      stock_{0, std::vector<double>(spec_.station_names.size(), 0.0)},
      next_snapshot_s_(spec_.from_s) {
  for (const auto& name : spec_.station_names) quoted_stations_.push_back(csv_field(name));
  for (int m : spec_.machines) machines_.emplace_back(static_cast<std::size_t>(m));
  file_ = open_for_writing(spec_.csv_path);
  std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  index_ = open_for_writing(spec_.index_path);
  std::string header;
  for (const auto& column : event_columns()) header += std::string(header.empty() ? "" : ",") + column.name;
  fmt::print(file_, "{}\n", header);
}

CsvEventLog::~CsvEventLog() {
  if (file_ != nullptr) std::fclose(file_);
  if (index_ != nullptr) std::fclose(index_);
}

void CsvEventLog::snapshot(double time_s) {
  fmt::memory_buffer line;
  fmt::format_to(std::back_inserter(line), R"({{"time_s":{},"offset":{},"row":{},"machines":[)",
                 time_s, bytes(), rows_);
  for (std::size_t s = 0; s < machines_.size(); ++s) {
    fmt::format_to(std::back_inserter(line), "{}\"", s == 0 ? "" : ",");
    for (const auto& m : machines_[s]) line.push_back(m.code());
    line.push_back('"');
  }
  fmt::format_to(std::back_inserter(line), R"(],"wip_cell_eq":{},"waiting_cell_eq":[{}]}})",
                 stock_.wip_cell_eq, fmt::join(stock_.waiting_cell_eq, ","));
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), index_);
}

void CsvEventLog::track(const EventRecord& r) {
  if (r.station >= 0 && r.machine >= 0)
    machines_[static_cast<std::size_t>(r.station)][static_cast<std::size_t>(r.machine)].apply(
        r.event);
  stock_.apply(r.event, r.station, r.quantity * kinds_.product_units(kinds_.index(r.lot)),
               r.related_lot != 0);
}

void CsvEventLog::on_event(const EventRecord& r) {
  while (r.time_s >= next_snapshot_s_ && next_snapshot_s_ <= spec_.to_s) {
    snapshot(next_snapshot_s_);
    next_snapshot_s_ += spec_.snapshot_every_s;
  }
  track(r);
  if (r.time_s < spec_.from_s || r.time_s > spec_.to_s) return;
  ++rows_;
  const std::string& station = r.station < 0 ? kSource : quoted_stations_[r.station];
  const std::string& kind = kind_field(r.lot);
  if (r.related_lot != 0)
    fmt::print(file_, "{:.6f},{},{},{},{},{},{},{}\n", r.time_s, station, r.machine,
               to_string(r.event), r.lot != nullptr ? r.lot->id : 0, kind, r.quantity,
               r.related_lot);
  else
    fmt::print(file_, "{:.6f},{},{},{},{},{},{},\n", r.time_s, station, r.machine,
               to_string(r.event), r.lot != nullptr ? r.lot->id : 0, kind, r.quantity);
}

const std::string& CsvEventLog::kind_field(const Lot* lot) {
  const std::size_t kind = kinds_.index(lot);
  while (quoted_kinds_.size() < kinds_.names().size())
    quoted_kinds_.push_back(csv_field(kinds_.names()[quoted_kinds_.size()]));
  return quoted_kinds_[kind];
}

std::uint64_t CsvEventLog::bytes() const {
  if (file_ == nullptr) return closed_bytes_;
  const long at = std::ftell(file_);
  return at > 0 ? static_cast<std::uint64_t>(at) : 0;
}

void CsvEventLog::close(double end_s) {
  if (file_ == nullptr) return;
  for (; next_snapshot_s_ <= std::min(spec_.to_s, end_s); next_snapshot_s_ += spec_.snapshot_every_s)
    snapshot(next_snapshot_s_);
  closed_bytes_ = bytes();
  const bool failed = std::ferror(file_) != 0 || std::ferror(index_) != 0;
  const bool close_failed = (std::fclose(file_) != 0) | (std::fclose(index_) != 0);
  file_ = index_ = nullptr;
  if (failed || close_failed) throw std::runtime_error("error while writing " + spec_.csv_path);
}

}  // namespace twin
