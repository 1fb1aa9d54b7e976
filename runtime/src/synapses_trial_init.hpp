// A synapses object's trial_init, run for each synapse when a trial starts (after the groups'
// and subgroups'), with the names init has: the synapse's own variables and subexpressions,
// X_pre and X_post of its source and target, i, j, N, N_pre, N_post, dt; its draws keyed by
// the synapse and the trial.
#pragma once

#include "lsm/network.hpp"
#include "random_draws.hpp"

namespace lsm {

void synapsesTrialInit(const ir::Synapses& s, NetworkInstance& state, RandomDraws& draws,
                       double dt);

}  // namespace lsm
