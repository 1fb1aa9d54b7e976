// The synapses of each element of a population (CSR): begin[e] .. begin[e + 1] are the places
// in `synapses` of the synapse numbers whose end (source or target) is element e, in synapse
// order; an empty `synapses` (with synapses) is the identity, each place its own synapse
// number (lsm::Connectivity). Built on several threads with the same result as on one.
#pragma once

#include <cstdint>
#include <vector>

namespace lsm {

// `ends`: each synapse's group-wide end, in [start, start + size). `threads` 0: every core.
// Ends already in order give the identity (an empty `synapses`).
void indexSynapses(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size,
                   std::vector<std::int64_t>& begin, std::vector<std::int32_t>& synapses,
                   int threads);

// Whether the synapses of every element of an index (begin, synapses as indexSynapses makes
// them, the identity where `synapses` is empty) are in ascending order of `others` (each
// synapse's other end): a pass over the index that stops at the first element out of order.
bool eachElementAscending(const std::vector<std::int64_t>& begin,
                          const std::vector<std::int32_t>& synapses,
                          const std::vector<std::int32_t>& others);

}  // namespace lsm
