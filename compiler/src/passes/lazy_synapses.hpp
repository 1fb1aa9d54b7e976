// Lazy synapses: clock-driven synapse variables that nothing reads between synaptic events,
// except summed variables of the form `c * s` whose state s decays on its own at a shared
// rate, are advanced only when an event arrives (over all the steps since the last one), and
// each such summed variable becomes a running sum per target element that decays every step
// and takes the events' changes. The results are those of the clock-driven update up to
// rounding (the order of the operations differs).
#pragma once

#include "lsm/ir.hpp"

namespace lsm {

void makeSynapsesLazy(ir::Model& model);

}  // namespace lsm
