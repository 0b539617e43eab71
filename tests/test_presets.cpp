// Every announced cell preset (configs/cells/announced, found by glob) names the line it runs
// on, reproduces its published energy density, and makes good cells on that line: each runs a
// 450 h window from an empty line (the first cells leave after ~410 h: 14 d aging + formation
// + the electrode path).
#include <algorithm>
#include <filesystem>

#include "harness.hpp"
#include "twin/app/cell_design.hpp"

namespace {
std::vector<std::string> presets() {
  std::vector<std::string> files;
  const auto dir = std::filesystem::path(CELLTWIN_SOURCE_DIR) / "configs/cells/announced";
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().stem().string());
  std::sort(files.begin(), files.end());
  return files;
}
std::string preset_file(const std::string& name) {
  return std::string(CELLTWIN_SOURCE_DIR) + "/configs/cells/announced/" + name + ".yaml";
}
}  // namespace

class Preset : public ::testing::TestWithParam<std::string> {};

TEST_P(Preset, RunsOnItsLineAndGivesItsAnnouncedEnergyDensity) {
  const auto cell = twin::load_cell_design(preset_file(GetParam()));
  ASSERT_FALSE(cell.line.empty()) << "every preset names its line (key line)";
  ASSERT_GT(cell.announced_wh_per_kg, 0) << "every preset states its published Wh/kg";
  EXPECT_NEAR(cell.wh_per_kg(), cell.announced_wh_per_kg, cell.announced_wh_per_kg * 0.005);
  const auto scenario = twin::load_scenario(
      cell.line, {{"cell", preset_file(GetParam())}, {"warmup_h", "0"}, {"horizon_h", "450"}});
  ASSERT_TRUE(scenario.cell);
  EXPECT_EQ(scenario.cell->name, cell.name);
  const auto run = twin::run_simulation(scenario, {});
  EXPECT_GT(run.kpis.good_units, 1000) << GetParam() << " makes no cells on " << cell.line;
}

INSTANTIATE_TEST_SUITE_P(Announced, Preset, ::testing::ValuesIn(presets()),
                         [](const auto& info) { return info.param; });

// The glob found the presets of the report's Figure 3 (16 rows state an energy density).
TEST(Presets, AllSixteenAnnouncedCellsAreShipped) { EXPECT_EQ(presets().size(), 16u); }
