// What the runtime's memory holds for a plan's `outgoing` and `incoming` slots: the Adjacency
// that every operation reads, followed by whether each element's synapses are in ascending
// order of their other end, which lets a kernel split by target range read only its share of
// each source's synapses (codegen's targetShare) instead of all of them.
#pragma once

#include <cstdint>

#include "lsm/step_plan.hpp"

namespace lsm::ir {

struct SortedAdjacency {
  Adjacency adjacency;  // first: the slot's address is the Adjacency's
  // Nonzero when every element's synapses are in ascending order of their other end (targets,
  // for synapses by source): Brian2's synapse order is by source, then target, for every
  // connect form but explicit pairs and generators over descending ranges.
  std::int64_t otherEndsAscending = 0;
};

}  // namespace lsm::ir
