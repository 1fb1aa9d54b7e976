// How the machine code of a step splits an operation over a StepTeam (lsm/step_team.hpp):
// the driver calls lsm_parallel_kernel with the kernel, its arguments and the range of
// elements the operation covers, and the entry runs the kernel on consecutive subranges, one
// per thread, when the team has more than one thread and the work is large enough.
#pragma once

#include <cstdint>

namespace lsm::codegen {

// Every kernel's signature (plan_codegen.hpp): table, list, count, t, dt, and the range of
// elements [from, to) it runs for.
using KernelFunction = std::int64_t (*)(void* const*, std::int32_t*, std::int64_t, double, double,
                                        std::int64_t, std::int64_t);

enum class ParallelMode : std::int64_t {
  elements = 0,   // a loop over the elements of a group: each thread its own elements
  threshold = 1,  // the same, listing the crossing elements: the lists joined in order
  targets = 2,    // a pathway whose events write only their targets: each thread walks every
                  // event, in order, and runs its synapses whose target is in its range
                  // (found by a search in each source's synapses where they ascend by
                  // target, else by testing each)
};

// The smallest operations that are split. Chosen, not measured as a crossover yet: CUBA's
// fused neuron loop takes about 1.2 ns per element on one core (perf, 64 000 neurons), so a
// loop of 16 384 elements some 20 µs, against a handover of a few atomic operations (and a
// futex wake when the other thread sleeps); the Maass model's loops (135 elements) and
// CUBA's at 4 000 stay on one thread.
inline constexpr std::int64_t minSplitElements = 16384;
inline constexpr std::int64_t minSplitEvents = 16;  // events due in the step

// Whether lsm_parallel_kernel splits an operation over [begin, end) with `count` events.
bool splits(ParallelMode mode, std::int64_t begin, std::int64_t end, std::int64_t count);

}  // namespace lsm::codegen

// The entry the drivers call (the JIT defines its address): kernel(...) over [begin, end) on
// the calling thread's StepTeam, or on the calling thread alone; returns what the kernel
// returns (for a threshold, the number of crossing elements, listed in order at `list`).
extern "C" std::int64_t lsm_parallel_kernel(lsm::codegen::KernelFunction kernel, void* const* table,
                                            std::int32_t* list, std::int64_t count, double t,
                                            double dt, std::int64_t begin, std::int64_t end,
                                            std::int64_t mode);
