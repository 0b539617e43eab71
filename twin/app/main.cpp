#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "twin/app/cli.hpp"

namespace {
/// Output that could not be written (a full disk or /dev/full as stdout) is an error, not a
/// success: the user would read a table that is not there.
bool stdout_written() {
  std::cout.flush();
  return std::cout.good() && std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
}
}  // namespace

int main(int argc, char** argv) {
  int code = 1;
  try {
    code = twin::cli_main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return 1;
  }
  if (!stdout_written()) {
    std::fprintf(stderr, "celltwin: error: standard output: write failed (%s)\n",
                 std::strerror(errno));
    return code == 0 ? 2 : code;
  }
  return code;
}
