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
