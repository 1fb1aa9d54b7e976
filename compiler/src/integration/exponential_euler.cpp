// Brian2's exponential Euler (stateupdaters/exponential_euler.py): each variable's equation
// is linear in that variable, with coefficients that may depend on the others (held at the
// step's start): x_new = x + (A x + B) dt phi1(A dt).
#include <fmt/format.h>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "integration/method_registry.hpp"
#include "lsm/ir_printer.hpp"

namespace lsm::integration {

using ir::Expr;

void integrateExponentialEuler(const OdeSet& odes, IntegrationContext& context,
                               ir::StateUpdate& update) {
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states) {
    auto form = linearForm(odes.rhs.at(x), {x});
    if (auto* term = std::get_if<const Expr*>(&form)) {
      context.diagnostics.error(
          (*term)->begin.valid() ? (*term)->begin : odes.locations.at(x),
          fmt::format("'exponential_euler' cannot integrate d{}/dt in {}: the "
                      "term '{}' is not linear in '{}'; use euler, rk2 or rk4",
                      x, context.owner, ir::toString(**term), x));
      continue;
    }
    const LinearForm& f = std::get<LinearForm>(form);
    Expr state = build::variable(*findVariable(context.variables, x));
    auto a = f.coefficients.find(x);
    Expr slope = odes.rhs.at(x);
    Expr dt = build::special(ir::Special::dt);
    Expr increment;
    if (a == f.coefficients.end()) {
      increment = build::multiply(dt, slope);  // no x in it: Euler
    } else {
      Expr adt = build::multiply(a->second, dt);
      increment =
          build::multiply(build::multiply(slope, dt), build::call(ir::Builtin::phi1, {adt}, {}));
    }
    if (odes.unlessRefractory.at(x)) {
      increment = build::conditional(std::move(increment), notRefractory(context.variables),
                                     build::constant(0.0, increment.dimension));
    }
    next[x] = build::add(state, std::move(increment));
  }
  if (next.size() == odes.states.size()) writeBack(odes, context.variables, next, update);
}

}  // namespace lsm::integration
