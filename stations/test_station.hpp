// Test station: measures each lot for a sampled cycle time and sorts its units into good,
// rework and scrap (end-of-line test, grading, X-ray inspection).
//
// Scope: per unit, scrap with probability `scrap_rate`, rework with `rework_rate`, else good.
// Reworked units leave as a new lot (origin: the tested lot) into the input of `rework_to`
// (default: this station), past that buffer's capacity so a rework loop cannot deadlock the
// line; a unit already reworked `max_reworks` times is scrapped instead.
// Not modelled: measurement error, grading into quality classes.
// Validated: shares of good/rework/scrap and conservation (tests/test_stations.cpp).
#pragma once
#include "stations/station.hpp"
#include "twin/engine/schema.hpp"

namespace stations {

class TestStation : public Station {
 public:
  struct Params : CycleParams {
    double rework_rate = 0;     // share of units sent to rework
    std::string rework_to;      // whose input receives rework (empty: this station's)
    long long max_reworks = 1;  // reworked this often -> scrapped instead
    std::vector<NamedOutput> outputs() const override {
      return {{"rework", "rework_to", rework_to}};
    }
    std::optional<std::pair<std::string, std::string>> check(
        const StationConfig& station) const override;
  };
  using Station::Station;
  static const twin::Schema<Params>& fields();

 protected:
  void run_machine(Machine& machine) override;

 private:
  void sort(Machine& machine, twin::Lot& lot);
};

}  // namespace stations
