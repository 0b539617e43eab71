#include "twin/app/kpis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "twin/engine/stats.hpp"

namespace twin {

using json = nlohmann::ordered_json;

// ---- the collector ------------------------------------------------------------------------

KpiCollector::KpiCollector(LineFacts line)
    : line_(std::move(line)), kinds_(line_.units_per_kind) {}

KpiCollector::~KpiCollector() = default;

void KpiCollector::add(std::unique_ptr<Recorder> recorder) {
  for (Event e : recorder->events()) {
    by_event_[static_cast<std::size_t>(e)].push_back(recorder.get());
    kind_needed_[static_cast<std::size_t>(e)] |= recorder->needs_kind();
  }
  recorders_.push_back(std::move(recorder));
}

void KpiCollector::on_event(const EventRecord& r) {
  const auto e = static_cast<std::size_t>(r.event);
  const auto& listeners = by_event_[e];
  if (listeners.empty()) return;
  const std::size_t kind = kind_needed_[e] ? kinds_.index(r.lot) : 0;
  const EventFacts facts{r.time_s >= line_.warmup_s && r.time_s <= line_.end_s, kind,
                         kinds_.product_units(kind)};
  for (Recorder* recorder : listeners) recorder->on_event(r, facts);
}

Kpis KpiCollector::finish(double end_s) {
  Kpis k;
  k.horizon_s = std::max(0.0, line_.end_s - line_.warmup_s);
  for (auto& recorder : recorders_) recorder->finish(end_s, k);
  return k;
}

namespace {

// ---- the recorders ------------------------------------------------------------------------

double window_overlap(const LineFacts& line, double from_s, double to_s) {
  return std::max(0.0, std::min(to_s, line.end_s) - std::max(from_s, line.warmup_s));
}

/// Whole-run unit balances, in total and per lot kind.
class FlowRecorder : public Recorder {
 public:
  explicit FlowRecorder(const KpiCollector& collector) : collector_(collector) {}
  bool needs_kind() const override { return true; }
  std::vector<Event> events() const override {
    return {Event::release, Event::reject, Event::assemble, Event::convert,
            Event::consume, Event::scrap,  Event::exit};
  }
  void on_event(const EventRecord& r, const EventFacts& f) override {
    if (by_kind_.size() <= f.kind) by_kind_.resize(f.kind + 1);
    FlowTotals& kind = by_kind_[f.kind];
    const double q = r.quantity;
    switch (r.event) {
      case Event::release:
        total_.released += q;
        kind.released += q;
        break;
      case Event::reject:
        total_.rejected += q;
        kind.rejected += q;
        break;
      case Event::assemble:
      case Event::convert:
        total_.made += q;
        kind.made += q;
        break;
      case Event::consume:
        total_.consumed += q;
        kind.consumed += q;
        break;
      case Event::scrap:
        total_.scrapped += q;
        kind.scrapped += q;
        break;
      case Event::exit:
        total_.good += q;
        kind.good += q;
        break;
      default:
        break;
    }
  }
  void finish(double, Kpis& k) override {
    k.flow = total_;
    const auto& names = collector_.kinds();
    by_kind_.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i == 0 && by_kind_[0].released + by_kind_[0].made == 0) continue;  // no lot-less flow
      FlowTotals f = by_kind_[i];
      f.wip_end = f.released + f.made - f.good - f.scrapped - f.consumed;
      k.flow_by_kind[names[i]] = f;
    }
  }

 private:
  const KpiCollector& collector_;
  FlowTotals total_;
  std::vector<FlowTotals> by_kind_;
};

