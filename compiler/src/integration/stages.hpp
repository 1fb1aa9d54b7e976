// The stages of an explicit scheme (Brian2's ExplicitStateUpdater): f(x, t) of every state
// at given state values and time, `let`s of dt*f, and shifted states. Shared by the
// deterministic (explicit_runge_kutta.cpp) and the stochastic methods (stochastic.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "integration/expression_builder.hpp"
#include "integration/method.hpp"

namespace lsm::integration {

// The stages of one explicit scheme over the states of `odes`.
class Stages {
 public:
  Stages(const OdeSet& odes, IntegrationContext& context) : odes_(odes), context_(context) {
    for (const auto& x : odes.states) {
      current_[x] = build::variable(*findVariable(context.variables, x));
    }
  }

  const std::map<std::string, ir::Expr>& current() const { return current_; }

  // f(x) for the state x at `stateValues` (and time `time`, when given).
  ir::Expr derivative(const std::string& x, const std::map<std::string, ir::Expr>& stateValues,
                      const std::optional<ir::Expr>& time) const {
    return at(odes_.rhs.at(x), x, stateValues, time);
  }

  // g_n(x): the factor of the white noise `noise` in dx/dt (zero where it has none).
  ir::Expr diffusion(const std::string& x, const std::string& noise,
                     const std::map<std::string, ir::Expr>& stateValues,
                     const std::optional<ir::Expr>& time) const {
    const auto& terms = odes_.diffusion.at(x);
    auto found = terms.find(noise);
    if (found == terms.end()) return build::constant(0.0);
    return at(found->second, x, stateValues, time);
  }

  // A term of dx/dt at `stateValues` and `time`, held at zero while refractory when the
  // equation is `(unless refractory)` (Brian2 multiplies the whole right-hand side, noise
  // included, by not_refractory).
  ir::Expr at(const ir::Expr& term, const std::string& x,
              const std::map<std::string, ir::Expr>& stateValues,
              const std::optional<ir::Expr>& time) const {
    ir::Expr f = build::substitute(term, [&](const ir::Expr& n) -> std::optional<ir::Expr> {
      if (n.kind == ir::Expr::Kind::variable && n.scope == ir::Scope::self) {
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
  void stage(const std::string& name, const std::map<std::string, ir::Expr>& values,
             const std::optional<ir::Expr>& time, ir::StateUpdate& update) const {
    for (const auto& x : odes_.states) {
      update.statements.push_back(
          build::let(name + x, build::multiply(dt(), derivative(x, values, time))));
    }
  }

  ir::Expr k(const std::string& name, const std::string& x) const {
    return build::local(name + x, findVariable(context_.variables, x)->dimension);
  }

  // x + fraction*k for every state x.
  std::map<std::string, ir::Expr> shifted(const std::string& name, double fraction) const {
    std::map<std::string, ir::Expr> values;
    for (const auto& x : odes_.states) {
      values[x] =
          build::add(current_.at(x), build::multiply(build::constant(fraction), k(name, x)));
    }
    return values;
  }

  static ir::Expr dt() { return build::special(ir::Special::dt); }
  static ir::Expr timePlus(double fraction) {
    ir::Expr step = fraction == 1.0 ? dt() : build::multiply(build::constant(fraction), dt());
    return build::add(build::special(ir::Special::t), std::move(step));
  }

 private:
  const OdeSet& odes_;
  IntegrationContext& context_;
  std::map<std::string, ir::Expr> current_;
};

}  // namespace lsm::integration
