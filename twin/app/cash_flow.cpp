#include "twin/app/cash_flow.hpp"

#include <algorithm>
#include <cmath>

namespace twin {

double npv(const std::vector<double>& cash, double rate) {
  double sum = 0, discount = 1;
  for (double c : cash) {
    sum += c / discount;
    discount *= 1 + rate;
  }
  return sum;
}

std::optional<double> irr(const std::vector<double>& cash) {
  double low = -0.99, high = 10;
  double npv_low = npv(cash, low), npv_high = npv(cash, high);
  if (!(npv_low * npv_high < 0)) return std::nullopt;
  // Bisection: 100 halvings take the 11-wide bracket far below double precision.
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (low + high);
    const double npv_mid = npv(cash, mid);
    if ((npv_mid < 0) == (npv_low < 0)) {
      low = mid;
      npv_low = npv_mid;
    } else {
      high = mid;
    }
  }
  return 0.5 * (low + high);
}

std::optional<double> payback_years(const std::vector<double>& cash) {
  double cumulative = 0;
  bool below = false;
  for (std::size_t t = 0; t < cash.size(); ++t) {
    const double before = cumulative;
    cumulative += cash[t];
    if (cumulative < 0) below = true;
    if (below && cumulative >= 0 && before < 0)
      return static_cast<double>(t) - 1 + (-before / cash[t]);
  }
  if (!below) return 0.0;
  return std::nullopt;
}

namespace {

struct Shares {
  double ramping = 0, mature = 0;
};

/// Year t's output share, split into the ramp's months and maturity after them.
Shares shares_of(int year, double start_years, const RampUp& ramp) {
  const double lo = year - 1.0, hi = year;
  const auto overlap = [&](double a, double b) {
    return std::max(0.0, std::min(b, hi) - std::max(a, lo));
  };
  Shares s;
  double t = start_years;
  for (const double month : ramp.share) {
    s.ramping += month * overlap(t, t + ramp.month_years);
    t += ramp.month_years;
  }
  s.mature = overlap(t, std::max(t, hi));
  return s;
}

}  // namespace

double producing_share(int year, double start_years, const RampUp& ramp) {
  const auto s = shares_of(year, start_years, ramp);
  return s.ramping + s.mature;
}

double ramping_share(int year, double start_years, const RampUp& ramp) {
  return shares_of(year, start_years, ramp).ramping;
}

namespace {

/// A year's cash of a line producing for `share` of it and paying `staffed` of its fixed cost.
double year_cash(const LineEconomics& l, double price, double share, double staffed) {
  return share * l.wh_per_year * (price - l.variable_cost_per_wh) -
         staffed * l.fixed_cash_cost_per_year;
}

/// The same for a target line that starts at `start_years` along its ramp-up.
double ramped_year_cash(const LineEconomics& l, double price, int year, double start_years,
                        double staffed) {
  const double extra = l.ramp.variable_cost_per_wh.value_or(l.variable_cost_per_wh) -
                       l.variable_cost_per_wh;
  const auto s = shares_of(year, start_years, l.ramp);
  return year_cash(l, price, s.ramping + s.mature, staffed) - s.ramping * l.wh_per_year * extra;
}

}  // namespace

CashFlows cash_flows(const LineEconomics& from, const LineEconomics& to, const CashFlowInputs& in,
                     double discount_rate) {
  CashFlows f;
  const auto years = static_cast<std::size_t>(in.horizon_years) + 1;
  f.keep.assign(years, 0);
  f.retrofit.assign(years, 0);
  f.new_line.assign(years, 0);
  f.retrofit[0] = -in.retrofit_capex;
  f.new_line[0] = -in.new_line_capex;
  double discount = 1;
  for (std::size_t t = 1; t < years; ++t) {
    discount *= 1 + discount_rate;
    const int year = static_cast<int>(t);
    const double converted = producing_share(year, in.conversion_down_years, to.ramp);
    const double built = producing_share(year, in.new_line_build_years, to.ramp);
    const double staffed = producing_share(year, in.new_line_build_years);
    f.keep[t] = year_cash(from, in.price_per_wh, 1, 1);
    f.retrofit[t] = ramped_year_cash(to, in.price_per_wh, year, in.conversion_down_years, 1);
    f.new_line[t] =
        f.keep[t] + ramped_year_cash(to, in.price_per_wh, year, in.new_line_build_years, staffed);
    f.retrofit_pv_wh += converted * to.wh_per_year / discount;
    f.new_line_pv_wh += built * to.wh_per_year / discount;
  }
  return f;
}

}  // namespace twin
