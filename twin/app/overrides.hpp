// --set KEY=VALUE: a dotted path into the scenario YAML (stations addressed by name, e.g.
// line.stations.formation.machines=300). Sweeps vary the same paths.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>

namespace twin {

/// Sets `path` in `root` to `value_text` (parsed as YAML). The parent of the last key must exist;
/// the key itself may be new (the scenario's own validation then judges it).
/// Returns the path as validation messages write it (line.stations.formation.machines; an
/// element without a plain name as an index, materials[1]), the form
/// validation messages use. Throws ConfigError when the path does not lead anywhere.
std::string apply_override(YAML::Node root, const std::string& path, const std::string& value_text,
                    const std::string& file);

}  // namespace twin
