// The liquid-state distance of two trials (Maass et al. 2002, Fig. 2): each neuron's spike
// train filtered by exp(-t / tau) on the step grid, and at every step the mean over neurons
// of the squared difference between the two trials' filtered trains.
#pragma once

#include <cstdint>
#include <vector>

namespace lsm {

// The spike steps of each neuron of a trial, ascending.
using SpikeStepsByNeuron = std::vector<std::vector<std::int64_t>>;

// distance[k], k < steps, for trials a and b of the same neurons; decay = exp(-dt / tau).
// Each neuron's state is decay times the previous step's, plus one per spike at the step;
// the squared differences are added to distance[k] in neuron order, so that the result does
// not depend on how the neurons are grouped for speed. Spikes at or after `steps` are ignored.
void stateDistance(const SpikeStepsByNeuron& a, const SpikeStepsByNeuron& b, double decay,
                   std::size_t steps, std::vector<double>& distance);

}  // namespace lsm
