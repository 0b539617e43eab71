// `retrofit`'s business case: the plant items of both lines and their change, and the cash
// flows of converting the line, building a new one next to it, or keeping it (cash_flow.hpp),
// replication by replication so every NPV carries its interval. In the new line's cost file
// currency; needs a cost file with a finance section on the new line.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "twin/app/cash_flow.hpp"
#include "twin/app/compare.hpp"
#include "twin/app/plant.hpp"
#include "twin/app/scenario.hpp"
#include "twin/app/summary.hpp"

namespace twin {

struct OptionCase {
  std::string name;  // retrofit | new_line | keep
  double capex = 0;  // year 0
  Estimate npv, first_year_wh;
  double npv_low_rate = 0, npv_high_rate = 0;  // at the discount rate's low and high values
  std::optional<double> payback_years, irr;    // of the mean cash flow
  /// The premium per Wh on the target's cells at which this option's NPV equals keeping the
  /// line (none for keep).
  Estimate break_even_premium_per_wh;
  std::vector<double> mean_cash;  // by year
};

struct BusinessCase {
  std::string currency;
  PlantItems plant_from, plant_to;
  std::vector<PlantChange> plant_changes;
  double plant_change_capex = 0;    // in `currency`
  bool has_cash_flow = false;
  std::string no_cash_flow_reason;  // why not, when has_cash_flow is false
  CashFlowInputs inputs;
  double discount_rate = 0, discount_rate_low = 0, discount_rate_high = 0;
  std::string ramp_scenario;            // the ramp-up run the target lines follow, if any
  RampUp ramp_mean;                     // its monthly output share, mean over replications
  std::vector<OptionCase> options;      // retrofit, new_line, keep
};

/// `ramp_line` (optional): replications of the target line from its start of production with
/// its learning curves (e.g. configs/ramp_up/); the converted and the new line follow its
/// monthly output, replication by replication, instead of producing maturely at once.
BusinessCase business_case(const Scenario& from, const Scenario& to, const RetrofitReport& report,
                           const LineEstimate& from_line, const LineEstimate& to_line,
                           const LineEstimate* ramp_line = nullptr);
std::string business_case_table(const BusinessCase& c);
nlohmann::ordered_json business_case_json(const BusinessCase& c);

/// The installed equipment of a line, USD (station capex x machines x the plant's scaling law).
double line_equipment_usd(const Scenario& scenario);

}  // namespace twin
