// Name binding of synapses: source and target populations, template parameters, variables
// and equations, summed variables, on_pre/on_post, the connection rule, the delay.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "diagnostics/suggest.hpp"
#include "ir/constant_folding.hpp"
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

// The target of synapses: a population, or a synapses object defined before (Brian2's synapses
// on synapses, whose elements are that object's synapses).
std::optional<ir::Population> Binder::synapsesTarget(const ast::Synapses& s) {
  if (s.target == s.name) {
    diagnostics_.error(s.targetLocation,
                       fmt::format("synapses '{}' cannot be their own target", s.name));
    return std::nullopt;
  }
  if (model_.findSynapses(s.target) != nullptr) {
    ir::Population p;
    p.name = s.target;
    p.group = s.target;
    p.isSynapses = true;
    return p;
  }
  if (begunSynapses_.count(s.target) > 0) return std::nullopt;  // their error is reported
  if (synapsesNames_.count(s.target) > 0 && !scope_.isPoisoned(s.target)) {
    diagnostics_.error(s.targetLocation,
                       fmt::format("synapses '{}' are defined after '{}': the target of "
                                   "synapses must be defined before them",
                                   s.target, s.name));
    return std::nullopt;
  }
  if (scope_.population(s.target) == nullptr && !scope_.isPoisoned(s.target)) {
    std::vector<std::string> names = scope_.populationNames();
    for (const ir::Synapses& other : model_.synapses) names.push_back(other.name);
    diagnostics_.error(s.targetLocation,
                       fmt::format("unknown group, subgroup, spike_generator or synapses '{}'{}",
                                   s.target, didYouMean(s.target, names)));
    return std::nullopt;
  }
  return population(s.target, s.targetLocation);
}

const std::vector<ir::Variable>* Binder::variablesOf(const ir::Population& p) const {
  return &model_.variablesOf(p);
}

