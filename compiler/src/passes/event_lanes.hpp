// Pass on the step plan (`event-lanes`): a pathway whose synapses catch up at their events
// (`advance ... by _steps steps`, passes/lazy_synapses.hpp) runs the synapses due in a step
// several at a time, one per vector lane (PlanOp::inLanes), where its body allows it: lets,
// advances and assignments to the synapse's own variables, and `+=` into its targets' (or
// sources') variables that nothing else in the body reads. The catch-up by repeated squaring
// is a chain of dependent multiplications, ~11 cycles per bit of the step count and ~9 bits
// per event on the Maass model, that one synapse's event cannot overlap with the next's;
// in lanes, four chains run in the time of one. Each lane does the scalar code's operations
// in its order (the squaring runs for as many rounds as the lane with the most bits needs,
// each lane keeping a power's result by its own bit), and the additions into the targets run
// one by one after the lanes, in the synapses' order: results are the same to the bit, in
// both backends (the interpreter runs the synapses one after another as before; the flag is
// how the JIT emits them).
#pragma once

#include "lsm/step_plan.hpp"

namespace lsm {

// Whether a pathway's statements can run in lanes (the conditions above).
bool runsInLanes(const ir::StepPlan& plan, const ir::PlanOp& op);

void putEventsInLanes(ir::StepPlan& plan);

}  // namespace lsm
