// Name binding of synapses: source and target populations, template parameters, variables
// and equations, summed variables, on_pre/on_post, the connection rule, the delay.
#include <fmt/format.h>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"
#include "sema/names.hpp"
#include "sema/unit_spec.hpp"

namespace lsm::sema {

std::optional<ir::Population> Binder::population(const std::string& n,
                                                 const SourceLocation& where) {
  if (const ir::Population* p = scope_.population(n)) return *p;
  if (scope_.isPoisoned(n)) return std::nullopt;  // its definition failed
  diagnostics_.error(where, fmt::format("unknown group, subgroup or spike_generator '{}'{}", n,
                                        didYouMean(n, scope_.populationNames())));
  return std::nullopt;
}

const std::vector<ir::Variable>* Binder::variablesOf(const ir::Population& p) const {
  static const std::vector<ir::Variable> none;
  if (p.isGenerator) return &none;
  const ir::NeuronGroup* group = model_.findGroup(p.group);
  return group == nullptr ? &none : &group->variables;
}

void Binder::synapses(const ast::Synapses& s) {
  if (!scope_.declare(s.name, s.location, "synapses")) return;
  std::string owner = fmt::format("synapses '{}'", s.name);
  auto items = itemsByKey(s.body);
  auto source = population(s.source, s.sourceLocation);
  auto target = population(s.target, s.targetLocation);
  if (!source || !target) return;
  if (target->isGenerator) {
    diagnostics_.error(
        s.targetLocation,
        fmt::format("spike_generator '{}' cannot be the target of synapses", s.target));
    return;
  }
  ir::Synapses out;
  out.name = s.name;
  out.location = s.location;
  out.model = s.modelName.value_or("");
  out.source = *source;
  out.target = *target;

  // A parameter with a declared unit has that dimension in the synapses' code whatever its
  // argument has: unit checking compares the two once, and the code type-checks as written.
  std::map<std::string, Quantity>& parameters = synapseParameters_[s.name];
  for (const ast::Binding& b : s.bindings) {
    auto value = constants_.evaluate(b.value, "a synapse_model argument",
                                     fmt::format("argument '{}'", b.name));
    if (!value) {
      scope_.poison(b.name);
      continue;
    }
    ir::ParameterValue parameter{b.name, *value, std::nullopt, b.value.location};
    Quantity visible = *value;
    if (b.unit) {
      auto declared = unitSpec(*b.unit, diagnostics_);
      if (!declared) {
        scope_.poison(b.name);
        continue;
      }
      parameter.declared = declared->first;
      visible.dimension = declared->first;
    }
    parameters[b.name] = visible;
    out.parameters.push_back(std::move(parameter));
  }

  declareVariables(itemOf(items, "equations"), out.variables, true);
  for (const auto& v : out.variables) {
    if (parameters.count(v.name) > 0) {
      diagnostics_.error(v.location, fmt::format("variable '{}' has the name of a parameter of "
                                                 "synapse_model '{}'",
                                                 v.name, out.model));
    }
  }
  const std::vector<ir::Variable>* pre = variablesOf(*source);
  const std::vector<ir::Variable>* post = variablesOf(*target);

  auto at = [&](Place place) { return synapsesScope(out, place); };
  bindEquations(itemOf(items, "equations"), out.equations, out.variables, at(Place::equations));
  summedVariables(itemOf(items, "equations"), out, at(Place::equations));

  AssignmentTargets synaptic{&out.variables, pre, post};
  out.onPre = statements(itemOf(items, "on_pre"), at(Place::onPre), synaptic);
  out.onPost = statements(itemOf(items, "on_post"), at(Place::onPost), synaptic);

  if (const ast::BodyItem* item = itemOf(items, "connect")) {
    // The rule decides which synapses exist: it sees the source and the target, not them.
    ExpressionScope connect = at(Place::connect);
    connect.postWithoutSuffix = false;
    connect.own = nullptr;
    out.connect = connectRule(*item, connect);
  }
  if (const ast::BodyItem* item = itemOf(items, "delay")) {
    if (auto d = bind(settingExpression(*item), at(Place::delay))) out.delay = std::move(*d);
  }
  out.method = method(itemOf(items, "method"));
  AssignmentTargets own{&out.variables};
  out.init = statements(itemOf(items, "init"), at(Place::initialisation), own);
  out.trialInit = statements(itemOf(items, "trial_init"), at(Place::initialisation), own);
  model_.synapses.push_back(std::move(out));
}

ExpressionScope Binder::synapsesScope(const ir::Synapses& synapses, Place place) const {
  ExpressionScope scope;
  scope.place = describePlace(place, fmt::format("synapses '{}'", synapses.name));
  scope.own = &synapses.variables;
  scope.pre = variablesOf(synapses.source);
  scope.post = variablesOf(synapses.target);
  scope.synapses = true;
  scope.postWithoutSuffix = true;
  if (auto found = synapseParameters_.find(synapses.name); found != synapseParameters_.end()) {
    scope.parameters = &found->second;
  }
  return scope;
}

const ir::Subgroup* Binder::findSubgroup(const std::string& name) const {
  for (const auto& s : model_.subgroups)
    if (s.name == name) return &s;
  return nullptr;
}

void Binder::summedVariables(const ast::BodyItem* equations, ir::Synapses& out,
                             const ExpressionScope& scope) {
  if (equations == nullptr) return;
  for (const ast::Equation& eq : equations->equations) {
    // The summed-variable check reports the ones without a _post name or right-hand side.
    if (!hasFlag(eq, EquationFlag::summed) || !eq.rhs || !endsWith(eq.name, "_post")) continue;
    auto unit = unitSpec(eq.unit, diagnostics_);
    if (!unit) continue;
    auto rhs = bind(*eq.rhs, scope);
    if (!rhs) continue;
    std::string target = eq.name.substr(0, eq.name.size() - 5);
    out.summed.push_back(
        {target, ir::Scope::post, eq.location, std::move(*rhs), unit->first, {}, {}, true});
  }
}

ir::ConnectRule Binder::connectRule(const ast::BodyItem& item, const ExpressionScope& scope) {
  ir::ConnectRule rule;
  rule.location = item.location;
  rule.kind = ir::ConnectRule::Kind::all_to_all;
  for (const ast::Statement& s : item.statements) {
    if (s.kind == ast::Statement::Kind::expression && s.value.kind == ast::Expr::Kind::name &&
        (s.value.name == "one_to_one" || s.value.name == "all_to_all") &&
        item.statements.size() == 1) {
      rule.kind = s.value.name == "one_to_one" ? ir::ConnectRule::Kind::one_to_one
                                               : ir::ConnectRule::Kind::all_to_all;
      continue;
    }
    if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
        (s.target != "p" && s.target != "condition")) {
      diagnostics_.error(s.location,
                         "a connection rule is 'p = expression', 'condition = expression' (or "
                         "both, separated by a comma), 'one_to_one' or 'all_to_all'");
      continue;
    }
    auto value = bind(s.value, scope);
    if (!value) continue;
    if (s.target == "p") {
      if (rule.probability) diagnostics_.error(s.location, "'p' is given twice");
      rule.probability = std::move(*value);
      rule.kind = ir::ConnectRule::Kind::probability;
    } else {
      if (rule.condition) diagnostics_.error(s.location, "'condition' is given twice");
      rule.condition = std::move(*value);
      if (rule.kind != ir::ConnectRule::Kind::probability) {
        rule.kind = ir::ConnectRule::Kind::all_to_all;
      }
    }
  }
  return rule;
}

}  // namespace lsm::sema
