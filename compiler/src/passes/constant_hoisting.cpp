// Constant hoisting. Example (the Maass model's synapses after integration):
//     let _B_x = 1 / D
//     let _new_x = _Phi[x,x] * x + _Psi[x,x] * _B_x + _Phi[x,y] * y
// becomes
//     let _new_x = _Phi[x,x] * x + _K0 + _Phi[x,y] * y        precomputed: _K0 = _Psi[x,x] * (1 /
//     D)
// which removes a division per synapse and step. The network builder evaluates `_K0` with the
// same double operations the step would have done, so results stay bit for bit the same.
#include "passes/constant_hoisting.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/functions.hpp"
#include "lsm/ir_printer.hpp"
#include "passes/run_time_writes.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::Statement;

class Hoister {
 public:
  Hoister(std::vector<ir::Variable>& variables, const std::set<std::string>& written,
          ir::StateUpdate& update)
      : variables_(variables), written_(written), update_(update) {}

  void run() {
    for (Statement& statement : update_.statements) {
      // A local with a fixed value is inlined where it is used, so that it joins the larger
      // fixed expression there; the `let` goes if nothing else uses it.
      if (statement.kind == Statement::Kind::let && isFixed(inlineLocals(statement.value))) {
        fixedLocals_[statement.target] = inlineLocals(statement.value);
        continue;
      }
      if (statement.condition) statement.condition = rewrite(*statement.condition);
      statement.value = rewrite(statement.value);
    }
    removeUnusedLocals();
    for (Statement& statement : update_.statements) {
      if (statement.kind == Statement::Kind::let && fixedLocals_.count(statement.target) > 0) {
        statement.value = rewrite(statement.value);
      }
    }
  }

 private:
  const ir::Variable* variable(const std::string& name) const {
    for (const auto& v : variables_)
      if (v.name == name) return &v;
    return nullptr;
  }

  // Fixed: the same value in every step of every trial of the built network.
  bool isFixed(const Expr& e) const {
    switch (e.kind) {
      case Expr::Kind::constant:
        return true;
      case Expr::Kind::special:
        return e.name == "dt";
      case Expr::Kind::variable: {
        if (e.scope == ir::Scope::local) return fixedLocals_.count(e.name) > 0;
        if (e.scope != ir::Scope::self) return false;
        const ir::Variable* v = variable(e.name);
        if (v == nullptr || v->kind == ir::Variable::Kind::subexpression) return false;
        return v->constant || written_.count(v->name) == 0;
      }
      case Expr::Kind::call: {
        const ir::Function* f = ir::findFunction(e.name);
        if (f == nullptr || f->isRandom) return false;
        break;
      }
      default:
        break;
    }
    for (const Expr& operand : e.operands)
      if (!isFixed(operand)) return false;
    return true;
  }

  static bool readsVariable(const Expr& e) {
    if (e.kind == Expr::Kind::variable) return true;
    for (const Expr& operand : e.operands)
      if (readsVariable(operand)) return true;
    return false;
  }

  bool isPerElement(const Expr& e) const {
    if (e.kind == Expr::Kind::variable && e.scope == ir::Scope::self) {
      const ir::Variable* v = variable(e.name);
      return v == nullptr || !v->shared;
    }
    for (const Expr& operand : e.operands)
      if (isPerElement(operand)) return true;
    return false;
  }

  // Fixed locals inlined; the largest fixed expressions with an operation become precomputed
  // variables.
  Expr rewrite(const Expr& e) {
    bool local = e.kind == Expr::Kind::variable && e.scope == ir::Scope::local;
    if (!local && (e.kind == Expr::Kind::constant || e.kind == Expr::Kind::variable ||
                   e.kind == Expr::Kind::special)) {
      return e;
    }
    Expr inlined = inlineLocals(e);
    if (isFixed(inlined)) {
      bool operation = inlined.kind != Expr::Kind::constant &&
                       inlined.kind != Expr::Kind::variable && inlined.kind != Expr::Kind::special;
      // Expressions of numbers alone are left to constant folding (and to LLVM).
      return operation && readsVariable(inlined) ? precomputed(inlined) : inlined;
    }
    if (local) return e;
    Expr out = e;
    for (Expr& operand : out.operands) operand = rewrite(operand);
    return out;
  }

  Expr inlineLocals(const Expr& e) const {
    if (e.kind == Expr::Kind::variable && e.scope == ir::Scope::local) {
      auto found = fixedLocals_.find(e.name);
      return found == fixedLocals_.end() ? e : found->second;
    }
    Expr out = e;
    for (Expr& operand : out.operands) operand = inlineLocals(operand);
    return out;
  }

  Expr precomputed(const Expr& value) {
    std::string text = ir::toString(value);
    auto [it, isNew] = byText_.emplace(text, "");
    if (isNew) {
      it->second = fmt::format("_K{}", update_.precomputed.size());
      ir::Variable v;
      v.name = it->second;
      v.kind = ir::Variable::Kind::parameter;
      v.dimension = value.dimension;
      v.type = value.type;
      v.shared = !isPerElement(value);
      v.constant = true;
      v.implicit = true;
      variables_.push_back(v);
      update_.precomputed.push_back({it->second, value});
    }
    Expr reference = value;
    reference.kind = Expr::Kind::variable;
    reference.name = it->second;
    reference.scope = ir::Scope::self;
    reference.operands.clear();
    reference.op.clear();
    return reference;
  }

  static void noteLocals(const Expr& e, std::set<std::string>& used) {
    if (e.kind == Expr::Kind::variable && e.scope == ir::Scope::local) used.insert(e.name);
    for (const Expr& operand : e.operands) noteLocals(operand, used);
  }

  void removeUnusedLocals() {
    std::set<std::string> used;
    for (const Statement& s : update_.statements) {
      noteLocals(s.value, used);
      if (s.condition) noteLocals(*s.condition, used);
    }
    std::erase_if(update_.statements, [&](const Statement& s) {
      return s.kind == Statement::Kind::let && used.count(s.target) == 0;
    });
  }

  std::vector<ir::Variable>& variables_;
  const std::set<std::string>& written_;
  ir::StateUpdate& update_;
  std::map<std::string, Expr> fixedLocals_;
  std::map<std::string, std::string> byText_;  // hoisted expression -> its variable
};

}  // namespace

void hoistConstants(ir::Model& model) {
  RunTimeWrites writes(model);
  for (auto& g : model.groups) {
    if (g.update) Hoister(g.variables, writes.ofGroup.at(g.name), *g.update).run();
  }
  for (auto& s : model.synapses) {
    if (s.update) Hoister(s.variables, writes.ofSynapses.at(s.name), *s.update).run();
  }
}

}  // namespace lsm
