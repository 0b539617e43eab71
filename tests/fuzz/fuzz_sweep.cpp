// libFuzzer target: twin::load_sweep on arbitrary bytes (the spec only; bases are not loaded).
#include "tests/fuzz/fuzz_input.hpp"
#include "twin/app/sweep.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = fuzz::write_input(data, size);
  fuzz::load([&] { twin::load_sweep(file); });
  return 0;
}
