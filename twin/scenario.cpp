#include "twin/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "stations/station_kinds.hpp"
#include "twin/cost_model.hpp"
#include "twin/overrides.hpp"
#include "twin/patch.hpp"
#include "twin/schema.hpp"

namespace twin {
namespace {

// ---- parameter tables ---------------------------------------------------------------------

const Schema<LotSpec>& lot_fields() {
  static const Schema<LotSpec> table = {
      text_field("kind", &LotSpec::kind, "part", "what the lot is (part, roll, sheet, cell ...)"),
      number_field("quantity", &LotSpec::quantity, Range::above(0), "units", "1",
                   "units per lot (parts, metres, sheets, cells ...)"),
  };
  return table;
}

struct ArrivalSpec {
  Distribution interarrival_s;
  std::string when_full = "block";
};

const Schema<ArrivalSpec>& arrival_fields() {
  static const Schema<ArrivalSpec> table = {
      distribution_field("interarrival_s", &ArrivalSpec::interarrival_s, Range::above(0), "s", "",
                         "time between two releases"),
      choice_field("when_full", &ArrivalSpec::when_full, {"block", "drop"}, "block",
                   "an arrival finding the buffer full waits (block) or is lost (drop)"),
  };
  return table;
}

const Schema<ReleaseConfig>& release_fields() {
  static const Schema<ReleaseConfig> table = {
      {"release", "saturated or {interarrival_s, when_full}", "", "",
       "saturated: a lot whenever the head station can take one",
       [](const Reader& r, const YAML::Node& n, const std::string& p, ReleaseConfig& out) {
         if (n.IsScalar()) {
           if (n.Scalar() != "saturated")
             r.fail(n, p, "must be 'saturated' or a map {interarrival_s, when_full} (got '" +
                              n.Scalar() + "')");
           out.mode = "saturated";
           return;
         }
         ArrivalSpec spec;
         read_block(r, n, p, arrival_fields(), spec);
         out.mode = "interarrival";
         out.interarrival_s = spec.interarrival_s;
         out.when_full = spec.when_full;
       }},
      block_field("lot", &ReleaseConfig::lot, lot_fields(), "", "the lot released"),
      integer_field("max_lots", &ReleaseConfig::max_lots, Range::at_least(0), "lots",
                    "no limit", "release at most this many lots (a production order)"),
  };
  return table;
}

const Schema<FailureConfig>& failure_fields() {
  static const Schema<FailureConfig> table = {
      distribution_field("mtbf_h", &FailureConfig::mtbf_h, Range::above(0), "h", "",
                         "operating (busy) hours between failures"),
      distribution_field("mttr_h", &FailureConfig::mttr_h, Range::at_least(0), "h", "",
                         "hours to repair"),
  };
  return table;
}

struct RampSpec {
  double initial = 0, mature = 0, tau_h = 0;
};

const Schema<RampSpec>& scrap_ramp_fields() {
  static const Schema<RampSpec> table = {
      number_field("initial", &RampSpec::initial, Range::between(0, 1), "1", "",
                   "scrap rate at plant start"),
      number_field("mature", &RampSpec::mature, Range::between(0, 1), "1", "",
                   "scrap rate of the mature line"),
      number_field("tau_h", &RampSpec::tau_h, Range::above(0), "h", "",
                   "learning time constant: the excess falls to 37 % after tau_h"),
  };
  return table;
}

struct CycleRampSpec {
  double factor = 1, tau_h = 0;
};

const Schema<CycleRampSpec>& cycle_ramp_fields() {
  static const Schema<CycleRampSpec> table = {
      number_field("factor", &CycleRampSpec::factor, Range::at_least(1), "", "",
                   "cycle times at plant start, relative to mature"),
      number_field("tau_h", &CycleRampSpec::tau_h, Range::above(0), "h", "",
                   "learning time constant"),
  };
  return table;
}

const Schema<ConvertConfig>& convert_fields() {
  static const Schema<ConvertConfig> table = {
      text_field("kind", &ConvertConfig::kind, "", "kind of the lot made"),
      number_field("units_per_input", &ConvertConfig::units_per_input, Range::above(0), "units",
                   "", "output units per input unit (e.g. sheets per metre: {cell: sheets_per_m})"),
  };
  return table;
}

const Schema<MaterialUse>& material_use_fields() {
  static const Schema<MaterialUse> table = {
      text_field("item", &MaterialUse::item, "", "BOM item of the cell design"),
      text_field("material", &MaterialUse::material, "any", "BOM material, where an item repeats"),
      number_field("share", &MaterialUse::share, Range::between(0, 1), "1", "1",
                   "share of the BOM quantity consumed here"),
  };
  return table;
}

const Schema<StationConfig>& common_station_fields() {
  static const Schema<StationConfig> table = {
      text_field("name", &StationConfig::name, "", "unique station name"),
      {"kind", "one of unit batch web assembly test", "", "", "station kind (see below)",
       [](const Reader&, const YAML::Node&, const std::string&, StationConfig&) {}},
      text_field("description", &StationConfig::description, "none", "free text"),
      {"source", "text", "", "none", "citation for the station as a whole",
       [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig&) {
         r.note_source(p, read_text(r, n, p));
       }},
      integer_field("machines", &StationConfig::machines, Range::between(1, 1e6), "", "1",
                    "identical parallel machines"),
      capacity_field("buffer_in", &StationConfig::buffer_in, "unlimited",
                     "input buffer capacity in lots; 0 = blocking after service"),
      {"scrap_rate", "number in [0, 1] or {initial, mature, tau_h}", "1", "0",
       "probability that a processed unit is scrapped; a map gives a ramp-up learning curve",
       [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
         if (n.IsMap() && !n["value"] && !n["cell"]) {
           RampSpec ramp;
           YAML::Node copy = YAML::Clone(n);
           if (copy["source"]) {
             r.note_source(p, read_text(r, copy["source"], p + ".source"));
             copy.remove("source");
           }
           read_block(r, copy, p, scrap_ramp_fields(), ramp);
           out.scrap_rate = {ramp.initial, ramp.mature, ramp.tau_h};
           return;
         }
         const double rate = read_number(r, n, p, Range::between(0, 1));
         out.scrap_rate = {rate, rate, 0};
       },
       document(scrap_ramp_fields())},
      {"cycle_time_ramp", "map {factor, tau_h}", "", "none",
       "ramp-up: processing times start factor x longer; the excess decays with tau_h",
       [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
         CycleRampSpec ramp;
         read_block(r, n, p, cycle_ramp_fields(), ramp);
         out.cycle_time_ramp_factor = ramp.factor;
         out.cycle_time_ramp_tau_h = ramp.tau_h;
       },
       document(cycle_ramp_fields())},
      block_field("convert", &StationConfig::convert, convert_fields(), "none",
                  "turn finished lots into another kind: kind, units_per_input"),
      number_field("capex_usd", &StationConfig::capex_usd, Range::at_least(0), "USD", "0",
                   "installed equipment cost per machine"),
      number_field("retrofit_capex_usd", &StationConfig::retrofit_capex_usd, Range::at_least(0),
                   "USD", "0", "cost to convert one existing machine into this station"),
      number_field("power_busy_kw", &StationConfig::power_busy_kw, Range::at_least(0), "kW", "0",
                   "electricity per machine while busy or in setup"),
      number_field("power_idle_kw", &StationConfig::power_idle_kw, Range::at_least(0), "kW", "0",
                   "electricity per machine while idle, blocked or down"),
      number_field("heat_busy_kw", &StationConfig::heat_busy_kw, Range::at_least(0), "kW", "0",
                   "heat (gas, steam) per machine while busy"),
      number_field("floor_m2", &StationConfig::floor_m2, Range::at_least(0), "m2", "0",
                   "floor area per machine"),
      choice_field("room", &StationConfig::room, {"ambient", "dry_room"}, "ambient",
                   "dry_room: dew-point controlled floor (premium and HVAC base load)"),
      number_field("operators", &StationConfig::operators, Range::at_least(0), "", "0",
                   "operators per machine and shift"),
      {"materials", "list of {item, material, share}", "", "none",
       "BOM items consumed here, charged per unit processed",
       [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
         if (!n.IsSequence()) r.fail(n, p, "must be a list of {item, material, share}");
         for (std::size_t i = 0; i < n.size(); ++i) {
           MaterialUse use;
           read_block(r, n[i], fmt::format("{}[{}]", p, i), material_use_fields(), use);
           out.materials.push_back(use);
         }
       },
       document(material_use_fields())},
      block_field("failures", &StationConfig::failures, failure_fields(), "none",
                  "mtbf_h, mttr_h: operating-time failures, preempt-resume"),
      text_field("to", &StationConfig::to, "next station",
                 "downstream station (later in the list)"),
      block_field("supply", &StationConfig::supply, release_fields(), "line.source",
                  "own source for a head station: release, lot"),
  };
  return table;
}

const Schema<LineConfig>& line_fields();

const Schema<PlantConfig>& plant_fields() {
  static const Schema<PlantConfig> table = {
      number_field("days_per_year", &PlantConfig::days_per_year, Range::between(1, 366), "d",
                   "320", "operating days (BatPaC: 320 d)"),
      number_field("hours_per_day", &PlantConfig::hours_per_day, Range::between(1, 24), "h", "24",
                   "operating hours per day (BatPaC: 3 shifts x 8 h)"),
      number_field("design_gwh_per_year", &PlantConfig::design_gwh_per_year, Range::at_least(0),
                   "GWh/yr", "0", "design capacity the machine counts were sized for"),
      number_field("capex_reference_gwh_per_year", &PlantConfig::capex_reference_gwh_per_year,
                   Range::at_least(0), "GWh/yr", "0 (no scaling)",
                   "plant size the stations' capex_usd is given for; scaled by (R/R0)^p"),
      number_field("capex_exponent", &PlantConfig::capex_exponent, Range::between(0, 1.5), "",
                   "0.9", "p of the scaling law C = C0 (R/R0)^p (BatPaC: ~0.9 capital)"),
  };
  return table;
}

/// Keys handled before the table is read (the cell design, base and patch); listed here for
/// the reference and so they are not unknown.
template <class T>
Field<T> handled_elsewhere(std::string key, std::string type, std::string doc) {
  return {std::move(key), std::move(type), "", "none", std::move(doc),
          [](const Reader&, const YAML::Node&, const std::string&, T&) {}};
}

const Schema<Scenario>& scenario_fields() {
  static const Schema<Scenario> table = {
      text_field("scenario", &Scenario::name, "", "scenario name"),
      {"description", "text", "", "none", "free text",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario&) {
         read_text(r, n, p);
       }},
      integer_field("seed", &Scenario::seed, Range::between(0, 9.0e15), "", "1",
                    "random seed"),
      integer_field("replication", &Scenario::replication, Range::between(0, 1e9), "", "0",
                    "replication index (another independent stream set)"),
      number_field("warmup_h", &Scenario::warmup_h, Range::at_least(0), "h", "0",
                   "simulated time discarded before measuring"),
      number_field("horizon_h", &Scenario::horizon_h, Range::above(0), "h", "",
                   "measured window after the warm-up"),
      handled_elsewhere<Scenario>("cell", "path", "cell design file (relative to this file); "
                                  "values may then be written {cell: NAME}"),
      handled_elsewhere<Scenario>("base", "path", "scenario this one patches (relative path)"),
      {"costs", "path", "", "none", "cost inputs (configs/costs/...) for cost per Wh",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         out.costs_file = read_text(r, n, p);
       }},
      handled_elsewhere<Scenario>("patch", "map {modify, add, remove}",
                                  "changes to the base line's stations"),
      {"plant", "map", "", "320 d x 24 h", "plant calendar and design capacity",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         read_block(r, n, p, plant_fields(), out.plant);
       },
       document(plant_fields())},
      {"line", "map", "", "", "source and stations",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         read_block(r, n, p, line_fields(), out.line);
       }},
  };
  return table;
}

