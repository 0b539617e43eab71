// Declarative parameter tables: each key is declared once (name, type, unit, range, default,
// one-line doc) and that one declaration drives parsing, validation, error messages and the
// config reference (`celltwin schema`). Unknown keys are errors, with a "did you mean".
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "twin/engine/distribution.hpp"

namespace twin {

/// A bad scenario: what() reads "file:line:col: key.path: rule (got value)".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string location, std::string key_path, std::string message);
  const std::string& key_path() const { return key_path_; }
  /// The rule alone, without location and key.
  const std::string& message() const { return message_; }
  /// Every error found in one pass (what() is the first), see Reader::attempt.
  const std::vector<std::string>& messages() const { return messages_; }
  void add(const ConfigError& other) {
    messages_.insert(messages_.end(), other.messages_.begin(), other.messages_.end());
  }

 private:
  std::string key_path_;
  std::string message_;
  std::vector<std::string> messages_;
};

/// Where values come from (file name, --set overrides) and where their sources are collected.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const;
  /// Where `node` is: "file:line:col" (the file it was read from, a base named as such).
  std::string location(const YAML::Node& node) const;
  /// From now on an error in one key is recorded and reading goes on with the next, so one pass
  /// finds every independent error; throw_errors() then reports them together. Off by default:
  /// a reader that never calls throw_errors() must not swallow an error.
  void collect_errors() { collecting_ = true; }
  /// Runs `read`; when collecting, a ConfigError it throws is recorded instead. False if it failed.
  template <class F>
  bool attempt(F&& read) const {
    if (!collecting_) {
      read();
      return true;
    }
    try {
      read();
      return true;
    } catch (const ConfigError& e) {
      errors_.push_back(e);
      return false;
    }
  }
  std::size_t error_count() const { return errors_.size(); }
  /// Throws one ConfigError holding every recorded error, if there is any.
  void throw_errors() const;
  /// `path` (index form, as in messages) was set by --set `given` (as the user wrote it).
  void mark_overridden(const std::string& path, const std::string& given) {
    overridden_[path] = given;
  }
  void note_source(const std::string& path, const std::string& source) const {
    sources_[path] = source;
  }
  const std::map<std::string, std::string>& sources() const { return sources_; }
  /// Named quantities a value may reference as {cell: NAME} (from the scenario's cell design).
  /// `note` is added to a reference error (e.g. which geometry the cell has).
  void set_references(std::map<std::string, double> refs, std::string origin,
                      std::string note = "") {
    references_ = std::move(refs);
    references_origin_ = std::move(origin);
    references_note_ = std::move(note);
  }
  const std::string& references_note() const { return references_note_; }
  const std::map<std::string, double>& references() const { return references_; }
  const std::string& references_origin() const { return references_origin_; }
  const std::string& file() const { return file_; }
  /// A file whose nodes the scenario's tree holds (a base, or the scenario itself): an error at
  /// one of its nodes names that file. Nearest first: the scenario, then its base, ...
  void add_origin(std::string file, YAML::Node root) {
    origins_.emplace_back(std::move(file), root);
  }

 private:
  /// The file a node was read from (the scenario's own file if unknown).
  std::string origin_of(const YAML::Node& node) const;
  std::string file_;
  std::vector<std::pair<std::string, YAML::Node>> origins_;
  std::map<std::string, std::string> overridden_;
  mutable std::map<std::string, std::string> sources_;
  std::map<std::string, double> references_;
  std::string references_origin_;
  std::string references_note_;
  bool collecting_ = false;
  mutable std::vector<ConfigError> errors_;
};

/// Runs `load` of a file that the file being read names at `node` (key `key`: a cell design,
/// cost inputs, a base); an error in that file is reported at the reference as well, so the
/// message names the referring file, line and key and then the file's own error.
template <class F>
auto load_referenced(const Reader& r, const YAML::Node& node, const std::string& key, F&& load) {
  try {
    return load();
  } catch (const ConfigError& e) {
    std::string more;
    if (e.messages().size() > 1) more = " (and " + std::to_string(e.messages().size() - 1) + " more)";
    r.fail(node, key, "the file it names has an error: " + std::string(e.what()) + more);
  }
}

