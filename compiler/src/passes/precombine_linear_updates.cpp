#include "passes/precombine_linear_updates.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "integration/expression_builder.hpp"
#include "lsm/ir_printer.hpp"
#include "passes/plan_values.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::Statement;

// sum of coefficient * term, plus offset: the terms change while running, the rest does not.
struct Term {
  std::string key;  // which term: the same variable, local or special
  Expr term;
  Expr coefficient;
};
struct Form {
  std::vector<Term> terms;
  std::optional<Expr> offset;
};

std::string keyOf(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::special:
      return fmt::format("special {}", ir::spelling(e.special));
    case Expr::Kind::variable:
      return fmt::format("{} {}", e.scope == ir::Scope::local ? "local" : "slot", e.slot) +
             (e.scope == ir::Scope::pre    ? " pre"
              : e.scope == ir::Scope::post ? " post"
                                           : "");
    default:
      return ir::toString(e);
  }
}

// Text that identifies a fixed expression (references by slot).
std::string textOf(const Expr& e) {
  return ir::toString(e, [](const Expr& v) { return "#" + keyOf(v); });
}

void collectReads(const Expr& e, std::set<int>& slots, std::set<int>& locals) {
  if (e.kind == Expr::Kind::variable) (e.scope == ir::Scope::local ? locals : slots).insert(e.slot);
  for (const Expr& operand : e.operands) collectReads(operand, slots, locals);
}

class Precombiner {
 public:
  Precombiner(PlanValues& values, ir::PlanOp& op, std::vector<Statement>& body)
      : values_(values), op_(op), body_(body) {}

  // Whether the body changed.
  bool run() {
    bool changed = false;
    for (Statement& s : body_) {
      if (s.kind == Statement::Kind::advance) {
        for (int slot : s.advance->variableSlots) written(slot);
        continue;
      }
      if (s.targetType == ir::ValueType::real && s.value.type == ir::ValueType::real) {
        Expr value = substitute(s.value);
        if (auto f = form(value); f && !f->terms.empty()) {
          Expr rebuilt = rebuild(*f);
          if (textOf(rebuilt) != textOf(s.value)) {
            s.value = std::move(rebuilt);
            changed = true;
          }
        }
      }
      if (s.kind == Statement::Kind::let) {
        // A local bound again: values that read its old binding cannot move past this.
        for (auto it = inlinable_.begin(); it != inlinable_.end();) {
          it =
              localReads_[it->first].count(s.targetSlot) > 0 ? inlinable_.erase(it) : std::next(it);
        }
        inlinable_[s.targetSlot] = s.value;
        reads_[s.targetSlot].clear();
        localReads_[s.targetSlot].clear();
        collectReads(s.value, reads_[s.targetSlot], localReads_[s.targetSlot]);
      } else {
        written(s.targetSlot);
      }
    }
    if (changed) removeUnusedLets();
    return changed;
  }

 private:
  // A write to `slot`: lets that read it can no longer be folded into later statements.
  void written(int slot) {
    for (auto it = inlinable_.begin(); it != inlinable_.end();) {
      it = reads_[it->first].count(slot) > 0 ? inlinable_.erase(it) : std::next(it);
    }
  }

  // Fixed while running, on this loop's range.
  bool fixed(const Expr& e) const { return values_.fixed(e, {}, &op_); }

  Expr substitute(const Expr& e) const {
    return build::substitute(e, [&](const Expr& n) -> std::optional<Expr> {
      if (n.kind != Expr::Kind::variable || n.scope != ir::Scope::local) return std::nullopt;
      auto found = inlinable_.find(n.slot);
      if (found == inlinable_.end()) return std::nullopt;
      return found->second;
    });
  }

  static Form scaled(Form f, const Expr& factor, bool divide) {
    auto apply = [&](Expr x) {
      return divide ? build::divide(std::move(x), factor) : build::multiply(factor, std::move(x));
    };
    for (Term& t : f.terms) t.coefficient = apply(std::move(t.coefficient));
    if (f.offset) f.offset = apply(std::move(*f.offset));
    return f;
  }

  static Form combined(Form a, Form b, bool subtract) {
    for (Term& t : b.terms) {
      Term* same = nullptr;
      for (Term& u : a.terms)
        if (u.key == t.key) same = &u;
      if (same == nullptr) {
        if (subtract) t.coefficient = build::negate(std::move(t.coefficient));
        a.terms.push_back(std::move(t));
      } else {
        same->coefficient = subtract ? build::subtract(same->coefficient, t.coefficient)
                                     : build::add(same->coefficient, t.coefficient);
      }
    }
    if (b.offset) {
      if (!a.offset) {
        a.offset = subtract ? build::negate(*b.offset) : *b.offset;
      } else {
        a.offset =
            subtract ? build::subtract(*a.offset, *b.offset) : build::add(*a.offset, *b.offset);
      }
    }
    return a;
  }

