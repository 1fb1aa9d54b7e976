// Golden files for the tests of what users see (IR text, diagnostics, model text before and
// after a pass): compare with the file, or rewrite it when LSMC_UPDATE_GOLDEN=1.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lsm::test {

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline bool updateGoldens() {
  const char* update = std::getenv("LSMC_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

// Compares `actual` with the golden file, or rewrites it when asked to.
inline void expectGolden(const std::filesystem::path& golden, const std::string& actual) {
  if (updateGoldens()) {
    std::ofstream(golden) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden << " is missing; run with LSMC_UPDATE_GOLDEN=1";
  EXPECT_EQ(readFile(golden), actual) << "golden file " << golden;
}

// The .lsm files one level down in `root`, as "<folder>/<file>.lsm", sorted.
inline std::vector<std::string> modelFilesInFolders(const std::filesystem::path& root) {
  std::vector<std::string> files;
  for (const auto& folder : std::filesystem::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
      if (entry.path().extension() == ".lsm") {
        files.push_back((folder.path().filename() / entry.path().filename()).string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A test name from a model file's path: "a-b/c.lsm" -> "a_b_c".
inline std::string modelTestName(const std::string& file) {
  std::string name = file.substr(0, file.size() - 4);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

}  // namespace lsm::test
