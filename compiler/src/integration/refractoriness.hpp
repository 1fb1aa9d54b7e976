// Brian2 2.5.1's refractoriness (NeuronGroup, StateUpdater and Thresholder): not_refractory is
// recomputed at the start of each step, the threshold requires it, a spike clears it and
// sets lastspike; `(unless refractory)` variables are written only where it holds, also by
// synaptic events (the reset alone writes them unconditionally).
#pragma once

#include "lsm/ir.hpp"

namespace lsm::integration {

// Adds the refractoriness of a group with a `refractory:` setting to its update, threshold,
// on_spike and init.
void addRefractoriness(ir::NeuronGroup& group, ir::StateUpdate& update);

// Guards the writes of `synapses`' events to `(unless refractory)` variables of its source or
// target with their not_refractory.
void guardRefractoryWrites(ir::Synapses& synapses, const ir::Model& model);

}  // namespace lsm::integration
