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

  /// The rows `inputs` and `output`, for the table of a kind whose Params derive from Params.
  template <class P>
  static void add_input_output_fields(twin::Schema<P>& table) {
    std::vector<Feed> P::*inputs = &Params::inputs;
    std::optional<LotSpec> P::*output = &Params::output;
    table.push_back(twin::list_field("inputs", inputs, input_fields(), "list of {from, units}",
                                     "", "inputs consumed per output lot")
                        .as(twin::Change::recipe));
    table.push_back(twin::block_field("output", output, output_fields(), "",
                                      "the lot made from one set of inputs: kind, quantity")
                        .as(twin::Change::hardware));
  }

 protected:
  void run_machine(Machine& machine) override;
  /// Busy seconds to make `made` (assembly: the sampled cycle time).
  virtual double make_time(Machine& machine, const twin::Lot& made);

 private:
  static const twin::Schema<Feed>& input_fields();
  static const twin::Schema<LotSpec>& output_fields();
  using Stock = std::vector<std::deque<twin::Lot>>;  // per input, lots partly used
  void fill(Stock& stock, std::size_t input_index);
  twin::Lot consume(Machine& machine, Stock& stock);
  std::vector<Stock> stock_;  // per machine
};

}  // namespace stations
