// Check: a model has at most one experiment block; each of its settings is known
// (experiment_schema.hpp), given once, written as a setting, with one value where it takes
// one, values (not assignments), and names where it takes names. Runs on the AST.
#include <fmt/format.h>

#include <set>

#include "diagnostics/suggest.hpp"
#include "sema/checks.hpp"
#include "sema/experiment_schema.hpp"

namespace lsm::sema {

namespace {

void checkSetting(const ast::BodyItem& item, const ExperimentRule& rule,
                  DiagnosticEngine& diagnostics) {
  if (item.kind != ast::BodyItem::Kind::setting) {
    diagnostics.error(item.location,
                      fmt::format("'{}' is a setting: write '{}: ...'", item.key, item.key));
    return;
  }
  if (rule.takesOneValue() && item.statements.size() != 1) {
    diagnostics.error(item.location, fmt::format("'{}' takes one value", item.key));
    return;
  }
  for (const ast::Statement& statement : item.statements) {
    if (statement.kind != ast::Statement::Kind::expression) {
      diagnostics.error(statement.location,
                        fmt::format("'{}' takes values, not assignments", item.key));
    } else if (rule.takesNames() && statement.value.kind != ast::Expr::Kind::name) {
      diagnostics.error(
          statement.value.location,
          fmt::format("'{}' takes the name of {}", item.key,
                      rule.kind == ExperimentRule::Kind::spikeGenerator ? "a spike_generator"
                                                                        : "a spike monitor"));
    }
  }
}

// The steps of a simulation: run(DURATION) and assignments between runs, not in a separation
// experiment, not with a `duration` (which is one run).
void checkSteps(const ast::Experiment& experiment, DiagnosticEngine& diagnostics) {
  const ast::BodyItem* input = nullptr;
  const ast::BodyItem* duration = nullptr;
  const ast::BodyItem* firstRun = nullptr;
  for (const ast::BodyItem& item : experiment.body.items) {
    if (item.kind == ast::BodyItem::Kind::setting && item.key == "input") input = &item;
    if (item.kind == ast::BodyItem::Kind::setting && item.key == "duration") duration = &item;
  }
  for (const ast::BodyItem& item : experiment.body.items) {
    bool step =
        item.kind == ast::BodyItem::Kind::call || item.kind == ast::BodyItem::Kind::assignment;
    if (!step) continue;
    if (input != nullptr) {
      diagnostics.error(item.location,
                        "a separation experiment (it has 'input') runs its own trials: run(...) "
                        "and assignments between runs belong in a simulation");
      return;
    }
    if (item.kind != ast::BodyItem::Kind::call) continue;
    if (item.key != "run") {
      diagnostics.error(item.location,
                        fmt::format("unknown step '{}(...)' in the experiment{}", item.key,
                                    didYouMean(item.key, {"run"}).empty()
                                        ? std::string(" (a step is run(DURATION))")
                                        : didYouMean(item.key, {"run"})));
    } else if (item.arguments.size() != 1) {
      diagnostics.error(item.location, fmt::format("run(...) takes one duration, got {} "
                                                   "arguments",
                                                   item.arguments.size()));
    } else if (firstRun == nullptr) {
      firstRun = &item;
    }
  }
  if (duration != nullptr && firstRun != nullptr) {
    Diagnostic& error = diagnostics.error(
        duration->location, "'duration' and run(...) both say how long to simulate: keep one");
    error.notes.push_back({Severity::note, firstRun->location, "the first run(...) is here", {}});
  }
}

}  // namespace

void checkExperimentSettings(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (std::size_t k = 1; k < module.experiments.size(); ++k) {
    diagnostics.error(module.experiments[k].location, "a model has at most one experiment block");
  }
  if (module.experiments.empty()) return;
  std::vector<std::string> known;
  for (const auto& rule : experimentSettings()) known.push_back(rule.name);
  const ast::Experiment& experiment = module.experiments.front();
  checkSteps(experiment, diagnostics);
  std::set<std::string> seen;
  for (const ast::BodyItem& item : experiment.body.items) {
    if (item.kind == ast::BodyItem::Kind::call || item.kind == ast::BodyItem::Kind::assignment) {
      continue;  // steps
    }
    const ExperimentRule* rule = experimentRule(item.key);
    if (rule == nullptr) {
      diagnostics.error(item.location, fmt::format("unknown experiment setting '{}'{}", item.key,
                                                   didYouMean(item.key, known)));
    } else if (!seen.insert(item.key).second) {
      diagnostics.error(item.location, fmt::format("duplicate '{}' in the experiment", item.key));
    } else {
      checkSetting(item, *rule, diagnostics);
    }
  }
}

}  // namespace lsm::sema
