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

// A group's states are vectors of four (GCC's vector extension; one AVX2 register each), so
// that they stay in registers from step to step: indexed by a spike's lane, an array of
// states lived in memory, and every step waited for its store and reload.
using Quad = double __attribute__((vector_size(32)));
using QuadMask = std::int64_t __attribute__((vector_size(32)));
constexpr std::size_t quads = lanes / 4;

// AVX2 where the host has it (host_clones.hpp).
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
  Quad state[2][quads] = {};
  const QuadMask index = {0, 1, 2, 3};
  const Quad ones = {1.0, 1.0, 1.0, 1.0};
  std::size_t next = 0;
  std::size_t due = spikes.empty() ? steps : static_cast<std::size_t>(spikes[0].step);
  for (std::size_t k = 0; k < steps; ++k) {
    for (std::size_t q = 0; q < quads; ++q) {
      state[0][q] *= decay;
      state[1][q] *= decay;
    }
    if (k == due) {
      // Each spike its own addition, as one neuron at a time adds them.
      for (; next < spikes.size() && static_cast<std::size_t>(spikes[next].step) == k; ++next) {
        const LaneSpike& spike = spikes[next];
        // 1.0 in the spike's lane of its quad, +0.0 in the others (which leaves them as they
        // are: a state is never -0.0).
        const Quad one =
            reinterpret_cast<Quad>((index == static_cast<std::int64_t>(spike.lane % 4)) &
                                   reinterpret_cast<QuadMask>(ones));
        // (Constant indices only, so that the states stay in registers.)
        for (std::size_t q = 0; q < quads; ++q) {
          if (spike.lane / 4 != q) continue;
          if (spike.side == 0) {
            state[0][q] += one;
          } else {
            state[1][q] += one;
          }
        }
      }
      due = next < spikes.size() ? static_cast<std::size_t>(spikes[next].step) : steps;
    }
    double sum = distance[k];
    for (std::size_t q = 0; q < quads; ++q) {
      const Quad difference = state[0][q] - state[1][q];
      const Quad square = difference * difference;
      for (int lane = 0; lane < 4; ++lane) sum += square[lane];
    }
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
