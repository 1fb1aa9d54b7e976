// The NaN/Inf guard of the step loop: a scan of every state array, cheap because it runs
// every `finiteCheckInterval` steps and at the end of each run, not every step (the Maass
// model's state is scanned in about a microsecond; a trial is 5 000 steps of about 1 µs).
// Simulation::run calls checkFinite; nothing else in the loop knows about it.
#pragma once

#include <cstdint>

#include "lsm/network.hpp"

namespace lsm {

// Steps between two scans: a NaN is reported at most this many steps after it appeared.
constexpr std::int64_t finiteCheckInterval = 128;

// Throws NumericalError for the first value of `state` (groups first, then synapses, by name;
// elements in order) that is NaN or infinite, naming it, the time of this check (step `step`)
// and of the previous one (`previousStep`), when every value was finite.
void checkFinite(const NetworkInstance& state, std::int64_t step, std::int64_t previousStep,
                 std::uint64_t trial);

}  // namespace lsm
