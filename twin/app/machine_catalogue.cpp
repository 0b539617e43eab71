#include "twin/app/machine_catalogue.hpp"

#include <algorithm>
#include <set>

#include "twin/engine/schema.hpp"

namespace twin {

const MachineType* MachineCatalogue::type(const std::string& name) const {
  const auto it = std::find_if(types.begin(), types.end(),
                               [&](const MachineType& t) { return t.name == name; });
  return it == types.end() ? nullptr : &*it;
}

const MachineConversion* MachineCatalogue::conversion(const std::string& from,
                                                      const std::string& to) const {
  const auto it = std::find_if(conversions.begin(), conversions.end(), [&](const auto& c) {
    return c.from == from && c.to == to;
  });
  return it == conversions.end() ? nullptr : &*it;
}

std::vector<std::string> MachineCatalogue::type_names() const {
  std::vector<std::string> names;
  for (const auto& t : types) names.push_back(t.name);
  return names;
}

namespace {

const Schema<MachineType>& type_fields() {
  static const Schema<MachineType> table = {
      name_field("name", &MachineType::name, "", "the type's name, as stations write it"),
      text_field("doc", &MachineType::doc, "", "what the machine is"),
      choice_field("hall", &MachineType::hall, {"production", "formation_aging"}, "production",
                   "the hall its floor is counted in (plant items)"),
  };
  return table;
}

const Schema<MachineConversion>& conversion_fields() {
  static const Schema<MachineConversion> table = {
      name_field("from", &MachineConversion::from, "", "the existing machine's type"),
      name_field("to", &MachineConversion::to, "", "the type it becomes"),
      number_field("capex_share", &MachineConversion::capex_share, Range::between(0, 1), "",
                   "", "cost of converting one machine, as a share of a new `to` machine"),
      number_field("downtime_h", &MachineConversion::downtime_h, Range::between(0, 1e5), "h", "",
                   "time the machine is out of service for the conversion"),
  };
  return table;
}

const Schema<MachineCatalogue>& catalogue_fields() {
  static const Schema<MachineCatalogue> table = {
      name_field("catalogue", &MachineCatalogue::name, "", "the catalogue's name"),
      number_field("install_downtime_h", &MachineCatalogue::install_downtime_h,
                   Range::between(0, 1e5), "h", "0",
                   "time the line stands while a new machine (an added station or a "
                   "replacement) is installed and qualified; 0: not counted"),
      list_field("types", &MachineCatalogue::types, type_fields(), "list of {name, doc, hall}", "",
                 "the machine types stations may name"),
      list_field("conversions", &MachineCatalogue::conversions, conversion_fields(),
                 "list of {from, to, capex_share, downtime_h}", "[]",
                 "which existing machines convert into which types, at what cost and downtime"),
  };
  return table;
}

/// What read_block cannot see: names once, conversions between known different types, each
/// pair once, both numbers sourced.
void check(const Reader& r, const YAML::Node& root, const MachineCatalogue& c) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.types.size(); ++i)
    if (!names.insert(c.types[i].name).second)
      r.fail(root["types"][i]["name"], "types[" + std::to_string(i) + "].name",
             "type '" + c.types[i].name + "' is listed twice");
  if (root["install_downtime_h"] && !c.sources.count("install_downtime_h"))
    r.fail(root["install_downtime_h"], "install_downtime_h",
           "needs a source: write {value: X, source: \"citation, or assumption: why\"}");
  std::set<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < c.conversions.size(); ++i) {
    const auto& conv = c.conversions[i];
    const std::string path = "conversions[" + std::to_string(i) + "]";
    const YAML::Node node = root["conversions"][i];
    for (const auto& [key, name] : {std::pair{"from", conv.from}, std::pair{"to", conv.to}})
      if (!names.count(name)) {
        std::string message = "unknown machine type '" + name + "'";
        if (const auto guess = did_you_mean(name, c.type_names()))
          message += "; did you mean '" + *guess + "'?";
        r.fail(node[key], path + "." + key, message);
      }
    if (conv.from == conv.to)
      r.fail(node["to"], path + ".to", "a type does not convert into itself (that is reuse)");
    if (!pairs.insert({conv.from, conv.to}).second)
      r.fail(node, path, "the conversion " + conv.from + " -> " + conv.to + " is listed twice");
    for (const char* key : {"capex_share", "downtime_h"})
      if (!c.sources.count(path + "." + key))
        r.fail(node[key], path + "." + key,
               "needs a source: write {value: X, source: \"citation, or assumption: why\"}");
  }
}

}  // namespace

MachineCatalogue load_machine_catalogue(const std::string& file) {
  const YAML::Node root = load_yaml_file(file, "machine catalogue");
  Reader reader(file);
  reader.collect_errors();
  if (!root.IsMap())
    reader.fail(root, "(top)", "a machine catalogue must be a YAML map with catalogue, types");
  MachineCatalogue catalogue;
  read_block(reader, root, "", catalogue_fields(), catalogue);
  reader.throw_errors();
  catalogue.file = file;
  catalogue.sources = reader.sources();
  check(reader, root, catalogue);
  reader.throw_errors();
  return catalogue;
}

}  // namespace twin