/// Parses a YAML file; unreadable files and syntax errors become ConfigErrors naming the file
/// (and line and column). `what` says what the file should be ("scenario", "cell design" ...).
YAML::Node load_yaml_file(const std::string& file, const std::string& what);

/// The key path of element `i` of the list at `list_path`: list.NAME when the element is a map
/// with a plain `name` (letters, digits, _ and -), as --set addresses it; list[i] otherwise.
std::string element_path(const std::string& list_path, const YAML::Node& item, std::size_t i);

/// Closed or open numeric interval for range checks and their messages.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  bool contains(double v) const;
  std::string describe() const;
  static Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity()}; }
  static Range above(double lo) { return {lo, std::numeric_limits<double>::infinity(), true}; }
  static Range between(double lo, double hi) { return {lo, hi}; }
};

// Scalar parsers shared by every table. A number may be written plain or as
// {value: x, source: "..."}; a distribution as a plain number or {dist: ..., source: "..."}.
double read_number(const Reader& r, const YAML::Node& node, const std::string& path, Range range);
long long read_integer(const Reader& r, const YAML::Node& node, const std::string& path,
                       Range range);
/// Non-empty UTF-8 text without NUL bytes.
std::string read_text(const Reader& r, const YAML::Node& node, const std::string& path);
/// A name (of a scenario, station, lot kind ...): text on one line, without control characters.
std::string read_name(const Reader& r, const YAML::Node& node, const std::string& path);
/// `values` mean/sd/min/max must lie in `range` (e.g. durations >= 0).
Distribution read_distribution(const Reader& r, const YAML::Node& node, const std::string& path,
                               Range range);
/// The closest of `candidates` to `word`, if it is a plausible typo.
std::optional<std::string> did_you_mean(const std::string& word,
                                        const std::vector<std::string>& candidates);

/// What changing a parameter means for the machine that runs it, for the retrofit report:
/// `hardware` needs the machine modified (machines, capex, web width, batch capacity ...),
/// `recipe` is the same machine with new process settings (times, scrap, materials, power),
/// `info` changes nothing physical (description, source), `routing` is where lots go (not a
/// change of the station). `unset` is an error in a station table (a test checks).
/// What changing a parameter means for a retrofit: the machines (hardware), their settings
/// (recipe), nothing physical (info), the flow (routing), or the plant around the machines
/// (plant: the room, its dew point), which is a plant item rather than a machine change.
enum class Change : std::uint8_t { unset, hardware, recipe, info, routing, plant };
const char* to_string(Change change);

using Json = nlohmann::ordered_json;

/// One row of the config reference; a nested map (or each element of a list) documents its own
/// keys in `children`.
struct FieldDoc {
  std::string key, type, unit, default_text, doc;
  Change change = Change::unset;
  std::vector<FieldDoc> children;
};

/// One parameter: its name, reference text, how it is read from YAML into its member, and how
/// the resolved value is written back (line.json, and through it the retrofit diff).
template <class T>
struct Field {
  std::string key;
  std::string type;  // for the reference, e.g. "number in [0, 1]"
  std::string unit;
  std::string default_text;  // empty: required
  std::string doc;
  std::function<void(const Reader&, const YAML::Node&, const std::string&, T&)> read;
  std::function<Json(const T&)> write;  // empty: not written (a key handled elsewhere)
  std::vector<FieldDoc> children;
  Change change = Change::unset;
  bool required() const { return default_text.empty(); }
  /// The same row with its change class.
  Field as(Change c) && {
    change = c;
    return std::move(*this);
  }
};

template <class T>
using Schema = std::vector<Field<T>>;

template <class T>
std::vector<FieldDoc> document(const Schema<T>& schema) {
  std::vector<FieldDoc> rows;
  for (const auto& f : schema)
    rows.push_back({f.key, f.type, f.unit, f.default_text, f.doc, f.change, f.children});
  return rows;
}

