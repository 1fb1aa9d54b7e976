#include "plan_assumptions.hpp"

#include <cmath>

namespace lsm {

namespace {

// Brian2's refractoriness test as the plan computes it (t = i*dt, lastspike as written at a
// spike, timestep(x, dt) = int((x + 1e-3*dt)/dt)): whether the element is refractory at step i.
bool refractory(std::int64_t i, double lastspike, double k, double dt) {
  const double t = static_cast<double>(i) * dt;
  const double steps = std::trunc((t - lastspike + 1e-3 * dt) / dt);
  return !(steps >= k);
}

// The integer test's spike step for a lastspike: timestep(lastspike, dt), as `derive` has it.
double spikeStep(double lastspike, double dt) {
  return std::trunc((lastspike + 1e-3 * dt) / dt);
}

// Whether, from step i0 on, the integer test (refractory before step `end`) gives Brian2's
// answer for this lastspike. Both tests change their answer once as i grows (the float one
// because t - lastspike and timestep() do not decrease), so the steps around the change
// decide.
bool agreesFrom(std::int64_t i0, double lastspike, double k, double end, double dt) {
  if (end <= static_cast<double>(i0)) return !refractory(i0, lastspike, k, dt);
  const auto first = static_cast<std::int64_t>(end);
  if (first - 1 >= i0 && !refractory(first - 1, lastspike, k, dt)) return false;
  return !refractory(first, lastspike, k, dt);
}

}  // namespace

PlanAssumptions::PlanAssumptions(const ir::StepPlan& plan, double dt) : dt_(dt) {
  for (const ir::PlanAssumption& a : plan.assumptions) {
    switch (a.kind) {
      case ir::PlanAssumption::Kind::refractorySteps: {
        Refractory r;
        r.assumption = &a;
        r.sharedSteps = plan.slots[static_cast<std::size_t>(a.steps)].shared;
        refractory_.push_back(std::move(r));
        break;
      }
    }
  }
}

void PlanAssumptions::setGuard(void* const* slots, const Refractory& r) const {
  *static_cast<double*>(slots[r.assumption->guard]) = r.stateHolds && !r.stepsFail ? 1.0 : 0.0;
}

void PlanAssumptions::checkState(void* const* slots, std::int64_t step) {
  for (Refractory& r : refractory_) {
    const ir::PlanAssumption& a = *r.assumption;
    const auto* lastspike = static_cast<const double*>(slots[a.lastspike]);
    const auto* k = static_cast<const double*>(slots[a.steps]);
    r.stateHolds = true;
    for (std::int64_t e = a.begin; e < a.end && r.stateHolds; ++e) {
      const double value = k[r.sharedSteps ? 0 : e];
      // `derive` sets the integer test's end from lastspike this way.
      const double end = spikeStep(lastspike[e], dt_) + value;
      r.stateHolds = value == std::trunc(value) && agreesFrom(step, lastspike[e], value, end, dt_);
      r.checkedUpTo.emplace(value, 0);
    }
    setGuard(slots, r);
  }
}

void PlanAssumptions::checkSteps(void* const* slots, std::int64_t end) {
  for (Refractory& r : refractory_) {
    for (auto& [k, checked] : r.checkedUpTo) {
      // A spike at step s writes lastspike = s*dt and the end s + K: from step s on the tests
      // must agree.
      for (std::int64_t s = checked; s < end && !r.stepsFail; ++s) {
        const double spike = static_cast<double>(s);
        r.stepsFail = !agreesFrom(s, spike * dt_, k, spike + k, dt_);
      }
      checked = std::max(checked, end);
    }
    setGuard(slots, r);
  }
}

}  // namespace lsm
