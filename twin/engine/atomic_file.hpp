// Output files are written under a temporary name and renamed when complete, so a file that
// looks complete always is (an interrupted or failed run leaves no results.json behind).
#pragma once
#include <string>

namespace twin {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  const std::string& temp_path() const { return temp_path_; }
  /// Renames the temporary file to its final name; throws std::runtime_error on failure.
  void commit();

 private:
  std::string path_;
  std::string temp_path_;
  bool committed_ = false;
};

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace twin
