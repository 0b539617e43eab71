// Test helpers: run a scenario given as YAML text in this process, or run the celltwin binary.
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "twin/app/scenario.hpp"
#include "twin/app/simulation.hpp"

namespace test {

inline std::string temp_path(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string unique = std::string(info->test_suite_name()) + "_" + info->name();
  for (char& c : unique)
    if (c == '/') c = '_';
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("celltwin_" + unique);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

inline std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// Loads and runs YAML text in this process (allowed once per process).
inline twin::RunOutput simulate(const std::string& yaml) {
  const twin::Scenario scenario = twin::load_scenario(write_file("scenario.yaml", yaml));
  return twin::run_simulation(scenario, {});
}

inline const twin::StationKpis& station(const twin::RunOutput& run, const std::string& name) {
  for (const auto& s : run.kpis.stations)
    if (s.name == name) return s;
  throw std::runtime_error("no station " + name);
}

inline double share(const twin::StationKpis& s, twin::MachineState state) {
  return s.state_share[state];
}

struct CliResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

/// Runs `celltwin <args>` from the source folder.
inline CliResult run_cli(const std::string& args) {
  const std::string log = temp_path("cli_output.txt");
  const std::string command = std::string("cd '") + CELLTWIN_SOURCE_DIR + "' && '" + CELLTWIN_BIN +
                              "' " + args + " > '" + log + "' 2>&1";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(log)};
}

}  // namespace test
