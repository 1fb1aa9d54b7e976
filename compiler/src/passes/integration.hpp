// Pass: integration. Turns each group's and synapses' differential equations into the update
// of one step `dt` (ir::StateUpdate), by the method the model names, through the registry of
// methods (integration/method_registry.hpp; one file per method in compiler/src/integration/).
// Also Brian2's refractoriness (integration/refractoriness.hpp) and event-driven synaptic
// equations (integration/event_driven.hpp).
#pragma once

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

void integrate(ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm
