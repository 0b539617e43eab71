#include "twin/app/cell_design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "twin/engine/schema.hpp"

namespace twin {
namespace {

struct Sheet { double width_mm = 0, length_mm = 0; };
struct Layers { double cathode = 0, anode = 0, separator = 0, se = 0; };
struct Loading { double cathode = 0, anode = 0; };
struct JellyRoll {
  double cathode_length_m = 0, anode_length_m = 0, separator_length_m = 0, width_mm = 0;
  double rolls = 1;
};
struct Formation {
  double duration_h = -1;  // -1: not typed in (derived from steps)
  double aging_days = 0;
  std::vector<FormationStep> steps;
  double rest_h = 0;
};

template <class T>
Field<T> positive(std::string key, double T::*member, std::string unit, std::string doc) {
  return number_field(std::move(key), member, Range::above(0), std::move(unit), "", std::move(doc));
}
template <class T>
Field<T> non_negative(std::string key, double T::*member, std::string unit, std::string doc) {
  return number_field(std::move(key), member, Range::at_least(0), std::move(unit), "",
                      std::move(doc));
}

template <class S>
Field<CellDesign> nested(std::string key, const Schema<S>& schema,
                         std::function<void(const S&, CellDesign&)> store,
                         std::string default_text = "", std::string doc = "") {
  return {key, "map", "", std::move(default_text), std::move(doc),
          [&schema, store](const Reader& r, const YAML::Node& n, const std::string& p, CellDesign& out) {
            S sub{};
            read_block(r, n, p, schema, sub);
            store(sub, out);
          },
          {}, document(schema)};
}

const Schema<BomItem>& bom_fields() {
  static const Schema<BomItem> table = {
      text_field("item", &BomItem::item, "", "what it is"),
      text_field("material", &BomItem::material, "", "which material"),
      non_negative("quantity", &BomItem::quantity, "unit", "per cell"),
      choice_field("unit", &BomItem::unit, {"kg", "m2", "l", "piece"}, "", "unit of quantity"),
      text_field("source", &BomItem::source, "", "citation"),
  };
  return table;
}

const Schema<CellDesign>& cell_fields() {
  static const Schema<Sheet> sheet = {positive("width_mm", &Sheet::width_mm, "mm", "sheet width"),
                                      positive("length_mm", &Sheet::length_mm, "mm", "sheet length")};
  static const Schema<Layers> layers = {
      non_negative("cathode_sheets", &Layers::cathode, "", "cathode sheets per cell"),
      non_negative("anode_sheets", &Layers::anode, "", "anode sheets per cell (Li metal too)"),
      non_negative("separator_sheets", &Layers::separator, "", "separator layers per cell"),
      non_negative("se_layers", &Layers::se, "", "solid-electrolyte layers per cell")};
  static const Schema<Loading> loading = {
      non_negative("cathode", &Loading::cathode, "mg/cm2", "per coated side"),
      non_negative("anode", &Loading::anode, "mg/cm2", "per coated side")};
  static const Schema<JellyRoll> jelly_roll = {
      positive("cathode_length_m", &JellyRoll::cathode_length_m, "m", "cathode web per roll"),
      positive("anode_length_m", &JellyRoll::anode_length_m, "m", "anode web per roll"),
      positive("separator_length_m", &JellyRoll::separator_length_m, "m",
               "separator web per roll (two layers are wound: count both)"),
      positive("electrode_width_mm", &JellyRoll::width_mm, "mm", "coated electrode width"),
      number_field("rolls_per_cell", &JellyRoll::rolls, Range::between(1, 8), "", "1",
                   "jelly rolls per cell (large prismatic cells hold 2-4)")};
  static const Schema<FormationStep> step = {
      positive("c_rate", &FormationStep::c_rate, "1/h", "current as a multiple of capacity_ah"),
      number_field("soc_change", &FormationStep::soc_change, Range::between(0, 1.5), "", "",
                   "state of charge moved in this step (a charge or a discharge)")};
  static const Schema<Formation> formation = {
      number_field("duration_h", &Formation::duration_h, Range::at_least(0), "h",
                   "none: from steps", "formation protocol length, typed in (or give steps)"),
      list_field("steps", &Formation::steps, step, "list of {c_rate, soc_change}",
                 "none: duration_h", "protocol: each step lasts soc_change / c_rate hours"),
      number_field("rest_h", &Formation::rest_h, Range::at_least(0), "h", "0",
                   "rests and OCV checks between the steps"),
      non_negative("aging_days", &Formation::aging_days, "d", "aging")};
  static const Schema<CellDesign> table = {
      name_field("name", &CellDesign::name, "", "design name"),
      text_field("description", &CellDesign::description, "none", "free text"),
      {"chemistry", "map of texts", "", "", "cathode, anode, electrolyte, separator",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CellDesign& out) {
         if (!n.IsMap()) r.fail(n, p, "must be a map of texts");
         for (auto it = n.begin(); it != n.end(); ++it)
           out.chemistry[it->first.as<std::string>()] =
               read_text(r, it->second, p + "." + it->first.as<std::string>());
       }},
      choice_field("format", &CellDesign::format, {"pouch", "prismatic", "cylindrical"}, "",
                   "housing; selects the electrode assembly a line must have (see README)"),
      positive("capacity_ah", &CellDesign::capacity_ah, "Ah", "nominal capacity"),
      positive("nominal_voltage_v", &CellDesign::nominal_voltage_v, "V", "nominal voltage"),
      positive("mass_kg", &CellDesign::mass_kg, "kg", "cell mass"),
      nested<Sheet>("sheet", sheet, [](const Sheet& s, CellDesign& c) {
        c.sheet_width_mm = s.width_mm;
        c.sheet_length_mm = s.length_mm;
      }, "none: wound", "stacked cells: electrode sheet size"),
      nested<Layers>("layers", layers, [](const Layers& l, CellDesign& c) {
        c.cathode_sheets = l.cathode;
        c.anode_sheets = l.anode;
        c.separator_sheets = l.separator;
        c.se_layers = l.se;
      }, "none: wound", "stacked cells: sheets and layers per cell"),
      nested<JellyRoll>("jelly_roll", jelly_roll, [](const JellyRoll& j, CellDesign& c) {
        c.cathode_length_m = j.cathode_length_m;
        c.anode_length_m = j.anode_length_m;
        c.separator_length_m = j.separator_length_m;
        c.electrode_width_mm = j.width_mm;
        c.jelly_rolls = j.rolls;
      }, "none: stacked", "wound cells: web lengths per jelly roll"),
      nested<Loading>("areal_loading_mg_cm2", loading, [](const Loading& l, CellDesign& c) {
        c.cathode_loading_mg_cm2 = l.cathode;
        c.anode_loading_mg_cm2 = l.anode;
      }),
      non_negative("electrolyte_l", &CellDesign::electrolyte_l, "l", "liquid electrolyte dose"),
      nested<Formation>("formation", formation, [](const Formation& f, CellDesign& c) {
        c.formation_h = f.duration_h;
        c.formation_steps = f.steps;
        c.formation_rest_h = f.rest_h;
        c.aging_days = f.aging_days;
      }),
      text_field("line", &CellDesign::line, "none",
                 "presets: the line file this cell runs on, relative to this file"),
      number_field("announced_wh_per_kg", &CellDesign::announced_wh_per_kg, Range::above(0),
                   "Wh/kg", "none", "presets: the published energy density the design must give"),
      {"bom", "list of {item, material, quantity, unit, source}", "", "", "bill of materials per cell",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CellDesign& out) {
         if (!n.IsSequence() || n.size() == 0) r.fail(n, p, "must be a non-empty list");
         for (std::size_t i = 0; i < n.size(); ++i) {
           BomItem item;
           read_block(r, n[i], fmt::format("{}[{}]", p, i), bom_fields(), item);
           out.bom.push_back(item);
         }
       }},
  };
  return table;
}

