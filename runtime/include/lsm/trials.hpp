// Many trials of one network on a pool of threads: each worker has its own Simulation of the
// same instance (sharing the compiled kernels), and trial k always gets the same random
// streams, so what a trial computes does not depend on which thread runs it or on how many
// threads there are.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/simulation.hpp"

namespace lsm {

// The number of threads to use for `requested` (0: every core the machine has).
int threadCount(int requested = 0);

// Runs `trial(k, simulation)` once for each k in [0, count), on threadCount(threads) threads.
// `trial` starts the trial itself (simulation.startTrial(k, inputs), then run/runFor) and
// reads what it needs from the simulation's monitors; it is called concurrently from several
// threads, so whatever it writes besides its own k's results must be synchronised. `compiled`
// null runs the reference interpreter.
// The first exception a trial throws stops the pool (trials not yet begun are skipped) and is
// rethrown here after every thread has finished; Simulation's constructor may throw BuildError.
void runTrials(const NetworkInstance& network, std::shared_ptr<const CompiledModel> compiled,
               std::int64_t count, const std::function<void(std::int64_t, Simulation&)>& trial,
               int threads = 0);

// Runs `work(k, worker)` for k in [0, count) on threadCount(threads) threads, at most `count`
// (worker numbers them from 0; fewer when the system cannot create that many):
// runTrials without simulations, for other work that must not depend on the schedule (such as
// drawing stimulus pairs). Exceptions as runTrials.
void parallelFor(std::int64_t count, int threads,
                 const std::function<void(std::int64_t, int)>& work);

}  // namespace lsm