/// Work in process: time-weighted in product units (cell equivalents), and the end stock in
/// each lot's own units.
class WipRecorder : public Recorder {
 public:
  explicit WipRecorder(const LineFacts& line) : line_(line) {}
  bool needs_kind() const override { return true; }
  std::vector<Event> events() const override {
    return {Event::release, Event::assemble, Event::convert,
            Event::consume, Event::scrap,    Event::exit};
  }
  void on_event(const EventRecord& r, const EventFacts& f) override {
    const bool in =
        r.event == Event::release || r.event == Event::assemble || r.event == Event::convert;
    add(in ? r.quantity : -r.quantity, f.product_units, r.time_s);
  }
  void finish(double end_s, Kpis& k) override {
    add(0, 1, end_s);
    k.flow.wip_end = raw_wip_;
    k.wip_mean = k.horizon_s > 0 ? area_ / k.horizon_s : 0;
    k.wip_series_step_s = bin_s_;
    for (double a : bins_) k.wip_series.push_back(a / bin_s_);
  }

 private:
  void add(double delta, double product_units, double now_s) {
    area_ += wip_ * window_overlap(line_, since_s_, now_s);
    binned(since_s_, now_s);
    raw_wip_ += delta;
    wip_ += delta * product_units;
    since_s_ = now_s;
  }
  /// Spreads wip_ x time over the series bins between from_s and to_s (the whole run).
  void binned(double from_s, double to_s) {
    // By bin index, so a time that rounds onto a bin edge cannot stall the loop.
    for (auto bin = static_cast<std::size_t>(from_s / bin_s_); from_s < to_s && bin < bins_.size();
         ++bin) {
      const double until = std::min(to_s, (static_cast<double>(bin) + 1) * bin_s_);
      if (until <= from_s) continue;
      bins_[bin] += wip_ * (until - from_s);
      from_s = until;
    }
  }
  static constexpr std::size_t kBins = 500;  // the WIP series for the warm-up check
  const LineFacts& line_;
  double wip_ = 0, since_s_ = 0, area_ = 0, raw_wip_ = 0;
  double bin_s_ = line_.end_s / kBins;
  std::vector<double> bins_ = std::vector<double>(kBins, 0.0);
};

/// Good units leaving the line, releases and rejects in the window; lead times of the lots
/// that leave in it.
class ThroughputRecorder : public Recorder {
 public:
  std::vector<Event> events() const override {
    return {Event::release, Event::reject, Event::exit};
  }
  void on_event(const EventRecord& r, const EventFacts& f) override {
    if (!f.counted) return;
    if (r.event == Event::release) released_ += r.quantity;
    if (r.event == Event::reject) rejected_ += r.quantity;
    if (r.event == Event::exit) {
      good_ += r.quantity;
      if (r.lot != nullptr) lead_times_s_.push_back(r.time_s - r.lot->released_s);
    }
  }
  void finish(double, Kpis& k) override {
    k.good_units = good_;
    k.released_units = released_;
    k.rejected_units = rejected_;
    k.throughput_per_h = k.horizon_s > 0 ? good_ / (k.horizon_s / 3600.0) : 0;
    std::sort(lead_times_s_.begin(), lead_times_s_.end());
    double sum = 0;
    for (double v : lead_times_s_) sum += v;
    k.lead_time_s.lots = lead_times_s_.size();
    if (!lead_times_s_.empty())
      k.lead_time_s.mean = sum / static_cast<double>(lead_times_s_.size());
    k.lead_time_s.p50 = percentile(lead_times_s_, 0.50);
    k.lead_time_s.p95 = percentile(lead_times_s_, 0.95);
  }

 private:
  double good_ = 0, released_ = 0, rejected_ = 0;
  std::vector<double> lead_times_s_;
};

