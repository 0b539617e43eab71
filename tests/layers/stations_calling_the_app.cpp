// A deliberate layering violation, never part of the product: code in the stations layer that
// calls scenario loading (the application layer). tests/CMakeLists.txt links it like a
// stations-layer library and expects the link to fail with an undefined reference.
#include "twin/app/scenario.hpp"

namespace stations {
int probe_layer_violation() { return static_cast<int>(twin::load_scenario("x.yaml").seed); }
}  // namespace stations
