// The explicit methods, as Brian2 2.5.1 defines them (stateupdaters/explicit.py):
//   euler: x_new = x + dt*f(x,t)
//   rk2:   k = dt*f(x,t); x_new = x + dt*f(x + k/2, t + dt/2)   (the midpoint method)
//   rk4:   k_1 = dt*f(x,t); k_2 = dt*f(x + k_1/2, t + dt/2); k_3 = dt*f(x + k_2/2, t + dt/2);
//          k_4 = dt*f(x + k_3, t + dt); x_new = x + (k_1 + 2*k_2 + 2*k_3 + k_4)/6
// with f the right-hand sides, `(unless refractory)` ones held at zero while refractory.
#include "integration/expression_builder.hpp"
#include "integration/method_registry.hpp"

namespace lsm::integration {

namespace {

using build::let;
using ir::Expr;

// The stages of one explicit scheme over the states of `odes`.
class Stages {
 public:
  Stages(const OdeSet& odes, IntegrationContext& context) : odes_(odes), context_(context) {
    for (const auto& x : odes.states) {
      current_[x] = build::variable(*findVariable(context.variables, x));
    }
  }

  const std::map<std::string, Expr>& current() const { return current_; }

  // f(x) for the state x at `stateValues` (and time `time`, when given).
  Expr derivative(const std::string& x, const std::map<std::string, Expr>& stateValues,
                  const std::optional<Expr>& time) const {
    Expr f = build::substitute(odes_.rhs.at(x), [&](const Expr& n) -> std::optional<Expr> {
      if (n.kind == Expr::Kind::variable && n.scope == ir::Scope::self) {
        auto found = stateValues.find(n.name);
        if (found != stateValues.end()) return found->second;
      }
      if (time && build::isSpecial(n, ir::Special::t)) return *time;
      return {};
    });
    if (odes_.unlessRefractory.at(x)) {
      f = build::conditional(std::move(f), notRefractory(context_.variables),
                             build::constant(0.0, f.dimension));
    }
    return f;
  }

  // `let <name>x = dt*f(values, time)` for every state x.
  void stage(const std::string& name, const std::map<std::string, Expr>& values,
             const std::optional<Expr>& time, ir::StateUpdate& update) const {
    for (const auto& x : odes_.states) {
      update.statements.push_back(
          let(name + x, build::multiply(dt(), derivative(x, values, time))));
    }
  }

  Expr k(const std::string& name, const std::string& x) const {
    return build::local(name + x, findVariable(context_.variables, x)->dimension);
  }

  // x + fraction*k for every state x.
  std::map<std::string, Expr> shifted(const std::string& name, double fraction) const {
    std::map<std::string, Expr> values;
    for (const auto& x : odes_.states) {
      values[x] =
          build::add(current_.at(x), build::multiply(build::constant(fraction), k(name, x)));
    }
    return values;
  }

  static Expr dt() { return build::special(ir::Special::dt); }
  static Expr timePlus(double fraction) {
    Expr step = fraction == 1.0 ? dt() : build::multiply(build::constant(fraction), dt());
    return build::add(build::special(ir::Special::t), std::move(step));
  }

 private:
  const OdeSet& odes_;
  IntegrationContext& context_;
  std::map<std::string, Expr> current_;
};

}  // namespace

void integrateEuler(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  stages.stage("_k_", stages.current(), std::nullopt, update);
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states)
    next[x] = build::add(stages.current().at(x), stages.k("_k_", x));
  writeBack(odes, context.variables, next, update);
}

void integrateRk2(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  stages.stage("_k_", stages.current(), std::nullopt, update);
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states) {
    next[x] = build::add(
        stages.current().at(x),
        build::multiply(Stages::dt(),
                        stages.derivative(x, stages.shifted("_k_", 0.5), Stages::timePlus(0.5))));
  }
  writeBack(odes, context.variables, next, update);
}

void integrateRk4(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  stages.stage("_k1_", stages.current(), std::nullopt, update);
  stages.stage("_k2_", stages.shifted("_k1_", 0.5), Stages::timePlus(0.5), update);
  stages.stage("_k3_", stages.shifted("_k2_", 0.5), Stages::timePlus(0.5), update);
  stages.stage("_k4_", stages.shifted("_k3_", 1.0), Stages::timePlus(1.0), update);
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states) {
    Expr two = build::constant(2.0);
    Expr sum =
        build::add(build::add(stages.k("_k1_", x), build::multiply(two, stages.k("_k2_", x))),
                   build::add(build::multiply(two, stages.k("_k3_", x)), stages.k("_k4_", x)));
    next[x] =
        build::add(stages.current().at(x), build::divide(std::move(sum), build::constant(6.0)));
  }
  writeBack(odes, context.variables, next, update);
}

}  // namespace lsm::integration
