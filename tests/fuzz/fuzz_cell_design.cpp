// libFuzzer target: twin::load_cell_design on arbitrary bytes.
#include "tests/fuzz/fuzz_input.hpp"
#include "twin/app/cell_design.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = fuzz::write_input(data, size);
  fuzz::load([&] { twin::load_cell_design(file); });
  return 0;
}
