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
#include "twin/engine/schema.hpp"

namespace stations {

class AssemblyStation : public Station {
 public:
  struct Params : CycleParams {
    std::vector<Feed> inputs;
    std::optional<LotSpec> output;
    std::vector<Feed> feeds() const override { return inputs; }
    std::optional<LotSpec> makes() const override { return output; }
    std::optional<std::pair<std::string, std::string>> check(const StationConfig&) const override {
      if (inputs.empty()) return {{"inputs", "must be a list of one or more {from, units}"}};
      return std::nullopt;
    }
  };
  AssemblyStation(const StationConfig& config, int index, twin::RunContext& run);
  static const twin::Schema<Params>& fields();
  std::size_t input_count() const override { return params<Params>().inputs.size(); }

 protected:
  void run_machine(Machine& machine) override;

 private:
  using Stock = std::vector<std::deque<twin::Lot>>;  // per input, lots partly used
  void fill(Stock& stock, std::size_t input_index);
  twin::Lot consume(Machine& machine, Stock& stock);
  std::vector<Stock> stock_;  // per machine
};

}  // namespace stations
