// The runtime's side of a step plan's guarded operations (ir::PlanAssumption): whether each
// assumption holds for the state and for every step a run reaches, written into the guards
// (an object's guard is 1 while all of its assumptions hold), so that the plan's fallback
// runs wherever one does not.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lsm/step_plan.hpp"

namespace lsm {

class PlanAssumptions {
 public:
  PlanAssumptions(const ir::StepPlan& plan, double dt);

  // The state may have changed from outside (a trial's start, edits, `derive` having run):
  // checks it as of `step`.
  void checkState(void* const* slots, std::int64_t step);
  // Before a run up to (not including) `end`: checks the steps from where the last check
  // stopped.
  void checkSteps(void* const* slots, std::int64_t end);
  // The assumptions that do not hold, as "OPTIMISATION (object)", each once, in plan order.
  std::vector<std::string> failing() const;

 private:
  struct Checked {
    const ir::PlanAssumption* assumption = nullptr;
    bool stateHolds = false;
    // refractorySteps
    bool sharedSteps = false;                    // one K for every element
    bool stepsFail = false;                      // some step failed: for the rest of the simulation
    std::map<double, std::int64_t> checkedUpTo;  // per value of K: spike steps checked
    bool holds() const { return stateHolds && !stepsFail; }
  };
  void checkRefractory(void* const* slots, std::int64_t step, Checked& c) const;
  void checkFinite(void* const* slots, Checked& c) const;
  void setGuards(void* const* slots) const;

  const ir::StepPlan& plan_;
  double dt_;
  std::vector<Checked> checked_;
};

}  // namespace lsm
