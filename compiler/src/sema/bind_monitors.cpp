// Name binding of monitors (their population, variables and recording settings) and of the
// experiment (its values and the objects it names).
#include <fmt/format.h>

#include <cmath>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"
#include "sema/experiment_schema.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

void Binder::monitor(const ast::Monitor& m) {
  if (!scope_.declare(m.name, m.location, "monitor")) return;
  ir::Monitor out;
  out.name = m.name;
  out.location = m.location;
  out.kind = monitorKindNamed(m.kind).value();  // the monitor-forms check's
  const ast::Expr& recorded = m.arguments[0];
  const std::vector<ir::Variable>* variables = nullptr;
  std::string owner;
  if (const ir::Synapses* s = model_.findSynapses(recorded.name);
      s != nullptr && out.kind == ir::Monitor::Kind::state) {
    out.synapses = s->name;
    variables = &s->variables;
    owner = s->name;
  } else {
    auto p = population(recorded.name, recorded.location);
    if (!p) {
      scope_.poison(m.name);  // its uses report nothing more
      return;
    }
    out.population = *p;
    variables = variablesOf(*p);
    owner = p->name;
  }
  // `events(POP, NAME, VAR, ...)`: Brian2's EventMonitor of the event NAME.
  std::size_t firstVariable = 1;
  if (m.kind == "events") {
    out.event = eventOf(out.population, m.arguments[1].name, m.arguments[1].location);
    if (out.event.empty()) {
      scope_.poison(m.name);
      return;
    }
    firstVariable = 2;
  }
  for (std::size_t k = firstVariable; k < m.arguments.size(); ++k) {
    const std::string& n = m.arguments[k].name;
    if (findVariable(variables, n) == nullptr && scope_.isPoisoned(n)) {
      scope_.poison(m.name);
      return;
    }
    if (findVariable(variables, n) == nullptr) {
      std::vector<std::string> names;
      for (const auto& v : *variables) names.push_back(v.name);
      diagnostics_.error(m.arguments[k].location, fmt::format("'{}' has no variable '{}'{}", owner,
                                                              n, didYouMean(n, names)));
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
    // A synapses object's size is known once the network is built (the runtime checks then).
    double size = out.synapses.empty() ? static_cast<double>(out.population.size()) : 1e12;
    if (!value->dimension.isDimensionless() || std::trunc(index) != index || index < 0 ||
        index >= size) {
      if (!out.synapses.empty()) {
        diagnostics_.error(statement.value.location,
                           fmt::format("'elements' takes synapse indices of '{}' (0, 1, ...), got "
                                       "{}",
                                       out.synapses, formatQuantity(*value)));
        return false;
      }
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
    if (item.kind == ast::BodyItem::Kind::call) {
      runStep(item, out);
      continue;
    }
    if (item.kind == ast::BodyItem::Kind::assignment) {
      assignmentStep(item, out);
      continue;
    }
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

// `run(200 ms)`: its duration (unit checking and the experiment-values check judge it).
void Binder::runStep(const ast::BodyItem& item, ir::Experiment& out) {
  auto duration =
      constants_.evaluate(item.arguments.at(0), "the experiment", "the duration of run(...)");
  if (!duration) return;
  ir::ExperimentStep step;
  step.kind = ir::ExperimentStep::Kind::run;
  step.location = item.arguments.at(0).location;
  step.duration = *duration;
  out.steps.push_back(std::move(step));
}

// `neurons.I = 0.5 nA` (any statement on a group, subgroup or synapses' variable, bound as in
// their initialisation) or `spikes.active = False`.
void Binder::assignmentStep(const ast::BodyItem& item, ir::Experiment& out) {
  const ast::Statement& s = item.statements.at(0);
  if (item.key.empty()) {
    assignmentWithoutObject(s);
    return;
  }
  ir::ExperimentStep step;
  step.location = item.location;
  step.object = item.key;
  for (const ir::Monitor& m : model_.monitors) {
    if (m.name != item.key) continue;
    if (s.target != "active" || s.condition || s.op != AssignOp::assign ||
        s.value.kind != ast::Expr::Kind::boolean) {
      diagnostics_.error(s.targetLocation, fmt::format("a monitor is switched on and off with "
                                                       "'{}.active = True' or '... = False'",
                                                       m.name));
      return;
    }
    step.kind = ir::ExperimentStep::Kind::monitorActive;
    step.active = s.value.boolean;
    out.steps.push_back(std::move(step));
    return;
  }
  step.kind = ir::ExperimentStep::Kind::assign;
  ast::BodyItem body;  // the one statement as a statement list
  body.statements.push_back(s);
  std::string owner;
  if (ir::NeuronGroup* g = model_.findGroup(item.key)) {
    owner = fmt::format("group '{}'", g->name);
    step.statement = statements(&body, groupScope(*g, describePlace(Place::betweenRuns, owner)),
                                {&g->variables});
  } else if (const ir::Subgroup* sub = findSubgroup(item.key)) {
    const ir::NeuronGroup* parent = model_.findGroup(sub->group);
    owner = fmt::format("subgroup '{}'", sub->name);
    step.statement = statements(
        &body, groupScope(*parent, describePlace(Place::betweenRuns, owner)), {&parent->variables});
  } else if (const ir::Synapses* syn = model_.findSynapses(item.key)) {
    owner = fmt::format("synapses '{}'", syn->name);
    step.statement = statements(&body, synapsesScope(*syn, Place::betweenRuns), {&syn->variables});
  } else {
    if (scope_.isPoisoned(item.key)) return;
    std::vector<std::string> names;
    for (const auto& g : model_.groups) names.push_back(g.name);
    for (const auto& g : model_.subgroups) names.push_back(g.name);
    for (const auto& g : model_.synapses) names.push_back(g.name);
    for (const auto& m : model_.monitors) names.push_back(m.name);
    diagnostics_.error(item.location,
                       fmt::format("unknown group, subgroup, synapses or monitor '{}'{}", item.key,
                                   didYouMean(item.key, names)));
    return;
  }
  if (step.statement.empty()) return;  // reported
  out.steps.push_back(std::move(step));
}

// `TAU = 5 ms` or `I = 1 nA` between runs: what the user most likely meant.
void Binder::assignmentWithoutObject(const ast::Statement& s) {
  if (scope_.constant(s.target) != nullptr) {
    diagnostics_.error(s.targetLocation,
                       fmt::format("'{}' is a constant of the model: its value is fixed when the "
                                   "model is compiled (change it with --set {}=..., or make it a "
                                   "parameter of a group to change it between runs)",
                                   s.target, s.target));
    return;
  }
  std::vector<std::string> owners;
  for (const auto& g : model_.groups)
    if (g.findVariable(s.target) != nullptr) owners.push_back(g.name);
  for (const auto& syn : model_.synapses)
    if (syn.findVariable(s.target) != nullptr) owners.push_back(syn.name);
  diagnostics_.error(
      s.targetLocation,
      owners.empty()
          ? fmt::format("'{} = ...' between runs needs the object it sets: write "
                        "'GROUP.{} = ...'",
                        s.target, s.target)
          : fmt::format("'{} = ...' between runs needs the object it sets: write '{}.{} = ...'",
                        s.target, owners.front(), s.target));
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
  if (scope_.isPoisoned(e.name)) return false;  // reported where it is defined
  if (std::find(candidates.begin(), candidates.end(), e.name) == candidates.end()) {
    diagnostics_.error(
        e.location, fmt::format("'{}' is not {}{}", e.name, what, didYouMean(e.name, candidates)));
    return false;
  }
  setting.names.push_back(e.name);
  return true;
}

}  // namespace lsm::sema
