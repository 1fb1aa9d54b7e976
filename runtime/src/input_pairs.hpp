// The separation experiment's first phase: pairs of Poisson inputs (u, v) whose input distance
// lies within the tolerance of each target, as the seed's collect_stimulus_pairs draws them,
// and the d = 0 pairs (one train twice).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "lsm/separation_experiment.hpp"

namespace lsm {

struct InputPairs {
  using Trains = std::pair<std::vector<double>, std::vector<double>>;
  // Per target distance in the settings' order, then d = 0: the pairs and their distances.
  std::vector<std::vector<Trains>> trains;
  std::vector<std::vector<double>> distances;
  std::int64_t candidates = 0;  // pairs drawn to fill the targets
};

// Candidate k is the trains of (seed, "input u", k) and (seed, "input v", k); each target takes
// the first settings.pairs candidates within its tolerance, in candidate order, so the pairs do
// not depend on the thread count. Throws ExperimentError when a million candidates leave a
// target unfilled.
InputPairs collectInputPairs(const SeparationSettings& settings, double dt, int threads,
                             const Progress& progress);

}  // namespace lsm
