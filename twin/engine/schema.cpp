#include "twin/engine/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <set>

namespace twin {

ConfigError::ConfigError(std::string location, std::string key_path, std::string message)
    : std::runtime_error(location + ": " + key_path + ": " + message),
      key_path_(std::move(key_path)) {}

void Reader::fail(const YAML::Node& node, const std::string& path,
                  const std::string& message) const {
  for (const auto& [o, given] : overridden_)
    if (path == o || path.rfind(o + ".", 0) == 0)
      throw ConfigError(file_ + ": --set " + given, path, message);
  std::string location = origin_of(node);
  if (location != file_) location += " (base of " + file_ + ")";
  const auto mark = node.Mark();
  if (!mark.is_null()) location += fmt::format(":{}:{}", mark.line + 1, mark.column + 1);
  throw ConfigError(location, path, message);
}

namespace {
bool holds(const YAML::Node& tree, const YAML::Node& node) {
  if (tree.is(node)) return true;
  if (tree.IsSequence()) {
    for (const auto& item : tree)
      if (holds(item, node)) return true;
  } else if (tree.IsMap()) {
    for (const auto& kv : tree)
      if (holds(kv.first, node) || holds(kv.second, node)) return true;
  }
  return false;
}
}  // namespace

std::string Reader::origin_of(const YAML::Node& node) const {
  if (!node.IsDefined()) return file_;
  for (const auto& [file, root] : origins_)
    if (holds(root, node)) return file;
  return file_;
}

YAML::Node load_yaml_file(const std::string& file, const std::string& what) {
  try {
    return YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw ConfigError(file, "(file)", "cannot read the " + what);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}:{}:{}", file, e.mark.line + 1, e.mark.column + 1), "(yaml)",
                      e.msg);
  }
}

const char* to_string(Change change) {
  switch (change) {
    case Change::unset:
      return "unset";
    case Change::hardware:
      return "hardware";
    case Change::recipe:
      return "recipe";
    case Change::info:
      return "info";
    case Change::routing:
      return "routing";
  }
  return "?";
}

void check_keys(const Reader& r, const YAML::Node& node, const std::string& path,
                const std::vector<std::string>& keys) {
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar())
      r.fail(it->first, path.empty() ? "(key)" : path, "a key must be a plain name, not a map or list");
    const auto key = it->first.as<std::string>();
    // yaml-cpp keeps the first of repeated keys without a word; a repeated key is a typo.
    if (!seen.insert(key).second)
      r.fail(it->first, path.empty() ? key : path + "." + key, "repeated key");
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string message = "unknown key";
    if (auto guess = did_you_mean(key, keys)) {
      message += "; did you mean '" + *guess + "'?";
    } else {
      message += "; valid keys:";
      for (const auto& k : keys) message += " " + k;
    }
    r.fail(it->first, path.empty() ? key : path + "." + key, message);
  }
}

std::vector<Changed> changed_keys(const std::vector<FieldDoc>& docs, const Json& a, const Json& b,
                                  const std::string& prefix) {
  std::vector<Changed> out;
  for (const auto& row : docs) {
    const Json none;
    const Json& va = a.contains(row.key) ? a[row.key] : none;
    const Json& vb = b.contains(row.key) ? b[row.key] : none;
    if (va == vb) continue;
    const std::string key = prefix + row.key;
    if (!row.children.empty() && va.is_object() && vb.is_object()) {
      auto sub = changed_keys(row.children, va, vb, key + ".");
      out.insert(out.end(), sub.begin(), sub.end());
    } else if (!row.children.empty() && va.is_array() && vb.is_array() && va.size() == vb.size()) {
      for (std::size_t i = 0; i < va.size(); ++i) {
        auto sub = changed_keys(row.children, va[i], vb[i], fmt::format("{}[{}].", key, i));
        out.insert(out.end(), sub.begin(), sub.end());
      }
    } else {
      out.push_back({key, row.change});
    }
  }
  return out;
}

Json distribution_json(const Distribution& d) {
  if (d.is_fixed()) return d.mean();
  Json j{{"dist", to_string(d.kind())}};
  for (const auto& [name, value] : d.parameters()) j[name] = value;
  if (d.kind() == Distribution::Kind::empirical) j["values"] = d.values();
  return j;
}

std::string element_path(const std::string& list_path, const YAML::Node& item, std::size_t i) {
  const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
  auto plain = [](const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
      return std::isalnum(c) != 0 || c == '_' || c == '-';
    });
  };
  if (name && name.IsScalar() && plain(name.Scalar())) return list_path + "." + name.Scalar();
  return fmt::format("{}[{}]", list_path, i);
}

bool Range::contains(double v) const {
  if (std::isnan(v)) return false;
  const bool lo_ok = lo_open ? v > lo : v >= lo;
  const bool hi_ok = hi_open ? v < hi : v <= hi;
  return lo_ok && hi_ok;
}

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi)
    return fmt::format("in {}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
  if (has_lo) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
  if (has_hi) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
  return "";
}

namespace {

std::string shown(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing";
}

std::optional<double> parse_double(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// Unwraps {value: x, source: "..."} (recording the source) or resolves {cell: NAME}.
YAML::Node unwrap_sourced(const Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return node;
  const bool is_reference = static_cast<bool>(node["cell"]);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key != "source" && key != (is_reference ? "cell" : "value"))
      r.fail(it->first, path + "." + key,
             "unknown key; a number is written plain, as {value, source} or as {cell, source}");
  }
  if (node["source"]) r.note_source(path, read_text(r, node["source"], path + ".source"));
  if (is_reference) {
    const std::string name = read_text(r, node["cell"], path + ".cell");
    const auto& refs = r.references();
    if (refs.empty()) r.fail(node, path + ".cell", "the scenario names no cell design (key cell)");
    const auto found = refs.find(name);
    if (found == refs.end()) {
      std::string message = "no cell quantity '" + name + "'; known:";
      for (const auto& [k, v] : refs) message += " " + k;
      r.fail(node["cell"], path + ".cell", message);
    }
    r.note_source(path,
                  fmt::format("cell {}: {} = {}", r.references_origin(), name, found->second));
    return YAML::Node(fmt::format("{}", found->second));
  }
  if (!node["value"]) r.fail(node, path + ".value", "required key is missing");
  return node["value"];
}