void read_station(const Reader& r, const YAML::Node& n, const std::string& p,
                  StationConfig& out) {
  if (!n.IsMap()) r.fail(n, p, "must be a map with name, kind, ...");
  if (!n["kind"]) r.fail(n, p + ".kind", "required key is missing");
  const std::string kind = read_text(r, n["kind"], p + ".kind");
  const auto* station_kind = stations::find_station_kind(kind);
  if (station_kind == nullptr) {
    std::string message = "unknown station kind '" + kind + "'";
    const auto names = stations::station_kind_names();
    if (auto guess = did_you_mean(kind, names)) message += "; did you mean '" + *guess + "'?";
    else {
      message += "; valid kinds:";
      for (const auto& k : names) message += " " + k;
    }
    r.fail(n["kind"], p + ".kind", message);
  }
  // A key of another kind gets a message saying so, not just "unknown".
  for (auto it = n.begin(); it != n.end(); ++it) {
    const auto key = it->first.as<std::string>();
    auto has = [&](const Schema<StationConfig>& s) {
      return std::any_of(s.begin(), s.end(), [&](const auto& f) { return f.key == key; });
    };
    if (has(common_station_fields()) || has(station_kind->fields)) continue;
    for (const auto& other : stations::station_kinds())
      if (has(other.fields))
        r.fail(it->first, p + "." + key,
               "not a parameter of kind " + kind + " (it belongs to kind " + other.name + ")");
  }
  Schema<StationConfig> table = common_station_fields();
  table.insert(table.end(), station_kind->fields.begin(), station_kind->fields.end());
  out.kind = kind;
  out.yaml_line = n.Mark().is_null() ? 0 : n.Mark().line + 1;
  read_block(r, n, p, table, out);
}

