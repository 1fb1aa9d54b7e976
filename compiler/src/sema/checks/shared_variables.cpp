// Check: a shared variable has one value for all the elements of its group or synapses. Its
// initialisation is the same for every element and is not made per subgroup; a shared
// subexpression's expression is the same for every element; per-synapse events do not write
// it (they would race between synapses).
#include <fmt/format.h>

#include <set>

#include "integration/expression_builder.hpp"
#include "sema/checks.hpp"
#include "sema/model_places.hpp"

namespace lsm::sema {

namespace {

// True when an expression has the same value for every element: no per-element variable, no
// index, no random draw, no local computed per element.
bool isUniform(const ir::Expr& e, const std::vector<ir::Variable>& variables,
               const std::set<std::string>& perElementLocals) {
  return !build::any(e, [&](const ir::Expr& n) {
    switch (n.kind) {
      case ir::Expr::Kind::special:
        return n.special != ir::Special::N && n.special != ir::Special::t &&
               n.special != ir::Special::dt;
      case ir::Expr::Kind::call:
        return ir::isRandom(n.function);
      case ir::Expr::Kind::variable: {
        if (n.scope == ir::Scope::local) return perElementLocals.count(n.name) > 0;
        if (n.scope != ir::Scope::self) return true;
        const ir::Variable* v = ir::findVariable(&variables, n.name);
        return v != nullptr && !v->shared;
      }
      case ir::Expr::Kind::constant:
      case ir::Expr::Kind::unary:
      case ir::Expr::Kind::binary:
      case ir::Expr::Kind::conditional:
      case ir::Expr::Kind::table:
        return false;
    }
    return false;
  });
}

void checkInit(const std::vector<ir::Statement>& statements,
               const std::vector<ir::Variable>& variables, bool isSubgroup,
               DiagnosticEngine& diagnostics) {
  std::set<std::string> perElementLocals;
  for (const ir::Statement& s : statements) {
    bool uniform = isUniform(s.value, variables, perElementLocals) && !s.condition;
    if (s.kind == ir::Statement::Kind::let) {
      if (!uniform) perElementLocals.insert(s.target);
      continue;
    }
    const ir::Variable* v = ir::findVariable(&variables, s.target);
    if (v == nullptr || !v->shared || s.targetScope != ir::Scope::self) continue;
    if (isSubgroup) {
      diagnostics.error(s.location,
                        fmt::format("'{}' is shared by the whole group and cannot be set for a "
                                    "subgroup",
                                    s.target));
    } else if (!uniform) {
      diagnostics.error(s.location,
                        fmt::format("'{}' is shared: it takes one value for all elements, but "
                                    "this initialisation differs per element",
                                    s.target));
    }
  }
}

void checkSubexpressions(const std::vector<ir::Equation>& equations,
                         const std::vector<ir::Variable>& variables,
                         DiagnosticEngine& diagnostics) {
  for (const ir::Equation& eq : equations) {
    const ir::Variable* v = ir::findVariable(&variables, eq.variable);
    if (v == nullptr || !v->shared || eq.kind != ir::Equation::Kind::subexpression) continue;
    if (!isUniform(eq.rhs, variables, {})) {
      diagnostics.error(
          eq.location,
          fmt::format("'{}' is shared, but its expression differs per element", eq.variable));
    }
  }
}

// Per-synapse events writing a shared parameter of the synapses or of their source or target.
void checkEventWrites(const ir::Synapses& synapses, const ir::Model& model,
                      DiagnosticEngine& diagnostics) {
  const ir::NeuronGroup* pre = model.findGroup(synapses.source.group);
  const std::vector<ir::Variable>& post = model.variablesOf(synapses.target);
  std::vector<std::pair<const std::vector<ir::Statement>*, const char*>> lists = {
      {&synapses.onPre, "on_pre"}, {&synapses.onPost, "on_post"}};
  for (const ir::RegularOperation& r : synapses.regular)
    lists.emplace_back(&r.code, "run_regularly");
  for (auto [list, where] : lists) {
    for (const ir::Statement& s : *list) {
      if (s.kind != ir::Statement::Kind::assign) continue;
      const std::vector<ir::Variable>* scope =
          s.targetScope == ir::Scope::self  ? &synapses.variables
          : s.targetScope == ir::Scope::pre ? (pre ? &pre->variables : nullptr)
                                            : &post;
      const ir::Variable* v = ir::findVariable(scope, s.target);
      if (v != nullptr && v->kind == ir::Variable::Kind::parameter && v->shared && !v->constant) {
        diagnostics.error(
            s.location, fmt::format("'{}' is shared and cannot be changed in {}", s.target, where));
      }
    }
  }
}

}  // namespace

void checkSharedVariables(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::NeuronGroup& group : model.groups) {
    checkSubexpressions(group.equations, group.variables, diagnostics);
    checkInit(group.init, group.variables, false, diagnostics);
    checkInit(group.trialInit, group.variables, false, diagnostics);
  }
  for (const ir::Subgroup& subgroup : model.subgroups) {
    const ir::NeuronGroup* parent = model.findGroup(subgroup.group);
    if (parent == nullptr) continue;
    checkInit(subgroup.init, parent->variables, true, diagnostics);
    checkInit(subgroup.trialInit, parent->variables, true, diagnostics);
  }
  for (const ir::Synapses& synapses : model.synapses) {
    checkSubexpressions(synapses.equations, synapses.variables, diagnostics);
    checkInit(synapses.init, synapses.variables, false, diagnostics);
    checkInit(synapses.trialInit, synapses.variables, false, diagnostics);
    checkEventWrites(synapses, model, diagnostics);
  }
  // Between runs as in an initialisation: one value for all, and not per subgroup.
  if (!model.experiment) return;
  for (const ir::ExperimentStep& step : model.experiment->steps) {
    if (step.kind != ir::ExperimentStep::Kind::assign) continue;
    ObjectVariables object = objectVariables(model, step.object);
    if (object.variables == nullptr) continue;
    checkInit(step.statement, *object.variables, object.subgroup, diagnostics);
  }
}

}  // namespace lsm::sema
