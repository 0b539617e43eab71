#include "twin/engine/atomic_file.hpp"

#include <cstdio>
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

}  // namespace twin
