#include "twin/overrides.hpp"

#include <charconv>
#include <sstream>
#include <vector>

#include "twin/schema.hpp"

namespace twin {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

/// The element of a sequence named `key` (its `name:`), or at index `key`.
YAML::Node sequence_element(const YAML::Node& seq, const std::string& key, std::string& names) {
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node item = seq[i];
    if (item.IsMap() && item["name"] && item["name"].IsScalar()) {
      if (item["name"].Scalar() == key) return item;
      names += " " + item["name"].Scalar();
    }
  }
  std::size_t index = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (ec == std::errc() && ptr == key.data() + key.size() && index < seq.size()) return seq[index];
  return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace

void apply_override(YAML::Node root, const std::string& path, const std::string& value_text,
                    const std::string& file) {
  const auto parts = split(path);
  if (parts.empty() || path.find("..") != std::string::npos)
    throw ConfigError(file + ": --set", path, "not a dotted key path");
  YAML::Node current;
  current.reset(root);
  std::string walked;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + parts[i];
    YAML::Node next;
    std::string names;
    if (current.IsSequence()) next.reset(sequence_element(current, parts[i], names));
    else if (current.IsMap() && current[parts[i]]) next.reset(current[parts[i]]);
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
    YAML::Node element = sequence_element(current, parts.back(), names);
    if (!element.IsDefined())
      throw ConfigError(file + ": --set", path, "no such element; names:" + names);
    element = value;
    return;
  }
  current[parts.back()] = value;
}

}  // namespace twin