  std::optional<Form> form(const Expr& e) const {
    if (fixed(e)) return Form{{}, e};
    switch (e.kind) {
      case Expr::Kind::variable:
      case Expr::Kind::special:
        return Form{{Term{keyOf(e), e, build::constant(1.0)}}, std::nullopt};
      case Expr::Kind::unary: {
        if (e.unaryOp != UnaryOp::negate) return std::nullopt;
        auto inner = form(e.operands[0]);
        if (!inner) return std::nullopt;
        return scaled(std::move(*inner), build::constant(-1.0), false);
      }
      case Expr::Kind::binary: {
        const Expr& a = e.operands[0];
        const Expr& b = e.operands[1];
        switch (e.binaryOp) {
          case BinaryOp::add:
          case BinaryOp::subtract: {
            auto fa = form(a), fb = form(b);
            if (!fa || !fb) return std::nullopt;
            return combined(std::move(*fa), std::move(*fb), e.binaryOp == BinaryOp::subtract);
          }
          case BinaryOp::multiply: {
            if (fixed(a)) {
              auto fb = form(b);
              if (fb) return scaled(std::move(*fb), a, false);
              return std::nullopt;
            }
            if (!fixed(b)) return std::nullopt;
            auto fa = form(a);
            if (fa) return scaled(std::move(*fa), b, false);
            return std::nullopt;
          }
          case BinaryOp::divide: {
            if (!fixed(b)) return std::nullopt;
            auto fa = form(a);
            if (fa) return scaled(std::move(*fa), b, true);
            return std::nullopt;
          }
          default:
            return std::nullopt;
        }
      }
      case Expr::Kind::constant:
      case Expr::Kind::call:
      case Expr::Kind::conditional:
      case Expr::Kind::table:
        return std::nullopt;
    }
    return std::nullopt;
  }

  // A coefficient or offset as the step reads it: itself when it is one value already, else a
  // variable that `derive` computes.
  Expr value(const Expr& fixed) {
    if (fixed.kind == Expr::Kind::constant || fixed.kind == Expr::Kind::variable) return fixed;
    return values_.derived(op_, fixed, "P");
  }

  // Terms that share a coefficient are summed first; groups and the offset in the order the
  // terms first appear.
  Expr rebuild(const Form& f) {
    std::vector<std::pair<std::string, std::vector<const Term*>>> groups;
    for (const Term& t : f.terms) {
      std::string coefficient = textOf(t.coefficient);
      auto found = std::find_if(groups.begin(), groups.end(),
                                [&](const auto& g) { return g.first == coefficient; });
      if (found == groups.end()) {
        groups.push_back({coefficient, {&t}});
      } else {
        found->second.push_back(&t);
      }
    }
    std::optional<Expr> out;
    auto add = [&](Expr piece) {
      out = out ? build::add(std::move(*out), std::move(piece)) : piece;
    };
    for (const auto& [text, terms] : groups) {
      Expr sum = terms[0]->term;
      for (std::size_t k = 1; k < terms.size(); ++k)
        sum = build::add(std::move(sum), terms[k]->term);
      const Expr& coefficient = terms[0]->coefficient;
      if (build::isOne(coefficient)) {
        add(std::move(sum));
      } else if (coefficient.kind == Expr::Kind::constant && coefficient.value == -1.0) {
        add(build::negate(std::move(sum)));
      } else {
        add(build::multiply(value(coefficient), std::move(sum)));
      }
    }
    if (f.offset && !build::isZero(*f.offset)) add(value(*f.offset));
    return *out;
  }

  void removeUnusedLets() {
    std::set<int> used;
    for (const Statement& s : body_) {
      std::set<int> slots;
      collectReads(s.value, slots, used);
      if (s.condition) collectReads(*s.condition, slots, used);
    }
    std::erase_if(body_, [&](const Statement& s) {
      return s.kind == Statement::Kind::let && used.count(s.targetSlot) == 0;
    });
  }

  PlanValues& values_;
  ir::PlanOp& op_;
  std::vector<Statement>& body_;        // the op's body
  std::map<int, Expr> inlinable_;       // local -> its value, while nothing it reads was written
  std::map<int, std::set<int>> reads_;  // local -> the slots its value reads
  std::map<int, std::set<int>> localReads_;  // local -> the locals its value reads
};

}  // namespace

void precombineLinearUpdates(ir::StepPlan& plan) {
  PlanValues values(plan);
  bool changed = false;
  for (ir::PlanOp& op : plan.step) {
    if (op.kind != ir::PlanOp::Kind::elements && op.kind != ir::PlanOp::Kind::synapses) continue;
    std::vector<Statement> before = op.body;
    if (!Precombiner(values, op, op.body).run()) continue;
    values.assumeFinite(op, std::move(before), "precombine");
    changed = true;
  }
  if (changed) plan.optimisations.push_back("precombine");
}

}  // namespace lsm
