// Cell designs: every shipped design loads; Wh per cell is computed (Ah x V); the reference
// designs and the announced presets land on the published figures they stand for.
#include <filesystem>
#include <regex>

#include "harness.hpp"
#include "twin/app/cell_design.hpp"

namespace {
std::string cells_dir() { return std::string(CELLTWIN_SOURCE_DIR) + "/configs/cells"; }
twin::CellDesign cell(const std::string& name) {
  return twin::load_cell_design(cells_dir() + "/" + name + ".yaml");
}
}  // namespace

// BPv5 baseline: 50 GWh / 200 M cells = 250 Wh per cell (battery_process_data.md A.1).
TEST(Cells, LiquidReferenceIsTheBatPaCBaselineCell) {
  const auto c = cell("nmc811_graphite_liquid");
  EXPECT_DOUBLE_EQ(c.wh_per_cell(), c.capacity_ah * c.nominal_voltage_v);
  EXPECT_NEAR(c.wh_per_cell(), 250.0, 250.0 * 0.01);
  // BPv5: ~1.45 kg cathode active material per kWh.
  double cam_kg = 0;
  for (const auto& item : c.bom)
    if (item.item == "cathode_active_material") cam_kg += item.quantity;
  EXPECT_NEAR(cam_kg / (c.wh_per_cell() / 1000.0), 1.45, 0.05);
}

// NIO/WeLion semi-solid benchmark: 360 Wh/kg cell, < 10 wt% liquid electrolyte.
TEST(Cells, SemiSolidReferenceIsThe360WhPerKgClass) {
  const auto c = cell("semi_solid_nmc_sic");
  EXPECT_NEAR(c.wh_per_kg(), 360.0, 360.0 * 0.02);
  EXPECT_GT(c.electrolyte_l, 0.0);
  EXPECT_LT(c.electrolyte_l * 1.2 / c.mass_kg, 0.10);  // at most ~1.2 kg/l electrolyte density
}

TEST(Cells, DryAndSolidReferencesLoad) {
  const auto dry = cell("nmc811_graphite_dry");
  EXPECT_NEAR(dry.wh_per_cell(), cell("nmc811_graphite_liquid").wh_per_cell(), 1e-9);
  const auto solid = cell("assb_nmc_li_sulfide");
  EXPECT_DOUBLE_EQ(solid.electrolyte_l, 0.0);
  EXPECT_DOUBLE_EQ(solid.separator_sheets, 0.0);
  EXPECT_GT(solid.se_layers, 0.0);
}

// Each announced preset reproduces the energy density in its name (a range: its midpoint),
// as stated in Figure 3 of the market report.
TEST(Cells, AnnouncedPresetsMatchTheirStatedEnergyDensity) {
  int checked = 0;
  const std::regex figures(R"(_(\d+)(?:_(\d+))?$)");
  for (const auto& entry : std::filesystem::directory_iterator(cells_dir() + "/announced")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string stem = entry.path().stem().string();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(stem, m, figures)) << stem;
    const double low = std::stod(m[1]);
    const double stated = m[2].matched ? 0.5 * (low + std::stod(m[2])) : low;
    const auto c = twin::load_cell_design(entry.path().string());
    EXPECT_NEAR(c.wh_per_kg(), stated, stated * 0.005) << stem;
    EXPECT_DOUBLE_EQ(c.wh_per_cell(), c.capacity_ah * c.nominal_voltage_v);
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(Cells, EveryShippedDesignLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cells_dir())) {
    if (entry.path().extension() != ".yaml") continue;
    const auto c = twin::load_cell_design(entry.path().string());
    EXPECT_FALSE(c.bom.empty()) << entry.path();
    EXPECT_GT(c.sources.size(), 5u) << entry.path();  // numbers carry their sources
    ++loaded;
  }
  EXPECT_GE(loaded, 10);
}

// Wound cells: the jelly roll's lengths are the quantities a line sees; the formation time is
// the protocol's sum of soc_change / c_rate plus rests.
TEST(Cells, CylindricalReferenceIsWoundWithItsProtocolTime) {
  const auto c = cell("nmc811_graphite_21700");
  EXPECT_EQ(c.format, "cylindrical");
  EXPECT_EQ(c.electrode_assembly, "wound");
  EXPECT_DOUBLE_EQ(c.capacity_ah, 5.0);  // Chen2020, LG M50
  EXPECT_NEAR(c.wh_per_kg(), 250.4, 0.1);
  const auto refs = c.references();
  EXPECT_DOUBLE_EQ(refs.at("anode_length_m"), 0.79);
  EXPECT_DOUBLE_EQ(refs.at("wetting_path_mm"), 65);
  EXPECT_EQ(refs.count("cathode_sheets"), 0u);  // a winder's cell has no sheets
  // 0.1 / 0.05 + 0.2 / 0.1 + 0.7 / 0.2 + 1.0 / 0.2 + 4.5 h of rests = 17 h.
  EXPECT_NEAR(c.formation_h, 17.0, 1e-9);
  // Loading check of the file header: loading x 2 sides x length x width = the BOM's CAM.
  double cam_g = 0;
  for (const auto& item : c.bom)
    if (item.item == "cathode_active_material") cam_g = item.quantity * 1000;
  EXPECT_NEAR(c.cathode_loading_mg_cm2 * 2 * 79 * 6.5 / 1000, cam_g, 0.05);
}

// The BOM closes to the stated mass for every design that derives its mass from the BOM or
// closes the BOM on a published mass (LFP, 21700, prismatic spec 3.95 kg, clay).
TEST(Cells, NewDesignsCloseTheirMassBalance) {
  const std::map<std::string, double> density_g_per_m2 = {{"Al", 40.5}, {"Cu", 89.6},
                                                          {"PE/PP", 6.2}};
  const std::map<std::string, std::pair<double, double>> expect = {
      // name -> (housing g, Wh/kg)
      {"lfp_graphite_liquid", {25.0, 203.5}},
      {"lfp_graphite_prismatic", {849.9, 163.6}},
      {"clay_nmc811_graphite", {25.0, 340.6}},
  };
  for (const auto& [name, figures] : expect) {
    const auto c = cell(name);
    double grams = figures.first;
    for (const auto& item : c.bom) {
      if (item.item == "nmp_solvent") continue;  // evaporated, not in the cell
      if (item.unit == "kg") grams += item.quantity * 1000;
      if (item.unit == "l") grams += item.quantity * 1220;  // 1.22 kg/L (cells README)
      if (item.unit == "m2") grams += item.quantity * density_g_per_m2.at(item.material);
    }
    EXPECT_NEAR(grams / 1000, c.mass_kg, c.mass_kg * 0.003) << name;
    EXPECT_NEAR(c.wh_per_kg(), figures.second, 0.1) << name;
  }
}
