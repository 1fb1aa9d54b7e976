// The front end's pipeline as data: every pass with its name, stage and run function, in the
// order they run. The driver (frontend.cpp) runs them, stops where a stage reported errors,
// verifies the IR after each pass and prints after any; `lsmc ir --after PASS` and
// `--print-after-all` read the names from here. A new pass is one file and one row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/frontend.hpp"
#include "lsm/ir.hpp"
#include "lsm/source.hpp"
#include "pipeline/verifier.hpp"
#include "sema/constant_evaluation.hpp"
#include "sema/symbol_table.hpp"

namespace lsm::pipeline {

// What the passes read and transform.
struct State {
  State(SourceManager& sources, const FrontendOptions& options, DiagnosticEngine& diagnostics)
      : sources(sources), options(options), diagnostics(diagnostics), scope(diagnostics) {}

  SourceManager& sources;
  const FrontendOptions& options;
  DiagnosticEngine& diagnostics;
  // The input: a file, or text under a name.
  std::string path;
  std::optional<std::string> text;
  // The AST (after parsing), the symbol table and the IR (from constant evaluation on).
  std::optional<ast::Module> module;
  std::vector<sema::ParsedOverride> overrides;
  sema::ModelScope scope;
  std::optional<ir::Model> model;
  bool stop = false;        // a pass found the input unusable for the ones after it
  bool bound = false;       // name binding has made the IR (before, `model` holds the constants)
  bool integrated = false;  // the IR has state updates, and so a schedule
};

enum class Stage { parse, sema, integration, optimisation, schedule, plan };
std::string_view spelling(Stage stage);

struct Pass {
  std::string_view name;
  Stage stage;
  std::string_view summary;
  void (*run)(State& state);
  bool stopsOnErrors;         // the pipeline stops after this pass when any so far reported errors
  bool optional;              // an optimisation that can be switched off
  ir::Invariant establishes;  // what holds of the IR after it (and every later pass)
  bool changesRounding = false;  // an optimisation whose results may differ by rounding
};

const std::vector<Pass>& passes();
const Pass* findPass(std::string_view name);

// The model as it stands: the AST in .lsm form before name binding (with the evaluated
// constants once there are some), the IR after, with the schedule of its operations from
// integration on (as the schedule pass would make it, whether or not it has run), and its
// step plan once there is one.
std::string print(const State& state);

}  // namespace lsm::pipeline
