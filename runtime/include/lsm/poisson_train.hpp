// Poisson spike trains as the seed's generate_poisson draws them (../shared/seed): a Poisson
// count by Knuth's inversion, uniform times, sorted, redrawn until no two spikes share a step.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lsm/experiment_error.hpp"

namespace lsm {

// A Poisson spike train (seconds, sorted) with no two spikes in one step, on the stream of
// (seed, purpose, index). Throws ExperimentError when the rate is too high for the step (two
// spikes in one step in nearly every draw).
std::vector<double> poissonTrain(double rate, double duration, double dt, std::uint64_t seed,
                                 std::string_view purpose, std::uint64_t index);

// The same train into `times`, whose capacity is reused: no allocation once it has held the
// longest train (what pair collection draws tens of thousands of).
void drawPoissonTrain(std::vector<double>& times, double rate, double duration, double dt,
                      std::uint64_t seed, std::string_view purpose, std::uint64_t index);

// drawPoissonTrain for many indices of one (rate, duration, dt, seed, purpose): the checks, the
// purpose's hash and Knuth's exp(-mean) done once (pair collection draws 60 000 trains, where
// they were a twentieth of a train). The same trains as drawPoissonTrain.
class PoissonTrainDraws {
 public:
  // Throws ExperimentError as poissonTrain does for a rate too high for the step.
  PoissonTrainDraws(double rate, double duration, double dt, std::uint64_t seed,
                    std::string_view purpose);
  void draw(std::vector<double>& times, std::uint64_t index) const;
  // draw(times, index) and other.draw(otherTimes, index), the random numbers of both computed
  // together (pair collection's candidates: 4 % fewer instructions). The same trains.
  void drawBeside(const PoissonTrainDraws& other, std::uint64_t index, std::vector<double>& times,
                  std::vector<double>& otherTimes) const;

 private:
  template <class Uniforms>
  void drawFrom(Uniforms& random, std::vector<double>& times) const;

  double rate_, duration_, dt_, mean_;
  std::uint64_t seed_, purposeHash_;
  double parts_, limit_;  // Knuth's count: parts of at most 500 spikes, exp(-part mean)
};

}  // namespace lsm
