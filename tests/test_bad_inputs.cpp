// The bad-input corpus (tests/bad_inputs/, listed in tests/bad_inputs/cases.yaml): every case is
// run through the real celltwin binary and must exit with status 2, print every `expect` text
// (the file, line:col and key path), name the file given (and the file it `refers` to), not
// crash, hang or abort, and leave no output behind: the output folder starts with stale
// results.json, line.json, run.json and events.csv, and after a failed run none of them may be
// there (a usage error that never reached the folder, `keeps_out`, must leave them as they were).
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(CELLTWIN_SOURCE_DIR) / "tests" / "bad_inputs";
const char* const kOutputs[] = {"results.json", "line.json", "run.json", "events.csv"};
constexpr const char* kStale = "stale";

struct BadInput {
  std::string name;
  std::string args;                 // {dir}: the case folder, {out}: the output folder
  std::vector<std::string> expect;  // substrings of stdout + stderr
  std::optional<std::string> file;  // the file the message names (default: first {dir}/... arg)
  std::string refers;               // a referenced file that must be named too
  bool keeps_out = false;           // a usage error that never reaches the output folder
  std::string unreadable;           // a file of the case made unreadable at test time
  std::string why;
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

std::vector<BadInput> load_cases() {
  std::vector<BadInput> cases;
  const YAML::Node root = YAML::LoadFile((kCorpus / "cases.yaml").string());
  for (const auto& node : root["cases"]) {
    BadInput c;
    c.name = node["name"].as<std::string>();
    c.args = node["args"].as<std::string>();
    for (const auto& e : node["expect"]) c.expect.push_back(e.as<std::string>());
    if (node["file"]) c.file = node["file"].as<std::string>();
    if (node["refers"]) c.refers = node["refers"].as<std::string>();
    if (node["keeps_out"]) c.keeps_out = node["keeps_out"].as<bool>();
    if (node["unreadable"]) c.unreadable = node["unreadable"].as<std::string>();
    if (node["why"]) c.why = node["why"].as<std::string>();
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<BadInput>& cases() {
  static const std::vector<BadInput> all = [] {
    try {
      return load_cases();
    } catch (const std::exception& e) {  // reported by CorpusIsComplete
      std::cerr << "tests/bad_inputs/cases.yaml: " << e.what() << "\n";
      return std::vector<BadInput>{};
    }
  }();
  return all;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// Like test::run_cli, under `timeout` so that a hang fails the case (exit 124) instead of the
/// suite.
test::CliResult run_with_timeout(const std::string& args) {
  const std::string log = test::temp_path("cli_output.txt");
  const std::string command = std::string("cd '") + CELLTWIN_SOURCE_DIR +
                              "' && timeout -k 5 20 '" + CELLTWIN_BIN + "' " + args + " > '" +
                              log + "' 2>&1 < /dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_file(log)};
}

/// The file the message must name: the case's `file`, else the first {dir}/... argument
/// ({dir} alone: the case folder itself).
std::string named_file(const BadInput& c) {
  if (c.file) return *c.file;
  const auto at = c.args.find("{dir}");
  if (at == std::string::npos) return "";
  const auto end = c.args.find(' ', at);
  const std::string arg = c.args.substr(at, end == std::string::npos ? end : end - at);
  return arg == "{dir}" ? c.name : fs::path(arg).filename().string();
}

class BadInputs : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputs, Rejected) {
  const BadInput& c = GetParam();
  fs::path dir = fs::is_directory(kCorpus / c.name) ? kCorpus / c.name : kCorpus;
  if (!c.unreadable.empty()) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads a chmod 000 file";
    const fs::path copy = test::temp_path("case");
    fs::remove_all(copy);
    fs::copy(dir, copy, fs::copy_options::recursive);
    ASSERT_EQ(::chmod((copy / c.unreadable).c_str(), 0), 0);
    dir = copy;
  }
  const fs::path out = test::temp_path("out");
  fs::remove_all(out);
  fs::create_directories(out);
  for (const char* name : kOutputs) std::ofstream(out / name) << kStale;

  const std::string args =
      replace_all(replace_all(c.args, "{dir}", quoted(dir)), "{out}", quoted(out));
  const auto r = run_with_timeout(args);
  if (!c.unreadable.empty()) fs::remove_all(dir);

  // Every broken promise of the case, then one failure that lists them with the command and
  // what it printed.
  std::vector<std::string> broken;
  auto require = [&](bool ok, const std::string& what) {
    if (!ok) broken.push_back(what);
  };
  require(r.exit_code == 2, "exit status " + std::to_string(r.exit_code) + ", not 2" +
                                (r.exit_code == 124 ? " (timed out after 20 s)" : ""));
  for (const auto& e : c.expect)
    require(r.output.find(e) != std::string::npos, "does not print: " + e);
  const std::string file = named_file(c);
  if (!file.empty())
    require(r.output.find(file) != std::string::npos, "does not name the file " + file);
  if (!c.refers.empty())
    require(r.output.find(c.refers) != std::string::npos,
            "does not name the referenced file " + c.refers);
  for (const char* crash : {"terminate", "Segmentation", "Aborted", "AddressSanitizer"})
    require(r.output.find(crash) == std::string::npos, std::string("prints ") + crash);

  // No output left: the stale files are gone (or, for a usage error that never reached the
  // folder, still stale: nothing new written), and nothing else appeared in the folder.
  for (const char* name : kOutputs) {
    const fs::path p = out / name;
    if (!fs::exists(p)) continue;
    const bool stale = test::read_file(p.string()) == kStale;
    if (c.keeps_out)
      require(stale, std::string(name) + " was rewritten");
    else
      require(false, std::string(name) + " left in the output folder (" +
                         (stale ? "the stale one" : "a new one") + ")");
  }
  const std::set<std::string> known(std::begin(kOutputs), std::end(kOutputs));
  if (fs::is_directory(out))
    for (const auto& entry : fs::directory_iterator(out))
      require(known.count(entry.path().filename().string()) > 0,
              entry.path().filename().string() + " written into the output folder");

  if (!broken.empty()) {
    std::string list;
    for (const auto& b : broken) list += "  - " + b + "\n";
    std::string printed;
    std::istringstream lines(r.output);
    int n = 0;
    for (std::string line; std::getline(lines, line) && n < 12; ++n) printed += "  | " + line + "\n";
    ADD_FAILURE() << c.name << ": " << c.why << "\n"
                  << list << "$ celltwin " << args << "\n"
                  << printed;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputs, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return param_info.param.name; });

// The manifest reads, has the promised size, names every case once, and every file or folder
// of the corpus belongs to a case (no orphans).
TEST(BadInputsManifest, CorpusIsComplete) {
  ASSERT_NO_THROW(load_cases());
  const auto& all = cases();
  EXPECT_GE(all.size(), 130u);
  std::set<std::string> names;
  for (const auto& c : all) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
    EXPECT_FALSE(c.expect.empty()) << c.name;
    EXPECT_FALSE(c.why.empty()) << c.name;
    for (char ch : c.name)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') << c.name;
    if (!fs::is_directory(kCorpus / c.name) && c.args.find("{dir}") != std::string::npos) {
      EXPECT_TRUE(fs::is_regular_file(kCorpus / (c.name + ".yaml"))) << c.name;
    }
  }
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    const std::string name = entry.path().filename().string();
    if (name == "cases.yaml") continue;
    const std::string stem = entry.is_directory() ? name : entry.path().stem().string();
    EXPECT_TRUE(names.count(stem)) << "tests/bad_inputs/" << name << " belongs to no case";
  }
}

}  // namespace
