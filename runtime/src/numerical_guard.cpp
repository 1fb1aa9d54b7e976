#include "numerical_guard.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>

namespace lsm {

namespace {

// The index of the first value that is not finite, or -1. A double is NaN or infinite when
// its exponent bits are all set; adding one to the exponent field then carries into the sign
// bit. The first pass ORs that carry over all values with integer operations only (no branch,
// no floating-point latency chain); the search runs only after a hit.
std::int64_t firstNonFinite(const VariableArray& values) {
  constexpr std::uint64_t exponent = 0x7FF0000000000000, one = std::uint64_t{1} << 52;
  // Four carries: independent chains the CPU overlaps.
  std::uint64_t carry[4] = {0, 0, 0, 0};
  const std::size_t n = values.size();
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    for (std::size_t lane = 0; lane < 4; ++lane) {
      std::uint64_t bits;
      std::memcpy(&bits, &values[k + lane], sizeof bits);
      carry[lane] |= (bits & exponent) + one;
    }
  }
  for (; k < n; ++k) {
    std::uint64_t bits;
    std::memcpy(&bits, &values[k], sizeof bits);
    carry[0] |= (bits & exponent) + one;
  }
  if (((carry[0] | carry[1] | carry[2] | carry[3]) >> 63) == 0) return -1;
  for (std::size_t m = 0; m < n; ++m)
    if (!std::isfinite(values[m])) return static_cast<std::int64_t>(m);
  return -1;
}

}  // namespace

FiniteGuard::FiniteGuard(const NetworkInstance& state, const ir::StepPlan& plan) : dt_(state.dt) {
  // The model's variables that a routine of the plan writes while it runs: not the
  // constants, the integration coefficients, the precomputed values or anything else only
  // edits change (they were finite when the network was built or checked when edited, and a
  // NaN among them reaches a written variable at its first use), nor the plan's own
  // bookkeeping (step numbers, guards).
  std::map<std::string, std::set<std::string>> written;
  for (int slot : ir::writtenVariables(plan)) {
    const ir::PlanSlot& s = plan.slots[static_cast<std::size_t>(slot)];
    if (!s.planOwned) written[s.object].insert(s.variable);
  }
  auto watch = [&](const char* kind, const std::string& name, const ObjectState& object) {
    auto found = written.find(name);
    if (found == written.end()) return;
    const std::set<std::string>& variables = found->second;
    for (const auto& [variable, values] : object.arrays)
      if (variables.count(variable) > 0)
        watched_.push_back({kind, name, variable, &values, nullptr});
    for (const auto& [variable, value] : object.scalars)
      if (variables.count(variable) > 0)
        watched_.push_back({kind, name, variable, nullptr, &value});
  };
  for (const auto& [name, object] : state.groups) watch("group", name, object);
  for (const auto& [name, object] : state.synapses) watch("synapses", name, object);
}

void FiniteGuard::check(std::int64_t step, std::int64_t previousStep, std::uint64_t trial) const {
  for (const Watched& w : watched_) {
    std::int64_t element = -1;
    double value = 0;
    if (w.values != nullptr) {
      element = firstNonFinite(*w.values);
      if (element < 0) continue;
      value = (*w.values)[static_cast<std::size_t>(element)];
    } else {
      value = *w.value;
      if (std::isfinite(value)) continue;
    }
    std::string where = element < 0 ? "" : fmt::format("[{}]", element);
    std::string shown = std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
    throw NumericalError(fmt::format(
        "{} '{}': {}{} is {} at t = {:g} s (step {}, trial {}); every value was finite at t = "
        "{:g} s (step {}): a division by 0, a parameter never set, or a step too large for an "
        "explicit method?",
        w.kind, w.object, w.variable, where, shown, static_cast<double>(step) * dt_, step, trial,
        static_cast<double>(previousStep) * dt_, previousStep));
  }
}

}  // namespace lsm
