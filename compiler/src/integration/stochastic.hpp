// White noise in differential equations (`xi`, `xi_name`: Brian2's stochastic variables) and
// the stochastic explicit methods, as Brian2 2.5.1 defines them (stateupdaters/explicit.py).
// Each noise n has one increment per step and element, dW_n = sqrt(dt) * randn(), shared by
// every equation that names it:
//   euler (Euler–Maruyama; additive noise):  x_new = x + dt*f(x,t) + g(x,t)*dW
//   heun (Stratonovich; any noise):          x_s = x + g(x,t)*dW;  g_s = g(x_s, t+dt)
//                                            x_new = x + dt*f(x,t) + 0.5*dW*(g(x,t) + g_s)
//   milstein (derivative-free, Stratonovich; diagonal noise: each equation at most one noise,
//   each noise in one equation):             x_s = x + sqrt(dt)*g(x,t)
//                                            g_s = g(x_s, t)
//                                            x_new = x + dt*f(x,t) + g(x,t)*dW
//                                                    + (g_s - g(x,t))*dW**2/(2*sqrt(dt))
// With several noises, each noise's terms are computed apart and summed (as Brian2 does).
// Where lsmc differs from Brian2: Brian2's milstein takes its support at x + dt*f + sqrt(dt)*g
// (the support of the Ito scheme, whose correction has dW**2 - dt) but corrects with dW**2 (the
// Stratonovich scheme's); the difference, f g' sqrt(dt) dW**2 / 2 a step, has a mean that adds
// up to an error of order sqrt(dt) when the noise is multiplicative and the drift non-zero, so
// Brian2's milstein converges with order 0.5 there. lsmc uses the Stratonovich support
// (Kloeden & Platen 1992, eq. 11.1.7), which converges with order 1 to the same solution; for
// additive noise both are Euler–Maruyama.
#pragma once

#include "integration/method.hpp"

namespace lsm::integration {

// Splits each right-hand side into its drift (odes.rhs) and the factors of its noises
// (odes.diffusion, odes.noise); false (and an error reported) where a noise does not enter
// linearly.
bool splitNoise(OdeSet& odes, IntegrationContext& context);

// Whether the noise of `odes` is multiplicative: a factor g depends on a state variable of the
// set or on the time.
bool multiplicativeNoise(const OdeSet& odes);

// Which noise a method integrates.
enum class NoiseSupport { none, additive, multiplicative, diagonal };

// Reports (at the first stochastic equation) why `method` cannot integrate the noise of
// `odes`; true when it can.
bool checkNoise(const OdeSet& odes, ir::Method method, NoiseSupport support,
                IntegrationContext& context);

// `let _dW_n = sqrt(dt) * randn()` for every noise of `odes`.
void drawNoise(const OdeSet& odes, ir::StateUpdate& update);
// The increment dW_n of this step (a local that drawNoise defines).
ir::Expr noiseIncrement(const std::string& noise);

}  // namespace lsm::integration
