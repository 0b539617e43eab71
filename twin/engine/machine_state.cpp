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

bool MachineTrack::decode(char code, MachineTrack& track) {
  static constexpr char kLetters[] = {'b', 'i', 'k', 'd', 's'};  // MachineState order
  const char lower = static_cast<char>(code >= 'A' && code <= 'Z' ? code - 'A' + 'a' : code);
  for (std::size_t i = 0; i < sizeof kLetters; ++i) {
    if (kLetters[i] != lower || lower == 'd') continue;
    const auto state = static_cast<MachineState>(i);
    track = lower == code ? MachineTrack{state, MachineState::busy}
                          : MachineTrack{MachineState::down, state};
    return true;
  }
  return false;
}

}  // namespace twin
