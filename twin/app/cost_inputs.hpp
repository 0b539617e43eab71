// Cost inputs (configs/costs/*.yaml): prices, labour, energy, building, overhead rates, each a
// number or a distribution with its source. The cost model evaluates them at their typical
// values, or samples them for Monte Carlo.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "twin/engine/distribution.hpp"

namespace twin {

struct CostInputs {
  std::string name, description, currency, file;
  long long year = 0;
  std::map<std::string, double> exchange_rates;    // units of a currency per 1 USD
  std::map<std::string, Distribution> inputs;      // "labour.rate_per_h", "materials.NMC811" ...
  std::map<std::string, std::string> material_units;  // material -> kg | m2 | l | piece
  bool include_profit = true;
  bool include_warranty = true;
  std::map<std::string, std::string> sources;

  /// Every input at its typical value (mode of a triangular, mean otherwise).
  std::map<std::string, double> typical() const;
  /// Every input sampled (fixed ones stay fixed).
  std::map<std::string, double> sample(Rng& rng) const;
  /// Names of the inputs that are not fixed numbers (the Monte Carlo and tornado inputs).
  std::vector<std::string> uncertain() const;
  /// Converts an amount between currencies through the USD rates; throws for an unknown one.
  double convert(double amount, const std::string& from, const std::string& to) const;
};

/// Loads and validates a cost file; throws ConfigError naming file, line and key.
CostInputs load_cost_inputs(const std::string& file);

}  // namespace twin
