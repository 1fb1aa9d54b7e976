#include "command_line.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>

#include "lsm/units.hpp"
#include "lsm/version.hpp"

namespace lsm::cli {

namespace {

// `NAME=VALUE` pairs of --set; a malformed one is a usage error.
std::vector<ConstantOverride> parseSets(const std::vector<std::string>& sets) {
  std::vector<ConstantOverride> out;
  for (const std::string& set : sets) {
    auto equals = set.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == set.size()) {
      throw CLI::ValidationError("--set", fmt::format("expected NAME=VALUE, got '{}'", set));
    }
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      return s;
    };
    out.push_back({trim(set.substr(0, equals)), trim(set.substr(equals + 1))});
  }
  return out;
}

// A count of at least 1, also written as 1e6: CLI11's PositiveNumber would quote the whole
// range of a double, and its integer conversion refuses 1e6.
const CLI::Validator atLeastOne(
    [](std::string& text) -> std::string {
      double value = 0;
      if (!CLI::detail::lexical_cast(text, value) || !(value >= 1) || !(value <= 0x1p53) ||
          std::trunc(value) != value) {
        return fmt::format("must be a whole number from 1 to 2^53, not '{}'", text);
      }
      text = fmt::format("{:.0f}", value);
      return "";
    },
    "COUNT");