/// Machine states per machine: state shares per station, utilisation and the bottleneck.
/// Creates the station entries; later recorders add to them.
class MachineStateRecorder : public Recorder {
 public:
  explicit MachineStateRecorder(const LineFacts& line) : line_(line) {
    for (int m : line.machines) machines_.emplace_back(static_cast<std::size_t>(m));
  }
  std::vector<Event> events() const override {
    return {Event::assemble, Event::start,     Event::setup, Event::finish,
            Event::blocked,  Event::unblocked, Event::fail,  Event::repair};
  }
  void on_event(const EventRecord& r, const EventFacts&) override {
    auto& m = machines_[static_cast<std::size_t>(r.station)][static_cast<std::size_t>(r.machine)];
    const MachineState before = m.track.state;
    if (m.track.apply(r.event)) change(m, before, r.time_s);
  }
  void finish(double end_s, Kpis& k) override {
    double most_active = -1;
    for (std::size_t s = 0; s < machines_.size(); ++s) {
      StationKpis st;
      st.name = line_.station_names[s];
      st.unit = line_.station_units[s];
      for (auto& m : machines_[s]) {
        change(m, m.track.state, end_s);
        for (MachineState state : kMachineStates)
          st.state_share[state] += k.horizon_s > 0 ? m.time_s[state] / k.horizon_s : 0;
      }
      for (MachineState state : kMachineStates)
        st.state_share[state] /= static_cast<double>(machines_[s].size());
      st.utilization = st.state_share[MachineState::busy];
      const double active =
          st.utilization + st.state_share[MachineState::down] + st.state_share[MachineState::setup];
      if (active > most_active + 1e-12) {
        most_active = active;
        k.bottleneck = st.name;
      }
      k.stations.push_back(std::move(st));
    }
  }

 private:
  struct Track {
    MachineTrack track;
    double since_s = 0;
    StateShares time_s;  // seconds in each state within the window
  };
  /// Closes the interval the machine spent in `before`.
  void change(Track& m, MachineState before, double now_s) {
    m.time_s[before] += window_overlap(line_, m.since_s, now_s);
    m.since_s = now_s;
  }
  const LineFacts& line_;
  std::vector<std::vector<Track>> machines_;
};

/// Units processed, scrapped and reworked per station in the window; the product's yields
/// and scrap along the product path; OEE per station (after the machine states).
class StationCountRecorder : public Recorder {
 public:
  explicit StationCountRecorder(const LineFacts& line)
      : line_(line), counts_(line.station_names.size()) {}
  std::vector<Event> events() const override {
    return {Event::finish, Event::scrap, Event::rework};
  }
  void on_event(const EventRecord& r, const EventFacts& f) override {
    if (!f.counted) return;
    auto& c = counts_[static_cast<std::size_t>(r.station)];
    if (r.event == Event::finish) c.processed += r.quantity;
    if (r.event == Event::rework) c.reworked += r.quantity;
    if (r.event == Event::scrap) {
      c.scrapped += r.quantity;
      if (line_.product_path[static_cast<std::size_t>(r.station)]) product_scrapped_ += r.quantity;
    }
  }
  void finish(double, Kpis& k) override {
    k.scrapped_units = product_scrapped_;
    for (std::size_t s = 0; s < counts_.size(); ++s) {
      StationKpis& st = k.stations[s];
      st.processed = counts_[s].processed;
      st.scrapped = counts_[s].scrapped;
      st.reworked = counts_[s].reworked;
      if (st.processed > 0 && line_.product_path[s]) {
        k.first_pass_yield *= 1.0 - (st.scrapped + st.reworked) / st.processed;
        k.final_yield *= 1.0 - st.scrapped / st.processed;
      }
      const auto& share = st.state_share;
      st.availability = 1.0 - share[MachineState::down] - share[MachineState::setup];
      const double running =
          share[MachineState::busy] + share[MachineState::idle] + share[MachineState::blocked];
      st.performance = running > 0 ? share[MachineState::busy] / running : 0;
      st.quality =
          st.processed > 0 ? std::max(0.0, 1.0 - (st.scrapped + st.reworked) / st.processed) : 1.0;
      st.oee = st.availability * st.performance * st.quality;
    }
  }

 private:
  struct Counts {
    double processed = 0, scrapped = 0, reworked = 0;
  };
  const LineFacts& line_;
  std::vector<Counts> counts_;
  double product_scrapped_ = 0;
};

