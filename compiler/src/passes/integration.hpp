// Pass: integration. Turns each group's and synapses' differential equations into the update
// of one step `dt` (ir::StateUpdate), by the method the model names:
//  - exact: linear systems dX/dt = M X + B with M constant, solved jointly per coupled system
//    (propagator.hpp); coefficients computed per element when the network is built.
//    A scalar equation whose coefficient changes during the run gets exp/phi1 in the step.
//  - euler, rk2 (midpoint), rk4, exponential_euler: Brian2's definitions.
// Also Brian2's refractoriness (not_refractory, lastspike, the threshold's `and
// not_refractory`, frozen `unless refractory` variables) and event-driven synaptic equations
// (integrated over the time since the last event, at the start of on_pre/on_post).
#pragma once

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

void integrate(ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm
