// Shared by the libFuzzer targets: the loaders take paths, so each input is written to a file in
// a per-process scratch folder first, and the exceptions a loader throws for bad input end the
// run quietly. Anything else (a crash, a sanitizer report, another exception reaching
// std::terminate) is a finding.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "twin/engine/logging.hpp"
#include "twin/engine/schema.hpp"

namespace fuzz {

namespace fs = std::filesystem;

/// The scratch folder of this process (under $TMPDIR; libFuzzer's own exits skip atexit, so
/// scripts/fuzz.sh points TMPDIR into build-fuzz/run/, wiped each run). Laid out like configs/:
/// cells/, costs/, ... link to the repo's folders and lines/ holds links to the reference lines,
/// so an input written to lines/ resolves `base: liquid_lib.yaml` and `cell: ../cells/...`.
inline const fs::path& scratch() {
  static const fs::path dir = [] {
    const fs::path src = CELLTWIN_SOURCE_DIR "/configs";
    const fs::path d = fs::temp_directory_path() / ("celltwin-fuzz-" + std::to_string(getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "lines");
    for (const auto& e : fs::directory_iterator(src)) {
      if (!e.is_directory()) continue;
      if (e.path().filename() == "lines") {
        for (const auto& f : fs::directory_iterator(e.path()))
          fs::create_symlink(f.path(), d / "lines" / f.path().filename());
      } else {
        fs::create_directory_symlink(e.path(), d / e.path().filename());
      }
    }
    std::atexit([] { std::error_code ec; fs::remove_all(scratch(), ec); });
    return d;
  }();
  return dir;
}

/// Writes the input to `name` in the scratch folder's lines/ and returns its path.
inline std::string write_input(const std::uint8_t* data, std::size_t size,
                               const std::string& name = "fuzz_input.yaml") {
  const fs::path p = scratch() / "lines" / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p.string();
}

/// Runs a loader. ConfigError is the contract for bad input; other std::runtime_error
/// subclasses (e.g. YAML's) are accepted too unless CELLTWIN_FUZZ_STRICT=1, which aborts on
/// them to find inputs whose error does not name the file and key.
template <class F>
void load(F&& loader) {
  static const bool strict = [] {
    const char* s = std::getenv("CELLTWIN_FUZZ_STRICT");
    return s && std::string_view(s) == "1";
  }();
  try {
    loader();
  } catch (const twin::ConfigError&) {
  } catch (const std::runtime_error& e) {
    if (!strict) return;
    std::fprintf(stderr, "fuzz: not a ConfigError: %s\n", e.what());
    std::abort();
  }
}

/// Once per process: warnings off (a loader may warn; printing them would only slow fuzzing).
inline void init() {
  twin::setup_logging(-1);
  scratch();
}

}  // namespace fuzz
