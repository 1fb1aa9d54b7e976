// The grouped state distance against the direct one, neuron by neuron, bit for bit.
#include "state_distance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "lsm/random.hpp"

namespace {

// One neuron at a time over every step: the definition, in the order of additions that
// stateDistance keeps.
std::vector<double> direct(const lsm::SpikeStepsByNeuron& a, const lsm::SpikeStepsByNeuron& b,
                           double decay, std::size_t steps) {
  std::vector<double> d(steps, 0.0);
  for (std::size_t n = 0; n < a.size(); ++n) {
    double xa = 0, xb = 0;
    std::size_t nextA = 0, nextB = 0;
    for (std::size_t k = 0; k < steps; ++k) {
      xa *= decay;
      xb *= decay;
      for (; nextA < a[n].size() && static_cast<std::size_t>(a[n][nextA]) == k; ++nextA) xa += 1;
      for (; nextB < b[n].size() && static_cast<std::size_t>(b[n][nextB]) == k; ++nextB) xb += 1;
      d[k] += (xa - xb) * (xa - xb);
    }
  }
  for (double& value : d) value /= static_cast<double>(a.size());
  return d;
}

// Ascending spike steps of `neurons` neurons, each spiking in a step with probability p;
// some neurons silent, and (with `doubled`) some steps with two spikes of one neuron.
lsm::SpikeStepsByNeuron randomTrial(std::uint64_t seed, std::size_t neurons, std::size_t steps,
                                    double p, bool doubled) {
  lsm::RandomStream random(seed, "state distance test", neurons);
  lsm::SpikeStepsByNeuron trial(neurons);
  for (std::size_t n = 0; n < neurons; ++n) {
    if (random.uniform() < 0.2) continue;
    for (std::size_t k = 0; k < steps; ++k) {
      if (random.uniform() >= p) continue;
      trial[n].push_back(static_cast<std::int64_t>(k));
      if (doubled && random.uniform() < 0.3) trial[n].push_back(static_cast<std::int64_t>(k));
    }
  }
  return trial;
}

TEST(StateDistance, EqualsTheNeuronByNeuronSumBitForBit) {
  const double decay = std::exp(-1e-4 / 0.03);
  for (std::size_t neurons : {1, 7, 8, 9, 17, 135}) {
    for (bool doubled : {false, true}) {
      const auto a = randomTrial(1, neurons, 3000, 0.004, doubled);
      const auto b = randomTrial(2, neurons, 3000, 0.004, doubled);
      std::vector<double> grouped;
      lsm::stateDistance(a, b, decay, 3000, grouped);
      const std::vector<double> expected = direct(a, b, decay, 3000);
      ASSERT_EQ(grouped.size(), expected.size());
      for (std::size_t k = 0; k < expected.size(); ++k)
        ASSERT_EQ(grouped[k], expected[k]) << neurons << " neurons, step " << k;
    }
  }
}

TEST(StateDistance, SameTrialsGiveZeroAndSpikesBeyondTheEndAreIgnored) {
  const auto a = randomTrial(3, 20, 1000, 0.01, false);
  std::vector<double> d;
  lsm::stateDistance(a, a, 0.99, 1000, d);
  for (double value : d) EXPECT_EQ(value, 0.0);
  // One spike at step 2 in trial a only, another past the end in trial b.
  lsm::SpikeStepsByNeuron one = {{2}}, late = {{5}};
  lsm::stateDistance(one, late, 0.5, 4, d);
  EXPECT_EQ(d, (std::vector<double>{0.0, 0.0, 1.0, 0.25}));
}

TEST(StateDistance, RefusesTrialsOfDifferentSizes) {
  std::vector<double> d;
  EXPECT_THROW(lsm::stateDistance({{1}}, {{1}, {2}}, 0.5, 4, d), std::invalid_argument);
}

}  // namespace
