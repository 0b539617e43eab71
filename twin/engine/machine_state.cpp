#include "twin/engine/machine_state.hpp"

namespace twin {

const char* to_string(MachineState state) {
  switch (state) {
    case MachineState::busy: return "busy";
    case MachineState::idle: return "idle";
    case MachineState::blocked: return "blocked";
    case MachineState::down: return "down";
    case MachineState::setup: return "setup";
  }
  return "?";
}

char MachineTrack::code() const {
  auto letter = [](MachineState s) {
    switch (s) {
      case MachineState::busy: return 'b';
      case MachineState::idle: return 'i';
      case MachineState::blocked: return 'k';
      case MachineState::setup: return 's';
      case MachineState::down: break;
    }
    return '?';
  };
  if (state != MachineState::down) return letter(state);
  return static_cast<char>(letter(before_failure) - 'a' + 'A');
}

}  // namespace twin
