// Check: synapses whose target is a synapses object (Brian2's synapses on synapses) do what
// such a target allows. Synapses do not spike, so there is no on_post pathway (Brian2:
// "Target group '...' does not define an event 'spike'"); lsmc sums summed variables into
// groups only (Brian2 also sums into a synapses target's parameters; not supported here).
// A subexpression of the target stands, where the modulating synapses read it, as its
// definition with the target synapse's variables: one that reads the target's own pre- or
// postsynaptic variables or indices (i, j, N, ...) would read the modulating synapses' ones
// instead, so it can be read only when it uses the target synapse's own variables.
#include <fmt/format.h>

#include <functional>

#include "sema/checks.hpp"

namespace lsm::sema {

namespace {

const ir::Expr* subexpressionOf(const ir::Synapses& target, const std::string& name) {
  for (const ir::Equation& eq : target.equations)
    if (eq.kind == ir::Equation::Kind::subexpression && eq.variable == name) return &eq.rhs;
  return nullptr;
}

// The first name in the definition of the target's subexpression `name` (through the
// subexpressions it reads) that is not the target synapse's own variable, a constant, t or
// dt; empty when there is none.
std::string foreignName(const ir::Synapses& target, const std::string& name, int depth = 0) {
  const ir::Expr* rhs = subexpressionOf(target, name);
  if (rhs == nullptr || depth > 64) return "";  // cycles are another check's
  std::function<std::string(const ir::Expr&)> visit = [&](const ir::Expr& e) -> std::string {
    if (e.kind == ir::Expr::Kind::variable) {
      if (e.scope == ir::Scope::pre) return e.name + "_pre";
      if (e.scope == ir::Scope::post) return e.name + "_post";
      if (e.scope == ir::Scope::self) {
        if (std::string inner = foreignName(target, e.name, depth + 1); !inner.empty())
          return inner;
      }
    }
    if (e.kind == ir::Expr::Kind::special && e.special != ir::Special::t &&
        e.special != ir::Special::dt) {
      return std::string(ir::spelling(e.special));
    }
    for (const ir::Expr& operand : e.operands)
      if (std::string found = visit(operand); !found.empty()) return found;
    return "";
  };
  return visit(*rhs);
}

class TargetReads {
 public:
  TargetReads(const ir::Synapses& s, const ir::Synapses& target, DiagnosticEngine& diagnostics)
      : s_(s), target_(target), diagnostics_(diagnostics) {}

  void run() {
    for (const ir::Equation& eq : s_.equations) expression(eq.rhs);
    for (const auto* list : {&s_.onPre, &s_.onPost, &s_.init, &s_.trialInit}) statements(*list);
    if (s_.delay) expression(*s_.delay);
    for (const ir::Expr* e : s_.connect.expressions()) expression(*e);
  }

 private:
  void statements(const std::vector<ir::Statement>& list) {
    for (const ir::Statement& st : list) {
      if (st.condition) expression(*st.condition);
      expression(st.value);
    }
  }

  void expression(const ir::Expr& e) {
    if (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::post &&
        subexpressionOf(target_, e.name) != nullptr) {
      if (std::string foreign = foreignName(target_, e.name); !foreign.empty()) {
        diagnostics_.error(e.location,
                           fmt::format("'{}' is a subexpression of synapses '{}' that reads "
                                       "'{}': synapses on them read only the subexpressions "
                                       "made of the target synapse's own variables",
                                       e.name, target_.name, foreign));
      }
    }
    for (const ir::Expr& operand : e.operands) expression(operand);
  }

  const ir::Synapses& s_;
  const ir::Synapses& target_;
  DiagnosticEngine& diagnostics_;
};

}  // namespace

void checkSynapsesOnSynapses(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::Synapses& s : model.synapses) {
    if (!s.target.isSynapses) continue;
    if (!s.onPost.empty()) {
      diagnostics.error(s.onPost.front().location,
                        fmt::format("synapses '{}' cannot have on_post: their target '{}' is "
                                    "synapses, which do not spike",
                                    s.name, s.target.name));
    }
    for (const ir::SummedVariable& summed : s.summed) {
      diagnostics.error(summed.location,
                        fmt::format("summed variable '{}_post': lsmc sums into the variables of "
                                    "groups, not of synapses ('{}')",
                                    summed.target, s.target.name));
    }
    if (const ir::Synapses* target = model.findSynapses(s.target.group)) {
      TargetReads(s, *target, diagnostics).run();
    }
  }
}

}  // namespace lsm::sema
