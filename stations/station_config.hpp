// The configuration of one station: the parameters every kind has (this file's table), plus the
// kind's own parameters (`params`, read against the kind's table in its own file pair). The
// tables are the one description of a parameter: parsing and validation, the config reference,
// line.json and the retrofit diff all come from them.
#pragma once
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stations/source.hpp"
#include "twin/engine/distribution.hpp"
#include "twin/engine/ramp.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

struct FailureConfig {
  twin::Distribution mtbf_h;  // operating (busy) hours between failures
  twin::Distribution mttr_h;  // hours to repair
};

/// Turns a lot into another kind at the end of processing (a roll of metres into sheets, a
/// web into lanes): output units = floor(input units x units_per_input); the fraction left over
/// is trim scrap (in input units).
struct ConvertConfig {
  std::string kind;
  double units_per_input = 1;
};

/// A BOM item that a station consumes (charged when it processes units).
struct MaterialUse {
  std::string item;      // BOM item name, e.g. cathode_active_material
  std::string material;  // to pick one of several items of the same name (binder PVDF / CMC)
  double share = 1;      // share of the BOM quantity consumed here (e.g. unrecovered NMP)
};

/// A station feeding one input of an assembly station, and the units used per output lot.
struct Feed {
  std::string from;
  double units_per_output = 1;
};

/// An output besides `out` (the resolved `to`): e.g. a test station's `rework`. `to` names the
/// station whose input receives it (set by the parameter `key`); empty: the station's own input.
struct NamedOutput {
  std::string name;
  std::string key;
  std::string to;
};

struct StationConfig;

/// The parameters of one kind, i.e. the struct its table reads into. What the line builder and
/// the routing checks need to know of a kind is asked through these virtuals, so lines/ never
/// names a kind.
struct KindParams {
  virtual ~KindParams() = default;
  /// Stations feeding separate inputs of this one (assembly); empty: one input, fed by the
  /// stations routed to it.
  virtual std::vector<Feed> feeds() const { return {}; }
  /// The lot this station makes from its inputs (assembly), if it makes a new one.
  virtual std::optional<LotSpec> makes() const { return std::nullopt; }
  /// Outputs besides `out`.
  virtual std::vector<NamedOutput> outputs() const { return {}; }
  /// A rule across this kind's and the common parameters: {key, message} when broken.
  virtual std::optional<std::pair<std::string, std::string>> check(const StationConfig&) const {
    return std::nullopt;
  }
};

struct StationConfig {
  std::string name;
  std::string kind;
  std::string description;
  long long machines = 1;
  long long buffer_in = -1;  // lots; -1 = unlimited
  twin::Ramped scrap_rate;
  twin::Ramped cycle_time_factor = twin::Ramped::constant(1);  // ramp-up: times start longer
  std::optional<ConvertConfig> convert;
  std::string machine_type;       // in the scenario's machine catalogue; empty: none named
  double capex_usd = 0;           // installed equipment cost per machine
  double retrofit_capex_usd = 0;  // cost to convert one existing machine to this station
  double power_busy_kw = 0;       // electricity per machine while busy or in setup
  double power_idle_kw = 0;       // electricity per machine otherwise
  double heat_busy_kw = 0;        // heat (gas, steam) per machine while busy
  double floor_m2 = 0;            // floor area per machine
  std::string room = "ambient";   // ambient | dry_room
  double dew_point_c = -40;       // dry_room: the dew-point class it must hold
  std::vector<std::string> formats;  // cell formats its machines take; empty: every format
  double operators = 0;           // per machine and shift
  std::vector<MaterialUse> materials;
  std::string to;  // downstream station; empty = next in the list (resolved by lines/)
  std::optional<FailureConfig> failures;
  std::optional<ReleaseConfig> supply;       // own source for a head station
  std::shared_ptr<const KindParams> params;  // the kind's own parameters
  int yaml_line = 0;

  template <class P>
  const P& params_as() const {
    return static_cast<const P&>(*params);
  }
  std::vector<Feed> feeds() const { return params->feeds(); }
  std::optional<LotSpec> makes() const { return params->makes(); }
  std::vector<NamedOutput> outputs() const { return params->outputs(); }
};

/// The table of the keys every station has.
const twin::Schema<StationConfig>& common_station_fields();
const twin::Schema<FailureConfig>& failure_fields();

/// Reads one station (common keys + its kind's keys) at `path` (e.g. line.stations.stacking).
StationConfig read_station(const twin::Reader& r, const YAML::Node& node, const std::string& path);

/// Every parameter of the station, resolved (line.json).
twin::Json station_json(const StationConfig& station);
/// The parameters that differ between two versions of a station, with their change classes;
/// a change of kind is one hardware change `kind`.
std::vector<twin::Changed> station_changes(const StationConfig& from, const StationConfig& to);

}  // namespace stations
