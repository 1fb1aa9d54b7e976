// Name binding of monitors (their population, variables and recording settings) and of the
// experiment (its values and the objects it names).
#include <fmt/format.h>

#include <cmath>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"
#include "sema/experiment_schema.hpp"

namespace lsm::sema {

void Binder::monitor(const ast::Monitor& m) {
  if (!scope_.declare(m.name, m.location, "monitor")) return;
  ir::Monitor out;
  out.name = m.name;
  out.location = m.location;
  out.kind = m.kind == "spikes" ? ir::Monitor::Kind::spikes : ir::Monitor::Kind::state;
  auto p = population(m.arguments[0].name, m.arguments[0].location);
  if (!p) return;
  out.population = *p;
  const auto* variables = variablesOf(*p);
  for (std::size_t k = 1; k < m.arguments.size(); ++k) {
    const std::string& n = m.arguments[k].name;
    if (findVariable(variables, n) == nullptr) {
      std::vector<std::string> names;
      for (const auto& v : *variables) names.push_back(v.name);
      diagnostics_.error(m.arguments[k].location, fmt::format("'{}' has no variable '{}'{}",
                                                              p->name, n, didYouMean(n, names)));
      return;
    }
    out.variables.push_back(n);
  }
  auto items = itemsByKey(m.body);
  if (const ast::BodyItem* every = itemOf(items, "every")) {
    if (!monitorEvery(*every, out)) return;
  }
  if (const ast::BodyItem* elements = itemOf(items, "elements")) {
    if (!monitorElements(*elements, out)) return;
  }
  model_.monitors.push_back(std::move(out));
}

// `every: 1 ms`: the recording interval (a multiple of dt, checked when dt is known).
bool Binder::monitorEvery(const ast::BodyItem& item, ir::Monitor& out) {
  const ast::Expr& e = settingExpression(item);
  auto value = constants_.evaluate(e, "a monitor", "'every'");
  if (!value) return false;
  if (!(value->dimension == Dimension::base(2)) || !(value->value > 0)) {
    diagnostics_.error(e.location, fmt::format("'every' must be a positive duration, got {}",
                                               formatQuantity(*value)));
    return false;
  }
  out.every = value->value;
  out.everyLocation = e.location;
  return true;
}

// `elements: 0, 5, 10`: which elements of the population to record.
bool Binder::monitorElements(const ast::BodyItem& item, ir::Monitor& out) {
  for (const ast::Statement& statement : item.statements) {
    if (statement.kind != ast::Statement::Kind::expression) {
      diagnostics_.error(statement.location, "'elements' takes indices, not assignments");
      return false;
    }
    auto value = constants_.evaluate(statement.value, "a monitor", "an element index");
    if (!value) return false;
    double index = value->value;
    if (!value->dimension.isDimensionless() || std::trunc(index) != index || index < 0 ||
        index >= static_cast<double>(out.population.size())) {
      diagnostics_.error(
          statement.value.location,
          fmt::format("'elements' takes indices from 0 to {} of '{}', got {}",
                      out.population.size() - 1, out.population.name, formatQuantity(*value)));
      return false;
    }
    out.elements.push_back(static_cast<std::int64_t>(index));
  }
  return true;
}

void Binder::experiment(const ast::Experiment& e) {
  ir::Experiment out;
  out.name = e.name;
  out.location = e.location;
  for (const ast::BodyItem& item : e.body.items) {
    const ExperimentRule* rule = experimentRule(item.key);
    if (rule == nullptr || out.find(item.key) != nullptr) continue;  // reported by the check
    ir::Setting setting{item.key, item.location, {}, {}, {}, {}};
    bool ok = true;
    for (const ast::Statement& statement : item.statements) {
      const ast::Expr& valueExpr = statement.value;
      if (rule->takesNames()) {
        ok = experimentName(valueExpr, rule->kind == ExperimentRule::Kind::spikeGenerator,
                            setting) &&
             ok;
        continue;
      }
      auto value = constants_.evaluate(valueExpr, "the experiment",
                                       fmt::format("experiment setting '{}'", item.key));
      if (!value) {
        ok = false;
        continue;
      }
      setting.values.push_back(*value);
      setting.valueLocations.push_back(valueExpr.location);
    }
    if (!ok) continue;
    if (!setting.values.empty()) setting.value = setting.values.front();
    out.settings.push_back(std::move(setting));
  }
  model_.experiment = std::move(out);
}

bool Binder::experimentName(const ast::Expr& e, bool generator, ir::Setting& setting) {
  std::vector<std::string> candidates;
  if (generator) {
    for (const auto& g : model_.generators) candidates.push_back(g.name);
  } else {
    for (const auto& m : model_.monitors)
      if (m.kind == ir::Monitor::Kind::spikes) candidates.push_back(m.name);
  }
  const char* what = generator ? "a spike_generator" : "a spike monitor";
  if (std::find(candidates.begin(), candidates.end(), e.name) == candidates.end()) {
    diagnostics_.error(
        e.location, fmt::format("'{}' is not {}{}", e.name, what, didYouMean(e.name, candidates)));
    return false;
  }
  setting.names.push_back(e.name);
  return true;
}

}  // namespace lsm::sema
