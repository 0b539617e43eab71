// Small statistics shared by the KPIs, the cost Monte Carlo and the replication summaries.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
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

/// The 0.975 quantile of Student's t with `df` degrees of freedom (two-sided 95 %): exact table
/// values to df 30, then interpolated in 1/df to the normal 1.95996 (error < 0.001).
double student_t_975(std::size_t df);

/// The p quantile of Student's t with `df` >= 1 degrees of freedom, p in (0, 1): the CDF from
/// the regularized incomplete beta function (continued fraction), inverted by bisection to
/// 1e-10. E.g. p = 0.9, df = 4: 1.5332.
double student_t_quantile(double p, std::size_t df);

/// A mean over replications with its 95 % confidence half-width (Student t); half_width is
/// not defined (NaN) for fewer than two values.
struct Estimate {
  double mean = 0;
  double half_width = std::nan("");
  std::size_t n = 0;
  bool has_interval() const { return n >= 2 && std::isfinite(half_width); }
  /// The interval excludes zero (a difference that is significant at 95 %).
  bool significant() const { return has_interval() && std::abs(mean) > half_width; }
};
Estimate estimate(const std::vector<double>& values);

/// "1129 ± 12" with the digits the interval supports (two significant digits of the half-width),
/// `signed_value` adds a + to positive means; a value without interval gets 4 significant digits
/// and no ±.
std::string with_interval(const Estimate& e, double scale = 1, bool signed_value = false);

/// Ranks 1..n of `values` (ties get their mean rank).
std::vector<double> ranks(const std::vector<double>& values);

/// Partial rank correlation of each column of `x` (x[i][j]: sample i, input j) with `y`: the
/// correlation of the residuals of rank(x_j) and rank(y) after a linear regression on the
/// ranks of the other inputs. NaN where it is undefined (a constant input, too few samples).
std::vector<double> partial_rank_correlation(const std::vector<std::vector<double>>& x,
                                             const std::vector<double>& y);

}  // namespace twin
