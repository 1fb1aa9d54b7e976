// The driver of the front end: runs the pass table (pipeline/pass_table.cpp) in order on a
// file or text — skipping the optimisation passes switched off, stopping after the one asked
// for, or where a stage reported errors, so that later passes only see input that earlier
// ones accepted — verifies the IR after every pass when asked, and hands each pass's result
// to the caller's hook (`lsmc ir --print-after-all`).
#include "lsm/frontend.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "pipeline/pass_table.hpp"
#include "pipeline/verifier.hpp"

namespace lsm {

namespace {

bool verifierWanted(const FrontendOptions& options) {
  if (options.verifyIr) return *options.verifyIr;
#ifndef NDEBUG
  return true;
#else
  const char* variable = std::getenv("LSMC_VERIFY_IR");
  return variable != nullptr && std::string(variable) == "1";
#endif
}

// Whether `name` (a pass or a stage) is where the pipeline stops after `pass`.
bool stopsAfter(const std::string& name, const pipeline::Pass& pass, const pipeline::Pass* next) {
  if (name.empty()) return false;
  if (pass.name == name) return true;
  // A stage: its last pass.
  return pipeline::spelling(pass.stage) == name &&
         (next == nullptr || pipeline::spelling(next->stage) != name);
}

bool isStageName(const std::string& name) {
  for (const auto& pass : pipeline::passes())
    if (pipeline::spelling(pass.stage) == name) return true;
  return false;
}

// The passes to skip, checked against the table.
std::vector<std::string> disabledPasses(const FrontendOptions& options) {
  std::vector<std::string> disabled = options.disabledPasses;
  if (!options.lazySynapses) disabled.push_back("lazy-synapses");
  if (options.brian2Arithmetic) {
    for (const auto& pass : pipeline::passes())
      if (pass.changesRounding) disabled.emplace_back(pass.name);
  }
  for (const auto& name : disabled) {
    const pipeline::Pass* pass = pipeline::findPass(name);
    if (pass == nullptr || !pass->optional) {
      throw std::invalid_argument(
          fmt::format("'{}' is not an optimisation pass that can be switched off", name));
    }
  }
  if (options.lastPass == LastPass::integration) {
    for (const auto& pass : pipeline::passes())
      if (pass.stage == pipeline::Stage::optimisation) disabled.emplace_back(pass.name);
  }
  return disabled;
}

void run(pipeline::State& state) {
  const FrontendOptions& options = state.options;
  // `checks` is the older name of the semantic analysis stage.
  std::string stopAfter = options.stopAfter == "checks" ? "sema" : options.stopAfter;
  if (options.lastPass == LastPass::checks && stopAfter.empty()) stopAfter = "sema";
  if (!stopAfter.empty() && pipeline::findPass(stopAfter) == nullptr && !isStageName(stopAfter)) {
    throw std::invalid_argument(fmt::format("'{}' is no pass or stage of the pipeline", stopAfter));
  }
  const std::vector<std::string> disabled = disabledPasses(options);
  const bool verify = verifierWanted(options);
  ir::Invariant established = ir::Invariant::none;
  const auto& passes = pipeline::passes();
  for (std::size_t k = 0; k < passes.size(); ++k) {
    const pipeline::Pass& pass = passes[k];
    const pipeline::Pass* next = k + 1 < passes.size() ? &passes[k + 1] : nullptr;
    bool skip = std::find(disabled.begin(), disabled.end(), pass.name) != disabled.end();
    if (!skip) {
      pass.run(state);
      established = std::max(established, pass.establishes);
      bool accepted = !state.diagnostics.hasErrors() && !state.stop;
      if (verify && accepted && state.model) {
        auto problems = ir::verify(*state.model, established);
        if (!problems.empty()) {
          throw std::logic_error(fmt::format("the IR after pass '{}' breaks an invariant: {}",
                                             pass.name, problems.front()));
        }
      }
      if (options.afterEachPass && accepted) {
        options.afterEachPass(std::string(pass.name), pipeline::print(state));
      }
    }
    if (state.stop) break;
    if (pass.stopsOnErrors && state.diagnostics.hasErrors()) break;
    if (stopsAfter(stopAfter, pass, next)) break;
  }
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
  auto body = [](void* argument) -> void* {
    auto* t = static_cast<Task*>(argument);
    try {
      (*t->work)();
    } catch (...) {
      t->error = std::current_exception();
    }
    return nullptr;
  };
  int created = pthread_create(&thread, &attributes, body, &task);
  pthread_attr_destroy(&attributes);
  if (created != 0) {
    work();  // no thread to be had: run here
    return;
  }
  pthread_join(thread, nullptr);
  if (task.error) std::rethrow_exception(task.error);
}

FrontendResult compile(const std::string& path, const std::string* text, SourceManager& sources,
                       const FrontendOptions& options) {
  FrontendResult result{std::nullopt, DiagnosticEngine(options.maxErrors)};
  withLargeStack([&] {
    pipeline::State state(sources, options, result.diagnostics);
    state.path = path;
    if (text != nullptr) state.text = *text;
    run(state);
    if (!result.diagnostics.hasErrors() && !state.stop) result.model = std::move(state.model);
  });
  return result;
}

}  // namespace

const std::vector<PassInfo>& frontendPasses() {
  static const std::vector<PassInfo> infos = [] {
    std::vector<PassInfo> out;
    for (const auto& pass : pipeline::passes()) {
      out.push_back({std::string(pass.name), std::string(pipeline::spelling(pass.stage)),
                     std::string(pass.summary), pass.optional, pass.changesRounding});
    }
    return out;
  }();
  return infos;
}

FrontendResult compileFile(const std::string& path, SourceManager& sources,
                           const FrontendOptions& options) {
  return compile(path, nullptr, sources, options);
}

FrontendResult compileString(const std::string& name, const std::string& text,
                             SourceManager& sources, const FrontendOptions& options) {
  return compile(name, &text, sources, options);
}

}  // namespace lsm
