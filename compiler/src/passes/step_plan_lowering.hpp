// Pass: lowers the scheduled model to its step plan (lsm/step_plan.hpp), the one program both
// backends run. Each scheduled operation becomes typed operations on slots:
//   state updater             loop over the group's elements (or the synapses) running `step:`
//   summed variable           target = 0 on the target population, then a loop over the
//                             synapses adding rhs to target_post; with a running sum (lazy
//                             synapses) a loop over the population that decays the sum and
//                             sets the target from it
//   thresholder               threshold: collects the spiking elements, runs on_spike
//   spike generator           emits the input due at this step
//   spike monitor             records the spikes in its population
//   synaptic pathway          queues the source's spikes in a delay ring (of source elements
//                             when every synapse of the pathway has the same delay, else of
//                             synapses) and runs on_pre for the synapses due; on_post runs for
//                             the incoming synapses of the spiking targets
//   resetter                  runs reset for this step's spikes
//   state monitor             recorded by the runtime before the step
// and, for lazy synapses, the routines that bring them up to date and recompute the running
// sums. Every variable reference is resolved to its slot here, once.
#pragma once

#include "lsm/ir.hpp"

namespace lsm {

void lowerToStepPlan(ir::Model& model);

}  // namespace lsm
