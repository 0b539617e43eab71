#include "twin/engine/schema.hpp"

#include "twin/engine/expression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

namespace twin {

namespace {
constexpr double kMaxLognormalCv = 1e6;
constexpr std::uintmax_t kMaxYamlBytes = 16u << 20;  // parsing 16 MB takes ~6 s and ~1 GB
}  // namespace

ConfigError::ConfigError(std::string location, std::string key_path, std::string message)
    : std::runtime_error(location + ": " + key_path + ": " + message),
      key_path_(std::move(key_path)),
      message_(std::move(message)),
      messages_{what()} {}

void Reader::throw_errors() const {
  if (errors_.empty()) return;
  ConfigError all = errors_.front();
  for (std::size_t i = 1; i < errors_.size(); ++i) all.add(errors_[i]);
  errors_.clear();
  throw all;
}

void Reader::fail(const YAML::Node& node, const std::string& path,
                  const std::string& message) const {
  for (const auto& [o, given] : overridden_)
    if (path == o || path.rfind(o + ".", 0) == 0)
      throw ConfigError(file_ + ": --set " + given, path, message);
  throw ConfigError(location(node), path, message);
}

std::string Reader::location(const YAML::Node& node) const {
  std::string location = origin_of(node);
  if (location != file_) location += " (base of " + file_ + ")";
  const auto mark = node.Mark();
  if (!mark.is_null()) location += fmt::format(":{}:{}", mark.line + 1, mark.column + 1);
  return location;
}

namespace {
/// Whether `node` is in `tree`, looking at no more than `budget` nodes: aliases make a small
/// file a huge tree (a billion laughs), and a location is not worth a hang.
bool holds(const YAML::Node& tree, const YAML::Node& node, long& budget) {
  if (--budget < 0) return false;
  if (tree.is(node)) return true;
  if (tree.IsSequence()) {
    for (const auto& item : tree)
      if (holds(item, node, budget)) return true;
  } else if (tree.IsMap()) {
    for (const auto& kv : tree)
      if (holds(kv.first, node, budget) || holds(kv.second, node, budget)) return true;
  }
  return false;
}
}  // namespace

std::string Reader::origin_of(const YAML::Node& node) const {
  if (!node.IsDefined() || origins_.size() < 2) return file_;  // without a base: this file
  long budget = 1'000'000;
  for (const auto& [file, root] : origins_)
    if (holds(root, node, budget)) return file;
  return file_;
}

namespace {
/// The line of a document marker (--- at the start of a line) that follows content, i.e. starts
/// a second document, which YAML::LoadFile would ignore. Found in the text: yaml-cpp 0.7's
/// LoadAll loops forever on some inputs (the fuzzer found ", x: "). A marker cannot occur
/// inside a scalar, so the scan needs no parsing.
std::optional<std::size_t> second_document_line(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  bool content = false;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const bool marker =
        line.rfind("---", 0) == 0 && (line.size() == 3 || std::isspace(static_cast<unsigned char>(line[3])));
    if (marker && content) return number;
    const auto first = line.find_first_not_of(" \t\r");
    if (!marker && first != std::string::npos && line[first] != '#' && line[first] != '%')
      content = true;
  }
  return std::nullopt;
}
}  // namespace

YAML::Node load_yaml_file(const std::string& file, const std::string& what) {
  // Checked before parsing: a folder reads as an empty document, /dev/zero never ends, and a
  // huge file takes minutes and gigabytes in the YAML parser before any key is checked.
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (error || !std::filesystem::exists(status))
    throw ConfigError(file, "(file)",
                      "cannot read the " + what + (error ? " (" + error.message() + ")" : ""));
  if (std::filesystem::is_directory(status))
    throw ConfigError(file, "(file)", "is a folder, not a " + what + " file");
  if (!std::filesystem::is_regular_file(status))
    throw ConfigError(file, "(file)", "is not a regular file; a " + what + " is a YAML file");
  const auto bytes = std::filesystem::file_size(file, error);
  if (!error && bytes > kMaxYamlBytes)
    throw ConfigError(file, "(file)",
                      fmt::format("is {} MB; a {} file is at most {} MB (a line of 20,000 "
                                  "stations takes about 1 MB)",
                                  bytes >> 20, what, kMaxYamlBytes >> 20));
  if (const auto line = second_document_line(file))
    throw ConfigError(fmt::format("{}:{}:1", file, *line), "(file)",
                      "a second YAML document (---): a " + what + " file holds one");
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
    case Change::plant:
      return "plant";
  }
  return "?";
}

namespace {
/// The text of a map key, which must be a plain name and not one already in `seen`: yaml-cpp
/// keeps the first of repeated keys without a word, and a repeated key is a typo.
std::string plain_key(const Reader& r, const YAML::Node& key_node, const std::string& path,
                      std::set<std::string>& seen) {
  if (!key_node.IsScalar())
    r.fail(key_node, path.empty() ? "(key)" : path, "a key must be a plain name, not a map or list");
  const auto key = key_node.as<std::string>();
  if (!seen.insert(key).second)
    r.fail(key_node, path.empty() ? key : path + "." + key, "repeated key");
  return key;
}
}  // namespace

void check_keys(const Reader& r, const YAML::Node& node, const std::string& path,
                const std::vector<std::string>& keys) {
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) r.attempt([&] {
      const auto key = plain_key(r, it->first, path, seen);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
      std::string message = "unknown key";
      if (auto guess = did_you_mean(key, keys)) {
        message += "; did you mean '" + *guess + "'?";
      } else {
        message += "; valid keys:";
        for (const auto& k : keys) message += " " + k;
      }
      r.fail(it->first, path.empty() ? key : path + "." + key, message);
    });
}

