// The synapses of each element of a population (CSR): begin[e] .. begin[e + 1] are the places
// in `synapses` of the synapse numbers whose end (source or target) is element e, in synapse
// order. Built on several threads with the same result as on one.
#pragma once

#include <cstdint>
#include <vector>

namespace lsm {

// `ends`: each synapse's group-wide end, in [start, start + size). `threads` 0: every core.
void indexSynapses(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size,
                   std::vector<std::int64_t>& begin, std::vector<std::int32_t>& synapses,
                   int threads);

// The index of synapses sorted by their end (Brian2's order for the source, whatever the rule
// but explicit pairs): each element's synapses are a range of synapse numbers, so the index
// is the identity, 0 .. total - 1.
void identityIndex(std::int64_t total, std::vector<std::int32_t>& synapses, int threads);

// Whether the synapses of every element of an index (begin, synapses as indexSynapses makes
// them) are in ascending order of `others` (each synapse's other end): a pass over the index
// that stops at the first element out of order.
bool eachElementAscending(const std::vector<std::int64_t>& begin,
                          const std::vector<std::int32_t>& synapses,
                          const std::vector<std::int32_t>& others);

}  // namespace lsm
