// The command line of lsmc as data: parsing only, no work, so that the parser can be tested
// and fuzzed on its own (fuzz/command_line_target.cpp).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "lsm/frontend.hpp"
#include "run_command.hpp"

namespace lsm::cli {

struct CommandLine {
  enum class Command { check, run, ir };
  Command command = Command::check;
  // --set, --after, --no-opt, --clock-driven-synapses, --brian2-arithmetic
  FrontendOptions frontend;
  bool printLlvm = false;      // ir --llvm
  bool printPlan = false;      // ir --plan
  bool printAfterAll = false;  // ir --print-after-all
  RunOptions run;              // run's options; run.file is the model
};

// Parses the arguments (argv[0] is the program). Returns the command, or the exit code after
// printing to `out` (--help, --version: 0) or `err` (usage errors: 2).
std::variant<CommandLine, int> parseCommandLine(int argc, const char* const* argv,
                                                std::ostream& out, std::ostream& err);

// The parser behind parseCommandLine, built once and reusable: each parse starts from the
// defaults, whatever was parsed before, and gives what parseCommandLine gives. (Building
// the parser costs several times a parse; the fuzz target parses millions of lines.)
class CommandLineParser {
 public:
  CommandLineParser();
  ~CommandLineParser();
  CommandLineParser(const CommandLineParser&) = delete;
  CommandLineParser& operator=(const CommandLineParser&) = delete;
  std::variant<CommandLine, int> parse(int argc, const char* const* argv, std::ostream& out,
                                       std::ostream& err);

 private:
  struct Parts;  // the CLI11 application and the values its options write into
  std::unique_ptr<Parts> parts_;
};

// Parses a size such as "4G", "512M", "100000K" or "2e9" (bytes; K, M, G, T are powers of 1024);
// throws std::invalid_argument with the reason.
std::uint64_t parseByteSize(const std::string& text);

}  // namespace lsm::cli
