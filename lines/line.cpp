#include "lines/line.hpp"

#include <simgrid/s4u/Host.hpp>

#include "stations/station_kinds.hpp"
#include "stations/test_station.hpp"

namespace lines {

std::vector<std::string> Line::station_names() const {
  std::vector<std::string> names;
  for (const auto& s : stations) names.push_back(s->name());
  return names;
}

std::vector<int> Line::machine_counts() const {
  std::vector<int> counts;
  for (const auto& s : stations) counts.push_back(static_cast<int>(s->config().machines));
  return counts;
}

Line build_line(twin::RunContext& run, simgrid::s4u::NetZone* zone) {
  const auto& configs = run.scenario().line.stations;
  Line line;
  std::vector<simgrid::s4u::Host*> hosts;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const auto& config = configs[i];
    line.stations.push_back(
        stations::find_station_kind(config.kind)->create(config, static_cast<int>(i), run));
    hosts.push_back(zone->create_host(config.name, 1.0));
  }
  auto index_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < configs.size(); ++i)
      if (configs[i].name == name) return i;
    return configs.size();
  };
  // Input buffers: one per station, or one per input of an assembly station.
  for (std::size_t i = 0; i < configs.size(); ++i) {
    auto& station = *line.stations[i];
    const long long positions = station.lots_per_machine() * configs[i].machines;
    for (std::size_t k = 0; k < station.input_count(); ++k) {
      line.buffers.push_back(std::make_unique<twin::Buffer>(static_cast<int>(i),
                                                            configs[i].buffer_in, positions,
                                                            run.bus()));
      station.set_input(k, line.buffers.back().get());
    }
  }
  // Outputs: the resolved `to` of each station; into the matching input of an assembly.
  std::vector<bool> fed(configs.size(), false);
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (configs[i].to.empty()) continue;
    const std::size_t next = index_of(configs[i].to);
    fed[next] = true;
    std::size_t input = 0;
    if (const auto& assembly = configs[next].assembly) {
      while (assembly->inputs[input].from != configs[i].name) ++input;
    }
    line.stations[i]->set_output(&line.stations[next]->input(input));
  }
  std::vector<std::size_t> source_hosts;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (!configs[i].rework_to.empty())
      static_cast<stations::TestStation&>(*line.stations[i])
          .set_rework_target(&line.stations[index_of(configs[i].rework_to)]->input());
    if (fed[i]) continue;
    source_hosts.push_back(i);
    line.sources.push_back(std::make_unique<stations::Source>(
          *configs[i].supply, static_cast<int>(i), configs[i].name, line.stations[i]->input(), run));
  }
  zone->seal();
  for (std::size_t i = 0; i < configs.size(); ++i) line.stations[i]->start(hosts[i]);
  for (std::size_t k = 0; k < line.sources.size(); ++k)
    line.sources[k]->start(hosts[source_hosts[k]]);
  return line;
}

}  // namespace lines
