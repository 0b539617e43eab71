#include "twin/app/event_log_reader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "twin/engine/csv_event_log.hpp"
#include "twin/engine/schema.hpp"

namespace twin {
namespace {

using json = nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "", "cannot read the file (not a run folder?)");
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw ConfigError(path, "", std::string("not valid JSON: ") + e.what());
  }
}

/// RFC 4180 fields of one line (quoted fields with doubled quotes).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

EventLogReader::EventLogReader(const std::string& run_dir) : dir_(run_dir) {
  const auto path = [&](const char* name) { return (std::filesystem::path(dir_) / name).string(); };
  const json line = read_json(path("line.json"));
  const json info = read_json(path("run.json"));
  try {
    scenario_ = line.at("scenario").get<std::string>();
    for (const auto& st : line.at("stations")) {
      station_index_[st.at("name").get<std::string>()] = static_cast<int>(stations_.size());
      stations_.push_back(st.at("name").get<std::string>());
      machines_.push_back(st.at("machines").get<int>());
    }
    if (line.contains("cell_equivalents_per_unit"))
      weights_ = line["cell_equivalents_per_unit"].get<std::map<std::string, double>>();
  } catch (const json::exception& e) {
    throw ConfigError(path("line.json"), "stations", std::string("not a line description: ") + e.what());
  }
  if (!info.contains("event_log"))
    throw ConfigError(path("run.json"), "event_log",
                      "the run wrote no event log (it ran with --events none); run it again "
                      "with --events csv");
  from_s_ = info["event_log"].value("from_s", 0.0);
  to_s_ = info["event_log"].value("to_s", 0.0);
  csv_path_ = path("events.csv");
}

LogState EventLogReader::seek(double time_s) {
  const auto index_path = (std::filesystem::path(dir_) / "events.index.jsonl").string();
  std::ifstream index(index_path);
  if (!index) throw ConfigError(index_path, "", "cannot read the file");
  json chosen;
  std::size_t n = 0;
  for (std::string text; std::getline(index, text);) {
    ++n;
    json snap;
    try {
      snap = json::parse(text);
      snap.at("time_s").get<double>();
      snap.at("offset").get<std::uint64_t>();
    } catch (const json::exception&) {
      throw ConfigError(fmt::format("{}:{}", index_path, n), "", "not a snapshot line");
    }
    if (chosen.is_null() || snap["time_s"].get<double>() <= time_s) chosen = snap;
    else break;
  }
  if (chosen.is_null()) throw ConfigError(index_path, "", "no snapshot in the file");
  LogState state;
  state.time_s = chosen["time_s"];
  const auto codes = chosen.at("machines").get<std::vector<std::string>>();
  const auto waiting = chosen.at("waiting_cell_eq").get<std::vector<double>>();
  if (codes.size() != stations_.size() || waiting.size() != stations_.size())
    throw ConfigError(index_path, "machines",
                      fmt::format("{} stations in a snapshot, line.json has {}", codes.size(),
                                  stations_.size()));
  for (std::size_t s = 0; s < codes.size(); ++s) {
    if (codes[s].size() != static_cast<std::size_t>(machines_[s]))
      throw ConfigError(index_path, "machines",
                        fmt::format("station {}: {} machines in a snapshot, line.json has {}",
                                    stations_[s], codes[s].size(), machines_[s]));
    auto& tracks = state.machines.emplace_back(codes[s].size());
    for (std::size_t m = 0; m < codes[s].size(); ++m)
      if (!MachineTrack::decode(codes[s][m], tracks[m]))
        throw ConfigError(index_path, "machines",
                          fmt::format("unknown machine state letter '{}'", codes[s][m]));
  }
  state.stock = {chosen.at("wip_cell_eq").get<double>(), waiting};

  csv_.close();
  csv_.clear();
  csv_.open(csv_path_, std::ios::binary);
  if (!csv_) throw ConfigError(csv_path_, "", "cannot read the file");
  std::string header;
  std::getline(csv_, header);
  std::string expected;
  for (const auto& c : event_columns()) expected += (expected.empty() ? "" : ",") + std::string(c.name);
  if (header != expected)
    throw ConfigError(csv_path_ + ":1", "", "expected the header '" + expected + "', got '" + header + "'");
  offset_ = chosen["offset"].get<std::uint64_t>();
  csv_.seekg(static_cast<std::streamoff>(offset_));
  bytes_read_ = 0;
  row_ = chosen.value("row", std::uint64_t{0});
  return state;
}

void EventLogReader::bad_row(const std::string& text) const {
  throw ConfigError(fmt::format("{}:{}", csv_path_, row_ + 1), "",
                    "bad or out-of-order row '" + text.substr(0, 200) + "'");
}

bool EventLogReader::next(LogRow& row) {
  if (!std::getline(csv_, line_)) return false;
  bytes_read_ += line_.size() + 1;
  ++row_;
  const auto f = line_.find('"') == std::string::npos ? [&] {
    std::vector<std::string> parts;
    std::stringstream in(line_);
    for (std::string p; std::getline(in, p, ',');) parts.push_back(p);
    if (!line_.empty() && line_.back() == ',') parts.emplace_back();
    return parts;
  }() : csv_fields(line_);
  if (f.size() != event_columns().size()) bad_row(line_);
  try {
    const double previous = row.time_s;
    row.time_s = std::stod(f[0]);
    if (row.time_s < previous && row_ > 1) bad_row(line_);
    if (f[1] == "source") {
      row.station = -1;
    } else {
      const auto it = station_index_.find(f[1]);
      if (it == station_index_.end()) bad_row(line_);
      row.station = it->second;
    }
    row.machine = std::stoi(f[2]);
    if (row.station >= 0 && row.machine >= machines_[static_cast<std::size_t>(row.station)])
      bad_row(line_);
    if (!event_from_string(f[3], row.event)) bad_row(line_);
    row.lot = std::stoull(f[4]);
    row.kind = f[5];
    row.quantity = std::stod(f[6]);
    row.related_lot = f[7].empty() ? 0 : std::stoull(f[7]);
  } catch (const std::logic_error&) {  // stod/stoi: invalid_argument, out_of_range
    bad_row(line_);
  }
  return true;
}

double EventLogReader::cell_eq(const std::string& kind, double quantity) const {
  const auto it = weights_.find(kind);
  return quantity * (it == weights_.end() ? 1.0 : it->second);
}

RowEffect apply(LogState& state, const LogRow& row, double cell_eq) {
  state.time_s = row.time_s;
  RowEffect effect;
  effect.waiting_changed = state.stock.apply(row.event, row.station, cell_eq, row.related_lot != 0);
  if (row.station < 0 || row.machine < 0) return effect;
  auto& track = state.machines[static_cast<std::size_t>(row.station)][static_cast<std::size_t>(row.machine)];
  const MachineState before = track.state;
  if (track.apply(row.event)) effect.machine_before = before;
  return effect;
}

}  // namespace twin
