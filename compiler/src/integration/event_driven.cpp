#include "integration/event_driven.hpp"

#include <fmt/format.h>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "lsm/ir_printer.hpp"

namespace lsm::integration {

using build::let;
using ir::Expr;
using ir::Statement;
using ir::Variable;

void integrateEventDriven(const OdeSet& odes, ir::Synapses& s, IntegrationContext& context) {
  const Dimension second = Dimension::base(2);
  std::set<std::string> states(odes.states.begin(), odes.states.end());
  Variable lastupdate;
  lastupdate.name = "lastupdate";
  lastupdate.dimension = second;
  lastupdate.implicit = true;
  if (findVariable(s.variables, "lastupdate") == nullptr) s.variables.push_back(lastupdate);
  std::vector<Statement> prologue;
  Expr elapsed = build::subtract(build::special(ir::Special::t), build::variable(lastupdate));
  prologue.push_back(let("_elapsed", elapsed));
  Expr h = build::local("_elapsed", second);
  std::vector<std::pair<const Variable*, Expr>> next;
  for (const auto& x : odes.states) {
    auto form = linearForm(odes.rhs.at(x), states);
    const SourceLocation& where = odes.locations.at(x);
    if (auto* term = std::get_if<const Expr*>(&form)) {
      context.diagnostics.error(where,
                                fmt::format("the event-driven equation for '{}' in {} must be "
                                            "linear; the term '{}' is not",
                                            x, context.owner, ir::toString(**term)));
      return;
    }
    const LinearForm& f = std::get<LinearForm>(form);
    for (const auto& [y, c] : f.coefficients) {
      if (y != x) {
        context.diagnostics.error(where, fmt::format("the event-driven equation for '{}' in {} "
                                                     "depends on '{}': coupled event-driven "
                                                     "equations are not supported",
                                                     x, context.owner, y));
        return;
      }
      if (!isBuildConstant(c, context)) {
        context.diagnostics.error(where, fmt::format("the event-driven equation for '{}' in {} "
                                                     "needs a constant coefficient, not '{}'",
                                                     x, context.owner, ir::toString(c)));
        return;
      }
    }
    const Variable* target = findVariable(s.variables, x);
    Expr state = build::variable(*target);
    auto a = f.coefficients.find(x);
    Expr value;
    if (a == f.coefficients.end()) {
      value = f.offset ? build::add(state, build::multiply(*f.offset, h)) : state;
    } else {
      Expr ah = build::multiply(a->second, h);
      Expr slope = build::multiply(a->second, state);
      if (f.offset) slope = build::add(std::move(slope), *f.offset);
      value = build::add(state, build::multiply(build::multiply(std::move(slope), h),
                                                build::call(ir::Builtin::phi1, {ah}, {})));
    }
    prologue.push_back(let("_new_" + x, std::move(value)));
    next.emplace_back(target, build::local("_new_" + x, target->dimension));
  }
  for (auto& [target, value] : next) prologue.push_back(assignVariable(*target, value));
  Statement stamp =
      assignVariable(*findVariable(s.variables, "lastupdate"), build::special(ir::Special::t));
  for (auto* events : {&s.onPre, &s.onPost}) {
    if (events->empty()) continue;  // no such pathway
    std::vector<Statement> code = prologue;
    code.insert(code.end(), events->begin(), events->end());
    code.push_back(stamp);
    *events = std::move(code);
  }
}

}  // namespace lsm::integration
