#include "twin/app/cost_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "twin/engine/schema.hpp"

namespace twin {
namespace {

/// A row binding `section.key` of the file to the named input `id`.
Field<CostInputs> input(const std::string& section, std::string key, CostInput id, Range range,
                        std::string unit, std::string doc) {
  const std::string name = section + "." + key;
  return {std::move(key),
          "number or distribution " + range.describe(),
          std::move(unit),
          "",
          std::move(doc),
          [name, id, range](const Reader& r, const YAML::Node& n, const std::string& p,
                            CostInputs& out) {
            out.slots[static_cast<std::size_t>(id)] = {name, read_distribution(r, n, p, range), ""};
          }};
}

Field<CostInputs> section(std::string key, const Schema<CostInputs>& fields, std::string doc) {
  return {std::move(key),
          "map",
          "",
          "",
          std::move(doc),
          [&fields](const Reader& r, const YAML::Node& n, const std::string& p, CostInputs& out) {
            read_block(r, n, p, fields, out);
          },
          {},
          document(fields)};
}

const Range kNonNegative = Range::at_least(0);
const Range kShare = Range::between(0, 1);

const Schema<CostInputs>& labour_fields() {
  static const Schema<CostInputs> t = {
      input("labour", "rate_per_h", CostInput::labour_rate_per_h, kNonNegative, "currency/h",
            "direct labour rate"),
      input("labour", "shifts_per_day", CostInput::labour_shifts_per_day, Range::between(1, 4), "",
            "shifts staffed per day"),
      input("labour", "hours_per_shift", CostInput::labour_hours_per_shift, Range::between(1, 24),
            "h", "hours per shift"),
  };
  return t;
}

const Schema<CostInputs>& energy_fields() {
  static const Schema<CostInputs> t = {
      input("energy", "electricity_per_kwh", CostInput::electricity_per_kwh, kNonNegative,
            "currency/kWh", "electricity price"),
      input("energy", "heat_per_kwh", CostInput::heat_per_kwh, kNonNegative, "currency/kWh",
            "heat (gas, steam) price"),
      input("energy", "grid_co2e_kg_per_kwh", CostInput::grid_co2e_kg_per_kwh, kNonNegative,
            "kg/kWh", "grid carbon intensity"),
      input("energy", "heat_co2e_kg_per_kwh", CostInput::heat_co2e_kg_per_kwh, kNonNegative,
            "kg/kWh", "heat carbon intensity"),
      input("energy", "dry_room_el_kwh_per_m2_h", CostInput::dry_room_el_kwh_per_m2_h, kNonNegative,
            "kWh/(m2 h)", "dry-room base load, electricity"),
      input("energy", "dry_room_heat_kwh_per_m2_h", CostInput::dry_room_heat_kwh_per_m2_h,
            kNonNegative, "kWh/(m2 h)", "dry-room base load, heat"),
      input("energy", "dry_room_load_factor_per_10k", CostInput::dry_room_load_factor_per_10k,
            Range::at_least(1), "x per 10 K",
            "base load of a dry room held 10 K below -40 degC dew point, over the -40 degC load"),
  };
  return t;
}

const Schema<CostInputs>& building_fields() {
  static const Schema<CostInputs> t = {
      input("building", "cost_per_m2", CostInput::building_cost_per_m2, kNonNegative, "currency/m2",
            "building cost"),
      input("building", "dry_room_premium_per_m2", CostInput::building_dry_room_premium_per_m2,
            kNonNegative, "currency/m2", "extra for dry-room floor (-40 degC dew point)"),
      input("building", "dry_room_premium_factor_per_10k",
            CostInput::building_dry_room_premium_factor_per_10k, Range::at_least(1), "x per 10 K",
            "dry-room premium 10 K below -40 degC dew point, over the -40 degC premium"),
      input("building", "life_years", CostInput::building_life_years, Range::above(0), "yr",
            "building depreciation life"),
  };
  return t;
}

const Schema<CostInputs>& overhead_fields() {
  static const Schema<CostInputs> t = {
      input("overheads", "variable_overhead_of_labour", CostInput::variable_overhead_of_labour,
            kShare, "1", ""),
      input("overheads", "variable_overhead_of_depreciation",
            CostInput::variable_overhead_of_depreciation, kShare, "1", ""),
      input("overheads", "gsa_of_labour", CostInput::gsa_of_labour, kShare, "1",
            "general, sales, administration"),
      input("overheads", "gsa_of_depreciation", CostInput::gsa_of_depreciation, kShare, "1", ""),
      input("overheads", "rnd_of_depreciation", CostInput::rnd_of_depreciation, kShare, "1",
            "research and development"),
      input("overheads", "profit_of_investment", CostInput::profit_of_investment, kShare, "1/yr",
            "profit on investment"),
      input("overheads", "warranty_of_price", CostInput::warranty_of_price, Range::between(0, 0.5),
            "1", "warranty"),
  };
  return t;
}

const Schema<FinanceInputs>& finance_fields() {
  static const Schema<FinanceInputs> t = {
      distribution_field("discount_rate", &FinanceInputs::discount_rate, Range::between(0, 0.5),
                         "1/yr", "", "real discount rate of the cash flow"),
      integer_field("horizon_years", &FinanceInputs::horizon_years, Range::between(1, 50), "yr",
                    "", "years of output counted from the decision"),
      distribution_field("cell_price_per_wh", &FinanceInputs::cell_price_per_wh, kNonNegative,
                         "currency/Wh", "", "selling price of a cell"),
      number_field("new_line_build_years", &FinanceInputs::new_line_build_years,
                   Range::between(0, 10), "yr", "",
                   "from the decision to a new line's first output (construction, installation)"),
  };
  return t;
}

struct Include {
  std::string profit = "true", warranty = "true";
};

const Schema<CostInputs>& cost_fields() {
  static const Schema<Include> include = {
      choice_field("profit", &Include::profit, {"true", "false"}, "true", "add profit"),
      choice_field("warranty", &Include::warranty, {"true", "false"}, "true", "add warranty"),
  };
  static const Schema<CostInputs> t = {
      name_field("name", &CostInputs::name, "", "name"),
      text_field("description", &CostInputs::description, "none", "free text"),
      text_field("currency", &CostInputs::currency, "", "currency of every price"),
      integer_field("year", &CostInputs::year, Range::between(1990, 2100), "", "", "price year"),
      {"exchange_rates", "map currency -> number", "per USD", "", "units per 1 USD",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CostInputs& out) {
         if (!n.IsMap()) r.fail(n, p, "must be a map of currency: rate");
         check_keys_unique(r, n, p);
         for (auto it = n.begin(); it != n.end(); ++it) {
           const auto code = it->first.as<std::string>();
           out.exchange_rates[code] = read_number(r, it->second, p + "." + code, Range::above(0));
         }
       }},
      {"materials", "map material -> {unit, price}", "", "", "price per BOM unit",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CostInputs& out) {
         if (!n.IsMap()) r.fail(n, p, "must be a map of material: {unit, price}");
         check_keys_unique(r, n, p);
         for (auto it = n.begin(); it != n.end(); ++it) {
           const auto material = it->first.as<std::string>();
           const std::string mp = p + "." + material;
           struct Price {
             std::string unit;
           } price;
           static const Schema<Price> unit_only = {
               choice_field("unit", &Price::unit, {"kg", "m2", "l", "piece"}, "", "")};
           if (!it->second.IsMap() || !it->second["price"])
             r.fail(it->second, mp + ".price", "required key is missing");
           check_keys(r, it->second, mp, {"unit", "price"});
           read_rows(r, it->second, mp, unit_only, price);  // in place: errors keep their line
           out.slots.push_back(
               {"materials." + material,
                read_distribution(r, it->second["price"], mp + ".price", kNonNegative),
                price.unit});
         }
       }},
      section("labour", labour_fields(), "rate_per_h, shifts_per_day, hours_per_shift"),
      section("energy", energy_fields(), "prices, carbon intensities, dry-room base load"),
      section("building", building_fields(), "cost_per_m2, dry_room_premium_per_m2, life_years"),
      [] {
        auto f = input("equipment", "life_years", CostInput::equipment_life_years, Range::above(0),
                       "yr", "equipment depreciation life");
        f.key = "equipment_life_years";
        return f;
      }(),
      section("overheads", overhead_fields(), "BatPaC overhead rates"),
      {"finance", "map", "", "none", "cash-flow inputs of `retrofit`'s business case",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CostInputs& out) {
         read_block(r, n, p, finance_fields(), out.finance.emplace());
       },
       {},
       document(finance_fields())},
      {"include", "map {profit, warranty}", "", "both true", "which optional terms to add",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CostInputs& out) {
         Include inc;
         read_block(r, n, p, include, inc);
         out.include_profit = inc.profit == "true";
         out.include_warranty = inc.warranty == "true";
       }},
  };
  return t;
}

