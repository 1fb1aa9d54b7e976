// Where a population's elements live: a group's range, or (synapses on synapses) the synapses
// of a target synapses object, whose number is known only once that object is built.
#include <utility>

#include "lsm/network.hpp"

namespace lsm {

const ObjectState* populationState(const NetworkInstance& network, const ir::Population& p) {
  if (p.isGenerator) return nullptr;
  if (p.isSynapses) return &network.synapses.at(p.group);
  return &network.groups.at(p.group);
}

ObjectState* populationState(NetworkInstance& network, const ir::Population& p) {
  return const_cast<ObjectState*>(populationState(std::as_const(network), p));
}

std::int64_t populationSize(const NetworkInstance& network, const ir::Population& p) {
  if (p.isSynapses) return network.synapses.at(p.group).size;
  return p.size();
}

}  // namespace lsm