// CLI11 would wrap "-1" and saturate 2^64 into a valid seed.
std::optional<std::uint64_t> parseSeed(const std::string& text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The help of `lsmc ir`: the passes, in order, with their stages.
std::string passList() {
  std::string out =
      "Passes (in order; --after takes a pass or a stage: parse, checks (sema), "
      "integration, optimisation, schedule, plan):\n";
  for (const auto& pass : frontendPasses()) {
    out += fmt::format("  {:<24} {:<12} {}{}\n", pass.name, pass.stage, pass.summary,
                       pass.optional
                           ? pass.changesRounding ? " (--no-opt; rounding differs)" : " (--no-opt)"
                           : "");
  }
  return out;
}

std::vector<std::string> stopNames() {
  std::vector<std::string> names = {"checks"};
  for (const auto& pass : frontendPasses()) {
    for (const std::string& name : {pass.name, pass.stage}) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

// "500ms", "0.5 s", "2 second": a positive number and a unit of time, as seconds.
CLI::Validator durationInSeconds() {
  return CLI::Validator(
      [](std::string& text) {
        std::size_t end = 0;
        double number = 0;
        try {
          number = std::stod(text, &end);
        } catch (const std::exception&) {
          return std::string("expected a duration with a unit, such as 500ms, got '" + text + "'");
        }
        std::string unit = text.substr(end);
        unit.erase(0, unit.find_first_not_of(" \t"));
        auto scale = lookupUnit(unit);
        if (!scale || !(scale->dimension == Dimension::base(2)) || !(number > 0) ||
            !std::isfinite(number * scale->value)) {
          return std::string("expected a positive duration with a unit, such as 500ms, got '" +
                             text + "'");
        }
        text = fmt::format("{}", number * scale->value);
        return std::string();
      },
      "TIME");
}

std::vector<std::string> optionalPassNames() {
  std::vector<std::string> names;
  for (const auto& pass : frontendPasses())
    if (pass.optional) names.push_back(pass.name);
  return names;
}

}  // namespace

std::uint64_t parseByteSize(const std::string& text) {
  std::size_t end = 0;
  double value = 0;
  try {
    value = std::stod(text, &end);
  } catch (const std::exception&) {
    throw std::invalid_argument(fmt::format("'{}' is not a size (such as 4G or 512M)", text));
  }
  std::string unit = text.substr(end);
  const std::map<std::string, double> units = {{"", 1.0},
                                               {"B", 1.0},
                                               {"K", 1024.0},
                                               {"M", 1024.0 * 1024},
                                               {"G", 1024.0 * 1024 * 1024},
                                               {"T", 1024.0 * 1024 * 1024 * 1024}};
  auto found = units.find(unit);
  if (found == units.end() || !(value > 0) || !std::isfinite(value * found->second) ||
      value * found->second >= 0x1p63) {
    throw std::invalid_argument(fmt::format("'{}' is not a size (such as 4G or 512M)", text));
  }
  return static_cast<std::uint64_t>(value * found->second);
}

// The CLI11 application and the values its options write into. The options are bound to
// `values` by address, so a parse resets it by assignment, never by replacing the object.
struct CommandLineParser::Parts {
  struct Values {
    CommandLine line;
    std::string file;
    std::vector<std::string> sets;
    bool clockDriven = false;
    std::string seed;
    std::string maxMemory;
    std::string backend = "jit";
  };
  Values values;
  CLI::App app{"lsmc: a model compiler for spiking neural networks"};
  CLI::App* run = nullptr;
  CLI::App* ir = nullptr;
  CLI::Option* after = nullptr;  // of ir, as are the two below
  CLI::Option* llvm = nullptr;
  CLI::Option* plan = nullptr;
  Parts();
};

CommandLineParser::Parts::Parts() {
  app.set_version_flag("--version", std::string("lsmc ") + lsm::version);
  app.require_subcommand(1);
  CommandLine& line = values.line;
  auto addModelOptions = [this, &line](CLI::App* command) {
    command->add_option("FILE", values.file, "the .lsm model")->required();
    command
        ->add_option("--set", values.sets,
                     "override a constant of the model, e.g. --set V_THRESH=16mV")
        ->type_name("NAME=VALUE");
    command->add_flag("--clock-driven-synapses", values.clockDriven,
                      "update every synapse every step, as Brian2 does, instead of advancing "
                      "synapses at their events (same spikes, slower; = --no-opt lazy-synapses)");
    command
        ->add_option("--no-opt", line.frontend.disabledPasses,
                     "switch an optimisation pass off (repeatable): " +
                         fmt::format("{}", fmt::join(optionalPassNames(), ", ")))
        ->check(CLI::IsMember(optionalPassNames()).description(""))
        ->type_name("PASS");
    command->add_flag("--brian2-arithmetic", line.frontend.brian2Arithmetic,
                      "keep Brian2's order of floating-point operations: leave out every "
                      "optimisation that changes results by rounding (docs/precision.md)");
  };
  addModelOptions(app.add_subcommand("check", "check a model and summarise it"));
  run = app.add_subcommand(
      "run",
      "run the model's experiment: a simulation (its monitors to OUT/*.npz and figures) "
      "or the separation experiment of Fig. 2 (Maass et al.)");
  addModelOptions(run);
  RunOptions& runOptions = line.run;
  run->add_option("--pairs", runOptions.pairs, "input pairs per distance (the model says 200)")
      ->transform(atLeastOne);
  run->add_option("--seed", values.seed, "seed of the network and the inputs (0 to 2^64 - 1)")
      ->type_name("UINT64")
      ->check(
          [](const std::string& text) -> std::string {
            return parseSeed(text) ? ""
                                   : fmt::format(
                                         "must be a whole number from 0 to "
                                         "18446744073709551615, not '{}'",
                                         text);
          },
          "UINT64");
  run->add_option("--duration", runOptions.duration,
                  "how long to simulate (or each trial of the separation experiment lasts), "
                  "with a unit: 500ms, 2 second")
      ->transform(durationInSeconds())
      ->type_name("TIME");
  run->add_option("--threads", runOptions.threads,
                  "threads that build the network and run the trials, or share each step of "
                  "a single simulation (default: all cores; the results are the same for any "
                  "number)")
      ->transform(atLeastOne);
  run->add_option("--out", runOptions.out, "output directory")->default_str("out");
  run->add_flag("--quiet", runOptions.quiet, "no progress on stderr");
  run->add_option("--instance", runOptions.instance,
                  "run on a saved network instance (docs/instance-format.md) instead of sampling "
                  "one")
      ->check(CLI::ExistingFile);
  run->add_option("--max-memory", values.maxMemory,
                  "refuse networks and runs estimated to need more memory than this, e.g. 4G "
                  "(default: the machine's memory)")
      ->type_name("SIZE")
      ->check(
          [](const std::string& text) -> std::string {
            try {
              parseByteSize(text);
              return "";
            } catch (const std::invalid_argument& error) {
              return error.what();
            }
          },
          "SIZE");
  run->add_option("--backend", values.backend, "jit or interpreter")
      ->check(CLI::IsMember({"jit", "interpreter"}))
      ->default_str("jit");
  ir = app.add_subcommand("ir",
                          "print the model after a pass (the AST in .lsm form "
                          "before name binding, the IR after)");
  addModelOptions(ir);
  ir->footer(passList());
  after = ir->add_option("--after", line.frontend.stopAfter,
                         "the last pass (or stage) to run; default: all (see the list below); "
                         "not with --llvm or --plan")
              ->check(CLI::IsMember(stopNames()).description(""))
              ->type_name("PASS");
  ir->add_flag("--print-after-all", line.printAfterAll,
               "print the model after every pass, each under a line '# after PASS'");
  // Not CLI11's excludes(): it keeps the options in a set ordered by their addresses, so the
  // help's "Excludes:" list and which conflict an error names depended on the heap.
  llvm = ir->add_flag("--llvm", line.printLlvm,
                      "print the optimised LLVM IR of the step plan; not with --after");
  plan = ir->add_flag("--plan", line.printPlan,
                      "print only the step plan (docs/step-plan.md) that both backends run; not "
                      "with --after");
}

CommandLineParser::CommandLineParser() : parts_(std::make_unique<Parts>()) {}

CommandLineParser::~CommandLineParser() = default;

std::variant<CommandLine, int> CommandLineParser::parse(int argc, const char* const* argv,
                                                        std::ostream& out, std::ostream& err) {
  Parts& parts = *parts_;
  // CLI11 clears its own results of an earlier parse; the values are ours to reset.
  parts.values = Parts::Values{};
  Parts::Values& values = parts.values;
  CommandLine& line = values.line;
  try {
    parts.app.parse(argc, argv);
    for (const CLI::Option* printing : {parts.llvm, parts.plan}) {
      if (parts.after->count() > 0 && printing->count() > 0)
        throw CLI::ExcludesError(parts.after->get_name(), printing->get_name());
    }
    line.frontend.overrides = parseSets(values.sets);
  } catch (const CLI::ParseError& error) {
    int code = parts.app.exit(error, out, err);
    return code == 0 ? 0 : 2;
  }
  line.command = parts.run->parsed()  ? CommandLine::Command::run
                 : parts.ir->parsed() ? CommandLine::Command::ir
                                      : CommandLine::Command::check;
  line.frontend.lazySynapses = !values.clockDriven;
  line.run.file = values.file;
  line.run.interpreter = values.backend == "interpreter";
  if (!values.seed.empty()) line.run.seed = parseSeed(values.seed);
  if (!values.maxMemory.empty()) line.run.maxMemory = parseByteSize(values.maxMemory);
  return line;
}

std::variant<CommandLine, int> parseCommandLine(int argc, const char* const* argv,
                                                std::ostream& out, std::ostream& err) {
  return CommandLineParser().parse(argc, argv, out, err);
}

}  // namespace lsm::cli
