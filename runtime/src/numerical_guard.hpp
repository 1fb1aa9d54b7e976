// The NaN/Inf guard of the step loop: a scan of every state array that the steps write,
// cheap because it runs every `finiteCheckInterval` steps and at the end of each run, not every
// step (the Maass model: 4 200 values per scan, 5 scans per trial of 5 000 steps; see
// docs/reliability.md for the measurement). The step loop (Simulation::advance) stops the
// plan's runs at those steps and calls check; nothing else in the loop knows about it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lsm/network.hpp"
#include "lsm/step_plan.hpp"

namespace lsm {

// Steps between two scans: a NaN is reported at most this many steps after it appeared.
constexpr std::int64_t finiteCheckInterval = 1024;

// The arrays and shared values of a network's state that the steps write (the variables the
// step plan's routines write, ir::writtenVariables), listed once (the list holds pointers into
// `state`, whose arrays keep their places while it runs, and when the state is moved: std::map
// nodes do not move).
class FiniteGuard {
 public:
  FiniteGuard(const NetworkInstance& state, const ir::StepPlan& plan);
  // Throws NumericalError for the first watched value (groups first, then synapses, by name;
  // elements in order) that is NaN or infinite, naming it, the time of this check (step `step`)
  // and of the previous one (`previousStep`), when every value was finite.
  void check(std::int64_t step, std::int64_t previousStep, std::uint64_t trial) const;

 private:
  struct Watched {
    const char* kind;  // "group" or "synapses"
    std::string object, variable;
    const VariableArray* values = nullptr;  // an array, or
    const double* value = nullptr;          // a shared value
  };
  double dt_;  // not the state itself: a moved Simulation moves its state, not the arrays
  std::vector<Watched> watched_;
};

}  // namespace lsm