void check_keys_unique(const Reader& r, const YAML::Node& node, const std::string& path) {
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) plain_key(r, it->first, path, seen);
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
    const std::string text = read_text(r, node["cell"], path + ".cell");
    const auto& refs = r.references();
    if (refs.empty()) r.fail(node, path + ".cell", "the scenario names no cell design (key cell)");
    Evaluated result;
    try {
      result = evaluate(text, refs);
    } catch (const ExpressionError& e) {
      r.fail(node["cell"], path + ".cell",
             std::string("a cell quantity or arithmetic of them: ") + e.what() +
                 (r.references_note().empty() ||
                          std::string(e.what()).find("no quantity") == std::string::npos
                      ? ""
                      : " (" + r.references_note() + ")"));
    }
    std::string values;
    for (const auto& name : result.names)
      if (name != text) values += fmt::format("{}{} = {}", values.empty() ? " (" : ", ", name, refs.at(name));
    if (!values.empty()) values += ")";
    r.note_source(path, fmt::format("cell {}: {}{} = {}", r.references_origin(), text, values,
                                    result.value));
    return YAML::Node(fmt::format("{}", result.value));
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

namespace {
/// A {cell: ...} value is a new node with no place in the file: its errors go to the reference.
const YAML::Node& placed(const YAML::Node& raw, const YAML::Node& unwrapped) {
  return unwrapped.Mark().is_null() ? raw : unwrapped;
}
}  // namespace

double read_number(const Reader& r, const YAML::Node& raw, const std::string& path, Range range) {
  const YAML::Node node = unwrap_sourced(r, raw, path);
  if (!node.IsScalar()) r.fail(node, path, "must be a number (got " + shown(node) + ")");
  const auto value = parse_double(node.Scalar());
  if (!value) r.fail(node, path, "must be a number (got " + shown(node) + ")");
  check_range(r, placed(raw, node), path, *value, range);
  return *value;
}

long long read_integer(const Reader& r, const YAML::Node& raw, const std::string& path,
                       Range range) {
  const YAML::Node unwrapped = unwrap_sourced(r, raw, path);
  const YAML::Node& node = placed(raw, unwrapped);
  long long value = 0;
  const std::string text = unwrapped.IsScalar() ? unwrapped.Scalar() : std::string();
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!unwrapped.IsScalar() || ec != std::errc() || ptr != text.data() + text.size())
    r.fail(node, path, "must be a whole number (got " + shown(unwrapped) + ")");
  check_range(r, node, path, static_cast<double>(value), range);
  return value;
}

namespace {
/// Length of the UTF-8 sequence starting at s[i], or 0 if it is not valid UTF-8.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned long code = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) n = 2, code = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) n = 3, code = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) n = 4, code = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  const unsigned long smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < smallest[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}
}  // namespace

std::string read_text(const Reader& r, const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar() || node.Scalar().empty())
    r.fail(node, path, "must be a non-empty text (got " + shown(node) + ")");
  const std::string& text = node.Scalar();
  if (text.find('\0') != std::string::npos) r.fail(node, path, "contains a NUL byte");
  // Results are JSON, which must be UTF-8: say so here, not after the run.
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) r.fail(node, path, fmt::format("is not valid UTF-8 (byte {} of the text)", i + 1));
    i += n;
  }
  return text;
}

std::string read_name(const Reader& r, const YAML::Node& node, const std::string& path) {
  std::string name = read_text(r, node, path);
  // Names go into CSV rows, table columns and folder names: one line, no control characters.
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F)
      r.fail(node, path, "a name may not contain control characters (newline, tab ...)");
  return name;
}

namespace {
Distribution read_unscaled_distribution(const Reader& r, const YAML::Node& node,
                                        const std::string& path, Range range) {
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
  check_keys_unique(r, node, path);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (key == "dist" || key == "source" || key == "times") continue;
    if (std::find(wanted.begin(), wanted.end(), key) == wanted.end()) {
      std::string message = "not a parameter of " + kind + "; it takes:";
      for (const auto& w : wanted) message += " " + w;
      message += " (and times, source)";
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
    // Past sd = 1e6 x mean, exp(mu + sigma z) overflows for plausible z: samples turn inf/NaN.
    return Distribution::lognormal(mean, get("sd", Range::between(0, kMaxLognormalCv * mean)));
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
  if (!values) r.fail(node, path + ".values", "required key is missing for empirical");
  if (!values.IsSequence() || values.size() == 0)
    r.fail(values, path + ".values", "must be a non-empty list of numbers");
  std::vector<double> list;
  for (std::size_t i = 0; i < values.size(); ++i)
    list.push_back(read_number(r, values[i], fmt::format("{}.values[{}]", path, i), range));
  return Distribution::empirical(std::move(list));
}
}  // namespace

/// A distribution, optionally `times` a factor: a per-sheet time x {cell: "sheets"} is the
/// per-cell time, with the spread of the per-sheet time.
Distribution read_distribution(const Reader& r, const YAML::Node& node, const std::string& path,
                               Range range) {
  Distribution d = read_unscaled_distribution(r, node, path, range);
  if (node.IsMap() && node["dist"] && node["times"])
    d = d.scaled(read_number(r, node["times"], path + ".times", Range::above(0)));
  return d;
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
