#include "twin/app/kpis.hpp"

#include "twin/engine/stats.hpp"

#include <algorithm>
#include <cmath>

namespace twin {

const char* to_string(MachineState state) {
  switch (state) {
    case MachineState::busy: return "busy";
    case MachineState::idle: return "idle";
    case MachineState::blocked: return "blocked";
    case MachineState::down: return "down";
    case MachineState::setup: return "setup";
  }
  return "?";
}

KpiCollector::KpiCollector(std::vector<std::string> station_names,
                           const std::vector<int>& machines, std::vector<bool> product_path,
                           std::map<std::string, double> units_per_kind, double warmup_s,
                           double end_s)
    : names_(std::move(station_names)),
      product_path_(std::move(product_path)),
      warmup_s_(warmup_s),
      end_s_(end_s) {
  for (const auto& [name, units] : units_per_kind) kinds_[name].product_units = units;
  for (int m : machines) {
    StationTrack track;
    track.machines.resize(static_cast<std::size_t>(m));
    stations_.push_back(std::move(track));
  }
}

double KpiCollector::window_overlap(double from_s, double to_s) const {
  return std::max(0.0, std::min(to_s, end_s_) - std::max(from_s, warmup_s_));
}

void KpiCollector::set_state(MachineTrack& m, MachineState state, double now_s) {
  m.time_s[static_cast<std::size_t>(m.state)] += window_overlap(m.since_s, now_s);
  m.state = state;
  m.since_s = now_s;
}

void KpiCollector::add_wip(double delta, double product_units, double now_s) {
  wip_area_ += wip_ * window_overlap(wip_since_s_, now_s);
  raw_wip_ += delta;
  wip_ += delta * product_units;
  wip_since_s_ = now_s;
}

KpiCollector::KindTrack& KpiCollector::kind(const Lot* lot) {
  static const std::string none;
  const std::string& name = lot != nullptr ? lot->kind : none;
  if (last_kind_ == nullptr || *last_kind_name_ != name) {
    const auto it = kinds_.try_emplace(name).first;
    last_kind_name_ = &it->first;
    last_kind_ = &it->second;
  }
  return *last_kind_;
}

KpiCollector::MonthTrack& KpiCollector::month(double t) {
  // An event at the very end of the run belongs to the last month, not to a new one.
  const double last_month = std::max(0.0, std::ceil(end_s_ / kMonthS) - 1);
  const auto m = static_cast<std::size_t>(std::min(t / kMonthS, last_month));
  while (months_.size() <= m) {
    MonthTrack track;
    track.processed.assign(stations_.size(), 0.0);
    track.scrapped.assign(stations_.size(), 0.0);
    months_.push_back(std::move(track));
  }
  return months_[m];
}

void KpiCollector::on_event(const EventRecord& r) {
  const double t = r.time_s;
  const bool counted = in_window(t);
  StationTrack* station = r.station >= 0 ? &stations_[static_cast<std::size_t>(r.station)] : nullptr;
  MachineTrack* machine = station != nullptr && r.machine >= 0
                              ? &station->machines[static_cast<std::size_t>(r.machine)]
                              : nullptr;
  const bool flow = r.event == Event::release || r.event == Event::reject ||
                    r.event == Event::assemble || r.event == Event::convert ||
                    r.event == Event::consume || r.event == Event::scrap || r.event == Event::exit;
  KindTrack* track = flow ? &kind(r.lot) : nullptr;
  switch (r.event) {
    case Event::release:
      flow_.released += r.quantity;
      track->flow.released += r.quantity;
      add_wip(r.quantity, track->product_units, t);
      if (counted) released_ += r.quantity;
      break;
    case Event::reject:
      flow_.rejected += r.quantity;
      track->flow.rejected += r.quantity;
      if (counted) rejected_ += r.quantity;
      break;
    case Event::assemble:
      flow_.made += r.quantity;
      track->flow.made += r.quantity;
      add_wip(r.quantity, track->product_units, t);
      set_state(*machine, MachineState::busy, t);
      break;
    case Event::convert:
      flow_.made += r.quantity;
      track->flow.made += r.quantity;
      add_wip(r.quantity, track->product_units, t);
      break;
    case Event::consume:
      flow_.consumed += r.quantity;
      track->flow.consumed += r.quantity;
      add_wip(-r.quantity, track->product_units, t);
      break;
    case Event::start:
      set_state(*machine, MachineState::busy, t);
      break;
    case Event::setup:
      set_state(*machine, MachineState::setup, t);
      break;
    case Event::finish:
      if (counted) station->processed += r.quantity;
      month(t).processed[static_cast<std::size_t>(r.station)] += r.quantity;
      set_state(*machine, MachineState::idle, t);
      break;
    case Event::scrap:
      flow_.scrapped += r.quantity;
      track->flow.scrapped += r.quantity;
      add_wip(-r.quantity, track->product_units, t);
      month(t).scrapped[static_cast<std::size_t>(r.station)] += r.quantity;
      if (counted) {
        station->scrapped += r.quantity;
        if (product_path_[static_cast<std::size_t>(r.station)]) scrapped_ += r.quantity;
      }
      break;
    case Event::rework:
      if (counted) station->reworked += r.quantity;
      break;
    case Event::blocked:
      set_state(*machine, MachineState::blocked, t);
      break;
    case Event::unblocked:
      set_state(*machine, MachineState::idle, t);
      break;
    case Event::fail:
      machine->before_failure = machine->state;
      set_state(*machine, MachineState::down, t);
      break;
    case Event::repair:
      set_state(*machine, machine->before_failure, t);
      break;
    case Event::exit:
      flow_.good += r.quantity;
      track->flow.good += r.quantity;
      add_wip(-r.quantity, track->product_units, t);
      month(t).good += r.quantity;
      if (counted) {
        good_ += r.quantity;
        if (r.lot != nullptr) lead_times_s_.push_back(t - r.lot->released_s);
      }
      break;
    case Event::arrive:
      break;
  }
}

Kpis KpiCollector::finish(double end_s) {
  Kpis k;
  k.horizon_s = std::max(0.0, end_s_ - warmup_s_);
  add_wip(0, 1, end_s);
  flow_.wip_end = raw_wip_;
  k.flow = flow_;
  for (auto [name, kind_track] : kinds_) {
    FlowTotals& f = kind_track.flow;
    f.wip_end = f.released + f.made - f.good - f.scrapped - f.consumed;
    k.flow_by_kind[name] = f;
  }
  k.good_units = good_;
  k.scrapped_units = scrapped_;
  k.released_units = released_;
  k.rejected_units = rejected_;
  k.throughput_per_h = k.horizon_s > 0 ? good_ / (k.horizon_s / 3600.0) : 0;
  k.wip_mean = k.horizon_s > 0 ? wip_area_ / k.horizon_s : 0;

  std::sort(lead_times_s_.begin(), lead_times_s_.end());
  double sum = 0;
  for (double v : lead_times_s_) sum += v;
  k.lead_time_s.lots = lead_times_s_.size();
  if (!lead_times_s_.empty()) k.lead_time_s.mean = sum / static_cast<double>(lead_times_s_.size());
  k.lead_time_s.p50 = percentile(lead_times_s_, 0.50);
  k.lead_time_s.p95 = percentile(lead_times_s_, 0.95);

  double most_active = -1;
  for (std::size_t s = 0; s < stations_.size(); ++s) {
    auto& track = stations_[s];
    StationKpis st;
    st.name = names_[s];
    st.processed = track.processed;
    st.scrapped = track.scrapped;
    st.reworked = track.reworked;
    for (auto& m : track.machines) {
      set_state(m, m.state, end_s);
      for (std::size_t i = 0; i < kMachineStates; ++i)
        st.state_share[i] += k.horizon_s > 0 ? m.time_s[i] / k.horizon_s : 0;
    }
    for (double& share : st.state_share) share /= static_cast<double>(track.machines.size());
    st.utilization = st.state_share[static_cast<std::size_t>(MachineState::busy)];
    const double active = st.utilization +
                          st.state_share[static_cast<std::size_t>(MachineState::down)] +
                          st.state_share[static_cast<std::size_t>(MachineState::setup)];
    if (active > most_active + 1e-12) {
      most_active = active;
      k.bottleneck = st.name;
    }
    if (st.processed > 0 && product_path_[s]) {
      k.first_pass_yield *= 1.0 - (st.scrapped + st.reworked) / st.processed;
      k.final_yield *= 1.0 - st.scrapped / st.processed;
    }
    k.stations.push_back(std::move(st));
  }
  for (std::size_t m = 0; m < months_.size(); ++m) {
    const auto& track = months_[m];
    MonthKpis month_kpis;
    month_kpis.good_units = track.good;
    const double hours = (std::min(end_s, (m + 1) * kMonthS) - m * kMonthS) / 3600.0;
    month_kpis.throughput_per_h = hours > 0 ? track.good / hours : 0;
    for (std::size_t s = 0; s < stations_.size(); ++s)
      if (track.processed[s] > 0 && product_path_[s])
        month_kpis.final_yield *= 1.0 - track.scrapped[s] / track.processed[s];
    k.monthly.push_back(month_kpis);
  }
  return k;
}

}  // namespace twin
