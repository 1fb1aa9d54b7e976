#include "numerical_guard.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <string>

namespace lsm {

namespace {

// The index of the first value that is not finite, or -1. A double is NaN or infinite when
// its exponent bits are all set; adding one to the exponent field then carries into the sign
// bit. The first pass ORs that carry over all values with integer operations only (no branch,
// no floating-point latency chain); the search runs only after a hit.
std::int64_t firstNonFinite(const std::vector<double>& values) {
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

// The variables of an object that no step writes: those the model declares constant, the
// integration coefficients and the values constant hoisting precomputed. They were finite
// when the network was built (lsm/execution.hpp checks the coefficients), and a NaN among
// them reaches a state variable at its first use; skipping them halves the Maass scan.
std::set<std::string> fixedVariables(const std::vector<ir::Variable>& variables,
                                     const std::optional<ir::StateUpdate>& update) {
  std::set<std::string> fixed;
  for (const auto& v : variables)
    if (v.constant) fixed.insert(v.name);
  if (!update) return fixed;
  for (const auto& p : update->precomputed) fixed.insert(p.variable);
  for (const auto& system : update->systems) {
    for (const auto& row : system.variables) {
      for (const auto& column : system.variables) {
        for (const char* matrix : {"Phi", "Psi", "PhiR", "PsiR"})
          fixed.insert(ir::LinearSystem::coefficientName(matrix, row, column));
      }
    }
  }
  return fixed;
}

}  // namespace

FiniteGuard::FiniteGuard(const NetworkInstance& state) : dt_(state.dt) {
  const ir::Model& model = *state.model;
  auto watch = [&](const char* kind, const std::string& name, const ObjectState& object,
                   const std::set<std::string>& fixed) {
    for (const auto& [variable, values] : object.arrays)
      if (fixed.count(variable) == 0) watched_.push_back({kind, name, variable, &values, nullptr});
    for (const auto& [variable, value] : object.scalars)
      if (fixed.count(variable) == 0) watched_.push_back({kind, name, variable, nullptr, &value});
  };
  for (const auto& [name, object] : state.groups) {
    const ir::NeuronGroup* group = model.findGroup(name);  // nullptr: a spike generator
    watch("group", name, object,
          group != nullptr ? fixedVariables(group->variables, group->update)
                           : std::set<std::string>{});
  }
  for (const auto& [name, object] : state.synapses) {
    const ir::Synapses* synapses = model.findSynapses(name);
    watch("synapses", name, object,
          synapses != nullptr ? fixedVariables(synapses->variables, synapses->update)
                              : std::set<std::string>{});
  }
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
