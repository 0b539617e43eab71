// The replay rules: a machine's state and the line's stock as the event stream moves them. One
// place, used by the KPI collector (state shares, OEE), the event log's snapshots and the
// exports, so a replay of events.csv rebuilds exactly the states the KPIs were computed from.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "twin/engine/event_log.hpp"

namespace twin {

enum class MachineState : std::uint8_t { busy, idle, blocked, down, setup };
constexpr std::array<MachineState, 5> kMachineStates = {MachineState::busy, MachineState::idle,
                                                        MachineState::blocked, MachineState::down,
                                                        MachineState::setup};
const char* to_string(MachineState state);

struct MachineTrack {
  MachineState state = MachineState::idle;     // every machine starts idle at t = 0
  MachineState before_failure = MachineState::busy;  // where `repair` returns to

  /// Applies a machine event: start/assemble -> busy, setup -> setup, finish/unblocked -> idle,
  /// blocked -> blocked, fail -> down, repair -> the state before the fail. False for events
  /// that leave the machine's state alone.
  bool apply(Event event) {
    switch (event) {
      case Event::assemble:
      case Event::start: state = MachineState::busy; return true;
      case Event::setup: state = MachineState::setup; return true;
      case Event::finish:
      case Event::unblocked: state = MachineState::idle; return true;
      case Event::blocked: state = MachineState::blocked; return true;
      case Event::fail:
        before_failure = state;
        state = MachineState::down;
        return true;
      case Event::repair: state = before_failure; return true;
      default: return false;
    }
  }

  /// One letter for a snapshot: b(usy) i(dle) k (blocked) s(etup); a machine that is down is
  /// the upper-case letter of the state its repair returns to (B, I, K, S).
  char code() const;
  /// The track a snapshot letter stands for; false for an unknown letter.
  static bool decode(char code, MachineTrack& track);
};

/// The line's WIP and each station's waiting stock, in cell equivalents (the unit of
/// kpis.wip_mean): WIP + on release, assemble and convert, - on consume, scrap and exit; waiting
/// + on arrive, - on start and on a consume of assembly (one with a related lot).
struct LineStock {
  double wip_cell_eq = 0;
  std::vector<double> waiting_cell_eq;  // per station

  /// Applies an event of `cell_eq` cell equivalents at `station` (-1: the source). Returns
  /// whether the station's waiting stock changed.
  bool apply(Event event, int station, double cell_eq, bool has_related_lot) {
    double line = 0, waiting = 0;
    switch (event) {
      case Event::release:
      case Event::assemble:
      case Event::convert: line = 1; break;
      case Event::scrap:
      case Event::exit: line = -1; break;
      case Event::consume:
        line = -1;
        if (has_related_lot) waiting = -1;  // a conversion's consume follows a start
        break;
      case Event::arrive: waiting = 1; break;
      case Event::start: waiting = -1; break;
      default: return false;
    }
    wip_cell_eq += line * cell_eq;
    if (waiting == 0 || station < 0) return false;
    waiting_cell_eq[static_cast<std::size_t>(station)] += waiting * cell_eq;
    return true;
  }
};

}  // namespace twin
