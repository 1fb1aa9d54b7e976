// Name binding of statement lists (resets, on_pre/on_post, initialisations): `let` locals in
// order of definition, assignment targets among the variables the list may write.
#include <fmt/format.h>

#include "diagnostics/suggest.hpp"
#include "sema/binder.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

std::vector<ir::Statement> Binder::statements(const ast::BodyItem* item, ExpressionScope scope,
                                              const AssignmentTargets& targets) {
  std::vector<ir::Statement> out;
  if (item == nullptr) return out;
  std::set<std::string> locals;
  std::set<std::string> failedLocals;
  std::map<std::string, SourceLocation> localLocations;
  scope.locals = &locals;
  scope.failedLocals = &failedLocals;
  for (const ast::Statement& s : item->statements) {
    ir::Statement statement;
    statement.location = s.location;
    statement.op = s.op;
    statement.target = s.target;
    bool ok = true;
    switch (s.kind) {
      case ast::Statement::Kind::expression:
      case ast::Statement::Kind::array:
      case ast::Statement::Kind::generator:
        continue;  // the statement-forms check rejects them before binding
      case ast::Statement::Kind::let:
        statement.kind = ir::Statement::Kind::let;
        statement.targetScope = ir::Scope::local;
        if (locals.count(s.target) > 0) {
          Diagnostic& error = diagnostics_.error(
              s.targetLocation, fmt::format("'{}' is already defined by a 'let'", s.target));
          error.notes.push_back(
              {Severity::note, localLocations[s.target], "first defined here", {}});
          ok = false;
        } else if (const ir::Variable* v = findVariable(scope.own, s.target)) {
          Diagnostic& error = diagnostics_.error(
              s.targetLocation,
              fmt::format("'let {}' would hide the variable '{}'", s.target, s.target));
          error.notes.push_back({Severity::note, v->location, "the variable is defined here", {}});
          ok = false;
        }
        break;
      case ast::Statement::Kind::assign:
        statement.kind = ir::Statement::Kind::assign;
        ok = assignmentTarget(s, targets, scope, statement);
        if (s.condition) {
          if (auto condition = bind(*s.condition, scope)) {
            statement.condition = std::move(*condition);
          } else {
            ok = false;
          }
        }
        break;
    }
    auto value = bind(s.value, scope);
    if (!value) ok = false;
    if (s.kind == ast::Statement::Kind::let) {
      if (ok) {
        locals.insert(s.target);
        localLocations.emplace(s.target, s.targetLocation);
      } else if (locals.count(s.target) == 0) {
        failedLocals.insert(s.target);
      }
    }
    if (!ok) continue;
    statement.value = std::move(*value);
    out.push_back(std::move(statement));
  }
  return out;
}

bool Binder::assignmentTarget(const ast::Statement& s, const AssignmentTargets& targets,
                              const ExpressionScope& scope, ir::Statement& statement) {
  const std::string& n = s.target;
  if (scope.parameters != nullptr && scope.parameters->count(n) > 0 &&
      findVariable(targets.own, n) == nullptr) {
    diagnostics_.error(
        s.targetLocation,
        fmt::format("'{}' is a parameter of the synapse_model and cannot be assigned", n));
    return false;
  }
  const ir::Variable* v = findVariable(targets.own, n);
  ir::Scope where = ir::Scope::self;
  if (v == nullptr && targets.pre != nullptr && endsWith(n, "_pre")) {
    v = findVariable(targets.pre, n.substr(0, n.size() - 4));
    where = ir::Scope::pre;
  }
  if (v == nullptr && targets.post != nullptr) {
    std::string base = endsWith(n, "_post") ? n.substr(0, n.size() - 5) : n;
    v = findVariable(targets.post, base);
    where = ir::Scope::post;
  }
  // Reported where it is defined (x_pre, x_post name a poisoned x of the source or target).
  std::string base = endsWith(n, "_pre")    ? n.substr(0, n.size() - 4)
                     : endsWith(n, "_post") ? n.substr(0, n.size() - 5)
                                            : n;
  if (v == nullptr && (scope_.isPoisoned(n) || scope_.isPoisoned(base))) return false;
  if (v == nullptr) {
    std::vector<std::string> names;
    for (auto* variables : {targets.own, targets.pre, targets.post}) {
      if (variables == nullptr) continue;
      for (const auto& var : *variables) names.push_back(var.name);
    }
    diagnostics_.error(s.targetLocation, fmt::format("unknown variable '{}' in {}{}", n,
                                                     scope.place, didYouMean(n, names)));
    return false;
  }
  statement.target = v->name;
  statement.targetScope = where;
  statement.targetDimension = v->dimension;
  statement.targetType = v->type;
  return true;
}

}  // namespace lsm::sema