struct CostFile {
  CostInputs costs;
};

}  // namespace

CostValues CostInputs::typical() const {
  CostValues v;
  for (const auto& slot : slots) v.slots.push_back(slot.value.typical());
  return v;
}

CostValues CostInputs::sample(Rng& rng) const {
  // In the order of the names, so a sample does not depend on how slots are numbered.
  std::vector<std::size_t> order(slots.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return slots[a].name < slots[b].name; });
  CostValues v{std::vector<double>(slots.size())};
  for (std::size_t i : order) {
    const auto& d = slots[i].value;
    v[i] = d.is_fixed() ? d.typical() : d.sample(rng);
  }
  return v;
}

std::vector<std::size_t> CostInputs::uncertain() const {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (!slots[i].value.is_fixed()) found.push_back(i);
  std::sort(found.begin(), found.end(),
            [this](std::size_t a, std::size_t b) { return slots[a].name < slots[b].name; });
  return found;
}

std::optional<std::size_t> CostInputs::material_slot(const std::string& material) const {
  for (std::size_t i = kCostInputs; i < slots.size(); ++i)
    if (slots[i].name == "materials." + material) return i;
  return std::nullopt;
}

double CostInputs::convert(double amount, const std::string& from, const std::string& to) const {
  const auto from_rate = exchange_rates.find(from);
  const auto to_rate = exchange_rates.find(to);
  if (from_rate == exchange_rates.end() || to_rate == exchange_rates.end())
    throw std::invalid_argument(file + ": no exchange rate for " +
                                (from_rate == exchange_rates.end() ? from : to));
  return amount / from_rate->second * to_rate->second;
}

double dew_point_factor(double factor_per_10k, double dew_point_c) {
  return std::pow(factor_per_10k, (-40.0 - dew_point_c) / 10.0);
}

double dry_room_premium_per_m2(const CostValues& v, double dew_point_c) {
  return v[CostInput::building_dry_room_premium_per_m2] *
         dew_point_factor(v[CostInput::building_dry_room_premium_factor_per_10k], dew_point_c);
}

CostInputs load_cost_inputs(const std::string& file) {
  YAML::Node root = load_yaml_file(file, "cost file");
  Reader reader(file);
  if (!root.IsMap()) reader.fail(root, "(top)", "a cost file must be a YAML map with key costs");
  static const Schema<CostFile> top = {
      {"costs", "map", "", "", "cost inputs",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CostFile& out) {
         read_block(r, n, p, cost_fields(), out.costs);
       }}};
  CostFile parsed;
  read_block(reader, root, "", top, parsed);
  auto& c = parsed.costs;
  c.file = file;
  c.sources = reader.sources();
  if (!c.exchange_rates.count(c.currency))
    reader.fail(root["costs"]["exchange_rates"], "costs.exchange_rates",
                "needs the rate of the file's own currency " + c.currency);
  return c;
}

}  // namespace twin
