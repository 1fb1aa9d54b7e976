#include "integration/method.hpp"

#include "integration/expression_builder.hpp"

namespace lsm::integration {

using ir::Expr;

OdeSet prepareOdes(const std::vector<ir::Equation>& equations,
                   const std::function<bool(const ir::Equation&)>& select) {
  OdeSet set;
  std::map<std::string, const ir::Equation*> subexpressions;
  for (const auto& eq : equations) {
    if (eq.kind != ir::Equation::Kind::subexpression) continue;
    if (eq.constantOverDt) {
      // Evaluated once at the start of the step and held (Brian2's `constant over dt`).
      set.prologue.push_back(build::let(eq.variable, eq.rhs));
    } else {
      subexpressions[eq.variable] = &eq;
    }
  }
  std::set<std::string> heldLocals;
  for (const auto& s : set.prologue) heldLocals.insert(s.target);
  std::function<Expr(const Expr&)> inlineAll = [&](const Expr& e) -> Expr {
    return build::substitute(e, [&](const Expr& node) -> std::optional<Expr> {
      if (node.kind != Expr::Kind::variable || node.scope != ir::Scope::self) return {};
      if (heldLocals.count(node.name) > 0) {
        return build::local(node.name, node.dimension, node.type);
      }
      auto found = subexpressions.find(node.name);
      if (found == subexpressions.end()) return {};
      return inlineAll(found->second->rhs);
    });
  };
  for (auto& s : set.prologue) s.value = inlineAll(s.value);
  for (const auto& eq : equations) {
    if (eq.kind != ir::Equation::Kind::differential || !select(eq)) continue;
    set.states.push_back(eq.variable);
    set.rhs[eq.variable] = inlineAll(eq.rhs);
    set.unlessRefractory[eq.variable] = eq.unlessRefractory;
    set.locations[eq.variable] = eq.location;
  }
  return set;
}

ir::Statement assignVariable(const ir::Variable& target, ir::Expr value,
                             std::optional<ir::Expr> condition) {
  ir::Statement s = build::assign(target.name, ir::Scope::self, AssignOp::assign, target.dimension,
                                  std::move(value));
  s.targetType = target.type;
  s.condition = std::move(condition);
  return s;
}

ir::Expr notRefractory(const std::vector<ir::Variable>& variables) {
  return build::variable(*findVariable(variables, "not_refractory"));
}

bool isBuildConstant(const ir::Expr& e, const IntegrationContext& context) {
  return !build::any(e, [&](const Expr& n) {
    if (n.kind == Expr::Kind::special) return n.special == ir::Special::t;
    if (n.kind == Expr::Kind::call) return ir::isRandom(n.function);
    if (n.kind != Expr::Kind::variable) return false;
    if (n.scope == ir::Scope::local) return true;
    if (n.scope != ir::Scope::self) return true;  // pre/post values are not ours to fix
    const ir::Variable* v = findVariable(context.variables, n.name);
    if (v == nullptr || v->kind == ir::Variable::Kind::subexpression) return true;
    return !v->constant && context.written.count(v->name) > 0;
  });
}

void writeBack(const OdeSet& odes, const std::vector<ir::Variable>& variables,
               std::map<std::string, ir::Expr>& next, ir::StateUpdate& update) {
  for (const auto& x : odes.states) update.statements.push_back(build::let("_new_" + x, next[x]));
  for (const auto& x : odes.states) {
    const ir::Variable* target = findVariable(variables, x);
    update.statements.push_back(
        assignVariable(*target, build::local("_new_" + x, target->dimension)));
  }
}

}  // namespace lsm::integration
