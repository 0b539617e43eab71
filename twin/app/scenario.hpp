// The typed, validated scenario: what `celltwin run` simulates. Loaded from YAML (base, patch,
// --set, cell design and cost file resolved here) through the parameter tables: the scenario's
// own (this file), the line's (lines/line_config.hpp) and the stations' (stations/); every value
// is checked before the simulation sees it.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lines/line_config.hpp"
#include "twin/app/cell_design.hpp"
#include "twin/app/cost_inputs.hpp"
#include "twin/app/machine_catalogue.hpp"
#include "twin/engine/distribution.hpp"

namespace twin {

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
  double equipment_age_years = 0;  // for the book value of equipment a retrofit strands
};

struct Scenario {
  std::string name;
  std::string file;
  std::string base_file;  // the scenario this one patches, if any
  std::optional<CellDesign> cell;
  std::string costs_file;  // cost inputs (configs/costs/...), if the scenario is costed
  std::optional<CostInputs> costs;
  std::string machines_file;  // the machine catalogue (configs/machines/...), if named
  std::optional<MachineCatalogue> machines;
  PlantConfig plant;
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  double warmup_h = 0;
  double horizon_h = 0;
  lines::LineConfig line;
  std::map<std::string, std::string> sources;  // key path -> cited source

  double warmup_s() const { return warmup_h * 3600.0; }
  double horizon_s() const { return horizon_h * 3600.0; }
  double end_s() const { return warmup_s() + horizon_s(); }
};

/// Loads and validates a scenario file; `overrides` are --set KEY=VALUE pairs applied first.
/// Throws ConfigError naming file, line and key for anything wrong.
Scenario load_scenario(const std::string& file,
                       const std::vector<std::pair<std::string, std::string>>& overrides = {});

/// Config reference in Markdown, generated from the parameter tables.
std::string schema_reference();

}  // namespace twin
