// libFuzzer target: twin::load_scenario on arbitrary bytes (base, cell and cost references
// resolve against the scratch folder's links to configs/, see fuzz_input.hpp).
#include "tests/fuzz/fuzz_input.hpp"
#include "twin/app/scenario.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = fuzz::write_input(data, size);
  fuzz::load([&] { twin::load_scenario(file, {}); });
  return 0;
}
