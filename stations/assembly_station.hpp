// Assembly station: consumes counted stock from two or more inputs to make one output lot
// (stacking, winding, lamination): e.g. 20 cathode sheets + 21 anode sheets -> 1 cell stack.
//
// Scope: each input has its own buffer, fed by the station named in `inputs[].from`. A machine
// pulls whole lots from each input into its own stock until it holds enough units for one
// output, consumes exactly `units` of each, and keeps the remainder for the next output. A lot
// pulled into stock frees its buffer position at once (the stock is the machine's magazine), so
// inputs delivering in different lot sizes cannot deadlock. The output lot remembers its origin
// lots and the earliest release time (for lead time and traceability).
// Not modelled: magazine capacity limits, matching of specific sheets.
// Validated: material conservation and output rate (tests/test_stations.cpp).
#pragma once
#include <deque>

#include "stations/station.hpp"
#include "twin/schema.hpp"

namespace stations {

class AssemblyStation : public Station {
 public:
  AssemblyStation(const twin::StationConfig& config, int index, twin::RunContext& run);
  static const twin::Schema<twin::StationConfig>& fields();
  std::size_t input_count() const override { return config().assembly->inputs.size(); }

 protected:
  void run_machine(Machine& machine) override;

 private:
  using Stock = std::vector<std::deque<twin::Lot>>;  // per input, lots partly used
  void fill(Stock& stock, std::size_t input_index);
  twin::Lot consume(Machine& machine, Stock& stock);
  std::vector<Stock> stock_;  // per machine
};

}  // namespace stations
