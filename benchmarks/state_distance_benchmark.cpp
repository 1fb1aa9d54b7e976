// Google Benchmark: the liquid-state distance of one pair of trials (state_distance.hpp) at the
// Maass model's size, 135 neurons over 5000 steps (500 ms at dt = 0.1 ms), each neuron firing
// with probability 0.003 a step (30 Hz) in each trial, independently; the separation
// experiment computes one per pair (800 for Fig. 2).
// Run: build/benchmarks/lsm_phase_benchmarks --benchmark_filter=StateDistance
//        --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <cmath>

#include "lsm/random.hpp"
#include "state_distance.hpp"

namespace {

lsm::SpikeStepsByNeuron poissonTrial(std::uint64_t trial, std::size_t neurons, std::size_t steps) {
  lsm::SpikeStepsByNeuron spikes(neurons);
  for (std::size_t n = 0; n < neurons; ++n) {
    lsm::RandomStream random(trial, "state distance benchmark", n);
    for (std::size_t k = 0; k < steps; ++k) {
      if (random.uniform() < 0.003) spikes[n].push_back(static_cast<std::int64_t>(k));
    }
  }
  return spikes;
}

void StateDistance(benchmark::State& state) {
  constexpr std::size_t neurons = 135, steps = 5000;
  const auto a = poissonTrial(1, neurons, steps), b = poissonTrial(2, neurons, steps);
  const double decay = std::exp(-1e-4 / 0.005);  // tau = 5 ms
  std::vector<double> distance;
  for (auto _ : state) {
    lsm::stateDistance(a, b, decay, steps, distance);
    benchmark::DoNotOptimize(distance.data());
  }
}
BENCHMARK(StateDistance)->Unit(benchmark::kMicrosecond);

}  // namespace
