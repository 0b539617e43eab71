#include "twin/engine/stats.hpp"

#include <fmt/format.h>

#include <array>

namespace twin {

double student_t_975(std::size_t df) {
  static constexpr std::array<double, 31> table = {
      0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
      2.074,  2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
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

}  // namespace twin
