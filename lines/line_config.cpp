#include "lines/line_config.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace lines {

using stations::StationConfig;
using twin::Change;
using twin::Reader;

const StationConfig* LineConfig::find(const std::string& name) const {
  const std::size_t i = index_of(name);
  return i < stations.size() ? &stations[i] : nullptr;
}

std::size_t LineConfig::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < stations.size(); ++i)
    if (stations[i].name == name) return i;
  return stations.size();
}

namespace {

/// One SimGrid actor (and stack) per machine: past ~30,000 in one process SimGrid aborts.
constexpr long long kMaxMachines = 20000;

/// line.stations.<name> (or line.stations[i] for a station without a plain name).
std::string station_path(const YAML::Node& node, std::size_t i) {
  return twin::element_path("line.stations", node, i);
}

void read_stations(const Reader& r, const YAML::Node& n, const std::string& p, LineConfig& out) {
  if (!n.IsSequence() || n.size() == 0) r.fail(n, p, "must be a non-empty list");
  // Every station has a machine: a longer list cannot be valid, so it is not read at all.
  if (n.size() > static_cast<std::size_t>(kMaxMachines))
    r.fail(n, p, fmt::format("{} stations; a line has at most {} machines", n.size(), kMaxMachines));
  out.stations.clear();
  for (std::size_t i = 0; i < n.size(); ++i)
    r.attempt([&] { out.stations.push_back(stations::read_station(r, n[i], station_path(n[i], i))); });
}

}  // namespace

const twin::Schema<LineConfig>& line_fields() {
  static const twin::Schema<LineConfig> table = {
      twin::block_field("source", &LineConfig::source, stations::release_fields(),
                        "none (each head station has supply)",
                        "release and lot for every head station")
          .as(Change::recipe),
      twin::Field<LineConfig>{"stations", "list of stations", "", "", "in flow order",
                              read_stations}
          .as(Change::hardware),
  };
  return table;
}

namespace {

class RoutingChecker {
 public:
  RoutingChecker(const Reader& r, const YAML::Node& nodes, bool patched, LineConfig& line)
      : r_(r), nodes_(nodes), patched_(patched), line_(line), list_(line.stations) {}

  void check() {
    // By name through a hash map: a line of 20,000 stations is checked in linear time.
    for (std::size_t i = 0; i < list_.size(); ++i) {
      const auto [it, fresh] = index_.emplace(list_[i].name, i);
      if (!fresh)
        fail(i, "name",
             fmt::format("duplicate station name '{}' (entries {} and {} of the list)",
                         list_[i].name, it->second + 1, i + 1));
    }
    // One SimGrid actor (and stack) per machine: past ~30,000 in one process SimGrid aborts
    // when the kernel's memory-map count runs out.
    long long machines = 0;
    for (std::size_t i = 0; i < list_.size(); ++i) {
      machines += list_[i].machines;
      if (machines > kMaxMachines)
        fail(i, "machines", fmt::format("the line has {} machines up to this station; at most {} "
                                        "in one run (one simulated actor each)",
                                        machines, kMaxMachines));
    }
    const auto feeds_assembly = assembly_inputs();
    std::vector<int> fed_by_count(list_.size(), 0);
    for (std::size_t i = 0; i < list_.size(); ++i) {
      const int next = downstream(i, feeds_assembly);
      if (next >= 0) {
        list_[i].to = list_[static_cast<std::size_t>(next)].name;
        ++fed_by_count[static_cast<std::size_t>(next)];
      }
      for (const auto& output : list_[i].outputs())
        if (!output.to.empty()) station_ref(i, output.key, output.to);
    }
    for (std::size_t i = 0; i < list_.size(); ++i) check_ends(i, fed_by_count[i] == 0);
    check_produces();
  }

 private:
  [[noreturn]] void fail(std::size_t i, const std::string& key, const std::string& message) const {
    const YAML::Node node = nodes_[i];
    const YAML::Node at = node[key] ? node[key] : node;
    r_.fail(at, station_path(node, i) + "." + key, message);
  }

  std::size_t station_ref(std::size_t i, const std::string& key, const std::string& name) const {
    const auto found = index_.find(name);
    const std::size_t j = found == index_.end() ? list_.size() : found->second;
    if (j == list_.size()) {
      std::string message = "no station named '" + name + "'";
      std::vector<std::string> all;
      std::string names;
      for (const auto& st : list_) {
        all.push_back(st.name);
        names += " " + st.name;
      }
      if (auto guess = twin::did_you_mean(name, all)) message += "; did you mean '" + *guess + "'?";
      fail(i, key, message + "; stations:" + names);
    }
    return j;
  }

