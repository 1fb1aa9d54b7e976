// Pass on the step plan (`range-fixed-values`): a per-element variable that the plan writes
// only in loops over some elements of its group is fixed while running on the group's other
// elements. A loop over the whole group that reads it is cut where that changes, and each
// piece notes the variables fixed on its range (PlanOp::rangeFixed), which precombine then
// folds into the precombined offset as it does constants: fewer values loaded per element and
// step. Example: the Maass model's summed currents from the inhibitory neurons' synapses
// (I_syn_ei, I_syn_ii) are set only on neurons[108:135], so the update over neurons[0:135]
// becomes
//     for each element of neurons[0:108] (fixed here: I_syn_ei, I_syn_ii)
//     for each element of neurons[108:135]
// A variable counts as written on a range only by statements of loops over that range of its
// own group that write their element (self); any other write (through a synapse, at a spike
// of a list, shared) counts as a write everywhere. The pieces run the same statements on the
// same elements in the same order (a loop that reads or writes other elements' values, or
// writes a shared one, is not cut): results are the same to the bit until precombine uses the
// notes, which re-associates as precombine does.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void splitAtRangeFixedValues(ir::StepPlan& plan);

}  // namespace lsm
