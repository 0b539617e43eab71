// The machine catalogue: the shipped one loads, bad ones are refused naming file, line and key,
// and stations may name only the types of the catalogue their scenario names.
#include "harness.hpp"
#include "twin/app/compare.hpp"
#include "twin/app/machine_catalogue.hpp"

namespace {

std::string error_of(const std::string& yaml) {
  try {
    twin::load_machine_catalogue(test::write_file("catalogue.yaml", yaml));
  } catch (const twin::ConfigError& e) {
    std::string all;
    for (const auto& m : e.messages()) all += m + "\n";
    return all;
  }
  return "";
}

const std::string kTypes =
    "catalogue: t\ntypes:\n  - {name: cycler, doc: a}\n  - {name: pressure_cycler, doc: b}\n";
const std::string kSourced = "capex_share: {value: 0.3, source: \"assumption: x\"}, "
                             "downtime_h: {value: 10, source: \"assumption: y\"}";

}  // namespace

TEST(Machines, ShippedCatalogueLoads) {
  const auto c = twin::load_machine_catalogue(std::string(CELLTWIN_SOURCE_DIR) +
                                              "/configs/machines/catalogue.yaml");
  EXPECT_GE(c.types.size(), 25u);
  const auto* pressure = c.conversion("formation_cycler", "pressure_cycler");
  ASSERT_NE(pressure, nullptr);
  EXPECT_DOUBLE_EQ(pressure->capex_share, 0.2308);
  EXPECT_DOUBLE_EQ(pressure->downtime_h, 168);
  EXPECT_DOUBLE_EQ(c.install_downtime_h, 720);
  EXPECT_EQ(c.conversion("pressure_cycler", "formation_cycler"), nullptr);  // not listed
  for (const auto& conv : c.conversions) {
    EXPECT_NE(c.type(conv.from), nullptr) << conv.from;
    EXPECT_NE(c.type(conv.to), nullptr) << conv.to;
  }
}

TEST(Machines, AGoodCatalogueLoads) {
  EXPECT_EQ(error_of(kTypes + "conversions:\n  - {from: cycler, to: pressure_cycler, " + kSourced +
                     "}\n"),
            "");
}

TEST(Machines, BadCataloguesAreRefusedAtTheKey) {
  auto expect = [](const std::string& yaml, const std::string& part) {
    const auto error = error_of(yaml);
    EXPECT_NE(error.find(part), std::string::npos) << "expected '" << part << "' in: " << error;
    EXPECT_NE(error.find("catalogue.yaml:"), std::string::npos) << error;
  };
  expect(kTypes + "conversions:\n  - {from: cycler, to: presure_cycler, " + kSourced + "}\n",
         "conversions[0].to: unknown machine type 'presure_cycler'; did you mean 'pressure_cycler'?");
  expect(kTypes + "  - {name: cycler, doc: again}\n", "types[2].name: type 'cycler' is listed twice");
  expect(kTypes + "conversions:\n  - {from: cycler, to: cycler, " + kSourced + "}\n",
         "does not convert into itself");
  expect(kTypes + "conversions:\n  - {from: cycler, to: pressure_cycler, " + kSourced +
             "}\n  - {from: cycler, to: pressure_cycler, " + kSourced + "}\n",
         "conversions[1]: the conversion cycler -> pressure_cycler is listed twice");
  expect(kTypes + "conversions:\n  - {from: cycler, to: pressure_cycler, capex_share: 0.3, "
                  "downtime_h: {value: 1, source: \"assumption: z\"}}\n",
         "conversions[0].capex_share: needs a source");
  expect(kTypes + "conversions:\n  - {from: cycler, to: pressure_cycler, capex_share: {value: "
                  "1.5, source: \"assumption\"}, downtime_h: {value: 1, source: \"assumption\"}}\n",
         "conversions[0].capex_share: must be in [0, 1]");
  expect("catalogue: t\n", "types");
  expect("install_downtime_h: 100\n" + kTypes, "install_downtime_h: needs a source");
}

