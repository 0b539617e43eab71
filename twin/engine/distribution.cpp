#include "twin/engine/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <fmt/format.h>
#include <numbers>

namespace twin {
namespace {

double standard_normal(Rng& rng) {
  // Box-Muller; one value per call keeps the stream simple to reason about.
  double u1 = rng.uniform01();
  while (u1 <= 0.0) u1 = rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

// Parameter layout: fixed a=value; exponential a=mean; normal a=mean b=sd;
// lognormal a=mean b=sd c=sigma of log, with mu recomputed; triangular a=min b=mode c=max;
// uniform a=min b=max; empirical values_.
Distribution Distribution::fixed(double value) {
  Distribution d;
  d.a_ = value;
  return d;
}
Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind_ = Kind::exponential;
  d.a_ = mean;
  return d;
}
Distribution Distribution::normal(double mean, double sd) {
  Distribution d;
  d.kind_ = Kind::normal;
  d.a_ = mean;
  d.b_ = sd;
  return d;
}
Distribution Distribution::lognormal(double mean, double sd) {
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.a_ = mean;
  d.b_ = sd;
  d.c_ = std::sqrt(std::log1p((sd * sd) / (mean * mean)));
  return d;
}
Distribution Distribution::triangular(double min, double mode, double max) {
  Distribution d;
  d.kind_ = Kind::triangular;
  d.a_ = min;
  d.b_ = mode;
  d.c_ = max;
  return d;
}
Distribution Distribution::uniform(double min, double max) {
  Distribution d;
  d.kind_ = Kind::uniform;
  d.a_ = min;
  d.b_ = max;
  return d;
}
Distribution Distribution::empirical(std::vector<double> values) {
  Distribution d;
  d.kind_ = Kind::empirical;
  d.values_ = std::move(values);
  return d;
}

double Distribution::sample(Rng& rng) const {
  const double x = draw(rng);
  // Parameters are checked when read; this catches what slips through (e.g. a ramp factor), so a
  // NaN or inf never reaches the simulated clock.
  if (!std::isfinite(x))
    throw std::range_error("a sample of " + describe() + " is not finite (" + std::to_string(x) +
                           ")");
  return x;
}

double Distribution::draw(Rng& rng) const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::exponential:
      return -a_ * std::log1p(-rng.uniform01());
    case Kind::normal: {
      if (b_ == 0.0) return std::max(a_, 0.0);
      for (;;) {
        const double x = a_ + b_ * standard_normal(rng);
        if (x >= 0.0) return x;
      }
    }
    case Kind::lognormal: {
      const double mu = std::log(a_) - 0.5 * c_ * c_;
      return std::exp(mu + c_ * standard_normal(rng));
    }
    case Kind::triangular: {
      const double u = rng.uniform01();
      const double span = c_ - a_;
      if (span <= 0.0) return a_;
      const double cut = (b_ - a_) / span;
      return u < cut ? a_ + std::sqrt(u * span * (b_ - a_))
                     : c_ - std::sqrt((1.0 - u) * span * (c_ - b_));
    }
    case Kind::uniform:
      return a_ + (b_ - a_) * rng.uniform01();
    case Kind::empirical: {
      const auto i = static_cast<std::size_t>(rng.uniform01() * static_cast<double>(values_.size()));
      return values_[std::min(i, values_.size() - 1)];
    }
  }
  return a_;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::fixed:
    case Kind::exponential:
    case Kind::normal:
    case Kind::lognormal:
      return a_;
    case Kind::triangular:
      return (a_ + b_ + c_) / 3.0;
    case Kind::uniform:
      return 0.5 * (a_ + b_);
    case Kind::empirical: {
      double sum = 0;
      for (double v : values_) sum += v;
      return values_.empty() ? 0.0 : sum / static_cast<double>(values_.size());
    }
  }
  return a_;
}

double Distribution::typical() const { return kind_ == Kind::triangular ? b_ : mean(); }

