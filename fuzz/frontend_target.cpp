// Fuzz target: model text through the whole front end (parse, imports, checks, IR,
// integration, optimisation, schedule) with the IR verifier after every pass, the
// diagnostics' rendering and the IR printer, and for models that pass, the JIT. A user's mistake
// must be a diagnostic: anything that escapes (std::logic_error, a JitError for a model the checks
// accepted) or crashes is a finding.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_target.hpp"
#include "lsm/frontend.hpp"
#include "lsm/ir_printer.hpp"
#include "lsm/jit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lsm::fuzz::CpuTimeLimit limit;
  std::string text(reinterpret_cast<const char*>(data), size);
  lsm::SourceManager sources;
  lsm::FrontendOptions options;
  options.maxErrors = 5;
  // The IR verifier after every pass: a broken invariant throws std::logic_error, a finding.
  options.verifyIr = true;
  auto result = lsm::compileString("fuzz.lsm", text, sources, options);
  std::string rendered = lsm::renderDiagnostics(result.diagnostics, sources);
  if (!result.model) {
    if (!result.diagnostics.hasErrors()) lsm::fuzz::finding("no model and no error");
    return 0;
  }
  std::string printed = lsm::ir::toString(*result.model);
  // Compiling costs hundreds of times a rejected input; a share of the accepted ones,
  // chosen by their text, keeps the executions per second useful (LSMC_FUZZ_SAMPLE=all: every
  // one, as the regression replay does).
  if (lsm::fuzz::jitThisInput(text)) {
    try {
      lsm::CompiledModel::compile(*result.model, {.fastCodeGeneration = true});
    } catch (const lsm::JitError& error) {
      lsm::fuzz::finding(std::string("JIT failed on a checked model: ") + error.what());
    }
  }
  return 0;
}