TEST(Machines, StationsNameOnlyTypesOfTheirCatalogue) {
  const std::string catalogue = std::string(CELLTWIN_SOURCE_DIR) + "/configs/machines/catalogue.yaml";
  auto scenario = [&](const std::string& head, const std::string& type) {
    return head + "scenario: typed\nhorizon_h: 1\nline:\n  source: {release: saturated, lot: {kind: "
                  "p}}\n  stations:\n    - {name: a, kind: unit, cycle_time_s: 1, machine_type: " +
           type + "}\n";
  };
  auto error = [&](const std::string& yaml) {
    try {
      twin::load_scenario(test::write_file("s.yaml", yaml));
    } catch (const twin::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error(scenario("machines: " + catalogue + "\n", "laser_notcher")), "");
  EXPECT_NE(error(scenario("machines: " + catalogue + "\n", "laser_notchr"))
                .find("s.yaml:7:60: line.stations.a.machine_type: unknown machine type "
                      "'laser_notchr'"),
            std::string::npos);
  EXPECT_NE(error(scenario("", "laser_notcher"))
                .find("line.stations.a.machine_type: names a machine type, but the scenario names "
                      "no machine catalogue"),
            std::string::npos);
}

namespace {
/// A two-station line with the shipped catalogue: formation (TYPE_F, capex CAPEX_F per machine,
/// N_F machines) and stacking (a z_fold_stacker, its buffer and retrofit cost as given).
twin::Scenario typed_line(const std::string& name, const std::string& formation_type,
                          double formation_capex, int formation_machines,
                          const std::string& stacking_extra) {
  const std::string yaml =
      "scenario: " + name + "\nmachines: " + std::string(CELLTWIN_SOURCE_DIR) +
      "/configs/machines/catalogue.yaml\nhorizon_h: 1\nline:\n  source: {release: saturated, lot: "
      "{kind: p}}\n  stations:\n    - {name: stacking, kind: unit, cycle_time_s: 1, machines: 2, "
      "machine_type: z_fold_stacker, capex_usd: 500000" +
      stacking_extra + "}\n    - {name: formation, kind: unit, cycle_time_s: 1, machines: " +
      std::to_string(formation_machines) + ", machine_type: " + formation_type +
      ", capex_usd: " + std::to_string(formation_capex) + "}\n";
  return twin::load_scenario(test::write_file(name + ".yaml", yaml));
}

const twin::StationChange& station(const twin::RetrofitReport& r, const std::string& name) {
  for (const auto& s : r.stations)
    if (s.name == name) return s;
  throw std::runtime_error("no station " + name);
}
}  // namespace

// A conversion is charged exactly as the catalogue says: 10 kept cyclers x 0.2308 x the new
// pressure cycler's 200,000 USD, plus 2 new ones at full cost, 168 h down.
TEST(Machines, ConversionChargedAsTheCatalogueSays) {
  const auto from = typed_line("from", "formation_cycler", 100000, 10, "");
  const auto to = typed_line("to", "pressure_cycler", 200000, 12, "");
  const auto report = twin::diff_lines(from, to);
  const auto& f = station(report, "formation");
  EXPECT_EQ(f.status, "converted");
  EXPECT_DOUBLE_EQ(f.capex_usd, 10 * 0.2308 * 200000 + 2 * 200000.0);
  EXPECT_DOUBLE_EQ(f.downtime_h, 168);
  EXPECT_EQ(station(report, "stacking").status, "reused");
  EXPECT_DOUBLE_EQ(report.change_capex_usd, f.capex_usd);
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, 0);
}

// No hardware change is free without a source: another type with no conversion listed, or a
// hardware change within the type without a sourced retrofit_capex_usd, is a replacement.
TEST(Machines, UnlistedHardwareChangesAreReplacements) {
  const auto from = typed_line("from", "formation_cycler", 100000, 10, "");
  const auto to = typed_line("to", "aging_rack", 50000, 8, ", buffer_in: 4");
  const auto report = twin::diff_lines(from, to);
  const auto& f = station(report, "formation");
  EXPECT_EQ(f.status, "replaced");
  EXPECT_DOUBLE_EQ(f.capex_usd, 8 * 50000.0);
  EXPECT_DOUBLE_EQ(f.downtime_h, 720);  // the catalogue's install_downtime_h
  const auto& s = station(report, "stacking");
  EXPECT_EQ(s.status, "replaced");  // buffer_in is hardware; no retrofit_capex_usd given
  EXPECT_DOUBLE_EQ(s.capex_usd, 2 * 500000.0);
  // Stranded: 8 replaced + 2 dropped cyclers, 2 replaced stackers.
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, 10 * 100000.0 + 2 * 500000.0);
  const auto sourced = typed_line(
      "sourced", "formation_cycler", 100000, 10,
      ", buffer_in: 4, retrofit_capex_usd: {value: 1000, source: \"assumption: a test\"}");
  const auto modified = twin::diff_lines(from, sourced);  // station() refers into it: keep it
  const auto& m = station(modified, "stacking");
  EXPECT_EQ(m.status, "modified");
  EXPECT_DOUBLE_EQ(m.capex_usd, 2 * 1000.0);
}

// A retrofit onto an identical line costs nothing and strands nothing.
TEST(Machines, IdenticalLineCostsNothing) {
  const auto a = typed_line("a", "formation_cycler", 100000, 10, "");
  const auto b = typed_line("b", "formation_cycler", 100000, 10, "");
  const auto report = twin::diff_lines(a, b);
  for (const auto& s : report.stations) EXPECT_EQ(s.status, "reused") << s.name;
  EXPECT_DOUBLE_EQ(report.change_capex_usd, 0);
  EXPECT_DOUBLE_EQ(report.stranded_capex_usd, 0);
}

// Stranded equipment keeps its book value: straight-line over the cost file's equipment life,
// from FROM's plant.equipment_age_years (new equipment: the installed cost; past its life: 0).
TEST(Machines, StrandedEquipmentAtBookValue) {
  const std::string lines = std::string(CELLTWIN_SOURCE_DIR) + "/configs/lines/";
  const auto to = twin::load_scenario(lines + "clay_semi_solid.yaml");
  const auto fresh = twin::load_scenario(lines + "liquid_lib.yaml");
  const double life = fresh.costs->typical()[twin::CostInput::equipment_life_years];
  ASSERT_GT(life, 2);
  const auto new_plant = twin::diff_lines(fresh, to);
  ASSERT_GT(new_plant.stranded_capex_usd, 1e7);
  EXPECT_DOUBLE_EQ(new_plant.stranded_book_value_usd, new_plant.stranded_capex_usd);
  const auto aged = twin::load_scenario(lines + "liquid_lib.yaml",
                                        {{"plant.equipment_age_years", "2"}});
  const auto two_years = twin::diff_lines(aged, to);
  EXPECT_DOUBLE_EQ(two_years.stranded_capex_usd, new_plant.stranded_capex_usd);
  EXPECT_NEAR(two_years.stranded_book_value_usd,
              new_plant.stranded_capex_usd * (1 - 2 / life), 1e-6);
  const auto old = twin::load_scenario(
      lines + "liquid_lib.yaml", {{"plant.equipment_age_years", std::to_string(life + 1)}});
  EXPECT_DOUBLE_EQ(twin::diff_lines(old, to).stranded_book_value_usd, 0);
}
