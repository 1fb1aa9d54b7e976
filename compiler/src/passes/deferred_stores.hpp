// Pass on the step plan (`deferred-stores`): a per-element variable that a loop of the step
// sets for each of its elements before anything reads it, and that nothing else in the step
// reads, needs its value in memory only when the step's code is not the only reader: after a
// run. Inside the loop the value is kept in a register, and the JIT stores it only at the last
// step of each run (PlanOp::deferredStores); the runtime reads state, records state monitors
// and checks assumptions only between runs, which end there. Example: the Maass model's
// neuron loop copies each summed current from its running sum (`I_syn_ee = _running_I_syn_ee`)
// and sets `not_refractory` every step only to read them a few statements later; on Zen 3
// three of the loop's eight vector stores per four neurons were these, and a 256-bit store
// per cycle is the loop's bound. The values are the same to the bit; the interpreter stores
// them at every step as before, so the state after a run is the same in both backends.
//
// A slot is deferred in an operation when
// - the operation is a loop over elements (elements or threshold) that runs at every step;
// - in its body and its fallback, each assignment to it is a plain `=` of the element's own
//   value with no condition, the first comes before any read, and no advance touches it;
// - its onSpike statements do not read it (they run after the loop, from memory);
// - no other operation of the step reads it, in any scope.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void deferStores(ir::StepPlan& plan);

}  // namespace lsm
