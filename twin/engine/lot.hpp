// A lot: what moves between stations (a roll in metres, a stack of sheets, a cell, a tray).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace twin {

struct Lot {
  std::uint64_t id = 0;
  std::string kind;
  double quantity = 0;     // units: parts, metres, sheets, cells ...
  double released_s = 0;   // release at the source; for assembled lots the earliest origin's
  int reworks = 0;         // times this lot has been sent to rework
  bool holds_slot = true;  // false for rework lots, which enter a buffer past its capacity
  std::vector<std::uint64_t> origins;  // lots this one was made from (assembly, rework split)
};

}  // namespace twin
