// A cell design (configs/cells/*.yaml): capacity, voltage, mass, sheets, layers, loadings,
// electrolyte dose, formation protocol and bill of materials, each with its source.
// Wh per cell and Wh/kg are computed here, never typed in.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace twin {

struct BomItem {
  std::string item;      // cathode_active_material, separator, housing ...
  std::string material;  // NMC811, graphite, PE/PP ...
  double quantity = 0;
  std::string unit;      // kg | m2 | l | piece
  std::string source;
};

/// One step of the formation protocol: a charge or discharge of `soc_change` (0..1) at `c_rate`.
struct FormationStep {
  double c_rate = 0;
  double soc_change = 0;
};

struct CellDesign {
  std::string name, file, description;
  std::string format;              // pouch | prismatic | cylindrical
  std::string electrode_assembly;  // stacked (sheet + layers) | wound (jelly_roll)
  std::map<std::string, std::string> chemistry;
  double capacity_ah = 0;
  double nominal_voltage_v = 0;
  double mass_kg = 0;
  double sheet_width_mm = 0, sheet_length_mm = 0;
  double cathode_sheets = 0, anode_sheets = 0, separator_sheets = 0, se_layers = 0;
  double cathode_loading_mg_cm2 = 0, anode_loading_mg_cm2 = 0;
  // wound cells: one jelly roll from continuous webs (lengths per roll, both sides coated)
  double cathode_length_m = 0, anode_length_m = 0, separator_length_m = 0;
  double electrode_width_mm = 0, jelly_rolls = 0;
  double electrolyte_l = 0;
  double formation_h = 0, aging_days = 0;
  std::vector<FormationStep> formation_steps;  // empty: formation_h typed in
  double formation_rest_h = 0;
  std::string line;                  // presets: the line file it runs on (absolute), or empty
  double announced_wh_per_kg = 0;    // presets: the published figure it reproduces; 0 = none
  std::vector<BomItem> bom;
  std::map<std::string, std::string> sources;

  double wh_per_cell() const { return capacity_ah * nominal_voltage_v; }
  double wh_per_kg() const { return wh_per_cell() / mass_kg; }
  /// Quantities a scenario may reference as {cell: KEY} or in {cell: "arithmetic"}: layers and
  /// sheet size (stacked) or electrode lengths (wound), loadings, electrolyte dose, formation and
  /// aging durations in seconds, Wh per cell ...
  std::map<std::string, double> references() const;
  /// Which geometry the references describe, for errors: "wound cylindrical cell: ...".
  std::string geometry_note() const;
};

/// Loads and validates a cell design; throws ConfigError naming file, line and key.
CellDesign load_cell_design(const std::string& file);

}  // namespace twin
