// Pass on the step plan (`refractoriness-in-steps`): Brian2's refractoriness test, a division
// and a truncation per element and step,
//     not_refractory = timestep(t - lastspike, dt) >= K
// becomes a comparison of step numbers, as a guarded operation:
//     where g._guard holds:  not_refractory = _step >= _refractory_end
//     else:                   (the body as lowered, with the test as it was)
//     on_spike:               ... _refractory_end = _step + K
//     derive:                 _refractory_end = timestep(lastspike, dt) + K
// The runtime keeps the group's guard at 1 only while the two tests give the same answer for
// the network's dt and K values at every step: checked element by element for the state, and
// for every spike step a run reaches (ir::PlanAssumption::Kind::refractorySteps); elsewhere
// the fallback runs. The results are Brian2's test's either way (the fallback also leaves out
// the group's other guarded optimisations, docs/precision.md).
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void makeRefractorinessSteps(ir::StepPlan& plan);

}  // namespace lsm
