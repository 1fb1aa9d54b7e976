// Helpers for tests that compile model text.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"

namespace lsm::test {

struct Compiled {
  FrontendResult result;
  std::string diagnostics;  // rendered
  const ir::Model& model() const { return *result.model; }
  bool ok() const { return result.model.has_value(); }
  // The first error's message, or "" when there is none.
  std::string firstError() const {
    return result.diagnostics.diagnostics().empty() ? ""
                                                    : result.diagnostics.diagnostics()[0].message;
  }
};

inline Compiled compileText(const std::string& text, FrontendOptions options = {}) {
  SourceManager sources;
  auto result = compileString("test.lsm", text, sources, options);
  std::string rendered = renderDiagnostics(result.diagnostics, sources);
  return Compiled{std::move(result), std::move(rendered)};
}

// The model of `text`, shared as the runtime takes it; nullptr, with the diagnostics as the
// test's failure, when it does not compile.
inline std::shared_ptr<const ir::Model> compileModel(const std::string& text) {
  Compiled compiled = compileText(text);
  if (!compiled.ok()) {
    ADD_FAILURE() << compiled.diagnostics;
    return nullptr;
  }
  return std::make_shared<const ir::Model>(std::move(*compiled.result.model));
}

// Stops after integration, before the optimisation passes: for the tests of integration.
inline Compiled compileIntegrated(const std::string& text) {
  FrontendOptions options;
  options.lastPass = LastPass::integration;
  return compileText(text, options);
}

// Stops after the checks, before integration: for the tests of the passes before it.
inline Compiled compileChecked(const std::string& text) {
  FrontendOptions options;
  options.lastPass = LastPass::checks;
  return compileText(text, options);
}

// The front end's options without the optimisations on the step plan: for the tests of the
// lowering, and for a pass's test to switch on only its own pass.
inline FrontendOptions withoutPlanOptimisations(const std::vector<std::string>& except = {}) {
  FrontendOptions options;
  for (const PassInfo& pass : frontendPasses()) {
    if (pass.stage != "plan" || !pass.optional) continue;
    if (std::find(except.begin(), except.end(), pass.name) != except.end()) continue;
    options.disabledPasses.push_back(pass.name);
  }
  return options;
}

// A minimal valid group to build tests on.
inline const char* lifGroup = R"(
group neurons(10) {
    equations {
        dv/dt = (v_rest - v)/tau : volt (unless refractory)
        tau : second (shared, constant)
        v_rest : volt (shared, constant)
    }
    threshold: v > -50 mV
    reset: v = v_rest
    refractory: 2 ms
    init {
        tau = 20 ms
        v_rest = -65 mV
        v = v_rest
    }
}
)";

}  // namespace lsm::test
