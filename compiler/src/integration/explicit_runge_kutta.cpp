// The explicit methods, as Brian2 2.5.1 defines them (stateupdaters/explicit.py):
//   euler: x_new = x + dt*f(x,t)   (+ g(x,t)*dW with white noise: stochastic.hpp)
//   rk2:   k = dt*f(x,t); x_new = x + dt*f(x + k/2, t + dt/2)   (the midpoint method)
//   rk4:   k_1 = dt*f(x,t); k_2 = dt*f(x + k_1/2, t + dt/2); k_3 = dt*f(x + k_2/2, t + dt/2);
//          k_4 = dt*f(x + k_3, t + dt); x_new = x + (k_1 + 2*k_2 + 2*k_3 + k_4)/6
// with f the right-hand sides, `(unless refractory)` ones held at zero while refractory.
#include "integration/expression_builder.hpp"
#include "integration/method_registry.hpp"
#include "integration/stages.hpp"
#include "integration/stochastic.hpp"

namespace lsm::integration {

using ir::Expr;

// Euler–Maruyama with white noise (additive only: checked before): + g(x,t)*dW per noise.
void integrateEuler(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  drawNoise(odes, update);
  stages.stage("_k_", stages.current(), std::nullopt, update);
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states) {
    next[x] = build::add(stages.current().at(x), stages.k("_k_", x));
    for (const std::string& noise : odes.noise) {
      if (odes.diffusion.at(x).count(noise) == 0) continue;
      next[x] = build::add(
          next[x], build::multiply(stages.diffusion(x, noise, stages.current(), std::nullopt),
                                   noiseIncrement(noise)));
    }
  }
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
