// Name binding of neuron groups (their variables and equations, threshold,
// reset, refractoriness, method, initialisation) and subgroups (slices of a group).
#include <fmt/format.h>

#include "diagnostics/suggest.hpp"
#include "integration/method_registry.hpp"
#include "sema/binder.hpp"
#include "sema/names.hpp"
#include "sema/unit_spec.hpp"

namespace lsm::sema {

void Binder::declareGroup(const ast::Group& g) {
  scope_.declare(g.name, g.location, "group");
  ir::NeuronGroup group;
  group.name = g.name;
  group.location = g.location;
  auto size = constants_.count(g.size, fmt::format("the size of group '{}'", g.name), 1);
  group.size = size.value_or(0);
  auto items = itemsByKey(g.body);
  declareVariables(itemOf(items, "equations"), group.variables, false);
  if (const ast::BodyItem* refractory = itemOf(items, "refractory")) {
    // Brian2's implicit variables of a group with a refractory period.
    ir::Variable lastspike;
    lastspike.name = "lastspike";
    lastspike.location = refractory->location;
    lastspike.dimension = Dimension::base(2);
    lastspike.implicit = true;
    ir::Variable notRefractory = lastspike;
    notRefractory.name = "not_refractory";
    notRefractory.dimension = {};
    notRefractory.type = ir::ValueType::boolean;
    group.variables.push_back(lastspike);
    group.variables.push_back(notRefractory);
  }
  if (size) {
    scope_.definePopulation(ir::Population{g.name, g.name, 0, *size, false});
  } else {
    scope_.poison(g.name);
  }
  model_.groups.push_back(std::move(group));
}

ExpressionScope Binder::groupScope(const ir::NeuronGroup& group, const std::string& place) const {
  ExpressionScope scope;
  scope.place = place;
  scope.own = &group.variables;
  return scope;
}

void Binder::defineGroup(const ast::Group& g, ir::NeuronGroup& group) {
  auto items = itemsByKey(g.body);
  std::string owner = fmt::format("group '{}'", g.name);
  auto at = [&](Place place) { return groupScope(group, describePlace(place, owner)); };
  links(itemOf(items, "linked"), group);
  bindEquations(itemOf(items, "equations"), group.equations, group.variables, at(Place::equations));
  if (const ast::BodyItem* item = itemOf(items, "threshold")) {
    if (auto threshold = bind(settingExpression(*item), at(Place::threshold))) {
      group.threshold = std::move(*threshold);
    }
  }
  if (const ast::BodyItem* item = itemOf(items, "refractory")) {
    if (auto refractory = bind(settingExpression(*item), at(Place::refractory))) {
      group.refractory = std::move(*refractory);
    }
  }
  group.method = method(itemOf(items, "method"));
  group.methodNamed = itemOf(items, "method") != nullptr;
  group.reset = statements(itemOf(items, "reset"), at(Place::reset), {&group.variables});
  group.init = statements(itemOf(items, "init"), at(Place::initialisation), {&group.variables});
  group.trialInit =
      statements(itemOf(items, "trial_init"), at(Place::initialisation), {&group.variables});
  group.regular = regularOperations(g.body, g.name, at(Place::regular), {&group.variables});
  groupEvents(g.body, group);
  linkedReadsAtBuild(group, group.init);
  linkedReadsAtBuild(group, group.trialInit);
}

void Binder::subgroup(const ast::Subgroup& s) {
  if (!scope_.declare(s.name, s.location, "subgroup")) return;
  ir::NeuronGroup* parent = model_.findGroup(s.parent);
  if (parent == nullptr || scope_.isPoisoned(s.parent)) {
    scope_.poison(s.name);
    if (scope_.isPoisoned(s.parent)) return;
    std::vector<std::string> names;
    for (const auto& g : model_.groups) names.push_back(g.name);
    diagnostics_.error(s.parentLocation,
                       fmt::format("unknown group '{}'{}", s.parent, didYouMean(s.parent, names)));
    return;
  }
  std::int64_t start = 0;
  std::int64_t stop = parent->size;
  bool ok = true;
  // A negative bound counts from the end, as in Python (and Brian2): neurons[-27:].
  auto bound = [&](const ast::Expr& e, const char* what) -> std::optional<std::int64_t> {
    auto v = constants_.count(e, what, -1'000'000'000'000);
    if (v && *v < 0) *v += parent->size;
    return v;
  };
  if (s.start) {
    auto v = bound(*s.start, "the start of a slice");
    ok = ok && v.has_value();
    start = v.value_or(0);
  }
  if (s.stop) {
    auto v = bound(*s.stop, "the end of a slice");
    ok = ok && v.has_value();
    stop = v.value_or(0);
  }
  auto fail = [&](std::string message) {
    diagnostics_.error(s.sliceLocation, std::move(message));
    scope_.poison(s.name);
  };
  if (!ok) {
    scope_.poison(s.name);
  } else if (start < 0 || stop < 0) {
    fail(fmt::format("slice bound {} reaches before the start of group '{}' of {} elements",
                     (start < 0 ? start : stop) - parent->size, parent->name, parent->size));
  } else if (start >= stop && stop <= parent->size) {
    fail(fmt::format("slice [{}:{}] of group '{}' is empty: the start must be less than the end",
                     start, stop, parent->name));
  } else if (stop > parent->size) {
    fail(fmt::format("slice [{}:{}] is out of range for group '{}' of {} elements", start, stop,
                     parent->name, parent->size));
  } else {
    model_.subgroups.push_back({s.name, s.location, parent->name, start, stop, {}, {}});
    scope_.definePopulation(ir::Population{s.name, parent->name, start, stop, false});
  }
}

void Binder::defineSubgroup(const ast::Subgroup& s) {
  ir::Subgroup* subgroup = nullptr;
  for (auto& candidate : model_.subgroups)
    if (candidate.name == s.name && candidate.location == s.location) subgroup = &candidate;
  if (subgroup == nullptr) return;
  const ir::NeuronGroup* parent = model_.findGroup(subgroup->group);
  auto items = itemsByKey(s.body);
  ExpressionScope init = groupScope(
      *parent, describePlace(Place::initialisation, fmt::format("subgroup '{}'", s.name)));
  subgroup->init = statements(itemOf(items, "init"), init, {&parent->variables});
  subgroup->trialInit = statements(itemOf(items, "trial_init"), init, {&parent->variables});
}

ir::Method Binder::method(const ast::BodyItem* item) {
  if (item == nullptr) return ir::Method::exact;
  const ast::Expr& e = settingExpression(*item);
  std::optional<ir::Method> named;
  if (e.kind == ast::Expr::Kind::name) named = integration::methodNamed(e.name);
  if (named) return *named;
  const std::vector<std::string> names = integration::methodNames();
  std::string written = ast::toString(e);
  std::string list;
  for (const auto& m : names) list += (list.empty() ? "" : ", ") + m;
  std::string hint = didYouMean(written, names);
  diagnostics_.error(e.location,
                     fmt::format("unknown integration method '{}'{}", written,
                                 hint.empty() ? " (expected one of: " + list + ")" : hint));
  return ir::Method::exact;
}

void Binder::declareVariables(const ast::BodyItem* equations, std::vector<ir::Variable>& variables,
                              bool inSynapses) {
  if (equations == nullptr) return;
  for (const ast::Equation& eq : equations->equations) {
    if (inSynapses && hasFlag(eq, EquationFlag::summed))
      continue;  // a variable of the target group
    auto unit = unitSpec(eq.unit, diagnostics_);
    if (!unit) {
      scope_.poison(eq.name);
      continue;
    }
    if (const ir::Variable* previous = findVariable(&variables, eq.name)) {
      Diagnostic& error = diagnostics_.error(
          eq.location, fmt::format("duplicate definition of variable '{}'", eq.name));
      error.notes.push_back({Severity::note, previous->location, "first defined here", {}});
      continue;
    }
    if (isReservedName(eq.name)) {
      diagnostics_.error(eq.location,
                         fmt::format("'{}' is a reserved name and cannot be a variable", eq.name));
      continue;
    }
    ir::Variable v;
    v.name = eq.name;
    v.location = eq.location;
    v.dimension = unit->first;
    v.type = unit->second;
    v.kind = eq.kind == ast::Equation::Kind::differential    ? ir::Variable::Kind::state
             : eq.kind == ast::Equation::Kind::subexpression ? ir::Variable::Kind::subexpression
                                                             : ir::Variable::Kind::parameter;
    v.shared = hasFlag(eq, EquationFlag::shared);
    v.constant = hasFlag(eq, EquationFlag::constant);
    v.linked = hasFlag(eq, EquationFlag::linked);
    variables.push_back(std::move(v));
  }
}

void Binder::bindEquations(const ast::BodyItem* equations, std::vector<ir::Equation>& out,
                           const std::vector<ir::Variable>& variables,
                           const ExpressionScope& scope) {
  if (equations == nullptr) return;
  for (const ast::Equation& eq : equations->equations) {
    if (!eq.rhs || (scope.synapses && hasFlag(eq, EquationFlag::summed))) continue;
    if (findVariable(&variables, eq.name) == nullptr) continue;  // its declaration failed
    ExpressionScope rhsScope = scope;
    rhsScope.noise = eq.kind == ast::Equation::Kind::differential;
    auto rhs = bind(*eq.rhs, rhsScope);
    if (!rhs) continue;
    ir::Equation e;
    e.kind = eq.kind == ast::Equation::Kind::differential ? ir::Equation::Kind::differential
                                                          : ir::Equation::Kind::subexpression;
    e.variable = eq.name;
    e.location = eq.location;
    e.rhs = std::move(*rhs);
    e.unlessRefractory = hasFlag(eq, EquationFlag::unlessRefractory);
    e.clockDriven = hasFlag(eq, EquationFlag::clockDriven);
    e.eventDriven = hasFlag(eq, EquationFlag::eventDriven);
    e.constantOverDt = hasFlag(eq, EquationFlag::constantOverDt);
    out.push_back(std::move(e));
  }
}

}  // namespace lsm::sema
