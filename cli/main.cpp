// lsmc's command line over the compiler library, the entry of liblsmc_commands.so, which the
// executable (launcher.cpp) loads. Exit codes: 0 success, 1 errors in the model, 2 wrong usage.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>

#include "command_line.hpp"
#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/step_plan.hpp"
#include "lsm/units.hpp"
#include "lsm/version.hpp"
#include "run_command.hpp"

namespace {

// Compiles the file and prints diagnostics; false when the model has errors. `afterEachPass`
// sees each pass's result (`lsmc ir`); `model` is the IR when binding was reached.
bool compile(lsm::ir::Model* model, const std::string& file, lsm::FrontendOptions options,
             std::function<void(const std::string&, const std::string&)> afterEachPass = {}) {
  lsm::SourceManager sources;
  options.afterEachPass = std::move(afterEachPass);
  auto result = lsm::compileFile(file, sources, options);
  std::string rendered = lsm::renderDiagnostics(result.diagnostics, sources);
  if (!rendered.empty()) std::fputs(rendered.c_str(), stderr);
  if (result.diagnostics.hasErrors()) {
    std::fprintf(stderr, "%zu error%s\n", result.diagnostics.errorCount(),
                 result.diagnostics.errorCount() == 1 ? "" : "s");
  }
  if (model != nullptr && result.model) *model = std::move(*result.model);
  return !result.diagnostics.hasErrors();
}

std::string summary(const std::string& file, const lsm::ir::Model& model) {
  std::string out = fmt::format("{}: ok\n", file);
  out += fmt::format("  constants: {}\n", model.constants.size());
  for (const auto& g : model.groups) {
    const bool integrated = g.update && !g.update->statements.empty();
    out += fmt::format("  group {}: {} elements, {} variables, {} equations{}\n", g.name, g.size,
                       g.variables.size(), g.equations.size(),
                       integrated ? fmt::format(", method {}{}", lsm::ir::spelling(g.method),
                                                g.methodNamed ? "" : " (chosen)")
                                  : "");
  }
  for (const auto& s : model.subgroups) {
    out += fmt::format("  subgroup {} = {}[{}:{}]\n", s.name, s.group, s.start, s.stop);
  }
  for (const auto& g : model.generators) {
    out +=
        fmt::format("  spike_generator {}: {} element{}\n", g.name, g.size, g.size == 1 ? "" : "s");
  }
  for (const auto& s : model.synapses) {
    out += fmt::format("  synapses {}: {} -> {}{}{}{}\n", s.name, s.source.name, s.target.name,
                       s.target.isSynapses ? " (its synapses)" : "",
                       s.model.empty() ? "" : fmt::format(" ({})", s.model),
                       s.update && !s.update->statements.empty()
                           ? fmt::format(", method {}{}", lsm::ir::spelling(s.method),
                                         s.methodNamed ? "" : " (chosen)")
                           : "");
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

extern "C" int lsmcMain(int argc, char** argv) {
  auto parsed = lsm::cli::parseCommandLine(argc, argv, std::cout, std::cerr);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  lsm::cli::CommandLine& line = std::get<lsm::cli::CommandLine>(parsed);
  using Command = lsm::cli::CommandLine::Command;
  const std::string& file = line.run.file;

  try {
    auto started = std::chrono::steady_clock::now();
    lsm::ir::Model model;
    if (line.command == Command::ir && line.printPlan) {
      if (!compile(&model, file, line.frontend)) return 1;
      std::fputs(lsm::ir::toString(*model.plan).c_str(), stdout);
      return 0;
    }
    if (line.command == Command::ir && !line.printLlvm) {
      // The model after the last pass that ran, or after each.
      std::string last;
      bool ok = compile(nullptr, file, line.frontend,
                        [&](const std::string& pass, const std::string& text) {
                          if (line.printAfterAll)
                            std::fputs(fmt::format("# after {}\n{}\n", pass, text).c_str(), stdout);
                          last = text;
                        });
      if (!ok) return 1;
      if (!line.printAfterAll) std::fputs(last.c_str(), stdout);
      return 0;
    }
    if (!compile(&model, file, line.frontend)) return 1;
    if (line.command == Command::run) {
      line.run.compileSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return lsm::cli::runExperiment(model, line.run);
    }
    if (line.command == Command::ir) {
      std::fputs(
          lsm::CompiledModel::compile(model, {.keepOptimisedIr = true})->optimisedIr().c_str(),
          stdout);
      return 0;
    }
    std::fputs(summary(file, model).c_str(), stdout);
    return 0;
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
