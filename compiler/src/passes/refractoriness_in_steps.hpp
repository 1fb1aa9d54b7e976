// Pass on the step plan (`refractoriness-in-steps`): Brian2's refractoriness test, a division
// and a truncation per element and step,
//     not_refractory = timestep(t - lastspike, dt) >= K
// becomes a comparison of step numbers, as a guarded operation:
//     where _steps_agree[g] holds:  not_refractory = _step >= _refractory_end
//     else:                          (the test as it was)
//     on_spike:                      ... _refractory_end = _step + K
//     derive:                        _refractory_end = timestep(lastspike, dt) + K
// The runtime sets `_steps_agree` only where the two tests give the same answer for the
// network's dt and K values at every step: checked element by element for the state, and
// for every spike step a run reaches (ir::PlanAssumption::Kind::refractorySteps); elsewhere
// the fallback runs. The results are the same either way.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void makeRefractorinessSteps(ir::StepPlan& plan);

}  // namespace lsm
