// The retrofit as a business case: yearly cash flows of three options over the cost file's
// horizon, (a) convert the existing line, (b) build a new line of the target technology next to
// it and keep the old one running, (c) keep the old line; NPV, payback and IRR of each, and the
// price premium per Wh the target's cells need for (a) or (b) to match (c). Pre-tax, real,
// capex paid in the decision year (year 0), output and running costs at the end of years
// 1..horizon; the inputs are one replication's simulated output and cost split, so the
// replications give each figure its interval.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace twin {

/// sum cash[t] / (1 + rate)^t, t = 0 (the decision year) .. n-1.
double npv(const std::vector<double>& cash, double rate);
/// The rate in (-0.99, 10) at which the NPV is 0, if the cash flow changes sign once there.
std::optional<double> irr(const std::vector<double>& cash);
/// Years until the cumulative cash is back at 0 (linear within the year it turns), if it does
/// within the cash flow; 0 for a flow that never goes below 0.
std::optional<double> payback_years(const std::vector<double>& cash);

/// A new or converted line's output after its start of production, as a share of its mature
/// output month by month (a ramp-up run's monthly output over the mature line's); after the
/// last month, 1. Empty: mature at once.
struct RampUp {
  std::vector<double> share;  // by month from the start of production
  double month_years = 0;     // a month's length in years of production
  /// Materials, energy and warranty per good Wh while ramping (the ramp-up run's, its extra
  /// scrap included); none: as at maturity.
  std::optional<double> variable_cost_per_wh;
};

/// One line's economics at its simulated steady state, in one currency.
struct LineEconomics {
  double wh_per_year = 0;               // good output
  double variable_cost_per_wh = 0;      // materials, energy, warranty
  double fixed_cash_cost_per_year = 0;  // labour and the overheads, paid while staffed
  RampUp ramp;                          // from its start of production (target lines)
};

/// The share of year t's mature output (t >= 1 covers [t-1, t]) a line makes that starts
/// producing at `start_years` and follows `ramp` from then on.
double producing_share(int year, double start_years, const RampUp& ramp = {});
/// The part of producing_share made during the ramp's months.
double ramping_share(int year, double start_years, const RampUp& ramp);

struct CashFlowInputs {
  double price_per_wh = 0;
  int horizon_years = 10;
  double conversion_down_years = 0;  // the converted line produces nothing for this long
  double new_line_build_years = 1;   // a new line's first output
  double retrofit_capex = 0;         // conversion + added machines + plant change
  double new_line_capex = 0;         // the target line's equipment and building
};

struct CashFlows {
  std::vector<double> keep, retrofit, new_line;  // by year, 0 .. horizon
  /// Present value of the target line's Wh in (a) and in (b): what a price premium per Wh on
  /// the target's cells is worth.
  double retrofit_pv_wh = 0, new_line_pv_wh = 0;
};

/// The three options' cash flows. The converted line keeps its staff while it is down; the new
/// line is staffed from its start of production; both follow the target's ramp-up (its output,
/// and its variable cost per Wh while ramping); the old line runs on unchanged in (b) and (c).
CashFlows cash_flows(const LineEconomics& from, const LineEconomics& to, const CashFlowInputs& in,
                     double discount_rate);

}  // namespace twin
