// Pass on the step plan (`precombine`): in the loops of the step, every value that is linear
// in what changes while running, with coefficients fixed once the network is built, is
// rewritten as one coefficient per group of terms that share it, times their sum, plus one
// offset; the coefficients and the offset are computed by `derive` per element (or once).
// Earlier `let`s are folded in where nothing they read was written in between. Example (the
// Maass neuron after constant hoisting):
//     let _B_v = (I_ee + I_ei + I_ie + I_ii) * R_in / tau_mem + _K1
//     let _new_v = _Phi[v,I_stimulus] * I_stimulus + _Phi[v,v] * v + _Psi[v,v] * _B_v
// becomes
//     let _new_v = _Phi[v,I_stimulus] * I_stimulus + _Phi[v,v] * v
//                  + _P0 * (I_ee + I_ei + I_ie + I_ii) + _P1
//     derive:  _P0 = _Psi[v,v] * (R_in / tau_mem),  _P1 = _Psi[v,v] * _K1
// (no division left, two operations fewer per element). The order of the additions changes:
// results differ by rounding (docs/precision.md). A loop that reads such coefficients is
// guarded: where one is not finite (a time constant of 0), it runs Brian2's operations, whose
// NaN the combined coefficient would turn into an infinity or the other way round.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void precombineLinearUpdates(ir::StepPlan& plan);

}  // namespace lsm