/// Fails on a key of `node` that is not in `keys` (with a "did you mean").
void check_keys(const Reader& r, const YAML::Node& node, const std::string& path,
                const std::vector<std::string>& keys);

template <class T>
std::vector<std::string> keys_of(const Schema<T>& schema) {
  std::vector<std::string> keys;
  for (const auto& f : schema) keys.push_back(f.key);
  return keys;
}

/// For maps with free keys (material names, currencies): each key a plain name, none repeated.
void check_keys_unique(const Reader& r, const YAML::Node& node, const std::string& path);

/// Reads the rows of `schema` present in the map `node` into `out`; a missing required key
/// fails. Keys of `node` outside the schema are not checked here (see read_block).
template <class T>
void read_rows(const Reader& r, const YAML::Node& node, const std::string& path,
               const Schema<T>& schema, T& out) {
  if (!node.IsMap()) r.fail(node, path, "must be a map of keys");
  for (const auto& f : schema) {
    const std::string key_path = path.empty() ? f.key : path + "." + f.key;
    const YAML::Node value = node[f.key];
    r.attempt([&] {
      if (value)
        f.read(r, value, key_path, out);
      else if (f.required())
        r.fail(node, key_path, "required key is missing");
    });
  }
}

/// Reads a YAML map against `schema` into `out`: unknown keys and missing required keys fail.
template <class T>
void read_block(const Reader& r, const YAML::Node& node, const std::string& path,
                const Schema<T>& schema, T& out) {
  if (!node.IsMap()) r.fail(node, path, "must be a map of keys");
  check_keys(r, node, path, keys_of(schema));
  read_rows(r, node, path, schema, out);
}

/// The resolved values of `in`, one entry per written row, in table order.
template <class T>
Json write_block(const Schema<T>& schema, const T& in) {
  Json out = Json::object();
  for (const auto& f : schema)
    if (f.write) out[f.key] = f.write(in);
  return out;
}

/// A parameter that differs between two written blocks, with its change class.
struct Changed {
  std::string key;  // dotted, e.g. batch.duration_s or materials[1].share
  Change change;
};

/// The rows of `docs` whose written values differ between `a` and `b` (objects from
/// write_block); nested maps and lists of maps are compared key by key.
std::vector<Changed> changed_keys(const std::vector<FieldDoc>& docs, const Json& a, const Json& b,
                                  const std::string& prefix = "");

/// A distribution as a scenario writes it: a plain number when fixed, else {dist, ...}.
Json distribution_json(const Distribution& d);

// Field builders: one line per parameter in each table.
template <class T, class M>
Field<T> number_field(std::string key, M T::*member, Range range, std::string unit,
                      std::string default_text, std::string doc) {
  return {key,
          "number " + range.describe(),
          std::move(unit),
          std::move(default_text),
          std::move(doc),
          [member, range](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            out.*member = read_number(r, n, p, range);
          },
          [member](const T& in) { return Json(in.*member); }};
}

template <class T, class M>
Field<T> integer_field(std::string key, M T::*member, Range range, std::string unit,
                       std::string default_text, std::string doc) {
  return {key,
          "integer " + range.describe(),
          std::move(unit),
          std::move(default_text),
          std::move(doc),
          [member, range](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            out.*member = static_cast<M>(read_integer(r, n, p, range));
          },
          [member](const T& in) { return Json(in.*member); }};
}

template <class T>
Field<T> distribution_field(std::string key, Distribution T::*member, Range range, std::string unit,
                            std::string default_text, std::string doc) {
  return {key,
          "distribution " + range.describe(),
          std::move(unit),
          std::move(default_text),
          std::move(doc),
          [member, range](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            out.*member = read_distribution(r, n, p, range);
          },
          [member](const T& in) { return distribution_json(in.*member); }};
}

