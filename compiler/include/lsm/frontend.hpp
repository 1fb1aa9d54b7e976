// The front end as one call: a .lsm file (or text) in, the checked IR and diagnostics out.
// Inside, it is a pipeline of named passes (frontendPasses()): parsing, semantic analysis
// (the AST checks, template expansion, constant evaluation, name binding, the IR checks),
// integration, the optimisation passes and the schedule.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"
#include "lsm/source.hpp"

namespace lsm {

struct ConstantOverride {
  std::string name;
  std::string value;  // model text, e.g. "20 mV"
};

// Coarse stopping points: after the checks (before integration), without the optimisation
// passes, or everything (the default). `FrontendOptions::stopAfter` names any pass.
enum class LastPass { checks, integration, optimisation };

// One pass of the pipeline, in order.
struct PassInfo {
  std::string name;     // "name-binding", "lazy-synapses", ...
  std::string stage;    // parse, sema, integration, optimisation, schedule
  std::string summary;  // one line
  bool optional;        // an optimisation that can be switched off (disabledPasses)
  // An optimisation that may change results by rounding (re-associating or precombining
  // arithmetic, within the precision contract, docs/precision.md); brian2Arithmetic leaves
  // these out.
  bool changesRounding;
};
const std::vector<PassInfo>& frontendPasses();

struct FrontendOptions {
  std::vector<ConstantOverride> overrides;  // `--set NAME=VALUE`
  std::size_t maxErrors = 20;
  LastPass lastPass = LastPass::optimisation;
  // Part of the optimisation: synapses whose variables are only needed at their events are
  // advanced then, not every step (passes/lazy_synapses.hpp). Off: the clock-driven update
  // that Brian2 runs, for comparison. The same as disabling the pass "lazy-synapses".
  bool lazySynapses = true;
  // Stop after this pass (a name of frontendPasses()) or after the last pass of this stage
  // ("checks" for sema); empty: run them all (as far as lastPass allows).
  // std::invalid_argument for other names. The model is as that pass left it: only the whole
  // pipeline (or lastPass) gives a schedule, which Simulation needs.
  std::string stopAfter;
  // Optional passes to skip (`--no-opt NAME`); std::invalid_argument for other names.
  std::vector<std::string> disabledPasses;
  // Keeps Brian2's order of floating-point operations: skips every optimisation that may
  // change results by rounding (`lsmc --brian2-arithmetic`), for comparisons.
  bool brian2Arithmetic = false;
  // Called after each pass that ran, with its name and the model as it stands (the AST in
  // .lsm form until name binding, with the constants' values once evaluated; then the IR as
  // lsm/ir_printer.hpp prints it, from integration on with its schedule).
  std::function<void(const std::string& pass, const std::string& printed)> afterEachPass;
  // Checks the IR's invariants after every pass (ir verifier; a broken invariant is lsmc's
  // bug and throws std::logic_error). Unset: on in builds without NDEBUG and when the
  // environment sets LSMC_VERIFY_IR=1 (as ctest does).
  std::optional<bool> verifyIr;
};

struct FrontendResult {
  std::optional<ir::Model> model;  // set when there were no errors (and binding was reached)
  DiagnosticEngine diagnostics;
};

// Runs the pipeline on a file or on text. `sources` keeps the text of every file read, for
// rendering the diagnostics. A user's mistake is a diagnostic, never an exception; only a
// fault of lsmc itself (std::logic_error, std::bad_alloc) or of the caller (an unknown pass
// name: std::invalid_argument) escapes. A model given as a string resolves its imports
// relative to the current directory.
FrontendResult compileFile(const std::string& path, SourceManager& sources,
                           const FrontendOptions& options = {});
FrontendResult compileString(const std::string& name, const std::string& text,
                             SourceManager& sources, const FrontendOptions& options = {});

}  // namespace lsm
