// spdlog for celltwin's own messages (quiet by default, -v for more) and SimGrid's XBT logging
// kept off the terminal unless asked for.
#pragma once
#include <string>
#include <vector>

namespace twin {

/// verbosity: -1 quiet (-q), 0 default (warnings), 1 info (-v), 2 debug (-vv).
void setup_logging(int verbosity);
int verbosity();

/// SimGrid command-line flags matching the verbosity (its logs stay silent below -vv).
std::vector<std::string> simgrid_flags();

}  // namespace twin