const Schema<LineConfig>& line_fields() {
  static const Schema<LineConfig> table = {
      block_field("source", &LineConfig::source, release_fields(), "none (each head station "
                  "has supply)", "release and lot for every head station"),
      {"stations", "list of stations", "", "", "in flow order",
       [](const Reader& r, const YAML::Node& n, const std::string& p, LineConfig& out) {
         if (!n.IsSequence() || n.size() == 0) r.fail(n, p, "must be a non-empty list");
         for (std::size_t i = 0; i < n.size(); ++i) {
           StationConfig station;
           read_station(r, n[i], fmt::format("{}[{}]", p, i), station);
           out.stations.push_back(std::move(station));
         }
       }},
  };
  return table;
}

// ---- routing and cross checks ---------------------------------------------------------------

struct LineChecker {
  const Reader& r;
  const YAML::Node& stations_node;
  Scenario& s;

  int index_of(const std::string& name) const {
    for (std::size_t i = 0; i < s.line.stations.size(); ++i)
      if (s.line.stations[i].name == name) return static_cast<int>(i);
    return -1;
  }
  std::string names() const {
    std::string text;
    for (const auto& st : s.line.stations) text += " " + st.name;
    return text;
  }
  [[noreturn]] void fail(std::size_t i, const std::string& key, const std::string& message) const {
    const YAML::Node node = stations_node[i];
    const YAML::Node at = node[key] ? node[key] : node;
    r.fail(at, fmt::format("line.stations[{}].{}", i, key), message);
  }
  int station_ref(std::size_t i, const std::string& key, const std::string& name) const {
    const int j = index_of(name);
    if (j < 0) {
      std::string message = "no station named '" + name + "'";
      std::vector<std::string> all;
      for (const auto& st : s.line.stations) all.push_back(st.name);
      if (auto guess = did_you_mean(name, all)) message += "; did you mean '" + *guess + "'?";
      fail(i, key, message + "; stations:" + names());
    }
    return j;
  }

