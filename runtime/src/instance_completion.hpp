// The steps shared by building a network and loading one: allocation, implicit defaults,
// connectivity indices and integration coefficients.
#pragma once

#include "lsm/network.hpp"

namespace lsm {

ObjectState allocateObject(const std::vector<ir::Variable>& variables, std::int64_t size);
// Allocates every group and spike generator of the model (synapses need their count first).
void allocateInstance(NetworkInstance& network);
// After the values are in: checks connectivity, builds the per-element synapse indices and
// the largest delay, and computes the derived values.
void completeInstance(NetworkInstance& network);
// The values computed from the others: integration coefficients and the values constant
// hoisting took out of the step. Again after an edit of the state between runs.
void computeDerivedValues(NetworkInstance& network);

}  // namespace lsm
