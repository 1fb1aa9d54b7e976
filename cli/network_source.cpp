#include "network_source.hpp"

#include <cstdio>

#include "lsm/instance_io.hpp"

namespace lsm::cli {

std::optional<NetworkInstance> networkFor(std::shared_ptr<const ir::Model> model,
                                          const CompiledModel* compiled, const RunOptions& options,
                                          std::uint64_t seed, double dt, ProgressReport& progress) {
  if (options.instance.empty()) {
    return buildNetwork(
        std::move(model),
        {.seed = seed,
         .dt = dt,
         .maxMemory = options.maxMemory,
         .threads = options.threads,
         .progress = [&](const std::string& synapses, std::int64_t done,
                         std::int64_t total) { progress("build " + synapses, done, total); },
         .compiledModel = compiled});
  }
  try {
    return loadInstance(std::move(model), options.instance).network;
  } catch (const InstanceError& error) {
    std::fprintf(stderr, "%s: error: %s\n", options.instance.c_str(), error.what());
    return std::nullopt;
  }
}

}  // namespace lsm::cli
