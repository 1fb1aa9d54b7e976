// The separation experiment of Maass, Natschläger & Markram (2002), Fig. 2, as the model's
// `experiment` block declares it: pairs of Poisson inputs (u, v) whose distance d(u, v) is
// near each target, a run of the network for each input from new random initial state, and
// the mean distance between the two liquid states over time. The definitions are the Brian2
// example's (../shared/seed), including its omitted square roots.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lsm/experiment_error.hpp"
#include "lsm/input_distance.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/poisson_train.hpp"

namespace lsm {

struct SeparationSettings {
  double dt = 1e-4;
  double duration = 0.5;
  std::string input;  // the spike generator
  double poissonRate = 20.0;
  std::vector<double> targetDistances;  // d = 0 is added
  double tolerance = 0.01;
  double inputKernelTau = 0.005;
  std::int64_t pairs = 200;
  std::vector<std::string> liquid;  // spike monitors
  double liquidTau = 0.03;
  std::uint64_t seed = 1;
  std::uint64_t maxMemory = 0;  // bytes the run may need (0: the machine's)

  // From the model's experiment block; throws ExperimentError naming what is missing or out
  // of range.
  static SeparationSettings fromModel(const ir::Model& model);
};

struct DistanceCurve {
  double target = 0;                   // d(u, v) asked for (0: identical inputs)
  std::vector<double> inputDistances;  // realised, one per pair
  std::vector<double> mean, sem;       // per step, over pairs
  std::vector<double> lateMeans;       // per pair: the mean from 0.1 s to the end
};

struct SeparationResult {
  std::vector<DistanceCurve> curves;  // targets in the model's order, then d = 0
  std::int64_t steps = 0;
  std::int64_t candidates = 0;  // input pairs drawn to fill the targets
  double pairSeconds = 0, simulationSeconds = 0, analysisSeconds = 0;
};

// Progress: phase ("pairs", "trials"), done, total.
using Progress = std::function<void(const std::string&, std::int64_t, std::int64_t)>;

// Uses the network's dt (settings.dt is what the model asked for). Estimates the memory of
// the run first (ResourceError beyond settings.maxMemory). Throws ExperimentError when the
// settings do not fit the network or a million candidate pairs leave a target distance
// unfilled, std::invalid_argument / std::out_of_range for an input or liquid monitor the model
// lacks, and what a trial throws (trials.hpp; NumericalError for a state that became NaN).
SeparationResult runSeparation(const NetworkInstance& network,
                               std::shared_ptr<const CompiledModel> compiled,
                               const SeparationSettings& settings, int threads,
                               const Progress& progress = {});

}  // namespace lsm
