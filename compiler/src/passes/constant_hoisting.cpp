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
#include <unordered_map>

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
      if (statement.kind == Statement::Kind::let) {
        Expr inlined = inlineLocals(statement.value);
        if (isFixed(inlined)) {
          fixedLocals_[statement.target] = std::move(inlined);
          continue;
        }
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

  // Fixed: the same value in every step of every trial of the built network. Records the
  // answer for `e` and each of its parts in `fixed` (one pass over the tree).
  using FixedParts = std::unordered_map<const Expr*, bool>;
  bool markFixed(const Expr& e, FixedParts& fixed) const {
    bool result = true;
    switch (e.kind) {
      case Expr::Kind::special:
        result = e.special == ir::Special::dt;
        break;
      case Expr::Kind::variable: {
        if (e.scope == ir::Scope::local) {
          result = fixedLocals_.count(e.name) > 0;
        } else if (e.scope != ir::Scope::self) {
          result = false;
        } else {
          const ir::Variable* v = variable(e.name);
          result = v != nullptr && v->kind != ir::Variable::Kind::subexpression &&
                   (v->constant || written_.count(v->name) == 0);
        }
        break;
      }
      case Expr::Kind::call:
        result = !ir::isRandom(e.function);
        break;
      case Expr::Kind::table:  // a value over time, read in the step
        result = false;
        break;
      case Expr::Kind::constant:
      case Expr::Kind::unary:
      case Expr::Kind::binary:
      case Expr::Kind::conditional:
        break;
    }
    for (const Expr& operand : e.operands) result = markFixed(operand, fixed) && result;
    fixed[&e] = result;
    return result;
  }

  bool isFixed(const Expr& e) const {
    FixedParts fixed;
    return markFixed(e, fixed);
  }

  static bool readsVariable(const Expr& e) {
    if (e.kind == Expr::Kind::variable) return true;
    for (const Expr& operand : e.operands)
      if (readsVariable(operand)) return true;
    return false;
  }

  // Fixed locals inlined; the largest fixed expressions with an operation become precomputed
  // variables.
  Expr rewrite(const Expr& e) {
    Expr inlined = inlineLocals(e);
    FixedParts fixed;
    markFixed(inlined, fixed);
    return hoistLargestFixed(inlined, fixed);
  }

  Expr hoistLargestFixed(const Expr& e, const FixedParts& fixed) {
    if (fixed.at(&e)) {
      bool operation = e.kind != Expr::Kind::constant && e.kind != Expr::Kind::variable &&
                       e.kind != Expr::Kind::special;
      // Expressions of numbers alone are left to constant folding (and to LLVM).
      return operation && readsVariable(e) ? precomputed(e) : e;
    }
    Expr out = e;
    for (std::size_t k = 0; k < e.operands.size(); ++k) {
      out.operands[k] = hoistLargestFixed(e.operands[k], fixed);
    }
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
      v.shared = !differsPerElement(value, variables_);
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
