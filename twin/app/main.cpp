#include <cstdio>
#include <exception>

#include "twin/app/cli.hpp"

int main(int argc, char** argv) {
  try {
    return twin::cli_main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "celltwin: error: %s\n", e.what());
    return 1;
  }
}
