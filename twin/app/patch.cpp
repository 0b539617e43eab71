#include "twin/app/patch.hpp"

#include <utility>

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <vector>

#include "twin/engine/schema.hpp"

namespace twin {
namespace {

void make_relative_to(YAML::Node root, const std::string& key, const std::string& file) {
  if (!root[key] || !root[key].IsScalar()) return;
  const std::filesystem::path path = root[key].Scalar();
  if (path.is_absolute()) return;
  root[key] = (std::filesystem::path(file).parent_path() / path).lexically_normal().string();
}

std::vector<std::string> station_names(const YAML::Node& stations) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < stations.size(); ++i)
    if (stations[i]["name"] && stations[i]["name"].IsScalar())
      names.push_back(stations[i]["name"].Scalar());
  return names;
}

class Patcher {
 public:
  Patcher(const Reader& reader, YAML::Node stations) : r_(reader), stations_(stations) {}

  void apply(const YAML::Node& patch) {
    if (!patch.IsMap()) r_.fail(patch, "patch", "must be a map with modify, add, remove");
    for (auto it = patch.begin(); it != patch.end(); ++it) {
      const auto key = it->first.as<std::string>();
      if (key != "modify" && key != "add" && key != "remove")
        r_.fail(it->first, "patch." + key, "unknown key; valid keys: modify add remove");
    }
    if (patch["remove"]) remove(patch["remove"]);
    if (patch["modify"]) modify(patch["modify"]);
    if (patch["add"]) add(patch["add"]);
  }

 private:
  std::size_t index_of(const YAML::Node& name_node, const std::string& path) const {
    const std::string name = read_text(r_, name_node, path);
    const auto names = station_names(stations_);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    std::string message = "no station named '" + name + "' in the base line";
    if (auto guess = did_you_mean(name, names)) message += "; did you mean '" + *guess + "'?";
    message += "; stations:";
    for (const auto& n : names) message += " " + n;
    r_.fail(name_node, path, message);
  }

  void remove(const YAML::Node& list) {
    if (!list.IsSequence()) r_.fail(list, "patch.remove", "must be a list of station names");
    std::set<std::size_t> doomed;
    for (std::size_t i = 0; i < list.size(); ++i)
      doomed.insert(index_of(list[i], fmt::format("patch.remove[{}]", i)));
    YAML::Node kept(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < stations_.size(); ++i)
      if (!doomed.count(i)) kept.push_back(stations_[i]);
    replace(kept);
  }

  void modify(const YAML::Node& map) {
    if (!map.IsMap()) r_.fail(map, "patch.modify", "must be a map {station: {key: value}}");
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string path = "patch.modify." + it->first.as<std::string>();
      YAML::Node station = stations_[index_of(it->first, path)];
      if (!it->second.IsMap()) r_.fail(it->second, path, "must be a map of station keys");
      for (auto kv = it->second.begin(); kv != it->second.end(); ++kv) {
        const auto key = kv->first.as<std::string>();
        if (key == "name") r_.fail(kv->first, path + ".name", "a station cannot be renamed");
        if (kv->second.IsNull()) station.remove(key);
        else if (std::as_const(station)[key]) station[key] = kv->second;  // const: no insert
        else station.force_insert(kv->first, kv->second);  // the patch's key node: errors at it
                                                           // name the patch file and line
      }
    }
  }

  void add(const YAML::Node& list) {
    if (!list.IsSequence()) r_.fail(list, "patch.add", "must be a list of {after|before, station}");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string path = fmt::format("patch.add[{}]", i);
      if (!item.IsMap() || !item["station"] || (!item["after"] == !item["before"]))
        r_.fail(item, path, "must be {after: station, station: {...}} or {before: ...}");
      for (auto it = item.begin(); it != item.end(); ++it) {
        const auto key = it->first.as<std::string>();
        if (key != "after" && key != "before" && key != "station")
          r_.fail(it->first, path + "." + key, "unknown key; valid keys: after before station");
      }
      const bool after = static_cast<bool>(item["after"]);
      const std::size_t at = index_of(after ? item["after"] : item["before"],
                                      path + (after ? ".after" : ".before")) + (after ? 1 : 0);
      YAML::Node updated(YAML::NodeType::Sequence);
      for (std::size_t k = 0; k < stations_.size(); ++k) {
        if (k == at) updated.push_back(item["station"]);
        updated.push_back(stations_[k]);
      }
      if (at == stations_.size()) updated.push_back(item["station"]);
      replace(updated);
    }
  }

  void replace(const YAML::Node& list) {
    while (stations_.size() > 0) stations_.remove(0);
    for (std::size_t i = 0; i < list.size(); ++i) stations_.push_back(list[i]);
  }

  const Reader& r_;
  YAML::Node stations_;
};

}  // namespace

YAML::Node load_scenario_yaml(const std::string& file) {
  YAML::Node root = load_yaml_file(file, "scenario");
  if (!root.IsMap()) Reader(file).fail(root, "(top)", "a scenario must be a YAML map");
  make_relative_to(root, "cell", file);
  make_relative_to(root, "base", file);
  make_relative_to(root, "costs", file);
  make_relative_to(root, "machines", file);
  return root;
}

namespace {
/// The chain of scenario files being resolved (a base that returns to one of them is a cycle).
thread_local std::vector<std::string> g_chain;
}  // namespace

YAML::Node resolve_base(const std::string& file, std::string& base_file,
                        std::vector<std::pair<std::string, YAML::Node>>* origins) {
  std::error_code error;  // a link loop: reported as unreadable by load_scenario_yaml below
  std::string canonical = std::filesystem::weakly_canonical(file, error).string();
  if (error) canonical = file;
  for (const auto& seen : g_chain)
    if (seen == canonical) {
      std::string chain;
      for (const auto& f : g_chain) chain += f + " -> ";
      throw ConfigError(g_chain.back(), "base", "bases form a cycle: " + chain + canonical);
    }
  g_chain.push_back(canonical);
  struct Pop {
    ~Pop() { g_chain.pop_back(); }
  } pop;
  YAML::Node root = load_scenario_yaml(file);
  if (origins != nullptr) origins->emplace_back(file, root);
  base_file.clear();
  if (!root["base"]) {
    if (root["patch"]) Reader(file).fail(root["patch"], "patch", "a patch needs a base");
    return root;
  }
  const Reader reader(file);
  base_file = read_text(reader, root["base"], "base");
  std::string grand_base;
  YAML::Node merged;
  try {
    merged = resolve_base(base_file, grand_base, origins);
  } catch (const ConfigError& e) {
    if (e.key_path() == "base") throw;  // already at a base key (a cycle, a base's own base)
    reader.fail(root["base"], "base", "the file it names has an error: " + std::string(e.what()));
  }
  if (!merged["line"] || !merged["line"]["stations"] || !merged["line"]["stations"].IsSequence())
    reader.fail(root["base"], "base", "the base scenario has no line.stations list");
  if (root["patch"]) Patcher(reader, merged["line"]["stations"]).apply(root["patch"]);
  for (auto it = root.begin(); it != root.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key == "base" || key == "patch") continue;
    if (key == "line") reader.fail(it->first, "line", "a patched scenario changes its line through patch");
    merged[key] = it->second;
  }
  merged.remove("base");
  return merged;
}

}  // namespace twin
