#include "twin/engine/stats.hpp"

#include <fmt/format.h>

#include <array>

namespace twin {

double student_t_975(std::size_t df) {
  static constexpr std::array<double, 31> table = {
      0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
      2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return std::nan("");
  if (df < table.size()) return table[df];
  // Between the tabulated 30 (2.042), 60 (2.000), 120 (1.980) and infinity (1.95996),
  // linear in 1/df.
  struct Point {
    double inv_df, t;
  };
  static constexpr std::array<Point, 4> tail = {
      {{1.0 / 30, 2.042}, {1.0 / 60, 2.000}, {1.0 / 120, 1.980}, {0.0, 1.95996}}};
  const double x = 1.0 / static_cast<double>(df);
  for (std::size_t i = 0; i + 1 < tail.size(); ++i)
    if (x >= tail[i + 1].inv_df)
      return tail[i + 1].t + (tail[i].t - tail[i + 1].t) * (x - tail[i + 1].inv_df) /
                                 (tail[i].inv_df - tail[i + 1].inv_df);
  return tail.back().t;
}

namespace {

/// The continued fraction of the incomplete beta function (modified Lentz; Press et al.,
/// Numerical Recipes, 3rd ed., 6.4).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::abs(d) < kTiny ? kTiny : d);
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    for (const bool even : {true, false}) {
      const double aa = even ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                             : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
      d = 1 + aa * d;
      d = 1 / (std::abs(d) < kTiny ? kTiny : d);
      c = 1 + aa / c;
      if (std::abs(c) < kTiny) c = kTiny;
      h *= d * c;
      if (!even && std::abs(d * c - 1) < 1e-15) return h;
    }
  }
  return h;
}

/// The regularized incomplete beta function I_x(a, b), x in [0, 1].
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

/// P(T <= t) for t >= 0 under Student's t with `df` degrees of freedom.
double student_t_cdf(double t, double df) {
  return 1 - 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

}  // namespace

double student_t_quantile(double p, std::size_t df) {
  if (df == 0 || !(p > 0 && p < 1)) return std::nan("");
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  double lo = 0, hi = 1e7;
  while (hi - lo > 1e-10 * std::max(1.0, lo)) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, static_cast<double>(df)) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = values.size();
  if (values.empty()) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double squares = 0;
  for (double v : values) squares += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(squares / static_cast<double>(e.n - 1));
  e.half_width = student_t_975(e.n - 1) * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

std::string with_interval(const Estimate& e, double scale, bool signed_value) {
  const double mean = e.mean * scale;
  const char* sign = signed_value && mean >= 0 ? "+" : "";
  if (!e.has_interval()) return fmt::format("{}{:.4g}", sign, mean);
  const double hw = e.half_width * std::abs(scale);
  if (hw == 0) return fmt::format("{}{:.6g} ± 0", sign, mean);
  // Two significant digits of the half-width decide the decimals of both.
  const int decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(hw))));
  return fmt::format("{}{:.{}f} ± {:.{}f}", sign, mean, decimals, hw, decimals);
}

std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> r(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

namespace {

/// Residuals of `y` after least squares on the columns `cols` of `x` plus an intercept
/// (normal equations, Gaussian elimination with partial pivoting; the systems are tiny).
std::vector<double> residuals(const std::vector<std::vector<double>>& x,
                              const std::vector<std::size_t>& cols, const std::vector<double>& y) {
  const std::size_t n = y.size(), k = cols.size() + 1;
  auto regressor = [&](std::size_t i, std::size_t c) { return c == 0 ? 1.0 : x[i][cols[c - 1]]; };
  std::vector<std::vector<double>> a(k, std::vector<double>(k + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < k; ++r) {
      for (std::size_t c = 0; c < k; ++c) a[r][c] += regressor(i, r) * regressor(i, c);
      a[r][k] += regressor(i, r) * y[i];
    }
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    if (std::abs(a[c][c]) < 1e-12) return {};
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t j = c; j <= k; ++j) a[r][j] -= f * a[c][j];
    }
  }
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    double fit = 0;
    for (std::size_t c = 0; c < k; ++c) fit += a[c][k] / a[c][c] * regressor(i, c);
    out[i] = y[i] - fit;
  }
  return out;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double sa = 0, sb = 0, sab = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sa += a[i] * a[i];
    sb += b[i] * b[i];
    sab += a[i] * b[i];
  }
  return sa > 0 && sb > 0 ? sab / std::sqrt(sa * sb) : std::nan("");
}

}  // namespace

std::vector<double> partial_rank_correlation(const std::vector<std::vector<double>>& x,
                                             const std::vector<double>& y) {
  const std::size_t n = y.size(), k = x.empty() ? 0 : x.front().size();
  std::vector<double> out(k, std::nan(""));
  if (n < k + 3) return out;
  std::vector<std::vector<double>> rx(n, std::vector<double>(k));
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> column(n);
    for (std::size_t i = 0; i < n; ++i) column[i] = x[i][j];
    const auto r = ranks(column);
    for (std::size_t i = 0; i < n; ++i) rx[i][j] = r[i];
  }
  const auto ry = ranks(y);
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<std::size_t> others;
    for (std::size_t c = 0; c < k; ++c)
      if (c != j) others.push_back(c);
    std::vector<double> xj(n);
    for (std::size_t i = 0; i < n; ++i) xj[i] = rx[i][j];
    const auto ex = residuals(rx, others, xj), ey = residuals(rx, others, ry);
    if (!ex.empty() && !ey.empty()) out[j] = correlation(ex, ey);
  }
  return out;
}

}  // namespace twin
