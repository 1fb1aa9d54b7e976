#include "numerical_guard.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

namespace lsm {

namespace {

// The index of the first value that is not finite, or -1. A double is NaN or infinite when
// its exponent bits are all set; adding one to the exponent field then carries into the sign
// bit. The first pass ORs that carry over all values with integer operations only (no branch,
// no floating-point latency chain); the search runs only after a hit.
std::int64_t firstNonFinite(const std::vector<double>& values) {
  constexpr std::uint64_t exponent = 0x7FF0000000000000, one = std::uint64_t{1} << 52;
  std::uint64_t carry = 0;
  for (double v : values) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    carry |= (bits & exponent) + one;
  }
  if ((carry >> 63) == 0) return -1;
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!std::isfinite(values[k])) return static_cast<std::int64_t>(k);
  return -1;
}

[[noreturn]] void report(const char* kind, const std::string& object, const std::string& variable,
                         std::int64_t element, double value, const NetworkInstance& state,
                         std::int64_t step, std::int64_t previousStep, std::uint64_t trial) {
  std::string where = element < 0 ? "" : fmt::format("[{}]", element);
  std::string shown = std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
  throw NumericalError(fmt::format(
      "{} '{}': {}{} is {} at t = {:g} s (step {}, trial {}); every value was finite at t = "
      "{:g} s (step {}): a division by 0, a parameter never set, or a step too large for an "
      "explicit method?",
      kind, object, variable, where, shown, static_cast<double>(step) * state.dt, step, trial,
      static_cast<double>(previousStep) * state.dt, previousStep));
}

void checkObjects(const char* kind, const std::map<std::string, ObjectState>& objects,
                  const NetworkInstance& state, std::int64_t step, std::int64_t previousStep,
                  std::uint64_t trial) {
  for (const auto& [name, object] : objects) {
    for (const auto& [variable, values] : object.arrays) {
      std::int64_t bad = firstNonFinite(values);
      if (bad >= 0) {
        report(kind, name, variable, bad, values[static_cast<std::size_t>(bad)], state, step,
               previousStep, trial);
      }
    }
    for (const auto& [variable, value] : object.scalars) {
      if (!std::isfinite(value))
        report(kind, name, variable, -1, value, state, step, previousStep, trial);
    }
  }
}

}  // namespace

void checkFinite(const NetworkInstance& state, std::int64_t step, std::int64_t previousStep,
                 std::uint64_t trial) {
  checkObjects("group", state.groups, state, step, previousStep, trial);
  checkObjects("synapses", state.synapses, state, step, previousStep, trial);
}

}  // namespace lsm
