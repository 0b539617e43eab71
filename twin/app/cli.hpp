// The `celltwin` command line (interface contract in the README). Exit status: 0 success,
// 2 bad input or usage (message naming file, line and key), 1 a failure while running.
#pragma once

namespace twin {

int cli_main(int argc, char** argv);

}  // namespace twin
