// The machine catalogue: the shipped one loads, bad ones are refused naming file, line and key,
// and stations may name only the types of the catalogue their scenario names.
#include "harness.hpp"
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
  EXPECT_DOUBLE_EQ(pressure->capex_share, 0.30);
  EXPECT_DOUBLE_EQ(pressure->downtime_h, 168);
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
