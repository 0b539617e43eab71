// The typed, validated scenario: what `celltwin run` simulates. Loaded from YAML through the
// parameter tables (twin/schema.hpp, stations/station_kinds.hpp); every value is checked here so
// the simulation never sees a bad one.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twin/cell_design.hpp"
#include "twin/cost_inputs.hpp"
#include "twin/distribution.hpp"

namespace twin {

struct LotSpec {
  std::string kind = "part";
  double quantity = 1;  // units per lot (parts, metres, sheets, cells ...)
};

struct ReleaseConfig {
  std::string mode = "saturated";  // saturated | interarrival
  Distribution interarrival_s;
  std::string when_full = "block";  // block | drop (an arrival that finds no room is lost)
  long long max_lots = -1;          // stop releasing after this many lots; < 0: no limit
  std::optional<LotSpec> lot;
};

struct FailureConfig {
  Distribution mtbf_h;  // operating (busy) hours between failures
  Distribution mttr_h;  // hours to repair
};

struct BatchConfig {
  long long capacity = 1;  // lots per batch
  Distribution duration_s;
  double max_wait_s = -1;  // < 0: wait for a full batch
};

struct WebConfig {
  Distribution speed_m_per_min;
  double startup_waste_m = 0;  // scrapped at the start of every roll
  Distribution roll_change_s;  // setup before every roll
};

struct AssemblyInput {
  std::string from;         // upstream station name
  double units_per_output;  // units of that input consumed per output lot
};

struct AssemblyConfig {
  std::vector<AssemblyInput> inputs;
  std::optional<LotSpec> output;
};

/// A rate that can follow a learning curve over plant time (ramp-up):
/// rate(t) = mature + (initial - mature) exp(-t / tau). A plain number is constant.
struct RampedRate {
  double initial = 0;
  double mature = 0;
  double tau_h = 0;
  double at(double plant_time_s) const;
  double highest() const { return initial > mature ? initial : mature; }
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

struct StationConfig {
  std::string name;
  std::string kind;
  long long machines = 1;
  Distribution cycle_time_s;
  long long buffer_in = -1;  // lots; -1 = unlimited
  RampedRate scrap_rate;
  double cycle_time_ramp_factor = 1;  // ramp-up: cycle times start this much longer ...
  double cycle_time_ramp_tau_h = 0;   // ... and the excess decays with this time constant
  std::string cycle_basis = "lot";    // lot | unit: cycle time per lot or per unit in the lot
  std::optional<ConvertConfig> convert;
  double capex_usd = 0;               // installed equipment cost per machine
  double retrofit_capex_usd = 0;      // cost to convert one existing machine to this station
  double power_busy_kw = 0;           // electricity per machine while busy or in setup
  double power_idle_kw = 0;           // electricity per machine otherwise
  double heat_busy_kw = 0;            // heat (gas, steam) per machine while busy
  double floor_m2 = 0;                // floor area per machine
  std::string room = "ambient";       // ambient | dry_room
  double operators = 0;               // per machine and shift
  std::vector<MaterialUse> materials;
  double rework_rate = 0;      // test stations: share of units sent to rework
  std::string rework_to;       // test stations: whose input receives rework (default: own)
  long long max_reworks = 1;   // test stations: reworked this often -> scrapped instead
  std::string to;  // downstream station; empty = next in the list
  std::optional<FailureConfig> failures;
  std::optional<BatchConfig> batch;
  std::optional<WebConfig> web;
  std::optional<AssemblyConfig> assembly;
  std::optional<ReleaseConfig> supply;  // own source for a head station
  std::string description;
  int yaml_line = 0;
};

struct LineConfig {
  std::optional<ReleaseConfig> source;
  std::vector<StationConfig> stations;
};

/// Plant calendar and design capacity (for GWh/yr and sizing).
struct PlantConfig {
  double days_per_year = 320;
  double hours_per_day = 24;
  double design_gwh_per_year = 0;
  // BatPaC scaling law C = C0 (R/R0)^p: station capex_usd values are for a plant of
  // capex_reference_gwh_per_year (0: no scaling) and scale to design_gwh_per_year.
  double capex_reference_gwh_per_year = 0;
  double capex_exponent = 0.9;
  double hours_per_year() const { return days_per_year * hours_per_day; }
  /// The factor (R/R0)^p applied to every station's capex (1 without a reference).
  double capex_scale() const;
};

struct Scenario {
  std::string name;
  std::string file;
  std::string base_file;  // the scenario this one patches, if any
  std::optional<CellDesign> cell;
  std::string costs_file;  // cost inputs (configs/costs/...), if the scenario is costed
  std::optional<CostInputs> costs;
  PlantConfig plant;
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  double warmup_h = 0;
  double horizon_h = 0;
  LineConfig line;
  std::map<std::string, std::string> sources;  // key path -> cited source

  double warmup_s() const { return warmup_h * 3600.0; }
  double horizon_s() const { return horizon_h * 3600.0; }
  double end_s() const { return warmup_s() + horizon_s(); }
  const StationConfig* find_station(const std::string& name) const;
};

/// Product units (cells for a battery line) per unit processed at each station, from the
/// routing, assembly ratios and conversions: 1 at the end of the line.
std::vector<double> product_units_per_unit(const Scenario& scenario);
/// The same per lot kind (supply, convert and assembly output kinds); a kind used with two
/// different ratios is left out.
std::map<std::string, double> product_units_per_kind(const Scenario& scenario);
/// Stations whose yield is the product's: from the end of the line upstream to the station
/// where the product is assembled from two or more inputs (or to the head of a single chain).
std::vector<bool> product_path(const Scenario& scenario);

/// Loads and validates a scenario file; `overrides` are --set KEY=VALUE pairs applied first.
/// Throws ConfigError naming file, line and key for anything wrong.
Scenario load_scenario(const std::string& file,
                       const std::vector<std::pair<std::string, std::string>>& overrides = {});

/// Config reference in Markdown, generated from the parameter tables.
std::string schema_reference();

}  // namespace twin
