#include "twin/engine/event_log.hpp"

#include <fmt/format.h>

#include <chrono>
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

EventBus::EventBus() : EventBus(RunLimits{}, 0) {}

EventBus::EventBus(RunLimits limits, double end_s)
    : limits_(limits),
      end_s_(end_s),
      start_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count()) {}

double EventBus::wall_s() const {
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  return static_cast<double>(now - start_ns_) * 1e-9;
}

void EventBus::fail_limit(const std::string& message) const { throw LimitReached(message); }

void EventBus::check_limits() const {
  if (at_instant_ > limits_.max_events_per_instant)
    fail_limit(fmt::format(
        "no simulated progress: {} events at t = {} s without the clock moving (zero or "
        "sub-nanosecond cycle, interarrival, MTBF or MTTR times feeding each other in a loop, "
        "e.g. cycle_time_s: 0 behind a saturated source)",
        at_instant_, instant_s_));
  if (count_ > limits_.max_events)
    fail_limit(fmt::format("stopped at t = {:.0f} s: more than --max-events {} events",
                           instant_s_, limits_.max_events));
  // Past 1 % of the allowance, the rate so far says whether the run can end within it (a tiny
  // cycle time would otherwise run for days before reaching the limit).
  if (end_s_ > 0 && instant_s_ > 0 && count_ >= limits_.max_events / 100) {
    const double projected = static_cast<double>(count_) * end_s_ / instant_s_;
    if (projected > static_cast<double>(limits_.max_events))
      fail_limit(fmt::format(
          "stopped at t = {:.3g} s of {:.3g} s: at this rate the run would take ~{:.3g} events, "
          "more than --max-events {} (times far below the line's cycle times? else raise "
          "--max-events)",
          instant_s_, end_s_, projected, limits_.max_events));
  }
  if (limits_.max_wall_s > 0 && wall_s() > limits_.max_wall_s)
    fail_limit(fmt::format("stopped at t = {:.0f} s after --max-wall-s {} s of wall-clock time",
                           instant_s_, limits_.max_wall_s));
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
}  // namespace

CsvEventLog::CsvEventLog(const std::string& path, const std::string& scenario,
                         std::uint64_t seed, std::uint64_t replication,
                         std::vector<std::string> station_names)
    : path_(path) {
  for (const auto& name : station_names) station_names_.push_back(csv_field(name));
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) throw std::runtime_error("cannot write " + path);
  static char buffer[1 << 16];
  std::setvbuf(file_, buffer, _IOFBF, sizeof buffer);
  fmt::print(file_, "# celltwin {} scenario={} seed={} replication={}\n", CELLTWIN_VERSION,
             csv_field(scenario), seed, replication);
  fmt::print(file_, "time_s,station,machine,event,lot,kind,quantity\n");
}

CsvEventLog::~CsvEventLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvEventLog::on_event(const EventRecord& r) {
  const std::string& station = r.station < 0 ? std::string("source") : station_names_[r.station];
  fmt::print(file_, "{:.6f},{},{},{},{},{},{}\n", r.time_s, station, r.machine,
             to_string(r.event), r.lot != nullptr ? r.lot->id : 0,
             r.lot != nullptr ? csv_field(r.lot->kind) : std::string(), r.quantity);
}

std::uint64_t CsvEventLog::bytes() const {
  const long at = file_ != nullptr ? std::ftell(file_) : -1;
  return at > 0 ? static_cast<std::uint64_t>(at) : 0;
}

void CsvEventLog::close() {
  if (file_ == nullptr) return;
  const bool failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) throw std::runtime_error("error while writing " + path_);
}

}  // namespace twin