struct CellFile {
  CellDesign cell;
};

}  // namespace

std::map<std::string, double> CellDesign::references() const {
  std::map<std::string, double> refs = {
      {"capacity_ah", capacity_ah},
      {"nominal_voltage_v", nominal_voltage_v},
      {"wh_per_cell", wh_per_cell()},
      {"mass_kg", mass_kg},
      {"cathode_loading_mg_cm2", cathode_loading_mg_cm2},
      {"anode_loading_mg_cm2", anode_loading_mg_cm2},
      {"electrolyte_l", electrolyte_l},
      {"formation_s", formation_h * 3600.0},
      {"aging_s", aging_days * 86400.0}};
  // Only the geometry the cell has: a stacking station on a wound cell (or a winder on a
  // stacked one) then fails at its first reference, naming the quantity and the format.
  if (electrode_assembly == "stacked") {
    refs.insert({{"cathode_sheets", cathode_sheets},
                 {"anode_sheets", anode_sheets},
                 {"separator_sheets", separator_sheets},
                 {"se_layers", se_layers},
                 {"sheet_length_mm", sheet_length_mm},
                 {"sheet_width_mm", sheet_width_mm},
                 {"sheets_per_m", 1000.0 / sheet_length_mm},
                 // electrolyte enters a stack from its edges: half the shorter side to travel
                 {"wetting_path_mm", std::min(sheet_width_mm, sheet_length_mm) / 2.0}});
  } else {
    refs.insert({{"cathode_length_m", cathode_length_m},
                 {"anode_length_m", anode_length_m},
                 {"separator_length_m", separator_length_m},
                 {"electrode_width_mm", electrode_width_mm},
                 {"jelly_rolls", jelly_rolls},
                 // filled through one end (fill port): the whole electrode width to travel
                 {"wetting_path_mm", electrode_width_mm}});
  }
  return refs;
}