/// Months of plant time from t = 0 (warm-up included): good units and the product's yield.
class MonthlyRecorder : public Recorder {
 public:
  explicit MonthlyRecorder(const LineFacts& line) : line_(line) {}
  std::vector<Event> events() const override { return {Event::finish, Event::scrap, Event::exit}; }
  void on_event(const EventRecord& r, const EventFacts&) override {
    Month& m = month(r.time_s);
    if (r.event == Event::finish) m.processed[static_cast<std::size_t>(r.station)] += r.quantity;
    if (r.event == Event::scrap) m.scrapped[static_cast<std::size_t>(r.station)] += r.quantity;
    if (r.event == Event::exit) m.good += r.quantity;
  }
  void finish(double end_s, Kpis& k) override {
    for (std::size_t i = 0; i < months_.size(); ++i) {
      const auto& month = months_[i];
      MonthKpis mk;
      mk.good_units = month.good;
      const double hours = (std::min(end_s, (i + 1) * kMonthS) - i * kMonthS) / 3600.0;
      mk.throughput_per_h = hours > 0 ? month.good / hours : 0;
      for (std::size_t s = 0; s < month.processed.size(); ++s)
        if (month.processed[s] > 0 && line_.product_path[s])
          mk.final_yield *= 1.0 - month.scrapped[s] / month.processed[s];
      k.monthly.push_back(mk);
    }
  }

 private:
  struct Month {
    double good = 0;
    std::vector<double> processed, scrapped;  // per station
  };
  Month& month(double t) {
    // An event at the very end of the run belongs to the last month, not to a new one.
    const double last_month = std::max(0.0, std::ceil(line_.end_s / kMonthS) - 1);
    const auto m = static_cast<std::size_t>(std::min(t / kMonthS, last_month));
    while (months_.size() <= m) {
      Month month;
      month.processed.assign(line_.station_names.size(), 0.0);
      month.scrapped.assign(line_.station_names.size(), 0.0);
      months_.push_back(std::move(month));
    }
    return months_[m];
  }
  const LineFacts& line_;
  std::vector<Month> months_;
};

}  // namespace

std::unique_ptr<KpiCollector> make_kpi_collector(LineFacts line) {
  auto collector = std::make_unique<KpiCollector>(std::move(line));
  const LineFacts& facts = collector->line();
  collector->add(std::make_unique<FlowRecorder>(*collector));
  collector->add(std::make_unique<WipRecorder>(facts));  // after flows: sets flow.wip_end
  collector->add(std::make_unique<ThroughputRecorder>());
  collector->add(std::make_unique<MachineStateRecorder>(facts));  // creates the stations
  collector->add(std::make_unique<StationCountRecorder>(facts));
  collector->add(std::make_unique<MonthlyRecorder>(facts));
  return collector;
}

std::size_t mser5_truncation(const std::vector<double>& series) {
  std::vector<double> batches;
  for (std::size_t i = 0; i + 5 <= series.size(); i += 5)
    batches.push_back((series[i] + series[i + 1] + series[i + 2] + series[i + 3] + series[i + 4]) / 5);
  const std::size_t n = batches.size();
  std::size_t best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d + d <= n && d + 1 < n; ++d) {
    double mean = 0;
    for (std::size_t j = d; j < n; ++j) mean += batches[j];
    mean /= static_cast<double>(n - d);
    double sum = 0;
    for (std::size_t j = d; j < n; ++j) sum += (batches[j] - mean) * (batches[j] - mean);
    const double value = sum / (static_cast<double>(n - d) * static_cast<double>(n - d));
    if (value < best_value) {
      best_value = value;
      best = d;
    }
  }
  return best * 5;
}

// ---- the statistics, declared once --------------------------------------------------------

