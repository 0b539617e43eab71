// Lot kinds seen in a run, interned to small indices, each with its weight in product units
// (cell equivalents per unit of that kind). The KPI collector and the event log's snapshots
// share it, so both count WIP in the same unit.
#pragma once
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "twin/engine/lot.hpp"

namespace twin {

class LotKinds {
 public:
  /// `product_units_per_kind`: cell equivalents per unit of each kind; kinds not named count 1.
  explicit LotKinds(const std::map<std::string, double>& product_units_per_kind) {
    names_.push_back("");  // events without a lot
    weights_.push_back(1.0);
    for (const auto& [name, units] : product_units_per_kind) {
      names_.push_back(name);
      weights_.push_back(units);
    }
  }
  /// The index of `lot`'s kind (0 without a lot); a kind seen for the first time is added.
  std::size_t index(const Lot* lot) {
    const std::string& name = lot != nullptr ? lot->kind : names_.front();
    // Consecutive events mostly concern the same kind (this runs for every event).
    if (names_[last_] == name) return last_;
    const auto it = std::find(names_.begin(), names_.end(), name);
    last_ = static_cast<std::size_t>(it - names_.begin());
    if (it == names_.end()) {
      names_.push_back(name);
      weights_.push_back(1.0);
    }
    return last_;
  }
  double product_units(std::size_t kind) const { return weights_[kind]; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::vector<double> weights_;
  std::size_t last_ = 0;
};

}  // namespace twin
