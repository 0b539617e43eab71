// Scenario inheritance: a scenario may say `base: other.yaml` and `patch:` with
//   modify: {station: {key: value, ...}}   keys laid over that station (null removes a key)
//   add:    [{after: station, station: {...}}]  (or before:)
//   remove: [station, ...]
// and any other top-level key overrides the base's. A retrofit is written this way on the line
// it changes, so the diff is the file.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

namespace twin {

/// Loads a scenario file as YAML; relative `cell` and `base` paths are made relative to the
/// working directory. Throws ConfigError for unreadable files and YAML syntax errors.
YAML::Node load_scenario_yaml(const std::string& file);

/// The scenario `file` with its base (recursively) and patch applied. `base_file` receives the
/// base's path ("" if none). Throws ConfigError naming the patch key for unknown stations.
/// `origins` receives each file with its own tree, the scenario first, then its bases (for
/// error locations).
YAML::Node resolve_base(const std::string& file, std::string& base_file,
                        std::vector<std::pair<std::string, YAML::Node>>* origins = nullptr);

}  // namespace twin
