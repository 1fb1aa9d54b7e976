// Brian2's event-driven synaptic equations: integrated when a spike arrives, over the time
// since `lastupdate`, before the event's statements; then lastupdate = t. Each must be linear
// in its own variable alone, with a fixed coefficient (integrated exactly).
#pragma once

#include "integration/method.hpp"

namespace lsm::integration {

void integrateEventDriven(const OdeSet& odes, ir::Synapses& synapses, IntegrationContext& context);

}  // namespace lsm::integration
