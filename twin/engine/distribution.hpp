// Probability distributions for cycle times, durations, failures and releases.
// Sampled by celltwin's own code (not std::*_distribution) so a seed gives the same numbers on
// every compiler. `mean` and `sd` are always those of the sampled value itself, also for lognormal.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "twin/engine/random.hpp"

namespace twin {

class Distribution {
 public:
  enum class Kind { fixed, exponential, normal, lognormal, triangular, uniform, empirical };

  Distribution() = default;  // fixed 0
  static Distribution fixed(double value);
  static Distribution exponential(double mean);
  /// Normal truncated at 0 (resampled until non-negative): durations cannot be negative.
  static Distribution normal(double mean, double sd);
  static Distribution lognormal(double mean, double sd);
  static Distribution triangular(double min, double mode, double max);
  static Distribution uniform(double min, double max);
  /// Each listed value equally likely.
  static Distribution empirical(std::vector<double> values);

  /// One sample; throws std::range_error if it is not finite.
  double sample(Rng& rng) const;
  /// Mean of the distribution as specified (for normal: before truncation).
  double mean() const;
  /// The best single estimate: the mode of a triangular, the mean otherwise (cost inputs written
  /// as {min, mode, max} are evaluated at their mode when not sampled).
  double typical() const;
  /// Quantile q in (0, 1) where it has a closed form (fixed, uniform, triangular, exponential,
  /// empirical); the typical value +- the spread otherwise. Used for tornado low/high values.
  double quantile(double q) const;
  bool is_fixed() const { return kind_ == Kind::fixed; }
  /// The same distribution with every value multiplied by `factor` (unit conversion).
  Distribution scaled(double factor) const;
  Kind kind() const { return kind_; }
  bool is_zero() const { return kind_ == Kind::fixed && a_ == 0.0; }
  /// Short text such as "exponential(mean=1)", for messages.
  std::string describe() const;
  /// The defining parameters by name as a scenario writes them (mean, sd, min, mode, max);
  /// empirical distributions have `values()` instead.
  std::vector<std::pair<const char*, double>> parameters() const;
  const std::vector<double>& values() const { return values_; }

 private:
  double draw(Rng& rng) const;
  Kind kind_ = Kind::fixed;
  double a_ = 0, b_ = 0, c_ = 0;  // meaning depends on kind_, see distribution.cpp
  std::vector<double> values_;
};

const char* to_string(Distribution::Kind kind);

/// Number of successes in n Bernoulli(p) trials: exact inversion while n*min(p,1-p) <= 500
/// (so (1-p)^n cannot underflow), a rounded normal approximation above (error far below noise).
std::uint64_t sample_binomial(Rng& rng, std::uint64_t n, double p);

}  // namespace twin