double Distribution::quantile(double q) const {
  switch (kind_) {
    case Kind::fixed: return a_;
    case Kind::exponential: return -a_ * std::log1p(-q);
    case Kind::uniform: return a_ + (b_ - a_) * q;
    case Kind::triangular: {
      const double span = c_ - a_;
      if (span <= 0) return a_;
      const double cut = (b_ - a_) / span;
      return q < cut ? a_ + std::sqrt(q * span * (b_ - a_)) : c_ - std::sqrt((1 - q) * span * (c_ - b_));
    }
    case Kind::empirical: {
      std::vector<double> sorted = values_;
      std::sort(sorted.begin(), sorted.end());
      const auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
      return sorted[std::min(i, sorted.size() - 1)];
    }
    case Kind::normal:
    case Kind::lognormal:
      // z of the 5 % / 95 % quantiles; other q are not needed here.
      return a_ + (q < 0.5 ? -1.6449 : 1.6449) * b_;
  }
  return a_;
}

Distribution Distribution::scaled(double factor) const {
  Distribution d = *this;
  d.a_ *= factor;
  d.b_ *= factor;
  if (kind_ == Kind::triangular) d.c_ *= factor;  // lognormal c_ is scale-free
  for (double& v : d.values_) v *= factor;
  return d;
}

const char* to_string(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::fixed: return "fixed";
    case Distribution::Kind::exponential: return "exponential";
    case Distribution::Kind::normal: return "normal";
    case Distribution::Kind::lognormal: return "lognormal";
    case Distribution::Kind::triangular: return "triangular";
    case Distribution::Kind::uniform: return "uniform";
    case Distribution::Kind::empirical: return "empirical";
  }
  return "?";
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::fixed: return fmt::format("{}", a_);
    case Kind::exponential: return fmt::format("exponential(mean={})", a_);
    case Kind::normal: return fmt::format("normal(mean={}, sd={})", a_, b_);
    case Kind::lognormal: return fmt::format("lognormal(mean={}, sd={})", a_, b_);
    case Kind::triangular: return fmt::format("triangular(min={}, mode={}, max={})", a_, b_, c_);
    case Kind::uniform: return fmt::format("uniform(min={}, max={})", a_, b_);
    case Kind::empirical: return fmt::format("empirical({} values)", values_.size());
  }
  return "?";
}

std::vector<std::pair<const char*, double>> Distribution::parameters() const {
  switch (kind_) {
    case Kind::fixed:
    case Kind::exponential: return {{"mean", a_}};
    case Kind::normal:
    case Kind::lognormal: return {{"mean", a_}, {"sd", b_}};
    case Kind::triangular: return {{"min", a_}, {"mode", b_}, {"max", c_}};
    case Kind::uniform: return {{"min", a_}, {"max", b_}};
    case Kind::empirical: return {};
  }
  return {};
}

std::uint64_t sample_binomial(Rng& rng, std::uint64_t n, double p) {
  if (n == 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  const double nd = static_cast<double>(n);
  if (nd * std::min(p, 1.0 - p) > 500.0) {
    const double x = std::round(nd * p + std::sqrt(nd * p * (1.0 - p)) * standard_normal(rng));
    return static_cast<std::uint64_t>(std::clamp(x, 0.0, nd));
  }
  // Inversion by sequential search on the smaller tail probability keeps (1-q)^n from underflowing.
  const bool flip = p > 0.5;
  const double q = flip ? 1.0 - p : p;
  const double ratio = q / (1.0 - q);
  double prob = std::pow(1.0 - q, nd);
  double cumulative = prob;
  const double u = rng.uniform01();
  std::uint64_t k = 0;
  while (u > cumulative && k < n) {
    prob *= ratio * static_cast<double>(n - k) / static_cast<double>(k + 1);
    ++k;
    cumulative += prob;
  }
  return flip ? n - k : k;
}

}  // namespace twin
