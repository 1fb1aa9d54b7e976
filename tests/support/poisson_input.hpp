// The Maass model's stimulus for run tests: one Poisson train at 20 Hz over 500 ms, element 0,
// from a stream of its own per test (`seed`, `purpose`) and trial.
#pragma once

#include <cstdint>
#include <string>

#include "lsm/random.hpp"
#include "lsm/simulation.hpp"

namespace lsm::test {

inline InputSpikes poissonStimulus(std::uint64_t seed, const std::string& purpose,
                                   std::uint64_t trial) {
  InputSpikes input;
  RandomStream stream(seed, purpose, 0, trial);
  for (double t = stream.exponential() / 20.0; t < 0.5; t += stream.exponential() / 20.0) {
    input.indices.push_back(0);
    input.times.push_back(t);
  }
  return input;
}

}  // namespace lsm::test
