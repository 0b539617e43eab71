// KPIs derived from the event stream (stations only emit): throughput, yields, WIP, lead time,
// machine state shares and the bottleneck. Time-weighted values and counts cover the measured
// window [warm-up, end]; the `flow` totals cover the whole run, for conservation checks.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "twin/engine/event_log.hpp"

namespace twin {

enum class MachineState : std::uint8_t { busy, idle, blocked, down, setup };
constexpr std::size_t kMachineStates = 5;
const char* to_string(MachineState state);

struct StationKpis {
  std::string name;
  double utilization = 0;  // busy share, mean over machines
  double processed = 0;    // units whose processing finished here
  double scrapped = 0;
  double reworked = 0;
  std::array<double, kMachineStates> state_share{};
};

/// Whole-run unit counts: released + made = good + scrapped + consumed + wip_end.
struct FlowTotals {
  double released = 0;
  double rejected = 0;
  double good = 0;
  double scrapped = 0;
  double consumed = 0;   // input units used up by assembly
  double made = 0;      // units made by assembly or conversion
  double wip_end = 0;  // in each lot's own units (metres, sheets, cells ...)
};

struct LeadTime {
  double mean = 0, p50 = 0, p95 = 0;
  std::size_t lots = 0;
};

/// One month (30 days of plant time, from t = 0) of a ramp-up curve.
struct MonthKpis {
  double good_units = 0;
  double throughput_per_h = 0;
  double final_yield = 1;  // product over stations of (1 - scrap / processed) in that month
};

constexpr double kMonthS = 30 * 86400.0;

struct Kpis {
  double horizon_s = 0;
  double throughput_per_h = 0;
  double good_units = 0;
  double scrapped_units = 0;     // scrapped on the product path, in product units
  double released_units = 0;
  double rejected_units = 0;
  // Yields of the product: product over the stations of the product path (from the assembly
  // that makes the product to the end of the line) of (1 - (scrap + rework) / processed) and
  // (1 - scrap / processed). Electrode branches' material yields are per station.
  double first_pass_yield = 1;
  double final_yield = 1;
  double wip_mean = 0;          // product units in the line (cell equivalents), time-weighted
  LeadTime lead_time_s;
  std::string bottleneck;       // station with the largest active (busy+down+setup) share
  std::vector<StationKpis> stations;
  FlowTotals flow;
  std::map<std::string, FlowTotals> flow_by_kind;  // the same per lot kind, in its own units
  std::vector<MonthKpis> monthly;  // whole run, warm-up included
};

class KpiCollector : public EventSink {
 public:
  /// product_path: stations whose yields make the product's; units_per_kind: product units per
  /// unit of each lot kind, to count WIP in product units (kinds not listed count 1).
  KpiCollector(std::vector<std::string> station_names, const std::vector<int>& machines,
               std::vector<bool> product_path, std::map<std::string, double> units_per_kind,
               double warmup_s, double end_s);
  void on_event(const EventRecord& record) override;
  /// Closes all time-weighted intervals at the end of the run and computes the KPIs.
  Kpis finish(double end_s);

 private:
  struct MachineTrack {
    MachineState state = MachineState::idle;
    MachineState before_failure = MachineState::busy;
    double since_s = 0;
    std::array<double, kMachineStates> time_s{};
  };
  struct StationTrack {
    std::vector<MachineTrack> machines;
    double processed = 0, scrapped = 0, reworked = 0;
  };
  double window_overlap(double from_s, double to_s) const;
  void set_state(MachineTrack& m, MachineState state, double now_s);
  void add_wip(double delta, double product_units, double now_s);
  bool in_window(double t) const { return t >= warmup_s_ && t <= end_s_; }

  std::vector<std::string> names_;
  std::vector<bool> product_path_;
  struct KindTrack {
    FlowTotals flow;
    double product_units = 1;  // product units per unit of this kind
  };
  /// The track of a lot's kind; consecutive events mostly concern the same kind, so the last
  /// one is remembered (this runs for every flow event).
  KindTrack& kind(const Lot* lot);
  std::map<std::string, KindTrack> kinds_;
  const std::string* last_kind_name_ = nullptr;
  KindTrack* last_kind_ = nullptr;
  std::vector<StationTrack> stations_;
  double warmup_s_, end_s_;
  double wip_ = 0, wip_since_s_ = 0, wip_area_ = 0;  // in product units
  double raw_wip_ = 0;                                // in each lot's own units
  double good_ = 0, scrapped_ = 0, released_ = 0, rejected_ = 0;
  FlowTotals flow_;

  std::vector<double> lead_times_s_;
  struct MonthTrack {
    double good = 0;
    std::vector<double> processed, scrapped;  // per station
  };
  MonthTrack& month(double t);
  std::vector<MonthTrack> months_;
};

}  // namespace twin
