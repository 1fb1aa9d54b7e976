// lsmc: the command line over the compiler library. Exit codes: 0 success, 1 errors in the
// model, 2 wrong usage.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>

#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/units.hpp"
#include "lsm/version.hpp"
#include "run_command.hpp"

namespace {

struct Options {
  std::string file;
  std::vector<std::string> sets;
  std::string after;  // a pass or a stage; empty: all
  bool printAfterAll = false;
  bool clockDrivenSynapses = false;
  std::vector<std::string> disabledPasses;
};

// `NAME=VALUE` pairs of --set; a malformed one is a usage error.
std::vector<lsm::ConstantOverride> parseSets(const std::vector<std::string>& sets) {
  std::vector<lsm::ConstantOverride> out;
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

// Compiles the file and prints diagnostics; false when the model has errors. `afterEachPass`
// sees each pass's result (`lsmc ir`); `model` is the IR when binding was reached.
bool compile(lsm::ir::Model* model, const Options& options,
             std::function<void(const std::string&, const std::string&)> afterEachPass = {}) {
  lsm::SourceManager sources;
  lsm::FrontendOptions frontendOptions;
  frontendOptions.overrides = parseSets(options.sets);
  frontendOptions.stopAfter = options.after;
  frontendOptions.lazySynapses = !options.clockDrivenSynapses;
  frontendOptions.disabledPasses = options.disabledPasses;
  frontendOptions.afterEachPass = std::move(afterEachPass);
  auto result = lsm::compileFile(options.file, sources, frontendOptions);
  std::string rendered = lsm::renderDiagnostics(result.diagnostics, sources);
  if (!rendered.empty()) std::fputs(rendered.c_str(), stderr);
  if (result.diagnostics.hasErrors()) {
    std::fprintf(stderr, "%zu error%s\n", result.diagnostics.errorCount(),
                 result.diagnostics.errorCount() == 1 ? "" : "s");
  }
  if (model != nullptr && result.model) *model = std::move(*result.model);
  return !result.diagnostics.hasErrors();
}

// The help of `lsmc ir`: the passes, in order, with their stages.
std::string passList() {
  std::string out =
      "Passes (in order; --after takes a pass or a stage: parse, checks (sema), "
      "integration, optimisation, schedule):\n";
  for (const auto& pass : lsm::frontendPasses()) {
    out += fmt::format("  {:<22} {:<12} {}{}\n", pass.name, pass.stage, pass.summary,
                       pass.optional ? " (--no-opt)" : "");
  }
  return out;
}

std::vector<std::string> stopNames() {
  std::vector<std::string> names = {"checks"};
  for (const auto& pass : lsm::frontendPasses()) {
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
        auto scale = lsm::lookupUnit(unit);
        if (!scale || !(scale->dimension == lsm::Dimension::base(2)) || !(number > 0) ||
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
  for (const auto& pass : lsm::frontendPasses())
    if (pass.optional) names.push_back(pass.name);
  return names;
}

std::string summary(const std::string& file, const lsm::ir::Model& model) {
  std::string out = fmt::format("{}: ok\n", file);
  out += fmt::format("  constants: {}\n", model.constants.size());
  for (const auto& g : model.groups) {
    out += fmt::format("  group {}: {} elements, {} variables, {} equations, method {}\n", g.name,
                       g.size, g.variables.size(), g.equations.size(), lsm::ir::spelling(g.method));
  }
  for (const auto& s : model.subgroups) {
    out += fmt::format("  subgroup {} = {}[{}:{}]\n", s.name, s.group, s.start, s.stop);
  }
  for (const auto& g : model.generators) {
    out +=
        fmt::format("  spike_generator {}: {} element{}\n", g.name, g.size, g.size == 1 ? "" : "s");
  }
  for (const auto& s : model.synapses) {
    out += fmt::format("  synapses {}: {} -> {}{}\n", s.name, s.source.name, s.target.name,
                       s.model.empty() ? "" : fmt::format(" ({})", s.model));
  }
  for (const auto& m : model.monitors) {
    const char* kind = m.kind == lsm::ir::Monitor::Kind::spikes  ? "spikes"
                       : m.kind == lsm::ir::Monitor::Kind::state ? "state"
                                                                 : "rate";
    out += fmt::format("  monitor {}: {} of {}\n", m.name, kind,
                       m.synapses.empty() ? m.population.name : m.synapses);
  }
  if (model.experiment) {
    out += model.experiment->name.empty() ? std::string("  experiment:")
                                          : fmt::format("  experiment {}:", model.experiment->name);
    for (const auto& s : model.experiment->settings) {
      std::string values;
      for (const auto& q : s.values) values += (values.empty() ? "" : ",") + lsm::formatQuantity(q);
      for (const auto& n : s.names) values += (values.empty() ? "" : ",") + n;
      out += fmt::format(" {}={}", s.name, values);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lsmc: a model compiler for spiking neural networks"};
  app.set_version_flag("--version", std::string("lsmc ") + lsm::version);
  app.require_subcommand(1);
  Options options;

  auto addModelOptions = [&](CLI::App* command) {
    command->add_option("FILE", options.file, "the .lsm model")->required();
    command
        ->add_option("--set", options.sets,
                     "override a constant of the model, e.g. --set V_THRESH=16mV")
        ->type_name("NAME=VALUE");
    command->add_flag("--clock-driven-synapses", options.clockDrivenSynapses,
                      "update every synapse every step, as Brian2 does, instead of advancing "
                      "synapses at their events (same spikes, slower; = --no-opt lazy-synapses)");
    command
        ->add_option("--no-opt", options.disabledPasses,
                     "switch an optimisation pass off (repeatable): " +
                         fmt::format("{}", fmt::join(optionalPassNames(), ", ")))
        ->check(CLI::IsMember(optionalPassNames()).description(""))
        ->type_name("PASS");
  };
  CLI::App* check = app.add_subcommand("check", "check a model and summarise it");
  addModelOptions(check);
  CLI::App* run = app.add_subcommand(
      "run",
      "run the model's experiment: a simulation (its monitors to OUT/*.npz and figures) "
      "or the separation experiment of Fig. 2 (Maass et al.)");
  addModelOptions(run);
  lsm::cli::RunOptions runOptions;
  run->add_option("--pairs", runOptions.pairs, "input pairs per distance (the model says 200)")
      ->check(CLI::PositiveNumber);
  run->add_option("--seed", runOptions.seed, "seed of the network and the inputs");
  run->add_option("--duration", runOptions.duration,
                  "how long to simulate (or each trial of the separation experiment lasts), "
                  "with a unit: 500ms, 2 second")
      ->transform(durationInSeconds())
      ->type_name("TIME");
  run->add_option("--threads", runOptions.threads, "threads for the trials (default: all cores)")
      ->check(CLI::PositiveNumber);
  run->add_option("--out", runOptions.out, "output directory")->default_str("out");
  run->add_flag("--quiet", runOptions.quiet, "no progress on stderr");
  run->add_option("--instance", runOptions.instance,
                  "run on a saved network instance (docs/instance-format.md) instead of sampling "
                  "one")
      ->check(CLI::ExistingFile);
  std::string backend = "jit";
  run->add_option("--backend", backend, "jit or interpreter")
      ->check(CLI::IsMember({"jit", "interpreter"}))
      ->default_str("jit");
  bool printLlvm = false;
  CLI::App* ir = app.add_subcommand("ir",
                                    "print the model after a pass (the AST in .lsm form "
                                    "before name binding, the IR after)");
  addModelOptions(ir);
  ir->footer(passList());
  CLI::Option* after =
      ir->add_option("--after", options.after,
                     "the last pass (or stage) to run; default: all (see the list below)")
          ->check(CLI::IsMember(stopNames()).description(""))
          ->type_name("PASS");
  ir->add_flag("--print-after-all", options.printAfterAll,
               "print the model after every pass, each under a line '# after PASS'");
  ir->add_flag("--llvm", printLlvm, "print the optimised LLVM IR of the step kernels")
      ->excludes(after);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  try {
    auto started = std::chrono::steady_clock::now();
    lsm::ir::Model model;
    if (ir->parsed() && !printLlvm) {
      // The model after the last pass that ran, or after each.
      std::string last;
      bool ok = compile(nullptr, options, [&](const std::string& pass, const std::string& text) {
        if (options.printAfterAll)
          std::fputs(fmt::format("# after {}\n{}\n", pass, text).c_str(), stdout);
        last = text;
      });
      if (!ok) return 1;
      if (!options.printAfterAll) std::fputs(last.c_str(), stdout);
      return 0;
    }
    if (!compile(&model, options)) return 1;
    if (run->parsed()) {
      runOptions.file = options.file;
      runOptions.interpreter = backend == "interpreter";
      runOptions.compileSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return lsm::cli::runExperiment(model, runOptions);
    }
    if (ir->parsed()) {
      std::fputs(
          lsm::CompiledModel::compile(model, {.keepOptimisedIr = true})->optimisedIr().c_str(),
          stdout);
      return 0;
    }
    std::fputs(summary(options.file, model).c_str(), stdout);
    return 0;
  } catch (const CLI::ValidationError& error) {
    std::fprintf(stderr, "lsmc: error: %s\n", error.what());
    return 2;
  } catch (const lsm::JitError& error) {
    std::fprintf(stderr, "lsmc: error: code generation failed: %s\n", error.what());
    return 1;
  } catch (const lsm::BuildError& error) {
    std::fprintf(stderr, "lsmc: error: %s\n", error.what());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lsmc: internal error: %s\n", error.what());
    return 3;
  }
}
