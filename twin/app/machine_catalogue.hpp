// The machine catalogue: the machine types a station can name (machine_type) and, per pair of
// types, whether an existing machine of one converts into the other, at what share of a new
// machine's capital cost and with what downtime. `retrofit` classifies stations by it; every
// conversion carries its source, so no hardware change is free without one.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace twin {

struct MachineType {
  std::string name;
  std::string doc;
  /// Where its floor is counted among the plant items: production | formation_aging (the
  /// formation and aging hall, BPv5's largest area).
  std::string hall = "production";
};

struct MachineConversion {
  std::string from, to;
  double capex_share = 0;  // of a new `to` machine's installed cost, per converted machine
  double downtime_h = 0;   // the machine out of service while converted
};

struct MachineCatalogue {
  std::string name;
  std::string file;
  /// The line stands while a new machine (an added station or a replaced one) is installed
  /// and qualified; 0: not counted.
  double install_downtime_h = 0;
  std::vector<MachineType> types;
  std::vector<MachineConversion> conversions;
  std::map<std::string, std::string> sources;  // key path -> cited source

  const MachineType* type(const std::string& name) const;
  /// The conversion of a `from` machine into a `to` machine, if the catalogue has one.
  const MachineConversion* conversion(const std::string& from, const std::string& to) const;
  std::vector<std::string> type_names() const;
};

/// Loads and checks a catalogue file: unique type names, conversions between known and
/// different types, each pair once, capex_share in [0, 1], downtime_h >= 0, and a source for
/// both numbers of every conversion and for install_downtime_h. Throws ConfigError naming file, line and key.
MachineCatalogue load_machine_catalogue(const std::string& file);

}  // namespace twin
