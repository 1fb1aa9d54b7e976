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

}  // namespace

void checkExperimentSettings(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (std::size_t k = 1; k < module.experiments.size(); ++k) {
    diagnostics.error(module.experiments[k].location, "a model has at most one experiment block");
  }
  if (module.experiments.empty()) return;
  std::vector<std::string> known;
  for (const auto& rule : experimentSettings()) known.push_back(rule.name);
  std::set<std::string> seen;
  for (const ast::BodyItem& item : module.experiments.front().body.items) {
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
