#include "twin/app/overrides.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <vector>

#include "twin/engine/schema.hpp"

namespace twin {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

/// The index of the element of a sequence named `key` (its `name:`), or `key` as an index;
/// seq.size() if there is none. Collects the names seen for the error message.
std::size_t sequence_index(const YAML::Node& seq, const std::string& key, std::string& names) {
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node item = seq[i];
    if (item.IsMap() && item["name"] && item["name"].IsScalar()) {
      if (item["name"].Scalar() == key) return i;
      names += " " + item["name"].Scalar();
    }
  }
  std::size_t index = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (ec == std::errc() && ptr == key.data() + key.size() && index < seq.size()) return index;
  return seq.size();
}

}  // namespace

std::string apply_override(YAML::Node root, const std::string& path, const std::string& value_text,
                    const std::string& file) {
  const auto parts = split(path);
  if (parts.empty() || path.find("..") != std::string::npos || path.front() == '.' ||
      path.back() == '.')
    throw ConfigError(file + ": --set", path, "not a dotted key path");
  YAML::Node current;
  current.reset(root);
  std::string walked, canonical;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + parts[i];
    YAML::Node next;
    std::string names;
    if (current.IsSequence()) {
      const std::size_t index = sequence_index(current, parts[i], names);
      if (index < current.size()) {
        next.reset(current[index]);
        canonical = element_path(canonical, current[index], index);
      }
    } else if (current.IsMap() && current[parts[i]]) {
      next.reset(current[parts[i]]);
      canonical += (canonical.empty() ? "" : ".") + parts[i];
    }
    if (!next.IsDefined() || next.IsNull() || next.IsScalar()) {
      std::string message = "no such key in the scenario";
      if (!names.empty()) message += "; stations:" + names;
      throw ConfigError(file + ": --set", walked, message);
    }
    current.reset(next);
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file + ": --set", path, "value is not valid YAML: " + e.msg);
  }
  if (current.IsSequence()) {
    std::string names;
    const std::size_t index = sequence_index(current, parts.back(), names);
    if (index >= current.size())
      throw ConfigError(file + ": --set", path, "no such element; names:" + names);
    const std::string element = element_path(canonical, current[index], index);
    current[index] = value;
    return element;
  }
  current[parts.back()] = value;
  return canonical + (canonical.empty() ? "" : ".") + parts.back();
}

}  // namespace twin
