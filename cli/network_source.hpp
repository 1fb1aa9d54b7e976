// The network a run of `lsmc run` works on: built from the model (with --max-memory and
// progress for long builds), or loaded from --instance. Shared by the simulation and the
// separation experiment, so that both honour the same options.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "lsm/network.hpp"
#include "progress_report.hpp"
#include "run_command.hpp"

namespace lsm::cli {

// The network, or nullopt after printing an instance file's error (exit code 1). With the
// model's machine code (nullptr with --backend interpreter), the connection rules judged pair
// by pair run compiled (BuildOptions::compiledModel).
std::optional<NetworkInstance> networkFor(std::shared_ptr<const ir::Model> model,
                                          const CompiledModel* compiled, const RunOptions& options,
                                          std::uint64_t seed, double dt, ProgressReport& progress);

}  // namespace lsm::cli
