// A machine's state as the event stream moves it. One table, used by the KPI collector (state
// shares, OEE) and by the event log's snapshots, so a replay of events.csv rebuilds exactly the
// states the KPIs were computed from.
#pragma once
#include <array>
#include <cstdint>

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
};

}  // namespace twin