std::string CellDesign::geometry_note() const {
  return electrode_assembly == "stacked"
             ? fmt::format("cell {} is a stacked {} cell: it has sheets and layers, no jelly roll",
                           name, format)
             : fmt::format("cell {} is a wound {} cell: it has jelly-roll web lengths, no sheets",
                           name, format);
}

namespace {

/// Rules across keys: one electrode geometry that fits the format, one formation definition.
void check_design(const Reader& r, const YAML::Node& node, CellDesign& cell) {
  const bool stacked = static_cast<bool>(node["sheet"]) || static_cast<bool>(node["layers"]);
  const bool wound = static_cast<bool>(node["jelly_roll"]);
  if (stacked == wound)
    r.fail(node, "cell", "give either sheet and layers (a stacked cell) or jelly_roll (a wound cell)");
  if (stacked && !(node["sheet"] && node["layers"]))
    r.fail(node, node["sheet"] ? "cell.layers" : "cell.sheet",
           "required key is missing (a stacked cell needs sheet and layers)");
  cell.electrode_assembly = stacked ? "stacked" : "wound";
  if (cell.format == "cylindrical" && stacked)
    r.fail(node["sheet"], "cell.sheet",
           "a cylindrical cell is wound: give jelly_roll instead of sheet and layers");
  if (cell.format == "pouch" && wound)
    r.fail(node["jelly_roll"], "cell.jelly_roll",
           "celltwin's pouch cells are stacked: give sheet and layers (or format prismatic)");
  const YAML::Node formation = node["formation"];
  const bool typed = formation["duration_h"].IsDefined(), stepped = formation["steps"].IsDefined();
  if (typed == stepped)
    r.fail(formation, "cell.formation", "give either duration_h or steps (not both)");
  if (stepped) {
    if (cell.formation_steps.empty())
      r.fail(formation["steps"], "cell.formation.steps", "must be a non-empty list");
    double hours = cell.formation_rest_h;
    for (const auto& step : cell.formation_steps) hours += step.soc_change / step.c_rate;
    cell.formation_h = hours;
    cell.sources["cell.formation.duration_h"] = fmt::format(
        "derived: sum of soc_change / c_rate over {} steps + rest_h = {:.2f} h",
        cell.formation_steps.size(), hours);
  }
}

}  // namespace

CellDesign load_cell_design(const std::string& file) {
  YAML::Node root = load_yaml_file(file, "cell design");
  Reader reader(file);
  static const Schema<CellFile> top = {
      {"cell", "map", "", "", "the cell design",
       [](const Reader& r, const YAML::Node& n, const std::string& p, CellFile& out) {
         read_block(r, n, p, cell_fields(), out.cell);
       }}};
  if (!root.IsMap()) reader.fail(root, "(top)", "a cell design must be a YAML map with key cell");
  CellFile parsed;
  read_block(reader, root, "", top, parsed);
  parsed.cell.file = file;
  parsed.cell.sources = reader.sources();
  check_design(reader, root["cell"], parsed.cell);
  if (!parsed.cell.line.empty()) {
    namespace fs = std::filesystem;
    const fs::path line = fs::path(file).parent_path() / parsed.cell.line;
    if (!fs::is_regular_file(line))
      reader.fail(root["cell"]["line"], "cell.line", "no such line file: " + line.string());
    parsed.cell.line = fs::weakly_canonical(line).string();
  }
  return parsed.cell;
}

}  // namespace twin