  /// For each station, the assembly that lists it as an input (-1: none).
  std::vector<int> assembly_inputs() const {
    std::vector<int> feeds_assembly(list_.size(), -1);
    for (std::size_t a = 0; a < list_.size(); ++a) {
      std::set<std::size_t> seen;
      for (const auto& feed : list_[a].feeds()) {
        const std::size_t j = station_ref(a, "inputs", feed.from);
        if (j >= a)
          fail(a, "inputs",
               "input '" + feed.from + "' must come before " + list_[a].name + " in the list");
        if (!seen.insert(j).second) fail(a, "inputs", "input '" + feed.from + "' is listed twice");
        if (feeds_assembly[j] >= 0)
          fail(a, "inputs", "'" + feed.from + "' already feeds another assembly");
        feeds_assembly[j] = static_cast<int>(a);
      }
    }
    return feeds_assembly;
  }

  /// The resolved downstream of station i (-1: the end of the line).
  int downstream(std::size_t i, const std::vector<int>& feeds_assembly) const {
    const auto& st = list_[i];
    int next = -1;
    if (!st.to.empty()) {
      next = static_cast<int>(station_ref(i, "to", st.to));
      if (next <= static_cast<int>(i)) fail(i, "to", "must name a station later in the list");
      if (feeds_assembly[i] >= 0 && feeds_assembly[i] != next)
        fail(i, "to",
             "conflicts with assembly '" + list_[static_cast<std::size_t>(feeds_assembly[i])].name +
                 "' that lists it as input");
    } else if (feeds_assembly[i] >= 0) {
      next = feeds_assembly[i];
    } else if (i + 1 < list_.size()) {
      next = static_cast<int>(i) + 1;
    }
    if (next >= 0) {
      const auto& target = list_[static_cast<std::size_t>(next)];
      if (!target.feeds().empty() && feeds_assembly[i] != next)
        fail(i, "to",
             "would feed assembly '" + target.name + "', which does not list it in inputs");
    }
    return next;
  }

  void check_ends(std::size_t i, bool head) {
    auto& st = list_[i];
    if (i + 1 < list_.size() && st.to.empty())
      fail(i, "to", "only the last station may end the line");
    if (head && !st.feeds().empty())
      fail(i, "inputs", "an assembly station needs upstream stations");
    if (!head && st.supply)
      fail(i, "supply", "only a head station (fed by no station) may have a supply");
    if (head && !st.supply && !line_.source)
      fail(i, "supply",
           patched_ ? "is fed by no station after the patch: give it a supply, "
                      "or route a station to it (to:)"
                    : "head station needs a supply, or the line a source");
    if (head && !st.supply) st.supply = line_.source;
    if (head && st.supply->mode == "saturated" && st.buffer_in < 0) st.buffer_in = 0;
  }

  /// The largest lot each station can hand on (0: none), from the supplies through scrap,
  /// conversions and assembly; the line must be able to hand a lot out of its last station.
  void check_produces() const {
    std::vector<double> out(list_.size(), 0.0);
    std::vector<double> largest_in(list_.size(), 0.0);  // from the stations routed here
    const std::string nothing =
        patched_ ? "the patched line produces nothing: " : "the line produces nothing: ";
    for (std::size_t i = 0; i < list_.size(); ++i) {
      const auto& st = list_[i];
      double lot = 0;
      if (st.supply) {
        lot = st.supply->max_lots == 0 ? 0.0 : st.supply->lot->quantity;
      } else if (!st.feeds().empty()) {
        bool all_fed = true;
        for (const auto& feed : st.feeds()) all_fed = all_fed && out[index_.at(feed.from)] > 0;
        lot = all_fed ? st.makes()->quantity : 0.0;
      } else {
        lot = largest_in[i];
      }
      if (lot > 0 && st.scrap_rate.initial >= 1 && st.scrap_rate.mature >= 1)
        fail(i, "scrap_rate", nothing + "every unit is scrapped here (scrap_rate 1)");
      if (lot > 0 && st.convert) {
        const double units = lot;
        lot = std::floor(units * st.convert->units_per_input + 1e-9);
        if (lot <= 0)
          fail(i, "convert",
               nothing + fmt::format("a lot of {} units converts into 0 units "
                                     "(units_per_input {})",
                                     units, st.convert->units_per_input));
      }
      out[i] = lot;
      if (const auto next = index_.find(st.to); next != index_.end())
        largest_in[next->second] = std::max(largest_in[next->second], lot);
    }
    for (std::size_t i = 0; i < list_.size(); ++i)
      if (list_[i].supply && list_[i].supply->max_lots != 0) return;
    fail(0, "supply", nothing + "no supply releases a lot (max_lots 0)");
  }

