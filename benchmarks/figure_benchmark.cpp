// Google Benchmark: Fig. 2 drawn as `lsmc run` draws it (cli/figure.cpp), PNG and SVG, from four
// curves of 5000 steps shaped like the Maass model's (a rise, a decay to a plateau, and the
// step-to-step jitter of a mean over 200 pairs).
// Run: build/benchmarks/lsm_phase_benchmarks --benchmark_repetitions=5
//        --benchmark_report_aggregates_only --benchmark_filter=Figure
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "figure.hpp"

namespace {

lsm::SeparationResult maassLikeCurves() {
  lsm::SeparationResult result;
  result.steps = 5000;
  std::mt19937_64 random(2002);
  std::normal_distribution<double> jitter(0, 1);
  const double peaks[] = {1.8, 1.3, 0.9, 0.09}, plateaus[] = {0.8, 0.47, 0.32, 0.02};
  const double targets[] = {0.4, 0.2, 0.1, 0};
  // The step-to-step standard deviation of the Maass model's curves (seed 2002, 200 pairs).
  const double jitters[] = {0.0017, 0.0014, 0.0014, 0.0003};
  for (int c = 0; c < 4; ++c) {
    lsm::DistanceCurve curve;
    curve.target = targets[c];
    double wander = 0;
    for (int k = 0; k < 5000; ++k) {
      const double t = k * 1e-4;
      wander = 0.995 * wander + jitters[c] * jitter(random);
      const double shape = plateaus[c] + (peaks[c] - plateaus[c]) * std::exp(-t / 0.04) -
                           peaks[c] * std::exp(-t / 0.01);
      curve.mean.push_back(std::max(0.0, shape + wander));
      curve.sem.push_back(0.05 * peaks[c]);
    }
    result.curves.push_back(std::move(curve));
  }
  return result;
}

// Arg 0: PNG, 1: SVG.
void Figure2(benchmark::State& state) {
  static const auto curves = maassLikeCurves();
  const bool svg = state.range(0) == 1;
  const auto path = std::filesystem::temp_directory_path() /
                    (svg ? "lsm_figure_benchmark.svg" : "lsm_figure_benchmark.png");
  for (auto _ : state) lsm::cli::drawFigure2(curves, 1e-4, path.string());
  state.counters["bytes"] = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::remove(path);
  state.SetLabel(svg ? "svg" : "png");
}
BENCHMARK(Figure2)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
