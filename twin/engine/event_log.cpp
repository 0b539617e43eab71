#include "twin/engine/event_log.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace twin {

const char* to_string(Event event) {
  switch (event) {
    case Event::release: return "release";
    case Event::reject: return "reject";
    case Event::arrive: return "arrive";
    case Event::start: return "start";
    case Event::assemble: return "assemble";
    case Event::consume: return "consume";
    case Event::convert: return "convert";
    case Event::setup: return "setup";
    case Event::finish: return "finish";
    case Event::scrap: return "scrap";
    case Event::rework: return "rework";
    case Event::blocked: return "blocked";
    case Event::unblocked: return "unblocked";
    case Event::fail: return "fail";
    case Event::repair: return "repair";
    case Event::exit: return "exit";
  }
  return "?";
}

CsvEventLog::CsvEventLog(const std::string& path, const std::string& scenario,
                         std::uint64_t seed, std::uint64_t replication,
                         std::vector<std::string> station_names)
    : station_names_(std::move(station_names)), path_(path) {
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) throw std::runtime_error("cannot write " + path);
  static char buffer[1 << 16];
  std::setvbuf(file_, buffer, _IOFBF, sizeof buffer);
  fmt::print(file_, "# celltwin {} scenario={} seed={} replication={}\n", CELLTWIN_VERSION,
             scenario, seed, replication);
  fmt::print(file_, "time_s,station,machine,event,lot,kind,quantity\n");
}

CsvEventLog::~CsvEventLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvEventLog::on_event(const EventRecord& r) {
  const std::string& station = r.station < 0 ? std::string("source") : station_names_[r.station];
  fmt::print(file_, "{:.6f},{},{},{},{},{},{}\n", r.time_s, station, r.machine,
             to_string(r.event), r.lot != nullptr ? r.lot->id : 0,
             r.lot != nullptr ? r.lot->kind : std::string(), r.quantity);
}

void CsvEventLog::close() {
  if (file_ == nullptr) return;
  const bool failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) throw std::runtime_error("error while writing " + path_);
}

}  // namespace twin
