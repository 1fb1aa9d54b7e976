// lsmc: the command line over the compiler library. Exit codes: 0 success, 1 errors in the
// model, 2 wrong usage.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/version.hpp"
#include "run_command.hpp"

namespace {

struct Options {
  std::string file;
  std::vector<std::string> sets;
  lsm::LastPass after = lsm::LastPass::optimisation;
  bool clockDrivenSynapses = false;
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

// Compiles the file and prints diagnostics; nullopt when the model has errors.
std::optional<lsm::ir::Model> compile(const Options& options) {
  lsm::SourceManager sources;
  lsm::FrontendOptions frontendOptions;
  frontendOptions.overrides = parseSets(options.sets);
  frontendOptions.lastPass = options.after;
  frontendOptions.lazySynapses = !options.clockDrivenSynapses;
  auto result = lsm::compileFile(options.file, sources, frontendOptions);
  std::string rendered = lsm::renderDiagnostics(result.diagnostics, sources);
  if (!rendered.empty()) std::fputs(rendered.c_str(), stderr);
  if (result.diagnostics.hasErrors()) {
    std::fprintf(stderr, "%zu error%s\n", result.diagnostics.errorCount(),
                 result.diagnostics.errorCount() == 1 ? "" : "s");
  }
  return std::move(result.model);
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
    out += fmt::format("  monitor {}: {} of {}\n", m.name,
                       m.kind == lsm::ir::Monitor::Kind::spikes ? "spikes" : "state",
                       m.population.name);
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
                      "synapses at their events (same spikes, slower)");
  };
  CLI::App* check = app.add_subcommand("check", "check a model and summarise it");
  addModelOptions(check);
  CLI::App* run = app.add_subcommand("run", "run the model's experiment (Fig. 2 of Maass et al.)");
  addModelOptions(run);
  lsm::cli::RunOptions runOptions;
  run->add_option("--pairs", runOptions.pairs, "input pairs per distance (the model says 200)")
      ->check(CLI::PositiveNumber);
  run->add_option("--seed", runOptions.seed, "seed of the network and the inputs");
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
  CLI::App* ir = app.add_subcommand("ir", "print the IR of a model after a pass");
  addModelOptions(ir);
  const std::map<std::string, lsm::LastPass> passes = {
      {"checks", lsm::LastPass::checks},
      {"integration", lsm::LastPass::integration},
      {"optimisation", lsm::LastPass::optimisation}};
  ir->add_option("--after", options.after,
                 "the last pass to run: checks, integration or optimisation (the default)")
      ->transform(CLI::CheckedTransformer(passes, CLI::ignore_case))
      ->default_str("optimisation");
  ir->add_flag("--llvm", printLlvm, "print the optimised LLVM IR of the step kernels");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  try {
    auto started = std::chrono::steady_clock::now();
    auto model = compile(options);
    if (!model) return 1;
    if (run->parsed()) {
      runOptions.file = options.file;
      runOptions.interpreter = backend == "interpreter";
      runOptions.compileSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return lsm::cli::runExperiment(*model, runOptions);
    }
    if (ir->parsed() && printLlvm) {
      std::fputs(
          lsm::CompiledModel::compile(*model, {.keepOptimisedIr = true})->optimisedIr().c_str(),
          stdout);
      return 0;
    }
    if (check->parsed()) std::fputs(summary(options.file, *model).c_str(), stdout);
    if (ir->parsed()) std::fputs(lsm::ir::toString(*model).c_str(), stdout);
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