void check_range(const Reader& r, const YAML::Node& node, const std::string& path, double v,
                 Range range) {
  if (!range.contains(v))
    r.fail(node, path, fmt::format("must be {} (got {})", range.describe(), v));
}

}  // namespace

double read_number(const Reader& r, const YAML::Node& raw, const std::string& path, Range range) {
  const YAML::Node node = unwrap_sourced(r, raw, path);
  if (!node.IsScalar()) r.fail(node, path, "must be a number (got " + shown(node) + ")");
  const auto value = parse_double(node.Scalar());
  if (!value) r.fail(node, path, "must be a number (got " + shown(node) + ")");
  check_range(r, node, path, *value, range);
  return *value;
}

long long read_integer(const Reader& r, const YAML::Node& raw, const std::string& path,
                       Range range) {
  const YAML::Node node = unwrap_sourced(r, raw, path);
  long long value = 0;
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!node.IsScalar() || ec != std::errc() || ptr != text.data() + text.size())
    r.fail(node, path, "must be a whole number (got " + shown(node) + ")");
  check_range(r, node, path, static_cast<double>(value), range);
  return value;
}

std::string read_text(const Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar() || node.Scalar().empty())
    r.fail(node, path, "must be a non-empty text (got " + shown(node) + ")");
  if (node.Scalar().find('\0') != std::string::npos) r.fail(node, path, "contains a NUL byte");
  return node.Scalar();
}

Distribution read_distribution(const Reader& r, const YAML::Node& node, const std::string& path,
                               Range range) {
  if (node.IsScalar() || (node.IsMap() && (node["value"] || node["cell"])))
    return Distribution::fixed(read_number(r, node, path, range));
  if (!node.IsMap())
    r.fail(node, path, "must be a number or a map {dist: ..., ...} (got " + shown(node) + ")");
  if (!node["dist"])
    r.fail(node, path, "needs value (a fixed number), cell (a cell-design quantity) or dist");
  const std::vector<std::string> kinds = {"fixed",      "exponential", "normal",   "lognormal",
                                          "triangular", "uniform",     "empirical"};
  const std::string kind = read_text(r, node["dist"], path + ".dist");
  const std::map<std::string, std::vector<std::string>> params = {
      {"fixed", {"mean"}},
      {"exponential", {"mean"}},
      {"normal", {"mean", "sd"}},
      {"lognormal", {"mean", "sd"}},
      {"triangular", {"min", "mode", "max"}},
      {"uniform", {"min", "max"}},
      {"empirical", {"values"}}};
  const auto found = params.find(kind);
  if (found == params.end()) {
    std::string message = "unknown distribution '" + kind + "'";
    if (auto guess = did_you_mean(kind, kinds))
      message += "; did you mean '" + *guess + "'?";
    else
      message += "; valid: fixed exponential normal lognormal triangular uniform empirical";
    r.fail(node["dist"], path + ".dist", message);
  }
  const auto& wanted = found->second;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key == "dist" || key == "source") continue;
    if (std::find(wanted.begin(), wanted.end(), key) == wanted.end()) {
      std::string message = "not a parameter of " + kind + "; it takes:";
      for (const auto& w : wanted) message += " " + w;
      r.fail(it->first, path + "." + key, message);
    }
  }
  if (node["source"]) r.note_source(path, read_text(r, node["source"], path + ".source"));
  auto get = [&](const std::string& key, Range rr) {
    if (!node[key]) r.fail(node, path + "." + key, "required key is missing for " + kind);
    return read_number(r, node[key], path + "." + key, rr);
  };
  const Range positive = Range::above(std::max(range.lo, 0.0));
  if (kind == "fixed") return Distribution::fixed(get("mean", range));
  if (kind == "exponential") return Distribution::exponential(get("mean", positive));
  if (kind == "normal") {
    const double mean = get("mean", range);
    return Distribution::normal(mean, get("sd", Range::at_least(0)));
  }
  if (kind == "lognormal") {
    const double mean = get("mean", positive);
    return Distribution::lognormal(mean, get("sd", Range::at_least(0)));
  }
  if (kind == "uniform") {
    const double lo = get("min", range), hi = get("max", range);
    if (hi < lo)
      r.fail(node["max"], path + ".max", fmt::format("must be >= min {} (got {})", lo, hi));
    return Distribution::uniform(lo, hi);
  }
  if (kind == "triangular") {
    const double lo = get("min", range), mode = get("mode", range), hi = get("max", range);
    if (mode < lo || hi < mode)
      r.fail(node, path, fmt::format("needs min <= mode <= max (got {}, {}, {})", lo, mode, hi));
    return Distribution::triangular(lo, mode, hi);
  }
  const YAML::Node values = node["values"];
  if (!values.IsSequence() || values.size() == 0)
    r.fail(values, path + ".values", "must be a non-empty list of numbers");
  std::vector<double> list;
  for (std::size_t i = 0; i < values.size(); ++i)
    list.push_back(read_number(r, values[i], fmt::format("{}.values[{}]", path, i), range));
  return Distribution::empirical(std::move(list));
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const auto d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace twin
