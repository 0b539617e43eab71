#include "twin/app/scenario.hpp"

#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "stations/station_kinds.hpp"
#include "twin/app/cost_model.hpp"
#include "twin/app/overrides.hpp"
#include "twin/app/patch.hpp"
#include "twin/engine/schema.hpp"

namespace twin {
namespace {

// ---- parameter tables ---------------------------------------------------------------------

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
      number_field("equipment_age_years", &PlantConfig::equipment_age_years,
                   Range::between(0, 100), "yr", "0 (new)",
                   "age of the installed equipment: what a retrofit strands keeps its book value, "
                   "straight-line over the cost file's equipment.life_years"),
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
      name_field("scenario", &Scenario::name, "", "scenario name"),
      {"description", "text", "", "none", "free text",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario&) {
         read_text(r, n, p);
       }},
      integer_field("seed", &Scenario::seed, Range::between(0, 9.0e15), "", "1",
                    "random seed"),
      integer_field("replication", &Scenario::replication, Range::between(0, 1e9), "", "0",
                    "replication index (another independent stream set)"),
      // At most 1e6 h (114 years) each: longer spans overflow SimGrid's clock arithmetic.
      number_field("warmup_h", &Scenario::warmup_h, Range::between(0, 1e6), "h", "0",
                   "simulated time discarded before measuring"),
      number_field("horizon_h", &Scenario::horizon_h, Range{0, 1e6, true, false}, "h", "",
                   "measured window after the warm-up"),
      handled_elsewhere<Scenario>("cell", "path", "cell design file (relative to this file); "
                                  "values may then be written {cell: NAME}"),
      handled_elsewhere<Scenario>("base", "path", "scenario this one patches (relative path)"),
      {"costs", "path", "", "none", "cost inputs (configs/costs/...) for cost per Wh",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         out.costs_file = read_text(r, n, p);
       }},
      {"machines", "path", "", "none",
       "machine catalogue (configs/machines/...) the stations' machine_type names",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         out.machines_file = read_text(r, n, p);
       }},
      handled_elsewhere<Scenario>("patch", "map {modify, add, remove}",
                                  "changes to the base line's stations"),
      {"plant", "map", "", "320 d x 24 h", "plant calendar and design capacity",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         read_block(r, n, p, plant_fields(), out.plant);
       },
       {}, document(plant_fields())},
      {"line", "map", "", "", "source and stations",
       [](const Reader& r, const YAML::Node& n, const std::string& p, Scenario& out) {
         read_block(r, n, p, lines::line_fields(), out.line);
       }},
  };
  return table;
}

}  // namespace

double PlantConfig::capex_scale() const {
  if (capex_reference_gwh_per_year <= 0 || design_gwh_per_year <= 0) return 1.0;
  return std::pow(design_gwh_per_year / capex_reference_gwh_per_year, capex_exponent);
}

namespace {
/// The node at a message's key path (line.stations.coating.materials[2]): list elements by name
/// or [i]; the deepest node that exists when the path goes further.
YAML::Node node_at(const YAML::Node& root, const std::string& path) {
  YAML::Node at = root;
  std::size_t begin = 0;
  while (begin < path.size()) {
    std::size_t end = path.find('.', begin);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(begin, end - begin);
    begin = end + 1;
    std::optional<std::size_t> index;
    if (const auto open = part.find('['); open != std::string::npos) {
      index = std::stoul(part.substr(open + 1));
      part = part.substr(0, open);
    }
    YAML::Node next;
    if (at.IsSequence()) {
      for (const auto& item : at)
        if (item.IsMap() && item["name"] && item["name"].IsScalar() &&
            item["name"].Scalar() == part)
          next.reset(item);
    } else if (at.IsMap() && std::as_const(at)[part]) {  // const: a lookup, not an insert
      next.reset(std::as_const(at)[part]);
    }
    if (next && index && next.IsSequence() && *index < next.size()) next.reset(next[*index]);
    if (!next) return at;
    at.reset(next);
  }
  return at;
}
}  // namespace

namespace {
/// Every station takes the cell's format (a pouch sealer takes no cylindrical cell). Read from
/// the stations' nodes, before they are read: a station that cannot be read for this cell (a
/// stacker asking a wound cell for its sheets) is then named for the real reason first.
void check_formats(const Reader& reader, const YAML::Node& root, const CellDesign& cell) {
  const YAML::Node list = root["line"] ? root["line"]["stations"] : YAML::Node();
  if (!list || !list.IsSequence()) return;  // the line's reader says what is wrong
  for (const auto& station : list) {
    const YAML::Node formats = station.IsMap() ? station["formats"] : YAML::Node();
    if (!formats || !formats.IsSequence()) continue;
    std::vector<std::string> names;
    for (const auto& f : formats)
      if (f.IsScalar()) names.push_back(f.Scalar());
    if (names.empty() || std::find(names.begin(), names.end(), cell.format) != names.end())
      continue;
    const std::string name = station["name"] && station["name"].IsScalar()
                                 ? station["name"].Scalar() : std::string("?");
    reader.attempt([&] {
      reader.fail(formats, "line.stations." + name + ".formats",
                  fmt::format("station {} takes {} cells, but the cell design {} ({}) is {}; use a "
                              "line built for {} cells",
                              name, fmt::join(names, " or "), cell.name, cell.file, cell.format,
                              cell.format));
    });
  }
}
}  // namespace

