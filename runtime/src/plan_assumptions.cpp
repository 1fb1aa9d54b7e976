#include "plan_assumptions.hpp"

#include <algorithm>
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

PlanAssumptions::PlanAssumptions(const ir::StepPlan& plan, double dt) : plan_(plan), dt_(dt) {
  for (const ir::PlanAssumption& a : plan.assumptions) {
    Checked c;
    c.assumption = &a;
    if (a.kind == ir::PlanAssumption::Kind::refractorySteps)
      c.sharedSteps = plan.slots[static_cast<std::size_t>(a.steps)].shared;
    checked_.push_back(std::move(c));
  }
}

void PlanAssumptions::setGuards(void* const* slots) const {
  std::map<int, bool> guards;
  for (const Checked& c : checked_) {
    auto [it, added] = guards.emplace(c.assumption->guard, true);
    it->second = it->second && c.holds();
  }
  for (const auto& [guard, holds] : guards) *static_cast<double*>(slots[guard]) = holds ? 1.0 : 0.0;
}

void PlanAssumptions::checkRefractory(void* const* slots, std::int64_t step, Checked& c) const {
  const ir::PlanAssumption& a = *c.assumption;
  const auto* lastspike = static_cast<const double*>(slots[a.lastspike]);
  const auto* k = static_cast<const double*>(slots[a.steps]);
  c.stateHolds = true;
  for (std::int64_t e = a.begin; e < a.end && c.stateHolds; ++e) {
    const double value = k[c.sharedSteps ? 0 : e];
    // `derive` sets the integer test's end from lastspike this way.
    const double end = spikeStep(lastspike[e], dt_) + value;
    c.stateHolds = value == std::trunc(value) && agreesFrom(step, lastspike[e], value, end, dt_);
    c.checkedUpTo.emplace(value, 0);
  }
}

void PlanAssumptions::checkFinite(void* const* slots, Checked& c) const {
  const ir::PlanAssumption& a = *c.assumption;
  const auto* values = static_cast<const double*>(slots[a.value]);
  std::int64_t begin = a.begin, end = a.end;
  if (plan_.slots[static_cast<std::size_t>(a.value)].shared) {
    begin = 0;
    end = 1;
  } else if (a.count >= 0) {
    begin = 0;
    end = *static_cast<const std::int64_t*>(slots[a.count]);
  }
  c.stateHolds = true;
  for (std::int64_t e = begin; e < end && c.stateHolds; ++e)
    c.stateHolds = std::isfinite(values[e]);
}

void PlanAssumptions::checkState(void* const* slots, std::int64_t step) {
  for (Checked& c : checked_) {
    switch (c.assumption->kind) {
      case ir::PlanAssumption::Kind::refractorySteps:
        checkRefractory(slots, step, c);
        break;
      case ir::PlanAssumption::Kind::finite:
        checkFinite(slots, c);
        break;
    }
  }
  setGuards(slots);
}

void PlanAssumptions::checkSteps(void* const* slots, std::int64_t end) {
  for (Checked& c : checked_) {
    if (c.assumption->kind != ir::PlanAssumption::Kind::refractorySteps) continue;
    for (auto& [k, checked] : c.checkedUpTo) {
      // A spike at step s writes lastspike = s*dt and the end s + K: from step s on the tests
      // must agree.
      for (std::int64_t s = checked; s < end && !c.stepsFail; ++s) {
        const double spike = static_cast<double>(s);
        c.stepsFail = !agreesFrom(s, spike * dt_, k, spike + k, dt_);
      }
      checked = std::max(checked, end);
    }
  }
  setGuards(slots);
}

std::vector<std::string> PlanAssumptions::failing() const {
  std::vector<std::string> out;
  for (const Checked& c : checked_) {
    if (c.holds()) continue;
    const ir::PlanAssumption& a = *c.assumption;
    std::string name =
        a.optimisation + " (" + plan_.slots[static_cast<std::size_t>(a.guard)].object + ")";
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

}  // namespace lsm
