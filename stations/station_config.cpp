#include "stations/station_config.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stations/station_kinds.hpp"

namespace stations {

using twin::Change;
using twin::Json;
using twin::Range;
using twin::Reader;

namespace {

struct ScrapRamp {
  double initial = 0, mature = 0, tau_h = 0;
};

const twin::Schema<ScrapRamp>& scrap_ramp_fields() {
  static const twin::Schema<ScrapRamp> table = {
      twin::number_field("initial", &ScrapRamp::initial, Range::between(0, 1), "1", "",
                         "scrap rate at plant start")
          .as(Change::recipe),
      twin::number_field("mature", &ScrapRamp::mature, Range::between(0, 1), "1", "",
                         "scrap rate of the mature line")
          .as(Change::recipe),
      twin::number_field("tau_h", &ScrapRamp::tau_h, Range::above(0), "h", "",
                         "learning time constant: the excess falls to 37 % after tau_h")
          .as(Change::recipe),
  };
  return table;
}

struct CycleRamp {
  double factor = 1, tau_h = 0;
};

const twin::Schema<CycleRamp>& cycle_ramp_fields() {
  static const twin::Schema<CycleRamp> table = {
      twin::number_field("factor", &CycleRamp::factor, Range::at_least(1), "", "",
                         "cycle times at plant start, relative to mature")
          .as(Change::recipe),
      twin::number_field("tau_h", &CycleRamp::tau_h, Range::above(0), "h", "",
                         "learning time constant")
          .as(Change::recipe),
  };
  return table;
}

const twin::Schema<ConvertConfig>& convert_fields() {
  static const twin::Schema<ConvertConfig> table = {
      twin::name_field("kind", &ConvertConfig::kind, "", "kind of the lot made")
          .as(Change::hardware),
      twin::number_field(
          "units_per_input", &ConvertConfig::units_per_input, Range::above(0), "units", "",
          "output units per input unit (e.g. sheets per metre: {cell: sheets_per_m})")
          .as(Change::recipe),
  };
  return table;
}

const twin::Schema<MaterialUse>& material_use_fields() {
  static const twin::Schema<MaterialUse> table = {
      twin::text_field("item", &MaterialUse::item, "", "BOM item of the cell design")
          .as(Change::recipe),
      twin::text_field("material", &MaterialUse::material, "any",
                       "BOM material, where an item repeats")
          .as(Change::recipe),
      twin::number_field("share", &MaterialUse::share, Range::between(0, 1), "1", "1",
                         "share of the BOM quantity consumed here")
          .as(Change::recipe),
  };
  return table;
}

/// scrap_rate: a number, or {initial, mature, tau_h} for a ramp-up learning curve.
twin::Field<StationConfig> scrap_rate_field() {
  return twin::Field<StationConfig>{
      "scrap_rate",
      "number in [0, 1] or {initial, mature, tau_h}",
      "1",
      "0",
      "probability that a processed unit is scrapped; a map gives a ramp-up learning curve",
      [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
        if (n.IsMap() && !n["value"] && !n["cell"]) {
          ScrapRamp ramp;
          // Read in place (a copy would lose the line and column of an error).
          auto keys = twin::keys_of(scrap_ramp_fields());
          keys.push_back("source");
          twin::check_keys(r, n, p, keys);
          if (n["source"]) r.note_source(p, twin::read_text(r, n["source"], p + ".source"));
          twin::read_rows(r, n, p, scrap_ramp_fields(), ramp);
          out.scrap_rate = {ramp.initial, ramp.mature, ramp.tau_h};
          return;
        }
        out.scrap_rate = twin::Ramped::constant(twin::read_number(r, n, p, Range::between(0, 1)));
      },
      [](const StationConfig& in) -> Json {
        const auto& s = in.scrap_rate;
        if (!s.ramps()) return s.mature;
        return twin::write_block(scrap_ramp_fields(), ScrapRamp{s.initial, s.mature, s.tau_h});
      },
      twin::document(scrap_ramp_fields())}
      .as(Change::recipe);
}

twin::Field<StationConfig> cycle_time_ramp_field() {
  return twin::Field<StationConfig>{
      "cycle_time_ramp",
      "map {factor, tau_h}",
      "",
      "none",
      "ramp-up: processing times start factor x longer; the excess decays with tau_h",
      [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
        CycleRamp ramp;
        twin::read_block(r, n, p, cycle_ramp_fields(), ramp);
        out.cycle_time_factor = {ramp.factor, 1.0, ramp.tau_h};
      },
      [](const StationConfig& in) -> Json {
        const auto& f = in.cycle_time_factor;
        if (!f.ramps()) return nullptr;
        return twin::write_block(cycle_ramp_fields(), CycleRamp{f.initial, f.tau_h});
      },
      twin::document(cycle_ramp_fields())}
      .as(Change::recipe);
}

std::string kind_choices() {
  std::string text = "one of";
  for (const auto& k : station_kind_names()) text += " " + k;
  return text;
}

}  // namespace

const twin::Schema<FailureConfig>& failure_fields() {
  static const twin::Schema<FailureConfig> table = {
      twin::distribution_field("mtbf_h", &FailureConfig::mtbf_h, Range::above(0), "h", "",
                               "operating (busy) hours between failures")
          .as(Change::hardware),
      twin::distribution_field("mttr_h", &FailureConfig::mttr_h, Range::at_least(0), "h", "",
                               "hours to repair")
          .as(Change::hardware),
  };
  return table;
}

namespace {
const std::vector<std::string>& cell_formats() {
  static const std::vector<std::string> formats = {"pouch", "prismatic", "cylindrical"};
  return formats;
}

/// The cell formats a station's machines take (a pouch sealer takes no cans): a scenario whose
/// cell has another format is refused at this key.
twin::Field<StationConfig> formats_field() {
  return {"formats", "list of pouch, prismatic, cylindrical", "", "every format",
          "cell formats the machines take",
          [](const Reader& r, const YAML::Node& n, const std::string& p, StationConfig& out) {
            if (!n.IsSequence() || n.size() == 0)
              r.fail(n, p, "must be a non-empty list of pouch, prismatic, cylindrical");
            out.formats.clear();
            for (std::size_t i = 0; i < n.size(); ++i) {
              const std::string path = p + "[" + std::to_string(i) + "]";
              const std::string format = twin::read_text(r, n[i], path);
              const auto& known = cell_formats();
              if (std::find(known.begin(), known.end(), format) == known.end())
                r.fail(n[i], path, "must be one of pouch, prismatic, cylindrical (got '" + format + "')");
              if (std::find(out.formats.begin(), out.formats.end(), format) != out.formats.end())
                r.fail(n[i], path, "'" + format + "' is listed twice");
              out.formats.push_back(format);
            }
          },
          [](const StationConfig& in) {
            return in.formats.empty() ? Json("every format") : Json(in.formats);
          }};
}
}  // namespace

const twin::Schema<StationConfig>& common_station_fields() {
  static const twin::Schema<StationConfig> table = {
      twin::name_field("name", &StationConfig::name, "", "unique station name").as(Change::info),
      twin::Field<StationConfig>{
          "kind", kind_choices(), "", "", "station kind (see below)",
          [](const Reader&, const YAML::Node&, const std::string&, StationConfig&) {},
          [](const StationConfig& in) { return Json(in.kind); }}
          .as(Change::hardware),
      twin::text_field("description", &StationConfig::description, "none", "free text")
          .as(Change::info),
      twin::Field<StationConfig>{"source", "text", "", "none",
                                 "citation for the station as a whole (in line.json: sources)",
                                 [](const Reader& r, const YAML::Node& n, const std::string& p,
                                    StationConfig&) { r.note_source(p, twin::read_text(r, n, p)); }}
          .as(Change::info),
      // One SimGrid actor per machine: above ~30,000 its stacks exhaust the kernel's map count.
      twin::integer_field("machines", &StationConfig::machines, Range::between(1, 20000), "", "1",
                          "identical parallel machines")
          .as(Change::hardware),
      twin::capacity_field("buffer_in", &StationConfig::buffer_in, "unlimited",
                           "input buffer capacity in lots; 0 = blocking after service")
          .as(Change::hardware),
      scrap_rate_field(),
      cycle_time_ramp_field(),
      twin::block_field("convert", &StationConfig::convert, convert_fields(), "none",
                        "turn finished lots into another kind: kind, units_per_input")
          .as(Change::hardware),
      twin::name_field("machine_type", &StationConfig::machine_type, "none",
                       "the machines' type in the scenario's machine catalogue (key machines); "
                       "what retrofit converts or replaces")
          .as(Change::hardware),
      twin::number_field("capex_usd", &StationConfig::capex_usd, Range::at_least(0), "USD", "0",
                         "installed equipment cost per machine")
          .as(Change::hardware),
      twin::number_field("retrofit_capex_usd", &StationConfig::retrofit_capex_usd,
                         Range::at_least(0), "USD", "0",
                         "cost to modify one kept machine of the same machine type (a hardware "
                         "change); a change of type is costed by the machine catalogue")
          .as(Change::hardware),
      twin::number_field("power_busy_kw", &StationConfig::power_busy_kw, Range::at_least(0), "kW",
                         "0", "electricity per machine while busy or in setup")
          .as(Change::recipe),
      twin::number_field("power_idle_kw", &StationConfig::power_idle_kw, Range::at_least(0), "kW",
                         "0", "electricity per machine while idle, blocked or down")
          .as(Change::recipe),
      twin::number_field("heat_busy_kw", &StationConfig::heat_busy_kw, Range::at_least(0), "kW",
                         "0", "heat (gas, steam) per machine while busy")
          .as(Change::recipe),
      twin::number_field("floor_m2", &StationConfig::floor_m2, Range::at_least(0), "m2", "0",
                         "floor area per machine")
          .as(Change::hardware),
      twin::choice_field("room", &StationConfig::room, {"ambient", "dry_room"}, "ambient",
                         "dry_room: dew-point controlled floor (premium and HVAC base load)")
          .as(Change::plant),
      twin::number_field("dew_point_c", &StationConfig::dew_point_c, Range::between(-80, -20),
                         "degC", "-40",
                         "dry_room only: the dew point it must hold (the cost file prices the "
                         "class; BPv2: <= -40 for liquid assembly)")
          .as(Change::plant),
      formats_field().as(Change::hardware),
      twin::number_field("operators", &StationConfig::operators, Range::at_least(0), "", "0",
                         "operators per machine and shift")
          .as(Change::recipe),
      twin::list_field("materials", &StationConfig::materials, material_use_fields(),
                       "list of {item, material, share}", "none",
                       "BOM items consumed here, charged per unit processed")
          .as(Change::recipe),
      twin::block_field("failures", &StationConfig::failures, failure_fields(), "none",
                        "mtbf_h, mttr_h: operating-time failures, preempt-resume")
          .as(Change::hardware),
      twin::name_field("to", &StationConfig::to, "next station",
                       "downstream station (later in the list)")
          .as(Change::routing),
      twin::block_field("supply", &StationConfig::supply, release_fields(), "line.source",
                        "own source for a head station: release, lot")
          .as(Change::recipe),
  };
  return table;
}

StationConfig read_station(const Reader& r, const YAML::Node& n, const std::string& p) {
  if (!n.IsMap()) r.fail(n, p, "must be a map with name, kind, ...");
  if (!n["kind"]) r.fail(n, p + ".kind", "required key is missing");
  const std::string kind = twin::read_text(r, n["kind"], p + ".kind");
  const StationKind* station_kind = find_station_kind(kind);
  if (station_kind == nullptr) {
    std::string message = "unknown station kind '" + kind + "'";
    const auto names = station_kind_names();
    if (auto guess = twin::did_you_mean(kind, names)) {
      message += "; did you mean '" + *guess + "'?";
    } else {
      message += "; valid kinds:";
      for (const auto& k : names) message += " " + k;
    }
    r.fail(n["kind"], p + ".kind", message);
  }
  // A key of another kind gets a message saying so, not just "unknown".
  auto keys = twin::keys_of(common_station_fields());
  for (const auto& row : station_kind->fields) keys.push_back(row.key);
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) continue;  // check_keys says so
    const auto key = it->first.as<std::string>();
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    for (const auto& other : station_kinds())
      if (other.has_key(key)) {
        r.attempt([&] {
          r.fail(it->first, p + "." + key,
                 "not a parameter of kind " + kind + " (it belongs to kind " + other.name + ")");
        });
        keys.push_back(key);  // said once, not again as unknown
        break;
      }
  }
  const std::size_t errors_before = r.error_count();
  twin::check_keys(r, n, p, keys);
  StationConfig out;
  out.kind = kind;
  out.yaml_line = n.Mark().is_null() ? 0 : n.Mark().line + 1;
  twin::read_rows(r, n, p, common_station_fields(), out);
  out.params = station_kind->read(r, n, p);
  if (r.error_count() > errors_before) return out;  // its cross-checks would see defaults
  if (n["dew_point_c"] && out.room != "dry_room")
    r.fail(n["dew_point_c"], p + ".dew_point_c", "only a station with room: dry_room has a dew point");
  if (auto problem = out.params->check(out)) {
    const auto& [key, message] = *problem;
    r.fail(n[key] ? n[key] : n, p + "." + key, message);
  }
  return out;
}

Json station_json(const StationConfig& station) {
  Json j = twin::write_block(common_station_fields(), station);
  const Json own = find_station_kind(station.kind)->write(*station.params);
  for (const auto& [key, value] : own.items()) j[key] = value;
  return j;
}

std::vector<twin::Changed> station_changes(const StationConfig& from, const StationConfig& to) {
  const Json a = station_json(from), b = station_json(to);
  auto docs = twin::document(common_station_fields());
  if (from.kind == to.kind) {
    const auto& own = find_station_kind(to.kind)->fields;
    docs.insert(docs.end(), own.begin(), own.end());
  }
  return twin::changed_keys(docs, a, b);
}

}  // namespace stations
