// Pass on the step plan (`fuse-loops`): consecutive loops over the elements of one group in a
// step (summed variables' running sums, the state update) and the threshold after them become
// one loop per element range, so that each element's values are loaded and stored once per
// step, not once per operation. The ranges are where the loops begin and end: the Maass
// model's four running sums (on the excitatory and the inhibitory neurons), its update and its
// threshold become two loops,
//     for each element of neurons[0:108]:   ee sum, ie sum, update; collect spikes
//     for each element of neurons[108:135]: ei sum, ii sum, update; add spikes
// Each element runs the same statements in the same order as before, and the loops touch no
// other element's values (and write no shared one): results are the same to the bit.
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void fuseElementLoops(ir::StepPlan& plan);

}  // namespace lsm
