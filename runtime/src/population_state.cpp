// Where a population's elements live: a group's range, or (synapses on synapses) the synapses
// of a target synapses object, whose number is known only once that object is built.
#include "lsm/network.hpp"

namespace lsm {

const ObjectState* populationState(const NetworkInstance& network, const ir::Population& p) {
  if (p.isGenerator) return nullptr;
  if (p.isSynapses) return &network.synapses.at(p.group);
  return &network.groups.at(p.group);
}

std::int64_t populationSize(const NetworkInstance& network, const ir::Population& p) {
  if (p.isSynapses) return network.synapses.at(p.group).size;
  return p.size();
}

}  // namespace lsm
