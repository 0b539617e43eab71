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

bool event_from_string(std::string_view name, Event& event) {
  for (std::size_t i = 0; i < kEventKinds; ++i)
    if (name == to_string(static_cast<Event>(i))) {
      event = static_cast<Event>(i);
      return true;
    }
  return false;
}

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

}  // namespace twin
