// The steps shared by building a network and loading one: allocation, implicit defaults,
// connectivity indices and integration coefficients.
#pragma once

#include "lsm/network.hpp"

namespace lsm {

ObjectState allocateObject(const std::vector<ir::Variable>& variables, std::int64_t size);
// The most elements a group may have (elements are indexed with 32-bit integers), and the
// most steps a delay may have.
constexpr std::int64_t maxElements = 2147483647;
constexpr std::int64_t maxDelaySteps = 2147483646;

// Allocates every group and spike generator of the model (synapses need their count first),
// after checking that they fit in `maxMemory` (0: the machine's) and 32-bit indices.
void allocateInstance(NetworkInstance& network, std::uint64_t maxMemory = 0);
// Where the connections come from: `loaded` (from a file) are checked here; `drawn` by the
// builder, which checked each synapse's ends and delay as it drew them, and gave the begins
// of the index by source (outgoingBegin, one more than the source's elements) where it drew
// row by row in source order.
enum class Connections { loaded, drawn };

// After the values are in: checks the connections of each synapses (pre, post and delaySteps),
// builds their per-element indices and the largest delay, makes them the instance's
// connectivity, and computes the derived values. `threads` for the indices (0: every core;
// the result is the same for any number).
void completeInstance(NetworkInstance& network, std::map<std::string, Connectivity> connections,
                      int threads = 0, Connections from = Connections::loaded);
// The values computed from the others: integration coefficients and the values constant
// hoisting took out of the step. Again after an edit of the state between runs.
void computeDerivedValues(NetworkInstance& network);

}  // namespace lsm
