// Fuzz target: the command line parser of lsmc (cli/command_line.hpp). The input is the
// argument list, split at NUL bytes. Parsing must end in a CommandLine or an exit code of 0
// or 2; anything else (an escaped exception, a crash) is a finding.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> arguments{"lsmc"};
  std::string current;
  for (std::size_t k = 0; k < size; ++k) {
    if (data[k] == 0) {
      arguments.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[k]);
    }
  }
  if (!current.empty()) arguments.push_back(current);
  std::vector<const char*> argv;
  for (const std::string& a : arguments) argv.push_back(a.c_str());
  std::ostringstream out, err;
  auto parsed = lsm::cli::parseCommandLine(static_cast<int>(argv.size()), argv.data(), out, err);
  if (const int* code = std::get_if<int>(&parsed); code != nullptr && *code != 0 && *code != 2)
    lsm::fuzz::finding("exit code " + std::to_string(*code));
  return 0;
}
