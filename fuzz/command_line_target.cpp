// Fuzz target: the command line parser of lsmc (cli/command_line.hpp). The input is the
// argument list, split at NUL bytes. Parsing must end in a CommandLine or an exit code of 0
// or 2; anything else (an escaped exception, a crash) is a finding.
//
// One parser, built before the first input, parses every input: building it costs several
// times a parse under ASan. That reuse is itself checked: for a share of the inputs (all in
// the regression replay) a fresh parser, as lsmc's main uses, parses the same arguments, and
// any difference in the result, the exit code or the printed text is a finding.
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "command_line.hpp"
#include "fuzz_target.hpp"

namespace {

std::unique_ptr<lsm::cli::CommandLineParser> parser;

template <typename T>
std::string describe(const std::optional<T>& value) {
  if (!value) return "unset";
  std::ostringstream out;
  out.precision(17);
  out << *value;
  return out.str();
}

// Every field of a parsed command line, for comparing two parses.
std::string describe(const lsm::cli::CommandLine& line) {
  std::ostringstream out;
  out.precision(17);
  out << "command " << static_cast<int>(line.command) << "\n";
  const lsm::FrontendOptions& frontend = line.frontend;
  for (const lsm::ConstantOverride& set : frontend.overrides)
    out << "set '" << set.name << "' '" << set.value << "'\n";
  out << "maxErrors " << frontend.maxErrors << " lastPass " << static_cast<int>(frontend.lastPass)
      << " lazySynapses " << frontend.lazySynapses << " stopAfter '" << frontend.stopAfter
      << "' brian2Arithmetic " << frontend.brian2Arithmetic << " afterEachPass "
      << static_cast<bool>(frontend.afterEachPass) << " verifyIr " << describe(frontend.verifyIr)
      << "\n";
  for (const std::string& pass : frontend.disabledPasses) out << "no-opt '" << pass << "'\n";
  out << "llvm " << line.printLlvm << " plan " << line.printPlan << " afterAll "
      << line.printAfterAll << "\n";
  const lsm::cli::RunOptions& run = line.run;
  out << "file '" << run.file << "' pairs " << describe(run.pairs) << " seed " << describe(run.seed)
      << " duration " << describe(run.duration) << " threads " << run.threads << " out '" << run.out
      << "' quiet " << run.quiet << " interpreter " << run.interpreter << " instance '"
      << run.instance << "' maxMemory " << run.maxMemory << " compileSeconds " << run.compileSeconds
      << "\n";
  return out.str();
}

// The outcome of a parse as text: the exit code or the command line, and what was printed.
std::string outcome(const std::variant<lsm::cli::CommandLine, int>& parsed,
                    const std::ostringstream& out, const std::ostringstream& err) {
  std::string text = std::holds_alternative<int>(parsed)
                         ? "exit " + std::to_string(std::get<int>(parsed)) + "\n"
                         : describe(std::get<lsm::cli::CommandLine>(parsed));
  return text + "out:\n" + out.str() + "err:\n" + err.str();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parser = std::make_unique<lsm::cli::CommandLineParser>();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lsm::fuzz::CpuTimeLimit limit;
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
  auto parsed = parser->parse(static_cast<int>(argv.size()), argv.data(), out, err);
  if (const int* code = std::get_if<int>(&parsed); code != nullptr && *code != 0 && *code != 2)
    lsm::fuzz::finding("exit code " + std::to_string(*code));
  if (lsm::fuzz::sampled(std::string(reinterpret_cast<const char*>(data), size), 16)) {
    std::ostringstream freshOut, freshErr;
    auto fresh =
        lsm::cli::parseCommandLine(static_cast<int>(argv.size()), argv.data(), freshOut, freshErr);
    std::string reused = outcome(parsed, out, err);
    std::string expected = outcome(fresh, freshOut, freshErr);
    if (reused != expected)
      lsm::fuzz::finding("the reused parser differs from a fresh one:\n" + reused + "--- fresh:\n" +
                         expected);
  }
  return 0;
}
