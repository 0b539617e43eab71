// libFuzzer target: one --set PATH=VALUE on a fixed valid scenario (the input split at its
// first '=', as the CLI splits it; an input the CLI refuses before loading is skipped).
#include "tests/fuzz/fuzz_input.hpp"
#include "twin/app/scenario.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // liquid_lib: named stations, a cell design and a cost file, so station, {cell: ...} and
  // cost paths are all reachable.
  static const std::string file = CELLTWIN_SOURCE_DIR "/configs/lines/liquid_lib.yaml";
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto eq = input.find('=');
  if (eq == std::string::npos || eq == 0) return 0;
  fuzz::load([&] { twin::load_scenario(file, {{input.substr(0, eq), input.substr(eq + 1)}}); });
  return 0;
}
