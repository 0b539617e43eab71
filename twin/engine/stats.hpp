// Small statistics shared by the KPIs and the cost Monte Carlo.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

namespace twin {

/// Percentile q in [0, 1] of `sorted` (ascending) by linear interpolation between order
/// statistics; 0 for an empty sample.
inline double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace twin