  void check() {
    auto& list = s.line.stations;
    for (std::size_t i = 0; i < list.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (list[i].name == list[j].name)
          fail(i, "name", "duplicate station name '" + list[i].name + "'");
    // Which assembly each station feeds, from the assemblies' inputs.
    std::vector<int> feeds_assembly(list.size(), -1);
    for (std::size_t a = 0; a < list.size(); ++a) {
      if (!list[a].assembly) continue;
      if (!list[a].assembly->output)
        fail(a, "output", "required key is missing");
      std::set<int> seen;
      for (const auto& in : list[a].assembly->inputs) {
        const int j = station_ref(a, "inputs", in.from);
        if (j >= static_cast<int>(a)) fail(a, "inputs", "input '" + in.from + "' must come before " + list[a].name + " in the list");
        if (!seen.insert(j).second) fail(a, "inputs", "input '" + in.from + "' is listed twice");
        if (feeds_assembly[static_cast<std::size_t>(j)] >= 0)
          fail(a, "inputs", "'" + in.from + "' already feeds another assembly");
        feeds_assembly[static_cast<std::size_t>(j)] = static_cast<int>(a);
      }
    }
    // Resolve every station's downstream; the last station without one is the end of the line.
    std::vector<int> fed_by_count(list.size(), 0);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto& st = list[i];
      int next = -1;
      if (!st.to.empty()) {
        next = station_ref(i, "to", st.to);
        if (next <= static_cast<int>(i)) fail(i, "to", "must name a station later in the list");
        if (feeds_assembly[i] >= 0 && feeds_assembly[i] != next)
          fail(i, "to", "conflicts with assembly '" + list[static_cast<std::size_t>(feeds_assembly[i])].name + "' that lists it as input");
      } else if (feeds_assembly[i] >= 0) {
        next = feeds_assembly[i];
      } else if (i + 1 < list.size()) {
        next = static_cast<int>(i) + 1;
      }
      if (next >= 0) {
        const auto& target = list[static_cast<std::size_t>(next)];
        if (target.assembly && feeds_assembly[i] != next)
          fail(i, "to", "would feed assembly '" + target.name + "', which does not list it in inputs");
        st.to = target.name;
        ++fed_by_count[static_cast<std::size_t>(next)];
      }
      if (st.scrap_rate.highest() + st.rework_rate > 1)
        fail(i, "rework_rate", fmt::format("scrap_rate + rework_rate must be <= 1 (got {})", st.scrap_rate.highest() + st.rework_rate));
      if (!st.rework_to.empty()) station_ref(i, "rework_to", st.rework_to);
    }
    std::size_t ends = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto& st = list[i];
      ends += st.to.empty() ? 1 : 0;
      if (i + 1 < list.size() && st.to.empty()) fail(i, "to", "only the last station may end the line");
      const bool head = fed_by_count[i] == 0;
      if (head && st.assembly) fail(i, "inputs", "an assembly station needs upstream stations");
      if (!head && st.supply) fail(i, "supply", "only a head station (fed by no station) may have a supply");
      if (head && !st.supply && !s.line.source)
        fail(i, "supply", "head station needs a supply, or the line a source");
      if (head && !st.supply) st.supply = s.line.source;
      if (head && st.supply->mode == "saturated" && st.buffer_in < 0) st.buffer_in = 0;
    }
  }
};

}  // namespace

