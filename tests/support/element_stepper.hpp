// Steps one element of a group through its integrated update, with the reference semantics
// (lsm/execution.hpp): the harness of the integration tests.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "lsm/execution.hpp"

namespace lsm::test {

struct ElementStepper {
  const ir::StateUpdate& update;
  std::map<std::string, double> values;  // the element's variables (and pre/post, prefixed)
  double dt;
  double t = 0.0;
  // Supplies randn() (the stochastic methods' noise); unset: a draw throws.
  std::function<double()> normal = {};

  // Computes the build-time coefficients and precomputed values from the current values.
  void prepare() {
    for (const auto& system : update.systems) {
      for (const auto& [name, value] : ir::computeCoefficients(system, environment(), dt)) {
        values[name] = value;
      }
    }
    for (const auto& [name, value] : update.precomputed)
      values[name] = ir::evaluate(value, environment());
  }

  void step() {
    ir::ElementAccess access;
    access.read = [&](const std::string& name, ir::Scope scope) { return read(name, scope); };
    access.write = [&](const std::string& name, ir::Scope scope, double value) {
      values[key(name, scope)] = value;
    };
    access.special = [&](ir::Special name) { return special(name); };
    if (normal) {
      access.random = [&](const ir::Expr& call, const std::vector<double>&) {
        if (call.function != ir::Builtin::randn) throw std::logic_error("only randn() here");
        return normal();
      };
    }
    ir::execute(update.statements, access);
    t += dt;
  }

  double& operator[](const std::string& name) { return values[name]; }

 private:
  static std::string key(const std::string& name, ir::Scope scope) {
    switch (scope) {
      case ir::Scope::pre:
        return name + "_pre";
      case ir::Scope::post:
        return name + "_post";
      default:
        return name;
    }
  }
  double read(const std::string& name, ir::Scope scope) const {
    auto found = values.find(key(name, scope));
    if (found == values.end()) throw std::logic_error("no value for " + key(name, scope));
    return found->second;
  }
  double special(ir::Special name) const {
    if (name == ir::Special::t) return t;
    if (name == ir::Special::dt) return dt;
    throw std::logic_error("no special " + std::string(ir::spelling(name)));
  }
  ir::Environment environment() const {
    ir::Environment env;
    env.variable = [this](const std::string& name, ir::Scope scope) { return read(name, scope); };
    env.special = [this](ir::Special name) { return special(name); };
    return env;
  }
};

}  // namespace lsm::test
