// The error of an experiment that cannot run as set.
#pragma once

#include <stdexcept>

namespace lsm {

// Thrown for an experiment that cannot run as set: a setting missing or out of range, a
// duration shorter than a step, inputs the Poisson construction cannot make, targets no input
// pair reaches, or (ResourceError, lsm/resources.hpp) a run that would not fit in memory.
struct ExperimentError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

}  // namespace lsm
