// BatPaC-style cost per Wh fed by what the simulation did: materials charged at the station that
// consumes them, per unit it processed (so late scrap costs more than early scrap); labour from
// operators x shifts; depreciation of equipment and building; energy from simulated busy and
// idle time x power plus dry-room base load; BatPaC overheads. Divided by the Wh of good cells.
// The breakdown by term and by station sums exactly to the total.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "twin/app/cost_inputs.hpp"
#include "twin/app/kpis.hpp"
#include "twin/app/scenario.hpp"

namespace twin {

enum class CostTerm : std::size_t {
  materials,
  labour,
  depreciation,
  building,
  energy,
  variable_overhead,
  gsa,
  rnd,
  profit,
  warranty
};
constexpr std::size_t kCostTerms = 10;
const char* to_string(CostTerm term);
using TermCosts = std::array<double, kCostTerms>;

struct CostResult {
  bool has_output = false;  // false: no good cells, so no cost per Wh
  double good_wh = 0;
  double total = 0;  // in the cost file's currency, over the measured window
  double per_wh = 0;
  TermCosts per_wh_by_term{};
  std::vector<std::pair<std::string, TermCosts>> per_wh_by_station;
  // Energy over the window (kWh) and per kWh of good cells.
  double process_el_kwh = 0, process_heat_kwh = 0, base_el_kwh = 0, base_heat_kwh = 0;
  double kwh_per_kwh = 0, process_kwh_per_kwh = 0, base_kwh_per_kwh = 0;
  double co2e_kg_per_kwh = 0;
  std::vector<std::pair<std::string, double>> kwh_per_kwh_by_station;  // process energy
};

class CostModel {
 public:
  /// Checks that every BOM item is consumed by a station and every material has a price;
  /// throws ConfigError otherwise.
  CostModel(const Scenario& scenario, const Kpis& kpis, const CostInputs& inputs);
  /// Cost per Wh with `values` for the inputs (CostInputs::typical() or a sample).
  CostResult evaluate(const CostValues& values) const;
  const CostInputs& inputs() const { return inputs_; }

 private:
  struct MaterialCharge {
    std::size_t slot;  // of its price in CostValues
    double quantity_per_cell;
  };
  struct StationFlows {
    std::string name;
    double machines, busy_h, setup_h, other_h;  // machine-hours in the window
    double processed_cells;                     // processed units x cells per unit
    std::vector<MaterialCharge> materials;
    const stations::StationConfig* config;
  };
  const CostInputs& inputs_;
  double window_h_;
  double capex_scale_;  // scaling law factor x USD -> the cost file's currency
  double hours_per_year_;
  double good_wh_;
  std::vector<StationFlows> stations_;
};

struct MonteCarloResult {
  std::size_t samples = 0;
  double p5 = 0, p50 = 0, p95 = 0;
  struct TornadoRow {
    std::string input;
    double low_value, high_value;  // 5 % and 95 % quantiles of the input
    double per_wh_low, per_wh_high;
  };
  std::vector<TornadoRow> tornado;  // largest swing first
  /// The samples' distribution: kHistogramBins equal bins from the smallest to the largest.
  static constexpr std::size_t kHistogramBins = 40;
  double histogram_min = 0, histogram_max = 0;
  std::vector<std::size_t> histogram;
};

/// Re-evaluates the cost model `samples` times over the uncertain inputs. Sample i uses its own
/// random stream, so the result is the same for any thread count.
MonteCarloResult monte_carlo(const CostModel& model, std::size_t samples, std::uint64_t seed,
                             int threads);

}  // namespace twin
