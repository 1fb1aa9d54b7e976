#include "output_directory.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lsm::cli {

bool prepareOutputDirectory(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  std::string probe = (std::filesystem::path(path) / ".lsmc-write-test").string();
  if (error || !std::ofstream(probe)) {
    std::fprintf(stderr, "lsmc: error: cannot write to the output directory '%s'\n", path.c_str());
    return false;
  }
  std::filesystem::remove(probe, error);
  return true;
}

}  // namespace lsm::cli