double PlantConfig::capex_scale() const {
  if (capex_reference_gwh_per_year <= 0 || design_gwh_per_year <= 0) return 1.0;
  return std::pow(design_gwh_per_year / capex_reference_gwh_per_year, capex_exponent);
}

double RampedRate::at(double plant_time_s) const {
  if (tau_h <= 0 || initial == mature) return mature;
  return mature + (initial - mature) * std::exp(-plant_time_s / 3600.0 / tau_h);
}

std::vector<double> product_units_per_unit(const Scenario& s) {
  const auto& list = s.line.stations;
  std::vector<double> cpu(list.size(), 1.0);
  // Downstream before upstream: `to` always names a later station.
  for (std::size_t k = list.size(); k-- > 0;) {
    const auto& st = list[k];
    double out = 1.0;  // cells per output unit
    if (const StationConfig* next = s.find_station(st.to)) {
      const auto j = static_cast<std::size_t>(next - list.data());
      out = cpu[j];
      if (next->assembly)
        for (const auto& in : next->assembly->inputs)
          if (in.from == st.name) out = cpu[j] * next->assembly->output->quantity / in.units_per_output;
    }
    cpu[k] = st.convert ? out * st.convert->units_per_input : out;
  }
  return cpu;
}

std::map<std::string, double> product_units_per_kind(const Scenario& s) {
  const auto per_unit = product_units_per_unit(s);
  std::map<std::string, double> kinds;
  std::set<std::string> ambiguous;
  auto note = [&](const std::string& kind, double value) {
    const auto [it, fresh] = kinds.emplace(kind, value);
    if (!fresh && std::abs(it->second - value) > 1e-9 * std::max(1.0, value)) ambiguous.insert(kind);
  };
  for (std::size_t i = 0; i < s.line.stations.size(); ++i) {
    const auto& st = s.line.stations[i];
    if (st.supply && st.supply->lot) note(st.supply->lot->kind, per_unit[i]);
    if (st.convert) note(st.convert->kind, per_unit[i] / st.convert->units_per_input);
    if (st.assembly) note(st.assembly->output->kind, per_unit[i]);
  }
  for (const auto& kind : ambiguous) kinds.erase(kind);
  return kinds;
}