std::string shown_value(const json& value, const std::string& unit) {
  const std::string suffix = unit.empty() ? "" : " " + unit;
  if (value.is_number()) {
    const double v = value.get<double>();
    // Counts in full; other values to 6 significant digits.
    if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f}{}", v, suffix);
    return fmt::format("{:.6g}{}", v, suffix);
  }
  if (value.is_string()) return value.get<std::string>();
  std::string text;
  for (const auto& [key, v] : value.items())
    text += (text.empty() ? "" : "  ") + key + " " + shown_value(v, "");
  return text + suffix;
}

std::string hours_text(double seconds) { return fmt::format("{:#.4g} h", seconds / 3600.0); }

const std::vector<Statistic<Kpis>>& line_statistics() {
  static const std::vector<Statistic<Kpis>> table = {
      {"throughput_per_h", "1/h", "good units leaving the last station per hour of the window",
       [](const Kpis& k) { return json(k.throughput_per_h); }},
      {"good_units", "units", "good units leaving the last station in the window",
       [](const Kpis& k) { return json(k.good_units); }},
      {"scrapped_units", "units", "units scrapped on the product path in the window",
       [](const Kpis& k) { return json(k.scrapped_units); }},
      {"released_units", "units",
       "units released into the line in the window (in each supply lot kind's own units)",
       [](const Kpis& k) { return json(k.released_units); }},
      {"rejected_units", "units", "arrivals lost at a full head buffer (when_full: drop)",
       [](const Kpis& k) { return json(k.rejected_units); }},
      {"first_pass_yield", "", "product of (1 - (scrap + rework) / processed) on the product path",
       [](const Kpis& k) { return json(k.first_pass_yield); }},
      {"final_yield", "", "product of (1 - scrap / processed) on the product path",
       [](const Kpis& k) { return json(k.final_yield); }},
      {"wip_mean", "units", "time-weighted work in process in product units (cell equivalents)",
       [](const Kpis& k) { return json(k.wip_mean); }},
      {"lead_time_s", "s", "release to exit of the lots leaving in the window: mean, p50, p95",
       [](const Kpis& k) {
         return json{{"mean", k.lead_time_s.mean},
                     {"p50", k.lead_time_s.p50},
                     {"p95", k.lead_time_s.p95},
                     {"lots", k.lead_time_s.lots}};
       },
       [](const Kpis& k) {
         return fmt::format("mean {}  p50 {}  p95 {}  ({} lots)", hours_text(k.lead_time_s.mean),
                            hours_text(k.lead_time_s.p50), hours_text(k.lead_time_s.p95),
                            k.lead_time_s.lots);
       }},
      {"bottleneck", "", "station with the largest busy + down + setup share",
       [](const Kpis& k) { return json(k.bottleneck); }},
  };
  return table;
}

const std::vector<Statistic<StationKpis>>& station_statistics() {
  static const std::vector<Statistic<StationKpis>> table = {
      {"utilization", "", "busy share, mean over machines",
       [](const StationKpis& s) { return json(s.utilization); }},
      {"processed", "units", "units whose processing finished here (in the kind of `unit`)",
       [](const StationKpis& s) { return json(s.processed); }},
      {"scrapped", "units", "units scrapped here",
       [](const StationKpis& s) { return json(s.scrapped); }},
      {"reworked", "units", "units sent to rework here",
       [](const StationKpis& s) { return json(s.reworked); }},
      {"state_share", "", "time shares of busy, idle, blocked, down, setup",
       [](const StationKpis& s) {
         json share = json::object();
         for (MachineState state : kMachineStates) share[to_string(state)] = s.state_share[state];
         return share;
       }},
      {"unit", "", "the lot kind whose units `processed` and `scrapped` count",
       [](const StationKpis& s) { return json(s.unit); }},
      {"oee", "", "availability x performance x quality (see README, KPIs)",
       [](const StationKpis& s) {
         return json{{"oee", s.oee},
                     {"availability", s.availability},
                     {"performance", s.performance},
                     {"quality", s.quality}};
       }},
  };
  return table;
}

}  // namespace twin
