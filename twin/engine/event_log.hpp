// The event stream: stations emit one record per state change; sinks (the CSV log, the KPI
// collector) consume them in time order. Stations never compute KPIs themselves.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
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
/// The event named `name` (as events.csv writes it); false if there is none.
bool event_from_string(std::string_view name, Event& event);

struct EventRecord {
  double time_s;
  int station;  // index into the station names; -1 = source
  int machine;  // -1 when no machine is involved (buffers, source)
  Event event;
  const Lot* lot;
  double quantity;
  std::uint64_t related_lot = 0;  // consume: the lot made; rework: the lot split from
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const EventRecord& record) = 0;
};

/// Bounds on one run, so that no input runs forever or fills the disk.
struct RunLimits {
  std::uint64_t max_events = 500'000'000;  // ~50 x a reference line over 720 h
  double max_wall_s = 0;                   // 0: no limit
  /// Events at one instant without the clock moving: more means zero-duration work in a loop
  /// (zero or sub-precision times with a saturated source or unlimited buffers).
  std::uint64_t max_events_per_instant = 2'000'000;
};

/// A limit of RunLimits was reached: the run stops (exit status 1) with this message.
class LimitReached : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Fans records out to the sinks, counts them and enforces the run's limits.
class EventBus {
 public:
  /// `end_s`: the simulated time the run ends at, for projecting its event count.
  EventBus(RunLimits limits, double end_s);
  void add_sink(EventSink* sink) { sinks_.push_back(sink); }
  void emit(const EventRecord& record) {
    if (record.time_s != instant_s_) {
      instant_s_ = record.time_s;
      at_instant_ = 0;
    }
    if (++at_instant_ > limits_.max_events_per_instant || ++count_ > limits_.max_events ||
        count_ % kCheckEvery == 0)
      check_limits();
    for (auto* sink : sinks_) sink->on_event(record);
  }
  std::uint64_t count() const { return count_; }
  const RunLimits& limits() const { return limits_; }
  /// Seconds of wall-clock time since the bus was made.
  double wall_s() const;

 private:
  static constexpr std::uint64_t kCheckEvery = 1 << 16;
  [[noreturn]] void fail_limit(const std::string& message) const;
  void check_limits() const;
  RunLimits limits_;
  std::vector<EventSink*> sinks_;
  std::uint64_t count_ = 0;
  std::uint64_t at_instant_ = 0;
  double instant_s_ = -1;
  double end_s_ = 0;
  std::int64_t start_ns_ = 0;
};

}  // namespace twin
