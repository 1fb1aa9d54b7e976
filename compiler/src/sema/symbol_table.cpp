#include "sema/symbol_table.hpp"

#include <fmt/format.h>

#include "lsm/units.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

namespace {

std::optional<ir::Special> specialNamed(const std::string& name, bool synapses) {
  static const std::map<std::string, ir::Special> specials = {
      {"i", ir::Special::i},         {"j", ir::Special::j},           {"N", ir::Special::N},
      {"N_pre", ir::Special::N_pre}, {"N_post", ir::Special::N_post}, {"t", ir::Special::t},
      {"dt", ir::Special::dt}};
  auto found = specials.find(name);
  if (found == specials.end()) return std::nullopt;
  bool synapsesOnly = found->second == ir::Special::j || found->second == ir::Special::N_pre ||
                      found->second == ir::Special::N_post;
  if (synapsesOnly && !synapses) return std::nullopt;
  return found->second;
}

}  // namespace

bool isNoiseName(const std::string& name) {
  return name == "xi" || (name.size() > 3 && name.compare(0, 3, "xi_") == 0);
}

bool isReservedName(const std::string& name) {
  static const std::set<std::string> reserved = {
      "i",          "j",         "t",  "dt",        "N",
      "N_pre",      "N_post",    "xi", "lastspike", "not_refractory",
      "lastupdate", "pi",        "e",  "True",      "False",
      "one_to_one", "all_to_all"};
  return reserved.count(name) > 0 || isNoiseName(name) || (!name.empty() && name[0] == '_');
}

bool ModelScope::declare(const std::string& name, const SourceLocation& where,
                         const std::string& kind) {
  if (isReservedName(name)) {
    diagnostics_.error(where, fmt::format("'{}' is a reserved name and cannot be the name of "
                                          "a {}",
                                          name, kind));
    poison(name);
    return false;
  }
  // Single-letter unit symbols (A, C, F, N, S, V, m, s, ...) are common names; a name shadows
  // them in expressions (`10 A` always means ampere). Longer unit names are reserved, so that
  // `2*ms` cannot mean something else than `2 ms`.
  if (name.size() > 1 && lookupUnit(name)) {
    diagnostics_.error(where,
                       fmt::format("'{}' is a unit and cannot be the name of a {}", name, kind));
    poison(name);
    return false;
  }
  auto [it, inserted] = declared_.emplace(name, std::pair{where, kind});
  if (inserted) return true;
  Diagnostic& error = diagnostics_.error(
      where, fmt::format("duplicate definition of '{}' (a {} of that name exists)", name,
                         it->second.second));
  error.notes.push_back(
      {Severity::note, it->second.first, fmt::format("'{}' is first defined here", name), {}});
  return false;
}

const SourceLocation* ModelScope::announcedConstant(const std::string& name) const {
  auto found = announced_.find(name);
  return found == announced_.end() ? nullptr : &found->second;
}

const std::vector<ir::Constant>& ModelScope::constants() const {
  static const std::vector<ir::Constant> none;
  return constants_ == nullptr ? none : *constants_;
}

const ir::Constant* ModelScope::constant(const std::string& name) const {
  for (const auto& c : constants())
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> ModelScope::constantNames() const {
  std::vector<std::string> names;
  for (const auto& c : constants()) names.push_back(c.name);
  return names;
}

const ir::Population* ModelScope::population(const std::string& name) const {
  auto found = populations_.find(name);
  return found == populations_.end() ? nullptr : &found->second;
}

std::vector<std::string> ModelScope::populationNames() const {
  std::vector<std::string> names;
  for (const auto& [name, p] : populations_) names.push_back(name);
  return names;
}

Symbol lookup(const std::string& n, const ExpressionScope& scope, const ModelScope& model) {
  Symbol symbol;
  if (scope.locals != nullptr && scope.locals->count(n) > 0) {
    symbol.kind = Symbol::Kind::local;
    return symbol;
  }
  if (scope.targetAlias != nullptr && n == *scope.targetAlias) {
    symbol.kind = Symbol::Kind::special;
    symbol.special = ir::Special::j;
    return symbol;
  }
  auto variable = [&](const ir::Variable* v, ir::Scope where) {
    symbol.kind = Symbol::Kind::variable;
    symbol.variable = v;
    symbol.scope = where;
    return symbol;
  };
  if (const ir::Variable* v = findVariable(scope.own, n)) return variable(v, ir::Scope::self);
  if (scope.synapses) {
    for (auto [suffix, variables, where] :
         {std::tuple{std::string("_pre"), scope.pre, ir::Scope::pre},
          std::tuple{std::string("_post"), scope.post, ir::Scope::post}}) {
      if (!endsWith(n, suffix)) continue;
      std::string base = n.substr(0, n.size() - suffix.size());
      if (const ir::Variable* v = findVariable(variables, base)) return variable(v, where);
    }
  }
  // A synapse_model's parameters are what its author named explicitly: they come before
  // the implicit postsynaptic lookup.
  if (scope.parameters != nullptr) {
    if (auto found = scope.parameters->find(n); found != scope.parameters->end()) {
      symbol.kind = Symbol::Kind::parameter;
      symbol.value = found->second;
      return symbol;
    }
  }
  if (scope.synapses && scope.postWithoutSuffix) {
    if (const ir::Variable* v = findVariable(scope.post, n)) return variable(v, ir::Scope::post);
  }
  if (model.isPoisoned(n) || (scope.failedLocals != nullptr && scope.failedLocals->count(n) > 0)) {
    symbol.kind = Symbol::Kind::poisoned;
    return symbol;
  }
  if (scope.noise && isNoiseName(n)) {
    symbol.kind = Symbol::Kind::special;
    symbol.special = ir::Special::xi;
    return symbol;
  }
  if (auto special = specialNamed(n, scope.synapses)) {
    symbol.kind = Symbol::Kind::special;
    symbol.special = *special;
    return symbol;
  }
  if (const ir::Constant* c = model.constant(n)) {
    symbol.kind = Symbol::Kind::constant;
    symbol.value = c->value;
    return symbol;
  }
  if (n == "pi" || n == "e") {
    symbol.kind = Symbol::Kind::constant;
    symbol.value = Quantity{n == "pi" ? 3.141592653589793 : 2.718281828459045, {}};
    return symbol;
  }
  if (auto unit = lookupUnit(n)) {
    symbol.kind = Symbol::Kind::constant;
    symbol.value = *unit;
    return symbol;
  }
  return symbol;
}

std::vector<std::string> visibleNames(const ExpressionScope& scope, const ModelScope& model) {
  std::vector<std::string> names;
  if (scope.locals != nullptr)
    names.insert(names.end(), scope.locals->begin(), scope.locals->end());
  if (scope.targetAlias != nullptr) names.push_back(*scope.targetAlias);
  for (auto* variables : {scope.own, scope.pre, scope.post}) {
    if (variables == nullptr) continue;
    for (const auto& v : *variables) {
      names.push_back(v.name);
      if (scope.synapses && variables == scope.pre) names.push_back(v.name + "_pre");
      if (scope.synapses && variables == scope.post) names.push_back(v.name + "_post");
    }
  }
  if (scope.parameters != nullptr) {
    for (const auto& [n, value] : *scope.parameters) names.push_back(n);
  }
  for (const auto& c : model.constants()) names.push_back(c.name);
  return names;
}

}  // namespace lsm::sema
