// KPIs derived from the event stream (stations only emit). As in OMNeT++'s queueinglib, what
// is recorded is declared apart from the model: small recorders registered with the collector,
// each listening to the events it needs (flows, WIP, throughput and lead time, station counts,
// machine states, months), fill the typed Kpis; the statistics tables below declare each
// output (key, unit, meaning, value) once, and results.json, the KPI table and the compare
// summary iterate over them. Time-weighted values and counts cover the measured window
// [warm-up, end]; the `flow` totals cover the whole run, for conservation checks.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "twin/engine/event_log.hpp"
#include "twin/engine/lot_kinds.hpp"
#include "twin/engine/machine_state.hpp"

namespace twin {

/// Time shares of the machine states (mean over a station's machines), by name.
class StateShares {
 public:
  double operator[](MachineState s) const { return shares_[static_cast<std::size_t>(s)]; }
  double& operator[](MachineState s) { return shares_[static_cast<std::size_t>(s)]; }

 private:
  std::array<double, kMachineStates.size()> shares_{};
};

struct StationKpis {
  std::string name;
  std::string unit;        // the lot kind whose units `processed` counts (metres, sheets, cells)
  double utilization = 0;  // busy share, mean over machines
  double processed = 0;    // units whose processing finished here
  double scrapped = 0;
  double reworked = 0;
  StateShares state_share;
  // OEE = availability x performance x quality: availability = 1 - (down + setup) share,
  // performance = busy / (busy + idle + blocked) (starving and blocking are speed losses;
  // sampled cycle times have the nominal mean), quality = first-pass good / processed.
  double availability = 0, performance = 0, quality = 1, oee = 0;
};

/// Whole-run unit counts: released + made = good + scrapped + consumed + wip_end.
struct FlowTotals {
  double released = 0;
  double rejected = 0;
  double good = 0;
  double scrapped = 0;
  double consumed = 0;  // input units used up by assembly
  double made = 0;      // units made by assembly or conversion
  double wip_end = 0;   // in each lot's own units (metres, sheets, cells ...)
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
  double scrapped_units = 0;  // scrapped on the product path, in product units
  double released_units = 0;
  double rejected_units = 0;
  // Yields of the product: product over the stations of the product path (from the assembly
  // that makes the product to the end of the line) of (1 - (scrap + rework) / processed) and
  // (1 - scrap / processed). Electrode branches' material yields are per station.
  double first_pass_yield = 1;
  double final_yield = 1;
  double wip_mean = 0;  // product units in the line (cell equivalents), time-weighted
  LeadTime lead_time_s;
  std::string bottleneck;  // station with the largest active (busy+down+setup) share
  std::vector<StationKpis> stations;
  FlowTotals flow;
  std::map<std::string, FlowTotals> flow_by_kind;  // the same per lot kind, in its own units
  std::vector<MonthKpis> monthly;                  // whole run, warm-up included
  std::vector<double> wip_series;  // time-average WIP in equal steps over the whole run
  double wip_series_step_s = 0;
};

/// The warm-up MSER-5 (White 1997) would choose on a series of equal-length observations: the
/// series in batches of 5, the truncation d (at most half the batches) minimising the variance
/// of the remaining batch means over (n - d)^2; returned in the series' own steps.
std::size_t mser5_truncation(const std::vector<double>& series);

/// One declared output: its key in results.json (under `kpis` or `stations.<name>`), its unit,
/// what it means, and its value. Declared once; every writer iterates the table.
template <class Of>
struct Statistic {
  std::string key;
  std::string unit;  // in the JSON outputs; "" for a dimensionless share; "1/h", "s", "units"
  std::string doc;
  std::function<nlohmann::ordered_json(const Of&)> value;
  /// How the terminal tables show it (every table alike); empty: the value and its unit.
  std::function<std::string(const Of&)> display = nullptr;
};

/// The terminal text of a statistic: its display, or its value with its unit.
template <class Of>
std::string shown(const Statistic<Of>& stat, const Of& of);
std::string shown_value(const nlohmann::ordered_json& value, const std::string& unit);
/// A lead time in seconds as every terminal table shows it: in hours, 4 significant digits.
std::string hours_text(double seconds);

template <class Of>
std::string shown(const Statistic<Of>& stat, const Of& of) {
  return stat.display ? stat.display(of) : shown_value(stat.value(of), stat.unit);
}

/// The line's statistics, in results.json order.
const std::vector<Statistic<Kpis>>& line_statistics();
/// Each station's statistics, in results.json order.
const std::vector<Statistic<StationKpis>>& station_statistics();

/// What the collector knows of the line.
struct LineFacts {
  std::vector<std::string> station_names;
  std::vector<int> machines;
  std::vector<bool> product_path;                // stations whose yields are the product's
  std::map<std::string, double> units_per_kind;  // product units per unit of a lot kind
  std::vector<std::string> station_units;        // lot kind processed at each station
  double warmup_s = 0, end_s = 0;
};

/// What the collector resolves once per event for every recorder.
struct EventFacts {
  bool counted;          // inside the measured window
  std::size_t kind;      // index of the lot's kind (KpiCollector::kinds())
  double product_units;  // product units per unit of that kind
};

/// A recorder: listens to some events and fills its part of the Kpis at the end.
class Recorder {
 public:
  virtual ~Recorder() = default;
  /// The events this recorder listens to.
  virtual std::vector<Event> events() const = 0;
  /// Whether on_event reads EventFacts::kind (resolving it costs a lookup per event).
  virtual bool needs_kind() const { return false; }
  virtual void on_event(const EventRecord& record, const EventFacts& facts) = 0;
  /// Called in registration order; a recorder may read what earlier ones filled in.
  virtual void finish(double end_s, Kpis& kpis) = 0;
};

class KpiCollector : public EventSink {
 public:
  explicit KpiCollector(LineFacts line);
  ~KpiCollector() override;
  /// Registers a recorder for the events it names.
  void add(std::unique_ptr<Recorder> recorder);
  void on_event(const EventRecord& record) override;
  /// Closes all time-weighted intervals at the end of the run and computes the KPIs.
  Kpis finish(double end_s);
  const LineFacts& line() const { return line_; }
  /// Lot kinds seen so far, indexed as EventFacts::kind ("" for events without a lot).
  const std::vector<std::string>& kinds() const { return kinds_.names(); }

 private:
  LineFacts line_;
  std::vector<std::unique_ptr<Recorder>> recorders_;
  std::array<std::vector<Recorder*>, kEventKinds> by_event_;
  std::array<bool, kEventKinds> kind_needed_{};
  LotKinds kinds_;
};

/// The collector with celltwin's recorders: flows, WIP, throughput and lead time, station
/// counts and yields, machine states (shares, bottleneck, OEE), months.
std::unique_ptr<KpiCollector> make_kpi_collector(LineFacts line);

}  // namespace twin
