// Pass on the step plan (`branch-free-advance`): a catch-up `advance [X] by n steps` (the map
// X -> Phi X + c applied n times by repeated squaring) applies the map of each power of two to
// X whether or not n has that bit, and keeps the result only where it has: a choice of values
// in place of a jump. n's bits are as good as random from one event to the next (the steps
// since a synapse's last spike), so a jump per bit is mispredicted about every other bit, each
// costing more than the few multiplications it saves. The operations on the kept values and
// their order are those of the jumps: results are the same to the bit, in both backends (the
// interpreter runs the plan's statements as before; the flag is how the JIT emits them).
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

void makeAdvancesBranchFree(ir::StepPlan& plan);

}  // namespace lsm