template <class T>
Field<T> text_field(std::string key, std::string T::*member, std::string default_text,
                    std::string doc) {
  return {
      key,
      "text",
      "",
      std::move(default_text),
      std::move(doc),
      [member](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
        out.*member = read_text(r, n, p);
      },
      [member](const T& in) { return (in.*member).empty() ? Json(nullptr) : Json(in.*member); }};
}

/// A text field holding a name (see read_name).
template <class T>
Field<T> name_field(std::string key, std::string T::*member, std::string default_text,
                    std::string doc) {
  Field<T> field = text_field(std::move(key), member, std::move(default_text), std::move(doc));
  field.type = "name";
  field.read = [member](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
    out.*member = read_name(r, n, p);
  };
  return field;
}

template <class T>
Field<T> choice_field(std::string key, std::string T::*member, std::vector<std::string> choices,
                      std::string default_text, std::string doc) {
  std::string type = "one of";
  for (const auto& c : choices) type += " " + c;
  return {key,
          type,
          "",
          std::move(default_text),
          std::move(doc),
          [member, choices](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            const auto value = read_text(r, n, p);
            for (const auto& c : choices)
              if (c == value) {
                out.*member = value;
                return;
              }
            std::string message = "must be one of";
            for (const auto& c : choices) message += " " + c;
            if (auto guess = did_you_mean(value, choices))
              message += "; did you mean '" + *guess + "'?";
            r.fail(n, p, message + " (got '" + value + "')");
          },
          [member](const T& in) { return Json(in.*member); }};
}

/// A nested map read into an optional sub-struct.
template <class T, class S>
Field<T> block_field(std::string key, std::optional<S> T::*member, const Schema<S>& schema,
                     std::string default_text, std::string doc) {
  return {key,
          "map",
          "",
          std::move(default_text),
          std::move(doc),
          [member, &schema](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            S sub{};
            read_block(r, n, p, schema, sub);
            out.*member = std::move(sub);
          },
          [member, &schema](const T& in) {
            return (in.*member) ? write_block(schema, *(in.*member)) : Json(nullptr);
          },
          document(schema)};
}

/// A list of maps, each read against `schema` (e.g. materials, assembly inputs).
template <class T, class S>
Field<T> list_field(std::string key, std::vector<S> T::*member, const Schema<S>& schema,
                    std::string type, std::string default_text, std::string doc) {
  const std::string not_a_list = "must be a " + type;
  return {key,
          std::move(type),
          "",
          std::move(default_text),
          std::move(doc),
          [member, &schema, not_a_list](const Reader& r, const YAML::Node& n, const std::string& p,
                                        T& out) {
            if (!n.IsSequence()) r.fail(n, p, not_a_list);
            (out.*member).clear();
            for (std::size_t i = 0; i < n.size(); ++i) {
              S item{};
              read_block(r, n[i], p + "[" + std::to_string(i) + "]", schema, item);
              (out.*member).push_back(std::move(item));
            }
          },
          [member, &schema](const T& in) {
            Json list = Json::array();
            for (const auto& item : in.*member) list.push_back(write_block(schema, item));
            return list;
          },
          document(schema)};
}

/// The largest finite buffer: SimGrid's semaphores count in unsigned int; more is `unlimited`.
constexpr double kMaxBufferLots = 1e8;

/// A buffer capacity: a lot count in [0, 1e8], or `unlimited` (stored as -1).
template <class T>
Field<T> capacity_field(std::string key, long long T::*member, std::string default_text,
                        std::string doc) {
  return {key,
          "lot count >= 0 or unlimited",
          "lots",
          std::move(default_text),
          std::move(doc),
          [member](const Reader& r, const YAML::Node& n, const std::string& p, T& out) {
            if (n.IsScalar() && n.Scalar() == "unlimited") {
              out.*member = -1;
              return;
            }
            out.*member = read_integer(r, n, p, Range::between(0, kMaxBufferLots));
          },
          [member](const T& in) { return in.*member < 0 ? Json("unlimited") : Json(in.*member); }};
}

}  // namespace twin