  std::unordered_map<std::string, std::size_t> index_;  // station name -> position
  const Reader& r_;
  const YAML::Node& nodes_;
  bool patched_;
  LineConfig& line_;
  std::vector<StationConfig>& list_;
};

}  // namespace

void resolve_routing(const Reader& r, const YAML::Node& stations_node, bool patched,
                     LineConfig& line) {
  RoutingChecker(r, stations_node, patched, line).check();
}

namespace {
/// For each station, the position of the station its `to` names (-1: the end of the line).
std::vector<long> downstream_of(const LineConfig& line) {
  std::unordered_map<std::string, long> index;
  for (std::size_t i = 0; i < line.stations.size(); ++i)
    index.emplace(line.stations[i].name, static_cast<long>(i));
  std::vector<long> next;
  for (const auto& st : line.stations) {
    const auto found = index.find(st.to);
    next.push_back(found == index.end() ? -1 : found->second);
  }
  return next;
}
}  // namespace

std::vector<double> product_units_per_unit(const LineConfig& line) {
  const auto& list = line.stations;
  const auto downstream = downstream_of(line);
  std::vector<double> cpu(list.size(), 1.0);
  // Downstream before upstream: `to` always names a later station.
  for (std::size_t k = list.size(); k-- > 0;) {
    const auto& st = list[k];
    double out = 1.0;  // product units per output unit
    if (downstream[k] >= 0) {
      const auto j = static_cast<std::size_t>(downstream[k]);
      const StationConfig* next = &list[j];
      out = cpu[j];
      for (const auto& feed : next->feeds())
        if (feed.from == st.name) out = cpu[j] * next->makes()->quantity / feed.units_per_output;
    }
    cpu[k] = st.convert ? out * st.convert->units_per_input : out;
  }
  return cpu;
}

std::map<std::string, double> product_units_per_kind(const LineConfig& line) {
  const auto per_unit = product_units_per_unit(line);
  std::map<std::string, double> kinds;
  std::set<std::string> ambiguous;
  auto note = [&](const std::string& kind, double value) {
    const auto [it, fresh] = kinds.emplace(kind, value);
    if (!fresh && std::abs(it->second - value) > 1e-9 * std::max(1.0, value))
      ambiguous.insert(kind);
  };
  for (std::size_t i = 0; i < line.stations.size(); ++i) {
    const auto& st = line.stations[i];
    if (st.supply && st.supply->lot) note(st.supply->lot->kind, per_unit[i]);
    if (st.convert) note(st.convert->kind, per_unit[i] / st.convert->units_per_input);
    if (const auto made = st.makes()) note(made->kind, per_unit[i]);
  }
  for (const auto& kind : ambiguous) kinds.erase(kind);
  return kinds;
}

std::vector<std::string> processed_kinds(const LineConfig& line) {
  const auto& list = line.stations;
  const auto downstream = downstream_of(line);
  std::vector<std::string> in(list.size()), routed_in(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {  // upstream first: `to` names a later station
    const auto& st = list[i];
    if (const auto made = st.makes()) {
      in[i] = made->kind;
    } else if (st.supply && st.supply->lot) {
      in[i] = st.supply->lot->kind;
    } else {
      in[i] = routed_in[i];
    }
    const std::string out = st.convert ? st.convert->kind : in[i];
    if (downstream[i] >= 0) {
      auto& next_in = routed_in[static_cast<std::size_t>(downstream[i])];
      next_in = next_in.empty() || next_in == out ? out : "mixed";
    }
  }
  return in;
}

std::vector<bool> product_path(const LineConfig& line) {
  const auto& list = line.stations;
  std::vector<bool> on(list.size(), false);
  if (list.empty()) return on;
  const auto downstream = downstream_of(line);
  std::vector<std::vector<std::size_t>> feeders(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    if (downstream[i] >= 0) feeders[static_cast<std::size_t>(downstream[i])].push_back(i);
  std::size_t current = list.size() - 1;
  for (;;) {
    on[current] = true;
    if (list[current].feeds().size() >= 2) break;  // the product is made here
    if (feeders[current].size() != 1) break;  // a head station, or a merge of several feeders
    current = feeders[current].front();
  }
  return on;
}

}  // namespace lines
