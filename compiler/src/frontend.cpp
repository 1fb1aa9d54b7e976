// The front-end pipeline, in order: load (parse + imports) -> flag context conditions ->
// template expansion -> name resolution (AST -> IR) -> unit checking -> subexpression cycles
// -> flag use -> integration -> lazy synapses -> constant hoisting -> schedule. Each stage stops
// the pipeline when it reported errors, so later stages only see input that earlier ones accepted.
#include "lsm/frontend.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <functional>
#include <stdexcept>

#include "parser/parser.hpp"
#include "passes/constant_hoisting.hpp"
#include "passes/flag_check.hpp"
#include "passes/import_resolution.hpp"
#include "passes/integration.hpp"
#include "passes/lazy_synapses.hpp"
#include "passes/name_resolution.hpp"
#include "passes/schedule.hpp"
#include "passes/subexpression_cycles.hpp"
#include "passes/template_expansion.hpp"
#include "passes/unit_check.hpp"

namespace lsm {

namespace {

// `--set NAME=VALUE`: the value is model text, parsed as the constant definition
// `NAME = VALUE` so that errors in it point into the option.
std::optional<std::vector<ParsedOverride>> parseOverrides(const FrontendOptions& options,
                                                          SourceManager& sources,
                                                          DiagnosticEngine& diagnostics) {
  std::vector<ParsedOverride> parsed;
  bool ok = true;
  for (const ConstantOverride& o : options.overrides) {
    std::string name = fmt::format("--set {}", o.name);
    const std::string& text = sources.add(name, fmt::format("{} = {}", o.name, o.value));
    auto module = parseModule(name, text, diagnostics);
    if (!module || module->constants.size() != 1) {
      if (module) diagnostics.error({name, 1, 1}, "the value must be one expression");
      ok = false;
      continue;
    }
    parsed.push_back({o.name, module->constants[0].value});
  }
  if (!ok) return std::nullopt;
  return parsed;
}

FrontendResult compile(std::optional<ast::Module> module, SourceManager& sources,
                       const FrontendOptions& options, FrontendResult result) {
  DiagnosticEngine& diagnostics = result.diagnostics;
  if (!module) return result;
  checkEquationFlags(*module, diagnostics);
  expandTemplates(*module, diagnostics);
  auto overrides = parseOverrides(options, sources, diagnostics);
  if (diagnostics.hasErrors() || !overrides) return result;
  auto model = resolveNames(*module, *overrides, diagnostics);
  if (!model) return result;
  checkUnits(*model, diagnostics);
  checkSubexpressionCycles(*model, diagnostics);
  if (diagnostics.hasErrors()) return result;
  checkFlagUse(*model, diagnostics);
  if (diagnostics.hasErrors()) return result;
  if (options.lastPass >= LastPass::integration) {
    integrate(*model, diagnostics);
    if (diagnostics.hasErrors()) return result;
    if (options.lastPass >= LastPass::optimisation) {
      if (options.lazySynapses) makeSynapsesLazy(*model);
      hoistConstants(*model);
    }
    schedule(*model);
  }
  result.model = std::move(model);
  return result;
}

// Runs `work` on a thread with a large stack: the stages walk trees recursively, and a model
// with a very long expression must not overflow the caller's stack.
void withLargeStack(const std::function<void()>& work) {
  constexpr std::size_t stackSize = std::size_t{256} << 20;  // reserved, not committed
  struct Task {
    const std::function<void()>* work;
    std::exception_ptr error;
  } task{&work, nullptr};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, stackSize);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    auto* t = static_cast<Task*>(argument);
    try {
      (*t->work)();
    } catch (...) {
      t->error = std::current_exception();
    }
    return nullptr;
  };
  int created = pthread_create(&thread, &attributes, run, &task);
  pthread_attr_destroy(&attributes);
  if (created != 0) {
    work();  // no thread to be had: run here
    return;
  }
  pthread_join(thread, nullptr);
  if (task.error) std::rethrow_exception(task.error);
}

}  // namespace

FrontendResult compileFile(const std::string& path, SourceManager& sources,
                           const FrontendOptions& options) {
  FrontendResult result{std::nullopt, DiagnosticEngine(options.maxErrors)};
  withLargeStack([&] {
    auto module = loadModel(path, sources, result.diagnostics);
    result = compile(std::move(module), sources, options, std::move(result));
  });
  return result;
}

FrontendResult compileString(const std::string& name, const std::string& text,
                             SourceManager& sources, const FrontendOptions& options) {
  FrontendResult result{std::nullopt, DiagnosticEngine(options.maxErrors)};
  withLargeStack([&] {
    auto module = loadModelText(name, text, sources, result.diagnostics);
    result = compile(std::move(module), sources, options, std::move(result));
  });
  return result;
}

}  // namespace lsm
