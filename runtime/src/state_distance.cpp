#include "state_distance.hpp"

#include <algorithm>
#include <stdexcept>

#include "host_clones.hpp"

namespace lsm {

namespace {

// Neurons advanced together: their states are independent chains of multiplications, so a
// group hides the latency of one (four cycles a step) behind the others, and its squared
// differences are still added to distance[k] one after the other in neuron order.
constexpr std::size_t lanes = 8;

// A spike of one lane of a group, in one of the two trials.
struct LaneSpike {
  std::int64_t step;
  std::uint32_t lane;
  std::uint32_t side;  // 0: trial a, 1: trial b
};

// AVX2 where the host has it (host_clones.hpp): a group's states are two vectors of four per trial.
LSM_AVX2_CLONES void addGroup(const SpikeStepsByNeuron& a, const SpikeStepsByNeuron& b,
                              const std::vector<std::size_t>& neurons, double decay,
                              std::size_t steps, std::vector<LaneSpike>& spikes, double* distance) {
  spikes.clear();
  for (std::size_t lane = 0; lane < neurons.size(); ++lane) {
    for (std::uint32_t side = 0; side < 2; ++side) {
      for (std::int64_t step : (side == 0 ? a : b)[neurons[lane]]) {
        if (step >= 0 && static_cast<std::size_t>(step) < steps)
          spikes.push_back({step, static_cast<std::uint32_t>(lane), side});
      }
    }
  }
  // By step; a neuron's spikes at one step add 1 each, in any order, to the same state.
  std::stable_sort(spikes.begin(), spikes.end(),
                   [](const LaneSpike& x, const LaneSpike& y) { return x.step < y.step; });
  // Lanes beyond the group's neurons stay 0 and add +0.0, which leaves distance[k] as it is.
  double state[2][lanes] = {};
  std::size_t next = 0;
  for (std::size_t k = 0; k < steps; ++k) {
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      state[0][lane] *= decay;
      state[1][lane] *= decay;
    }
    for (; next < spikes.size() && static_cast<std::size_t>(spikes[next].step) == k; ++next)
      state[spikes[next].side][spikes[next].lane] += 1.0;
    double squares[lanes];
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      const double difference = state[0][lane] - state[1][lane];
      squares[lane] = difference * difference;
    }
    double sum = distance[k];
    for (double square : squares) sum += square;
    distance[k] = sum;
  }
}

}  // namespace

void stateDistance(const SpikeStepsByNeuron& a, const SpikeStepsByNeuron& b, double decay,
                   std::size_t steps, std::vector<double>& distance) {
  if (a.size() != b.size())
    throw std::invalid_argument("stateDistance: the two trials have different neurons");
  distance.assign(steps, 0.0);
  // Neurons that spike in neither trial add +0.0 at every step: left out.
  std::vector<std::size_t> group;
  std::vector<LaneSpike> spikes;
  for (std::size_t n = 0; n < a.size(); ++n) {
    if (a[n].empty() && b[n].empty()) continue;
    group.push_back(n);
    if (group.size() == lanes) {
      addGroup(a, b, group, decay, steps, spikes, distance.data());
      group.clear();
    }
  }
  if (!group.empty()) addGroup(a, b, group, decay, steps, spikes, distance.data());
  const double neurons = static_cast<double>(a.size());
  for (double& value : distance) value /= neurons;
}

}  // namespace lsm
