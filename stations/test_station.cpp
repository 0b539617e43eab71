#include "stations/test_station.hpp"

#include <fmt/format.h>

#include <cmath>
#include <simgrid/s4u/Engine.hpp>

namespace stations {

const twin::Schema<TestStation::Params>& TestStation::fields() {
  using twin::Change;
  static const twin::Schema<Params> table = [] {
    auto t = cycle_time_fields<Params>("test time on one machine");
    t.insert(t.end(),
             {
                 // Below 1: at 1 every unit goes round again and none ever passes.
                 twin::number_field("rework_rate", &Params::rework_rate,
                                    twin::Range{0, 1, false, true}, "1", "0",
                                    "share of units sent to rework")
                     .as(Change::recipe),
                 twin::name_field("rework_to", &Params::rework_to, "this station",
                                  "station whose input receives reworked units")
                     .as(Change::routing),
                 twin::integer_field("max_reworks", &Params::max_reworks, twin::Range::at_least(0),
                                     "", "1", "a unit reworked this often is scrapped instead")
                     .as(Change::recipe),
             });
    return t;
  }();
  return table;
}

std::optional<std::pair<std::string, std::string>> TestStation::Params::check(
    const StationConfig& station) const {
  const double sum = station.scrap_rate.highest() + rework_rate;
  if (sum > 1)
    return {{"rework_rate", fmt::format("scrap_rate + rework_rate must be <= 1 (got {})", sum)}};
  return std::nullopt;
}

void TestStation::sort(Machine& machine, twin::Lot& lot) {
  emit(machine, twin::Event::finish, &lot, lot.quantity);
  const auto& p = params<Params>();
  const double scrap_rate = config().scrap_rate.at(twin::RunContext::now_s());
  scrap_units(machine, lot, scrap_rate);
  // Of the units not scrapped, each is reworked with the conditional probability.
  const double rework_given_kept = scrap_rate < 1 ? p.rework_rate / (1 - scrap_rate) : 0.0;
  const auto units = static_cast<std::uint64_t>(std::llround(std::max(lot.quantity, 0.0)));
  const auto reworked =
      twin::sample_binomial(machine.scrap_rng, units, std::min(1.0, rework_given_kept));
  if (reworked == 0) return;
  if (lot.reworks >= p.max_reworks) {
    scrap(machine, lot, static_cast<double>(reworked));
    return;
  }
  twin::Lot redo;
  redo.id = run_.new_lot_id();
  redo.kind = lot.kind;
  redo.quantity = static_cast<double>(reworked);
  redo.released_s = lot.released_s;
  redo.reworks = lot.reworks + 1;
  redo.origins = {lot.id};
  lot.quantity -= redo.quantity;
  emit(machine, twin::Event::rework, &redo, redo.quantity, lot.id);
  output("rework")->put_overflow(std::move(redo));
}

void TestStation::run_machine(Machine& machine) {
  for (;;) {
    twin::Lot lot = input().take();
    emit(machine, twin::Event::start, &lot, lot.quantity);
    work(machine, cycle_time(machine, lot, params<Params>()), &lot);
    sort(machine, lot);
    pass_on(machine, std::move(lot));
  }
}

}  // namespace stations
