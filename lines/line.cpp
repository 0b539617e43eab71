#include "lines/line.hpp"

#include <simgrid/s4u/Host.hpp>

#include "stations/station_kinds.hpp"

namespace lines {

Line build_line(const LineConfig& config, twin::RunContext& run, simgrid::s4u::NetZone* zone) {
  const auto& configs = config.stations;
  Line line;
  std::vector<simgrid::s4u::Host*> hosts;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const auto& st = configs[i];
    line.stations.push_back(
        stations::find_station_kind(st.kind)->create(st, static_cast<int>(i), run));
    hosts.push_back(zone->create_host(st.name, 1.0));
  }
  // Input buffers: one per station, or one per input of an assembly station.
  for (std::size_t i = 0; i < configs.size(); ++i) {
    auto& station = *line.stations[i];
    const long long positions = station.lots_per_machine() * configs[i].machines;
    for (std::size_t k = 0; k < station.input_count(); ++k) {
      line.buffers.push_back(std::make_unique<twin::Buffer>(
          static_cast<int>(i), configs[i].buffer_in, positions, run.bus()));
      station.set_input(k, line.buffers.back().get());
    }
  }
  // Outputs: `out` to the resolved `to` (into the matching input of an assembly), named outputs
  // to the input of the station they name (their own input when unnamed).
  std::vector<bool> fed(configs.size(), false);
  for (std::size_t i = 0; i < configs.size(); ++i) {
    for (const auto& output : configs[i].outputs()) {
      const std::size_t target = output.to.empty() ? i : config.index_of(output.to);
      line.stations[i]->set_output(output.name, &line.stations[target]->input());
    }
    if (configs[i].to.empty()) continue;
    const std::size_t next = config.index_of(configs[i].to);
    fed[next] = true;
    std::size_t input = 0;
    const auto feeds = configs[next].feeds();
    while (input < feeds.size() && feeds[input].from != configs[i].name) ++input;
    line.stations[i]->set_output("out",
                                 &line.stations[next]->input(input < feeds.size() ? input : 0));
  }
  std::vector<std::size_t> source_hosts;
  for (std::size_t i = 0; i < configs.size(); ++i) {
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
