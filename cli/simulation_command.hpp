// `lsmc run` of a plain simulation (lsm/simulation_run.hpp): the network built (or loaded),
// the runs, and for each monitor M its records in OUT/M.npz and a figure OUT/M.png and .svg,
// with OUT/summary.json.
#pragma once

#include "lsm/ir.hpp"
#include "run_command.hpp"

namespace lsm::cli {

// Returns the exit code.
int runSimulationCommand(const ir::Model& model, const RunOptions& options);

}  // namespace lsm::cli
