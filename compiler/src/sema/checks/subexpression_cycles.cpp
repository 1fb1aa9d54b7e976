// Check: subexpressions do not depend on themselves, directly or through others.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "sema/checks.hpp"

namespace lsm::sema {

namespace {

void collectSelfReferences(const ir::Expr& e, std::set<std::string>& out) {
  if (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::self) out.insert(e.name);
  for (const auto& operand : e.operands) collectSelfReferences(operand, out);
}

void checkEquations(const std::vector<ir::Equation>& equations, DiagnosticEngine& diagnostics) {
  std::map<std::string, const ir::Equation*> subexpressions;
  for (const auto& eq : equations) {
    if (eq.kind == ir::Equation::Kind::subexpression) subexpressions[eq.variable] = &eq;
  }
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::vector<std::string> path;
  std::set<std::string> reported;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    state[name] = 1;
    path.push_back(name);
    std::set<std::string> uses;
    collectSelfReferences(subexpressions[name]->rhs, uses);
    for (const auto& used : uses) {
      if (subexpressions.count(used) == 0) continue;
      if (state[used] == 1) {
        auto begin = std::find(path.begin(), path.end(), used);
        std::string cycle;
        for (auto it = begin; it != path.end(); ++it) cycle += *it + " -> ";
        cycle += used;
        if (reported.insert(used).second) {
          diagnostics.error(subexpressions[used]->location,
                            fmt::format("subexpression '{}' depends on itself: {}", used, cycle));
        }
      } else if (state[used] == 0) {
        visit(used);
      }
    }
    path.pop_back();
    state[name] = 2;
  };
  for (const auto& [name, eq] : subexpressions) {
    if (state[name] == 0) visit(name);
  }
}

}  // namespace

void checkSubexpressionCycles(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const auto& group : model.groups) checkEquations(group.equations, diagnostics);
  for (const auto& synapses : model.synapses) checkEquations(synapses.equations, diagnostics);
}

}  // namespace lsm::sema
