// The runtime's side of a step plan's guarded operations (ir::PlanAssumption): whether each
// assumption holds for the state and for every step a run reaches, written into its guard, so
// that the plan's fallback runs wherever it does not.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "lsm/step_plan.hpp"

namespace lsm {

class PlanAssumptions {
 public:
  PlanAssumptions(const ir::StepPlan& plan, double dt);

  // The state may have changed from outside (a trial's start, edits): checks it as of `step`.
  void checkState(void* const* slots, std::int64_t step);
  // Before a run up to (not including) `end`: checks the steps from where the last check
  // stopped.
  void checkSteps(void* const* slots, std::int64_t end);

 private:
  struct Refractory {
    const ir::PlanAssumption* assumption = nullptr;
    bool sharedSteps = false;  // one K for every element
    bool stateHolds = false;
    bool stepsFail = false;                      // some step failed: for the rest of the simulation
    std::map<double, std::int64_t> checkedUpTo;  // per value of K: spike steps checked
  };
  void setGuard(void* const* slots, const Refractory& r) const;

  double dt_;
  std::vector<Refractory> refractory_;
};

}  // namespace lsm
