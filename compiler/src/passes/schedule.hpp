// Pass: the schedule of one time step — the one place where lsmc writes down Brian2 2.5.1's
// order of operations (core/network.py sorts objects by (when, order, name)):
//   start:      state monitors (order 0)
//   groups:     state updaters (the owner's order: 0) and summed-variable updaters (the
//               target's order - 1: -1 for a group, 0 for a subgroup, whose order is 1)
//   thresholds: thresholders (0), spike generators (0), spike monitors (source order + 1)
//   synapses:   synaptic pathways: on_pre (-1), on_post (+1); Poisson inputs (0)
//   after_thresholds: custom events' thresholders (0) and their event monitors (source + 1)
//   resets:     resetters (0)
//   after_resets: custom events' run_on_event code (0)
//   any slot:   run_regularly, at the slot and order it names (start, 0 by default)
// Ties are broken by Brian2's object names, which lsmc reproduces.
#pragma once

#include "lsm/ir.hpp"

namespace lsm {

// The operations of one step of `model` in Brian2's order.
std::vector<ir::ScheduledOperation> scheduleOf(const ir::Model& model);
// The pass: sets model.schedule.
void schedule(ir::Model& model);

}  // namespace lsm