void Binder::synapses(const ast::Synapses& s) {
  if (!scope_.declare(s.name, s.location, "synapses")) return;
  begunSynapses_.insert(s.name);
  std::string owner = fmt::format("synapses '{}'", s.name);
  auto items = itemsByKey(s.body);
  if (model_.findSynapses(s.source) != nullptr) {
    diagnostics_.error(s.sourceLocation,
                       fmt::format("synapses '{}' do not spike and cannot be the source of "
                                   "synapses (they may be the target)",
                                   s.source));
    return;
  }
  auto source = population(s.source, s.sourceLocation);
  auto target = synapsesTarget(s);
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
  out.methodNamed = itemOf(items, "method") != nullptr;
  AssignmentTargets own{&out.variables};
  out.init = statements(itemOf(items, "init"), at(Place::initialisation), own);
  out.trialInit = statements(itemOf(items, "trial_init"), at(Place::initialisation), own);
  out.regular = regularOperations(s.body, out.name, at(Place::regular), synaptic);
  synapseEvents(itemOf(items, "on_event"), out);
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

namespace {

constexpr const char* connectForms =
    "a connection rule is 'one_to_one', 'all_to_all', or some of 'p = ...', 'condition = ...', "
    "'j = ...' (an index, or 'k for k in range(...)' / 'sample(..., p=...)'), 'i = [...], "
    "j = [...]' (or single indices: 'i = 0, j = 1'), 'n = ...' and 'skip_if_invalid = true', "
    "separated by commas";

bool usesTarget(const ir::Expr& e) {
  if ((e.kind == ir::Expr::Kind::special && e.special == ir::Special::j) ||
      (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::post)) {
    return true;
  }
  for (const ir::Expr& operand : e.operands) {
    if (usesTarget(operand)) return true;
  }
  return false;
}

}  // namespace

// Brian2's connect(): the keywords p, condition, j (an expression, a generator or an array),
// i (an array), n and skip_if_invalid, in any order, each once.
ir::ConnectRule Binder::connectRule(const ast::BodyItem& item, const ExpressionScope& scope) {
  ir::ConnectRule rule;
  rule.location = item.location;
  rule.kind = ir::ConnectRule::Kind::all_to_all;
  std::set<std::string> given;
  std::optional<SourceLocation> arrayI, arrayJ, targetForm;
  auto once = [&](const ast::Statement& s, const std::string& key) {
    if (given.insert(key).second) return true;
    diagnostics_.error(s.targetLocation, fmt::format("'{}' is given twice", key));
    return false;
  };
  auto bindInto = [&](std::optional<ir::Expr>& slot, const ast::Expr& e,
                      const ExpressionScope& in) {
    if (auto value = bind(e, in)) slot = std::move(*value);
  };
  // A constant index of explicit pairs (`i = [...]`, `i = 0`), or nothing (reported).
  auto pairIndex = [&](const ast::Expr& e, const std::string& side) -> std::optional<std::int64_t> {
    auto value = bind(e, scope);
    if (!value) return std::nullopt;
    auto folded = ir::foldConstant(*value);
    if (!folded || *folded < 0 || std::trunc(*folded) != *folded || *folded > 2147483647.0) {
      diagnostics_.error(e.location, fmt::format("the indices in '{} = [...]' must be "
                                                 "constant whole numbers from 0",
                                                 side));
      return std::nullopt;
    }
    return static_cast<std::int64_t>(*folded);
  };
  for (const ast::Statement& s : item.statements) {
    if (s.kind == ast::Statement::Kind::expression && s.value.kind == ast::Expr::Kind::name &&
        (s.value.name == "one_to_one" || s.value.name == "all_to_all") &&
        item.statements.size() == 1) {
      rule.kind = s.value.name == "one_to_one" ? ir::ConnectRule::Kind::one_to_one
                                               : ir::ConnectRule::Kind::all_to_all;
      continue;
    }
    const bool assigns =
        s.kind == ast::Statement::Kind::assign && s.op == AssignOp::assign && !s.condition;
    if (s.kind == ast::Statement::Kind::array && (s.target == "i" || s.target == "j")) {
      if (!once(s, s.target)) continue;
      (s.target == "i" ? arrayI : arrayJ) = s.targetLocation;
      std::vector<std::int64_t>& out = s.target == "i" ? rule.pairsPre : rule.pairsPost;
      for (const ast::Expr& e : s.elements) {
        if (auto index = pairIndex(e, s.target)) out.push_back(*index);
      }
      continue;
    }
    if (assigns && s.target == "i") {
      if (!once(s, "i")) continue;
      arrayI = s.targetLocation;
      if (auto index = pairIndex(s.value, "i")) rule.pairsPre.push_back(*index);
      continue;
    }
    if (s.kind == ast::Statement::Kind::generator && s.target == "j") {
      if (!once(s, "j")) continue;
      targetForm = s.targetLocation;
      generator(s, scope, rule, given);
      continue;
    }
    const bool known = s.target == "p" || s.target == "condition" || s.target == "j" ||
                       s.target == "n" || s.target == "skip_if_invalid";
    if (!assigns || !known) {
      diagnostics_.error(s.location, connectForms);
      continue;
    }
    if (!once(s, s.target)) continue;
    if (s.target == "p") {
      bindInto(rule.probability, s.value, scope);
    } else if (s.target == "condition") {
      bindInto(rule.condition, s.value, scope);
    } else if (s.target == "j") {
      targetForm = s.targetLocation;
      bindInto(rule.target, s.value, scope);
    } else if (s.target == "n") {
      bindInto(rule.multiplicity, s.value, scope);
    } else if (s.value.kind == ast::Expr::Kind::boolean) {
      rule.skipIfInvalid = s.value.boolean;
    } else {
      diagnostics_.error(s.value.location, "skip_if_invalid is true or false");
    }
  }
  if (arrayI && !arrayJ && rule.target && targetForm) {
    // `i = 0, j = 1`: j is an index too (j alone, `j = i + 1`, is the target of each i).
    arrayJ = targetForm;
    targetForm.reset();
    auto folded = ir::foldConstant(*rule.target);
    if (!folded || *folded < 0 || std::trunc(*folded) != *folded || *folded > 2147483647.0) {
      diagnostics_.error(rule.target->begin,
                         "with explicit pairs (an index 'i = ...'), j must be constant whole "
                         "numbers from 0 too");
      arrayI.reset();  // reported: no follow-on error about the pairs
      arrayJ.reset();
    } else {
      rule.pairsPost.push_back(static_cast<std::int64_t>(*folded));
    }
    rule.target.reset();
  }
  // Brian2 broadcasts one index against the other side's list.
  if (rule.pairsPre.size() == 1 && rule.pairsPost.size() > 1)
    rule.pairsPre.assign(rule.pairsPost.size(), rule.pairsPre.front());
  if (rule.pairsPost.size() == 1 && rule.pairsPre.size() > 1)
    rule.pairsPost.assign(rule.pairsPre.size(), rule.pairsPost.front());
  if (arrayI || arrayJ) {
    if (!arrayI || !arrayJ) {
      diagnostics_.error(arrayI ? *arrayI : *arrayJ,
                         "explicit pairs need both 'i = [...]' and 'j = [...]'");
    } else if (rule.pairsPre.size() != rule.pairsPost.size()) {
      diagnostics_.error(*arrayJ, fmt::format("'i = [...]' lists {} indices and 'j = [...]' {}: "
                                              "they are pairs",
                                              rule.pairsPre.size(), rule.pairsPost.size()));
    }
    if (rule.probability || rule.condition) {
      diagnostics_.error(arrayI ? *arrayI : *arrayJ,
                         "explicit pairs 'i = [...], j = [...]' take no 'p' or 'condition'");
    }
    rule.kind = ir::ConnectRule::Kind::pairs;
  } else if (rule.target) {
    rule.kind = ir::ConnectRule::Kind::target;
  } else if (rule.rangeHigh) {
    rule.kind = ir::ConnectRule::Kind::range;
  } else if (rule.probability) {
    rule.kind = ir::ConnectRule::Kind::probability;
  }
  // The target and the range are what j is: they are computed from i and the source alone.
  for (const auto* e : {&rule.target, &rule.rangeLow, &rule.rangeHigh, &rule.rangeStep}) {
    if (*e && usesTarget(**e)) {
      diagnostics_.error((*e)->begin,
                         "the targets of a connection rule are computed from i and "
                         "the source's variables: they cannot use j or '_post' "
                         "variables");
    }
  }
  if (rule.skipIfInvalid && !targetForm && !arrayI) {
    diagnostics_.error(rule.location,
                       "skip_if_invalid applies to targets given by 'j = ...'; every target of "
                       "this rule is valid");
  }
  return rule;
}

// `j = k for k in range(low, high, step) if condition`, or `sample(low, high, step, p=P)`:
// the iteration variable is the candidate target, bound as j.
void Binder::generator(const ast::Statement& s, const ExpressionScope& scope, ir::ConnectRule& rule,
                       std::set<std::string>& given) {
  ExpressionScope inner = scope;
  inner.targetAlias = &s.variable;
  if (s.value.kind != ast::Expr::Kind::name || s.value.name != s.variable) {
    diagnostics_.error(s.value.location,
                       fmt::format("the generator gives its iteration variable itself: write "
                                   "'j = {0} for {0} in ...' (the condition may transform it)",
                                   s.variable));
    return;
  }
  const bool sample = s.iterator == "sample";
  if (!sample && s.iterator != "range") {
    diagnostics_.error(s.iteratorLocation,
                       fmt::format("a connection generator iterates over range(...) or "
                                   "sample(..., p=...), not '{}'",
                                   s.iterator));
    return;
  }
  std::vector<const ast::Expr*> bounds;
  const ast::Expr* probability = nullptr;
  for (std::size_t k = 0; k < s.elements.size(); ++k) {
    const std::string& name = s.elementNames[k];
    if (name.empty()) {
      bounds.push_back(&s.elements[k]);
    } else if (sample && name == "p") {
      probability = &s.elements[k];
    } else {
      diagnostics_.error(s.elements[k].location,
                         fmt::format("{}(...) takes no argument '{}'{}", s.iterator, name,
                                     sample ? " (lsmc's sample takes p=...)" : ""));
      return;
    }
  }
  if (bounds.empty() || bounds.size() > 3 || (sample && probability == nullptr)) {
    diagnostics_.error(s.iteratorLocation,
                       sample ? "sample takes (high), (low, high) or (low, high, step), and p=..."
                              : "range takes (high), (low, high) or (low, high, step)");
    return;
  }
  auto bindBound = [&](std::optional<ir::Expr>& slot, const ast::Expr& e) {
    if (auto value = bind(e, scope)) slot = std::move(*value);
  };
  if (bounds.size() == 1) {
    rule.rangeLow = ir::Expr::makeConstant(0, {}, s.iteratorLocation);
    rule.rangeLow->type = ir::ValueType::integer;
    bindBound(rule.rangeHigh, *bounds[0]);
  } else {
    bindBound(rule.rangeLow, *bounds[0]);
    bindBound(rule.rangeHigh, *bounds[1]);
    if (bounds.size() == 3) bindBound(rule.rangeStep, *bounds[2]);
  }
  if (probability != nullptr) {
    if (!given.insert("p").second) {
      diagnostics_.error(probability->location, "'p' is given twice");
    } else if (auto value = bind(*probability, inner)) {
      rule.probability = std::move(*value);
    }
  }
  if (s.condition) {
    if (!given.insert("condition").second) {
      diagnostics_.error(s.condition->location, "'condition' is given twice");
    } else if (auto value = bind(*s.condition, inner)) {
      rule.condition = std::move(*value);
    }
  }
}

}  // namespace lsm::sema
