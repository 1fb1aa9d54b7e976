// Google Benchmark: the separation experiment's pair collection for the Maass model's protocol
// (seed 2002: 30 759 candidates for 200 pairs at each of 0.4, 0.2, 0.1 within 0.01), per thread
// count, and its parts per candidate: two Poisson trains, the input distance in closed form and
// as the sum over the grid.
// Run: build/benchmarks/lsm_phase_benchmarks --benchmark_repetitions=5
//        --benchmark_report_aggregates_only --benchmark_filter=Pair
#include <benchmark/benchmark.h>

#include "input_pairs.hpp"
#include "lsm/frontend.hpp"
#include "lsm/input_distance.hpp"
#include "lsm/poisson_train.hpp"

namespace {

// The experiment block of models/maass2002.lsm.
lsm::SeparationSettings maassProtocol() {
  lsm::SourceManager sources;
  auto compiled = lsm::compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources);
  return lsm::SeparationSettings::fromModel(*compiled.model);
}

void PairCollection(benchmark::State& state) {
  static const auto settings = maassProtocol();
  std::int64_t candidates = 0;
  for (auto _ : state) {
    auto pairs =
        lsm::collectInputPairs(settings, settings.dt, static_cast<int>(state.range(0)), {});
    candidates = pairs.candidates;
    benchmark::DoNotOptimize(pairs.trains.data());
  }
  state.counters["candidates"] = static_cast<double>(candidates);
}
BENCHMARK(PairCollection)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Per candidate: k cycles through the first 4096 candidates (of seed 1).
void PairCandidateTrains(benchmark::State& state) {
  std::vector<double> u, v;
  std::uint64_t k = 0;
  for (auto _ : state) {
    lsm::drawPoissonTrain(u, 20, 0.5, 1e-4, 1, "input u", k);
    lsm::drawPoissonTrain(v, 20, 0.5, 1e-4, 1, "input v", k);
    k = (k + 1) % 4096;
    benchmark::DoNotOptimize(u.data());
    benchmark::DoNotOptimize(v.data());
  }
}
BENCHMARK(PairCandidateTrains);

// Arg 0: closed form (inputDistance), 1: the sum over the grid.
void PairCandidateDistance(benchmark::State& state) {
  std::vector<std::pair<std::vector<double>, std::vector<double>>> candidates(4096);
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    candidates[k] = {lsm::poissonTrain(20, 0.5, 1e-4, 1, "input u", k),
                     lsm::poissonTrain(20, 0.5, 1e-4, 1, "input v", k)};
  }
  const bool grid = state.range(0) == 1;
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& [u, v] = candidates[k];
    benchmark::DoNotOptimize(grid ? lsm::inputDistanceOnGrid(u, v, 0.005, 1e-4, 0.5)
                                  : lsm::inputDistance(u, v, 0.005, 1e-4, 0.5));
    k = (k + 1) % candidates.size();
  }
  state.SetLabel(grid ? "grid sum" : "closed form");
}
BENCHMARK(PairCandidateDistance)->Arg(0)->Arg(1);

}  // namespace
