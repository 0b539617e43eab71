// Cost inputs (configs/costs/*.yaml): prices, labour, energy, building, overhead rates, each a
// number or a distribution with its source. The cost model evaluates them at their typical
// values, or samples them for Monte Carlo.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twin/engine/distribution.hpp"

namespace twin {

/// The named cost inputs (the rows of the cost file's tables bind to these); materials follow
/// them as further slots. The cost model reads values by these names, never by strings.
enum class CostInput : std::size_t {
  labour_rate_per_h,
  labour_shifts_per_day,
  labour_hours_per_shift,
  electricity_per_kwh,
  heat_per_kwh,
  grid_co2e_kg_per_kwh,
  heat_co2e_kg_per_kwh,
  dry_room_el_kwh_per_m2_h,
  dry_room_heat_kwh_per_m2_h,
  dry_room_load_factor_per_10k,
  building_cost_per_m2,
  building_dry_room_premium_per_m2,
  building_dry_room_premium_factor_per_10k,
  building_life_years,
  equipment_life_years,
  variable_overhead_of_labour,
  variable_overhead_of_depreciation,
  gsa_of_labour,
  gsa_of_depreciation,
  rnd_of_depreciation,
  profit_of_investment,
  warranty_of_price,
};
constexpr std::size_t kCostInputs = static_cast<std::size_t>(CostInput::warranty_of_price) + 1;

/// Every cost input at one point (typical values, or one Monte Carlo sample), by slot.
struct CostValues {
  std::vector<double> slots;
  double operator[](CostInput input) const { return slots[static_cast<std::size_t>(input)]; }
  double operator[](std::size_t slot) const { return slots[slot]; }
  double& operator[](std::size_t slot) { return slots[slot]; }
};

/// One input: its name as the file writes it (labour.rate_per_h, materials.NMC811), its
/// distribution, and for a material its BOM unit.
struct CostSlot {
  std::string name;
  Distribution value;
  std::string unit;
};

/// The cash-flow inputs of the retrofit's business case (costs.finance, optional: without it
/// `retrofit` prints no cash flow). Not cost-model inputs: the cost per Wh does not use them.
struct FinanceInputs {
  Distribution discount_rate;      // real, per year
  long long horizon_years = 10;    // years of output counted after the decision
  Distribution cell_price_per_wh;  // selling price of a cell, in the file's currency
  double new_line_build_years = 1;  // decision to first output of a new line (construction)
};

struct CostInputs {
  std::string name, description, currency, file;
  long long year = 0;
  std::map<std::string, double> exchange_rates;  // units of a currency per 1 USD
  /// The named inputs (slot = CostInput) followed by one slot per material price.
  std::vector<CostSlot> slots = std::vector<CostSlot>(kCostInputs);
  bool include_profit = true;
  bool include_warranty = true;
  std::optional<FinanceInputs> finance;
  std::map<std::string, std::string> sources;

  /// Every input at its typical value (mode of a triangular, mean otherwise).
  CostValues typical() const;
  /// Every input sampled (fixed ones stay fixed), in the order of their names.
  CostValues sample(Rng& rng) const;
  /// Slots of the inputs that are not fixed numbers (the Monte Carlo and tornado inputs).
  std::vector<std::size_t> uncertain() const;
  /// The slot of a material's price, if the file prices it.
  std::optional<std::size_t> material_slot(const std::string& material) const;
  /// Converts an amount between currencies through the USD rates; throws for an unknown one.
  double convert(double amount, const std::string& from, const std::string& to) const;
};

/// A dry-room quantity given for the -40 degC class, scaled to `dew_point_c`: `factor_per_10k` to
/// the power of the kelvins below -40 over 10 (load and premium of drier rooms).
double dew_point_factor(double factor_per_10k, double dew_point_c);

/// Building capital per m2 of dry-room floor above the shell, at `dew_point_c`.
double dry_room_premium_per_m2(const CostValues& v, double dew_point_c);

/// Loads and validates a cost file; throws ConfigError naming file, line and key.
CostInputs load_cost_inputs(const std::string& file);

}  // namespace twin
