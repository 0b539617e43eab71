#include "twin/app/cell_design.hpp"

#include <fmt/format.h>

#include "twin/engine/schema.hpp"

namespace twin {
namespace {

struct Sheet { double width_mm = 0, length_mm = 0; };
struct Layers { double cathode = 0, anode = 0, separator = 0, se = 0; };
struct Loading { double cathode = 0, anode = 0; };
struct Formation { double duration_h = 0, aging_days = 0; };

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
Field<CellDesign> nested(std::string key, const Schema<S>& schema, std::function<void(const S&, CellDesign&)> store) {
  return {key, "map", "", "", "",
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
  static const Schema<Formation> formation = {
      non_negative("duration_h", &Formation::duration_h, "h", "formation protocol"),
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
      text_field("format", &CellDesign::format, "", "pouch, prismatic, cylindrical"),
      positive("capacity_ah", &CellDesign::capacity_ah, "Ah", "nominal capacity"),
      positive("nominal_voltage_v", &CellDesign::nominal_voltage_v, "V", "nominal voltage"),
      positive("mass_kg", &CellDesign::mass_kg, "kg", "cell mass"),
      nested<Sheet>("sheet", sheet, [](const Sheet& s, CellDesign& c) {
        c.sheet_width_mm = s.width_mm;
        c.sheet_length_mm = s.length_mm;
      }),
      nested<Layers>("layers", layers, [](const Layers& l, CellDesign& c) {
        c.cathode_sheets = l.cathode;
        c.anode_sheets = l.anode;
        c.separator_sheets = l.separator;
        c.se_layers = l.se;
      }),
      nested<Loading>("areal_loading_mg_cm2", loading, [](const Loading& l, CellDesign& c) {
        c.cathode_loading_mg_cm2 = l.cathode;
        c.anode_loading_mg_cm2 = l.anode;
      }),
      non_negative("electrolyte_l", &CellDesign::electrolyte_l, "l", "liquid electrolyte dose"),
      nested<Formation>("formation", formation, [](const Formation& f, CellDesign& c) {
        c.formation_h = f.duration_h;
        c.aging_days = f.aging_days;
      }),
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
  return {{"capacity_ah", capacity_ah},
          {"nominal_voltage_v", nominal_voltage_v},
          {"wh_per_cell", wh_per_cell()},
          {"cathode_sheets", cathode_sheets},
          {"anode_sheets", anode_sheets},
          {"separator_sheets", separator_sheets},
          {"se_layers", se_layers},
          {"sheet_length_mm", sheet_length_mm},
          {"sheet_width_mm", sheet_width_mm},
          {"sheets_per_m", 1000.0 / sheet_length_mm},
          {"electrolyte_l", electrolyte_l},
          {"formation_s", formation_h * 3600.0},
          {"aging_s", aging_days * 86400.0}};
}

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
  return parsed.cell;
}

}  // namespace twin
