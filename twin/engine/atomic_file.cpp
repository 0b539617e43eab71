#include "twin/engine/atomic_file.hpp"

#include "twin/engine/schema.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace twin {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(path_ + ".part") {}

AtomicFile::~AtomicFile() {
  if (!committed_) std::remove(temp_path_.c_str());
}

void AtomicFile::commit() {
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename " + temp_path_ + " to " + path_);
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary);
    out << content;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.temp_path());
  }
  file.commit();
}

void prepare_out_dir(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir))
    throw ConfigError("--out", dir.string(),
                      "cannot create the output folder (" +
                          (error ? error.message() : std::string("a file is in the way")) + ")");
  // A byte written and flushed: a read-only folder fails at the open, /dev/full-like storage
  // at the close.
  const auto probe = dir / ".celltwin-write-test";
  std::FILE* f = std::fopen(probe.c_str(), "w");
  bool writable = f != nullptr;
  if (f != nullptr) {
    writable = std::fputc('x', f) != EOF;
    writable = std::fclose(f) == 0 && writable;
  }
  const int reason = errno;
  std::filesystem::remove(probe, error);
  if (!writable)
    throw ConfigError("--out", dir.string(),
                      std::string("the output folder is not writable (") + std::strerror(reason) +
                          ")");
}

void clear_outputs(const std::filesystem::path& dir, std::initializer_list<const char*> names) {
  std::error_code ignored;  // a folder that does not exist has nothing to clear
  for (const char* name : names) std::filesystem::remove(dir / name, ignored);
}

}  // namespace twin