namespace {
/// Loads the catalogue the scenario names and checks every station's machine_type against it.
void check_machine_types(const Reader& reader, const YAML::Node& root, Scenario& scenario) {
  if (!scenario.machines_file.empty())
    scenario.machines = load_referenced(reader, root["machines"], "machines", [&] {
      return load_machine_catalogue(scenario.machines_file);
    });
  const YAML::Node stations = root["line"]["stations"];
  for (std::size_t i = 0; i < scenario.line.stations.size(); ++i) {
    const auto& st = scenario.line.stations[i];
    if (st.machine_type.empty()) continue;
    const std::string path = "line.stations." + st.name + ".machine_type";
    const YAML::Node at = stations && stations.IsSequence() && i < stations.size()
                              ? stations[i]["machine_type"]
                              : root["machines"];
    if (!scenario.machines) {
      reader.fail(at, path, "names a machine type, but the scenario names no machine catalogue "
                            "(top-level key machines)");
    } else if (scenario.machines->type(st.machine_type) == nullptr) {
      std::string message = "unknown machine type '" + st.machine_type + "' in " +
                            scenario.machines->file;
      if (const auto guess = did_you_mean(st.machine_type, scenario.machines->type_names()))
        message += "; did you mean '" + *guess + "'?";
      reader.fail(at, path, message);
    }
  }
}
}  // namespace

Scenario load_scenario(const std::string& file,
                       const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::string base_file;
  std::vector<std::pair<std::string, YAML::Node>> origins;
  YAML::Node root = resolve_base(file, base_file, &origins);
  if (!base_file.empty())  // a base must be valid on its own
    load_referenced(Reader(file), origins.front().second["base"], "base",
                    [&] { return load_scenario(base_file); });
  Reader reader(file);
  reader.collect_errors();
  for (const auto& [origin, tree] : origins) reader.add_origin(origin, tree);
  for (const auto& [path, value] : overrides) {
    reader.mark_overridden(apply_override(root, path, value, file), path);
  }
  Scenario scenario;
  scenario.file = file;
  scenario.base_file = base_file;
  if (root["cell"]) {
    const std::string cell_file = read_text(reader, root["cell"], "cell");
    scenario.cell = load_referenced(reader, root["cell"], "cell",
                                    [&] { return load_cell_design(cell_file); });
    reader.set_references(scenario.cell->references(), scenario.cell->name,
                          scenario.cell->geometry_note());
    check_formats(reader, root, *scenario.cell);
  }
  read_block(reader, root, "", scenario_fields(), scenario);
  reader.throw_errors();  // routing and costs need every station read
  lines::resolve_routing(reader, root["line"]["stations"], !base_file.empty(), scenario.line);
  check_machine_types(reader, root, scenario);
  scenario.sources = reader.sources();
  if (!scenario.costs_file.empty()) {
    scenario.costs = load_referenced(reader, root["costs"], "costs",
                                     [&] { return load_cost_inputs(scenario.costs_file); });
    Kpis no_flows;  // checks BOM coverage and prices before anything runs
    no_flows.stations.resize(scenario.line.stations.size());
    try {
      CostModel(scenario, no_flows, *scenario.costs);
    } catch (const ConfigError& e) {  // placed at the scenario's line that does not fit
      if (e.key_path().rfind("costs.", 0) == 0)
        reader.fail(root["costs"], "costs",
                    "the file it names does not fit the scenario's cell: " + std::string(e.what()));
      reader.fail(node_at(root, e.key_path()), e.key_path(), e.message());
    }
  }
  return scenario;
}

std::string schema_reference() {
  std::string out;
  std::function<void(const std::string&, const std::vector<FieldDoc>&)> table =
      [&](const std::string& title, const std::vector<FieldDoc>& rows) {
        // Station parameters say what changing them means for a retrofit.
        const bool classed = std::any_of(rows.begin(), rows.end(),
                                         [](const auto& row) { return row.change != Change::unset; });
        out += "#### " + title + "\n\n| key | type | unit | default | " +
               (classed ? "change | " : "") + "meaning |\n|---|---|---|---|" +
               (classed ? "---|" : "") + "---|\n";
        for (const auto& row : rows)
          out += fmt::format("| `{}` | {} | {} | {} | {}{} |\n", row.key, row.type, row.unit,
                             row.default_text.empty() ? "required" : row.default_text,
                             classed ? std::string(to_string(row.change)) + " | " : "", row.doc);
        out += "\n";
        for (const auto& row : rows)
          if (!row.children.empty() && row.key != "failures" && row.key != "supply" &&
              row.key != "source" && row.key != "lot" && row.key != "release")
            table("`" + row.key + "` (in " + title + ")", row.children);
      };
  table("Scenario (top level)", document(scenario_fields()));
  table("`line`", document(lines::line_fields()));
  table("`line.source` and a station's `supply`", document(stations::release_fields()));
  table("`release` as a map", stations::arrival_docs());
  table("`lot`", document(stations::lot_fields()));
  table("Every station", document(stations::common_station_fields()));
  table("`failures`", document(stations::failure_fields()));
  for (const auto& kind : stations::station_kinds())
    table("Kind `" + kind.name + "`: " + kind.doc, kind.fields);
  return out;
}

}  // namespace twin
