#include "stations/assembly_station.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stations {
namespace {
constexpr double kEpsilon = 1e-9;  // units compare with a tolerance: metres are not integers

double units_in(const std::deque<twin::Lot>& lots) {
  double sum = 0;
  for (const auto& lot : lots) sum += lot.quantity;
  return sum;
}
}  // namespace

AssemblyStation::AssemblyStation(const StationConfig& config, int index, twin::RunContext& run)
    : Station(config, index, run),
      stock_(static_cast<std::size_t>(config.machines),
             Stock(config.params_as<Params>().inputs.size())) {}

const twin::Schema<Feed>& AssemblyStation::input_fields() {
  using twin::Change;
  static const twin::Schema<Feed> input = {
      twin::name_field("from", &Feed::from, "", "upstream station feeding it").as(Change::routing),
      twin::number_field("units", &Feed::units_per_output, twin::Range::above(0), "units", "",
                         "units of this input consumed per output lot")
          .as(Change::recipe),
  };
  return input;
}

const twin::Schema<LotSpec>& AssemblyStation::output_fields() {
  using twin::Change;
  static const twin::Schema<LotSpec> output = {
      twin::name_field("kind", &LotSpec::kind, "", "kind of the lot made").as(Change::hardware),
      twin::number_field("quantity", &LotSpec::quantity, twin::Range::above(0), "units", "1",
                         "units in the lot made")
          .as(Change::recipe),
  };
  return output;
}

const twin::Schema<AssemblyStation::Params>& AssemblyStation::fields() {
  static const twin::Schema<Params> table = [] {
    auto t = cycle_time_fields<Params>("time to make one output lot on one machine");
    add_input_output_fields(t);
    return t;
  }();
  return table;
}

double AssemblyStation::make_time(Machine& machine, const twin::Lot& made) {
  return cycle_time(machine, made, params<Params>());
}

void AssemblyStation::fill(Stock& stock, std::size_t i) {
  const double needed = params<Params>().inputs[i].units_per_output;
  while (units_in(stock[i]) < needed - kEpsilon) {
    twin::Lot lot = input(i).take();
    input(i).release_position(lot.holds_slot);
    stock[i].push_back(std::move(lot));
  }
}

twin::Lot AssemblyStation::consume(Machine& machine, Stock& stock) {
  const auto& spec = *params<Params>().output;
  twin::Lot made;
  made.id = run_.new_lot_id();
  made.kind = spec.kind;
  made.quantity = spec.quantity;
  made.holds_slot = false;
  made.released_s = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < stock.size(); ++i) {
    double needed = params<Params>().inputs[i].units_per_output;
    while (needed > kEpsilon) {
      twin::Lot& lot = stock[i].front();
      const double used = std::min(needed, lot.quantity);
      emit(machine, twin::Event::consume, &lot, used, made.id);
      made.released_s = std::min(made.released_s, lot.released_s);
      if (made.origins.empty() || made.origins.back() != lot.id) made.origins.push_back(lot.id);
      lot.quantity -= used;
      needed -= used;
      if (lot.quantity <= kEpsilon) stock[i].pop_front();
    }
  }
  return made;
}

void AssemblyStation::run_machine(Machine& machine) {
  Stock& stock = stock_[static_cast<std::size_t>(machine.index)];
  for (;;) {
    for (std::size_t i = 0; i < stock.size(); ++i) fill(stock, i);
    twin::Lot made = consume(machine, stock);
    emit(machine, twin::Event::assemble, &made, made.quantity);
    work(machine, make_time(machine, made), &made);
    finish(machine, made);
    pass_on(machine, std::move(made));
  }
}

}  // namespace stations
