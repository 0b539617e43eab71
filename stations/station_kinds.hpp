// The registry of station kinds: each kind's name, its own parameter table (read, written and
// documented through the same rows) and its factory. Scenario loading reads a station against
// the common table (station_config.hpp) plus its kind's table. Adding a kind: its file pair,
// one line in station_kinds.cpp, and the build file.
#pragma once
#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stations/station.hpp"
#include "stations/station_config.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

struct StationKind {
  std::string name;
  std::string doc;
  std::vector<twin::FieldDoc> fields;  // the kind's own table, as documented
  std::function<std::shared_ptr<const KindParams>(const twin::Reader&, const YAML::Node&,
                                                  const std::string&)>
      read;
  std::function<twin::Json(const KindParams&)> write;
  std::function<std::unique_ptr<Station>(const StationConfig&, int, twin::RunContext&)> create;

  bool has_key(const std::string& key) const;
};

/// A kind from its station class S, which names its parameter struct S::Params and its table
/// S::fields() (a twin::Schema<S::Params>).
template <class S>
StationKind make_station_kind(std::string name, std::string doc) {
  using P = typename S::Params;
  return {std::move(name),
          std::move(doc),
          twin::document(S::fields()),
          [](const twin::Reader& r, const YAML::Node& n, const std::string& p) {
            auto params = std::make_shared<P>();
            twin::read_rows(r, n, p, S::fields(), *params);
            return std::shared_ptr<const KindParams>(std::move(params));
          },
          [](const KindParams& params) {
            return twin::write_block(S::fields(), static_cast<const P&>(params));
          },
          [](const StationConfig& c, int index, twin::RunContext& run) {
            return std::unique_ptr<Station>(std::make_unique<S>(c, index, run));
          }};
}

const std::vector<StationKind>& station_kinds();
const StationKind* find_station_kind(const std::string& name);
std::vector<std::string> station_kind_names();

}  // namespace stations
