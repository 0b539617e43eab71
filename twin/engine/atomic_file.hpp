// Output files are written under a temporary name and renamed when complete, so a file that
// looks complete always is (an interrupted or failed run leaves no results.json behind).
#pragma once
#include <filesystem>
#include <initializer_list>
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

/// Creates `dir` and proves it writable; a folder that cannot be used is bad input (ConfigError
/// naming it), found before anything runs.
void prepare_out_dir(const std::filesystem::path& dir);

/// Removes a folder's outputs of a previous run, so that a run that fails leaves none that look
/// current (every output is written whole or not at all).
void clear_outputs(const std::filesystem::path& dir, std::initializer_list<const char*> names);

}  // namespace twin