std::vector<bool> product_path(const Scenario& s) {
  const auto& list = s.line.stations;
  std::vector<bool> on(list.size(), false);
  if (list.empty()) return on;
  std::size_t current = list.size() - 1;
  for (;;) {
    on[current] = true;
    const auto& st = list[current];
    if (st.assembly && st.assembly->inputs.size() >= 2) break;  // the product is made here
    std::vector<std::size_t> feeders;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].to == st.name) feeders.push_back(i);
    if (feeders.size() != 1) break;  // a head station, or a merge of several feeders
    current = feeders.front();
  }
  return on;
}

const StationConfig* Scenario::find_station(const std::string& station) const {
  for (const auto& st : line.stations)
    if (st.name == station) return &st;
  return nullptr;
}

Scenario load_scenario(const std::string& file,
                       const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::string base_file;
  YAML::Node root = resolve_base(file, base_file);
  if (!base_file.empty()) load_scenario(base_file);  // a base must be valid on its own
  Reader reader(file);
  for (const auto& [path, value] : overrides) {
    reader.mark_overridden(apply_override(root, path, value, file), path);
  }
  Scenario scenario;
  scenario.file = file;
  scenario.base_file = base_file;
  if (root["cell"]) {
    scenario.cell = load_cell_design(read_text(reader, root["cell"], "cell"));
    reader.set_references(scenario.cell->references(), scenario.cell->name);
  }
  read_block(reader, root, "", scenario_fields(), scenario);
  LineChecker{reader, root["line"]["stations"], scenario}.check();
  scenario.sources = reader.sources();
  if (!scenario.costs_file.empty()) {
    scenario.costs = load_cost_inputs(scenario.costs_file);
    Kpis no_flows;  // checks BOM coverage and prices before anything runs
    no_flows.stations.resize(scenario.line.stations.size());
    CostModel(scenario, no_flows, *scenario.costs);
  }
  return scenario;
}

std::string schema_reference() {
  std::string out;
  std::function<void(const std::string&, const std::vector<FieldDoc>&)> table =
      [&](const std::string& title, const std::vector<FieldDoc>& rows) {
        out += "#### " + title + "\n\n| key | type | unit | default | meaning |\n|---|---|---|---|---|\n";
        for (const auto& row : rows)
          out += fmt::format("| `{}` | {} | {} | {} | {} |\n", row.key, row.type, row.unit,
                             row.default_text.empty() ? "required" : row.default_text, row.doc);
        out += "\n";
        for (const auto& row : rows)
          if (!row.children.empty() && row.key != "failures" && row.key != "supply" &&
              row.key != "source" && row.key != "lot")
            table("`" + row.key + "` (in " + title + ")", row.children);
      };
  table("Scenario (top level)", document(scenario_fields()));
  table("`line`", document(line_fields()));
  table("`line.source` and a station's `supply`", document(release_fields()));
  table("`release` as a map", document(arrival_fields()));
  table("`lot`", document(lot_fields()));
  table("Every station", document(common_station_fields()));
  table("`failures`", document(failure_fields()));
  for (const auto& kind : stations::station_kinds())
    table("Kind `" + kind.name + "`: " + kind.doc, document(kind.fields));
  return out;
}

}  // namespace twin
